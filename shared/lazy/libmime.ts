import { once } from './once.ts';

/** Loaded on first use, installed next to the bundle: format=flowed unwrapping (it brings iconv-lite and encoding-japanese). */
export const loadLibmime = once(async () => (await import('libmime')).default);
