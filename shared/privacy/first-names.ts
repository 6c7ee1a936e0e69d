import type { NameRecogniser } from './names.ts';

/** Placeholder until the library is chosen. */
export const firstNameRecogniser: NameRecogniser = () => new Set();
