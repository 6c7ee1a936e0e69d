import { createRequire } from 'node:module';
import type { NameRecogniser } from './names.ts';

const require = createRequire(import.meta.url);
let names: ReadonlyMap<string, string> | null = null;
/**
 * The list, read on the first scan: it is most of the guard's weight (about 620 KB), installed
 * next to the bundle of the functions that check answers (infra INSTALLED_MODULES), not bundled.
 */
const englishFirstNames = (): ReadonlyMap<string, string> => {
  names ??= require('gender-detection-from-name/names/en.js') as ReadonlyMap<string, string>;
  return names;
};

/**
 * The first-name library: the English list of `gender-detection-from-name` (about 32,500 given
 * names, modern and international ones included: Kayden, Zainab, Oluwaseun, Bartosz). Only the
 * English file is imported, not the package's entry, which would bundle five more languages.
 * A list knows names, not sentences: names.ts decides from context whether a listed word is one.
 */
function isListedFirstName(lower: string): boolean {
  const list = englishFirstNames();
  if (list.has(lower)) return true;
  // "Lola-Rose", "Ellie-Mae": every part a first name.
  const parts = lower.split('-');
  return parts.length > 1 && parts.every((p) => list.has(p));
}

export const firstNameRecogniser: NameRecogniser = (_text, tokens) => {
  const out = new Set<number>();
  tokens.forEach((t, i) => {
    if (t.capitalised && isListedFirstName(t.lower)) out.add(i);
  });
  return out;
};
