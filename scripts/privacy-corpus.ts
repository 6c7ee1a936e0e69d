import { scanText } from '#privacy/detect';
import { loadCorpus, score, scoreTable } from '#support/privacy-corpus';

/**
 * Precision and recall of the personal-data guard on test/fixtures/privacy-corpus/.
 * `npm run privacy:corpus` prints the table; `-- --mistakes` also lists each miss and false alarm.
 */
const showMistakes = process.argv.includes('--mistakes');
for (const [label, only] of [
  ['tuning corpus', (f: string) => !f.startsWith('held-out')],
  ['held-out corpus', (f: string) => f.startsWith('held-out')],
] as const) {
  const cases = loadCorpus(only);
  if (cases.length === 0) continue;
  const s = score(cases, scanText);
  console.log(`\n${label}: ${cases.length} sentences\n`);
  console.log(scoreTable(s));
  if (showMistakes) for (const m of s.mistakes) console.log(`- ${m.id}: missed [${m.missed.join(', ')}] extra [${m.extra.join(', ')}]\n    ${m.text}`);
}
