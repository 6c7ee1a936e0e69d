/**
 * Throughput of `parseReply` on the shared reply fixtures, on one core.
 * Run: npx tsx bench/parse-reply.bench.ts [rounds]   (target: ≥ 1,000 replies/second)
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseReply } from '#mail/parse-reply';

const dir = fileURLToPath(new URL('../../shared/fixtures/replies/', import.meta.url));
const replies = readdirSync(dir)
  .filter((file) => file.endsWith('.eml') && !file.startsWith('request-'))
  .map((file) => readFileSync(dir + file));
const rounds = Number(process.argv[2] ?? 500);

async function run(times: number): Promise<number> {
  const started = performance.now();
  for (let round = 0; round < times; round++) {
    for (const raw of replies) await parseReply(raw);
  }
  return performance.now() - started;
}

await run(Math.max(1, Math.floor(rounds / 5))); // warm-up: JIT and module start-up
const elapsed = await run(rounds);
const count = rounds * replies.length;
const perSecond = Math.round(count / (elapsed / 1000));
console.log(`parseReply: ${count} replies (${replies.length} fixtures x ${rounds}) in ${Math.round(elapsed)} ms = ${perSecond} replies/s`);
