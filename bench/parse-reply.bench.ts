/**
 * Throughput of `parseReply` on the shared reply fixtures, on one core, and the slowest reads
 * of hostile mail (the hostile-mail corpus and generated worst cases).
 * Run: npx tsx bench/parse-reply.bench.ts [rounds]   (target: ≥ 1,000 replies/second)
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseReply, readReply } from '#mail/parse-reply';

const dir = fileURLToPath(new URL('../../shared/fixtures/replies/', import.meta.url));
const replies = readdirSync(dir)
  .filter((file) => file.endsWith('.eml') && !file.startsWith('request-'))
  .map((file) => readFileSync(dir + file));
const rounds = Number(process.argv[2] ?? 500);

/** Wall-clock and CPU milliseconds of `times` rounds over the fixtures. */
async function run(times: number): Promise<{ wall: number; cpu: number }> {
  const started = performance.now();
  const cpu = process.cpuUsage();
  for (let round = 0; round < times; round++) {
    for (const raw of replies) await parseReply(raw);
  }
  const used = process.cpuUsage(cpu);
  return { wall: performance.now() - started, cpu: (used.user + used.system) / 1000 };
}

await run(Math.max(1, Math.floor(rounds / 5))); // warm-up: JIT and module start-up
const { wall, cpu } = await run(rounds);
const count = rounds * replies.length;
// per core: replies per second of this process's own CPU time, which a busy machine does not change much
console.log(
  `parseReply: ${count} replies (${replies.length} fixtures x ${rounds}) in ${Math.round(wall)} ms = ${Math.round(count / (wall / 1000))} replies/s; ` +
    `${Math.round(count / (cpu / 1000))} replies per CPU-second (one core)`,
);

// Hostile mail: no target but "bounded"; the slowest case is what a retry would meet again.
const hostileDir = fileURLToPath(new URL('../../shared/fixtures/hostile-mail/', import.meta.url));
const envelope = 'From: a@x.example.org\r\nTo: update+t@replies.example.org\r\nSubject: s\r\n';
const hostile: Array<[string, () => Buffer | string]> = [
  ...['cpython', 'mailparser'].flatMap((sub) =>
    readdirSync(hostileDir + sub).map((file): [string, () => Buffer] => [`${sub}/${file}`, () => readFileSync(`${hostileDir}${sub}/${file}`)]),
  ),
  ['33 KB nested <div>', () => `${envelope}Content-Type: text/html\r\n\r\n${'<div>'.repeat(3_000)}x`],
  ['1 MB of <li>', () => `${envelope}Content-Type: text/html\r\n\r\n<ul>${'<li>a'.repeat(200_000)}`],
  ['deep nesting, stray end tags', () => `${envelope}Content-Type: text/html\r\n\r\n${'<b>'.repeat(50_000)}${'</i>'.repeat(50_000)}`],
  ['20,000 parts', () => `${envelope}Content-Type: multipart/mixed; boundary="b"\r\n\r\n${'--b\r\n\r\nx\r\n'.repeat(20_000)}`],
  ['25 MB body', () => `${envelope}\r\n${'Lorem ipsum dolor sit amet\r\n'.repeat(936_000)}`],
];
const timings: Array<[string, number]> = [];
for (const [name, make] of hostile) {
  const raw = make();
  const started = performance.now();
  await readReply(raw);
  timings.push([name, performance.now() - started]);
}
timings.sort((a, b) => b[1] - a[1]);
const slowest = timings
  .slice(0, 3)
  .map(([name, ms]) => `${name} ${Math.round(ms)} ms`)
  .join(', ');
console.log(`readReply on hostile mail: ${timings.length} cases, slowest: ${slowest}`);
