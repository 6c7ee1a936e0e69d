/**
 * Throughput of `parseReply` on the shared reply fixtures, on one core, and the slowest reads
 * of hostile mail (the hostile-mail corpus and generated worst cases).
 * Run: npx tsx bench/parse-reply.bench.ts [rounds]   (target: ≥ 1,000 replies per second per core)
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseReply, readReply } from '#mail/parse-reply';

const corpus = (folder: string) => {
  const dir = fileURLToPath(new URL(`../../shared/fixtures/${folder}/`, import.meta.url));
  return readdirSync(dir)
    .filter((file) => file.endsWith('.eml') && !file.startsWith('request-'))
    .map((file) => readFileSync(dir + file));
};
// The contract's replies (Outlook, Gmail, an auto-reply... as PlanPulse's owners send them), and
// with them the peer corpus: real replies from four libraries' test suites, mixed clients.
const fixtures = corpus('replies');
const mixed = [...fixtures, ...corpus('peer-replies')];
const rounds = Number(process.argv[2] ?? 200);
const REPEATS = 5;

/** Replies per wall second and per CPU second (this process's own time: one core) of one pass of `rounds` over `replies`. */
async function run(replies: readonly Buffer[], times: number): Promise<{ wall: number; cpu: number }> {
  const started = performance.now();
  const cpu = process.cpuUsage();
  for (let round = 0; round < times; round++) {
    for (const raw of replies) await parseReply(raw);
  }
  const used = process.cpuUsage(cpu);
  const count = times * replies.length;
  return { wall: count / ((performance.now() - started) / 1000), cpu: count / ((used.user + used.system) / 1e6) };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
const fmt = (n: number) => Math.round(n).toLocaleString('en-GB');

for (const [name, replies, times] of [
  ['reply fixtures', fixtures, rounds],
  ['mixed clients (fixtures + peer corpus)', mixed, Math.max(1, Math.round((rounds * fixtures.length) / mixed.length))],
] as const) {
  await run(replies, Math.max(1, Math.floor(times / 5))); // warm-up: JIT and module start-up
  const runs: Array<{ wall: number; cpu: number }> = [];
  for (let i = 0; i < REPEATS; i++) runs.push(await run(replies, times));
  const cpu = runs.map((r) => r.cpu);
  const wall = runs.map((r) => r.wall);
  // per core: replies per second of this process's own CPU time, which other work on the machine changes least
  console.log(
    `parseReply, ${name}: ${replies.length} emails x ${times}, ${REPEATS} runs: per core (CPU-second) min ${fmt(Math.min(...cpu))}, median ${fmt(median(cpu))} replies/s; ` +
      `wall min ${fmt(Math.min(...wall))}, median ${fmt(median(wall))} replies/s (target: 1,000 per core)`,
  );
}

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
