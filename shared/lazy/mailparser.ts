import { once } from './once.ts';

/** Loaded on first use, installed next to the bundle: the parser of messages over 1 MB (postal-mime reads the rest). */
export const loadMailparser = once(async () => await import('mailparser'));
