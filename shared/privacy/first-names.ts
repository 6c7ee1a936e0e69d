import englishFirstNames from 'gender-detection-from-name/names/en.js';
import type { NameRecogniser } from './names.ts';

/**
 * The first-name library: the English list of `gender-detection-from-name` (about 32,500 given
 * names, modern and international ones included: Kayden, Zainab, Oluwaseun, Bartosz). Only the
 * English file is imported, not the package's entry, which would bundle five more languages.
 * A list knows names, not sentences: names.ts decides from context whether a listed word is one.
 */
function isListedFirstName(lower: string): boolean {
  if (englishFirstNames.has(lower)) return true;
  // "Lola-Rose", "Ellie-Mae": every part a first name.
  const parts = lower.split('-');
  return parts.length > 1 && parts.every((p) => englishFirstNames.has(p));
}

export const firstNameRecogniser: NameRecogniser = (_text, tokens) => {
  const out = new Set<number>();
  tokens.forEach((t, i) => {
    if (t.capitalised && isListedFirstName(t.lower)) out.add(i);
  });
  return out;
};
