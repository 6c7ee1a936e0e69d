import { once } from './once.ts';

/** Loaded on first use, installed next to the bundle: the charset tables (about 480 KB), for a part or a file in a charset other than UTF-8. */
export const loadIconv = once(async () => (await import('iconv-lite')).default);
