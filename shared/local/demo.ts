/** `npm run demo`: one whole cycle, unattended, at high speed; prints the report path. */
import { localConfig } from '#config/config';
import type { Logger } from '#ports/logger';
import { runDemo } from './demo-cycle.ts';

localConfig();

const logger: Logger = {
  info: () => {},
  warn: (m, e) => console.error(`warning: ${m}`, e ?? ''),
  error: (m, e) => console.error(`error: ${m}`, e ?? ''),
};

const started = Date.now();
const result = await runDemo({ outDir: 'out', logger, say: (line) => console.log(line) });
console.log(
  `\n${result.answered.length} of ${result.actions.length} actions answered; the rest show "No update received".` +
    `\nReports (every stage, every format):\n${result.reportPaths.map((p) => `  ${p}`).join('\n')}\n(${((Date.now() - started) / 1000).toFixed(1)} s)`,
);
process.exit(0);
