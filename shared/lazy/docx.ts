import { once } from './once.ts';

/** Loaded on first use, installed next to the bundle: writing a report's Word file. */
export const loadDocx = once(async () => await import('docx'));
