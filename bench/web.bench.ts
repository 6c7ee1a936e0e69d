/**
 * Server time of each main web page for a 200-action plan (issue 13: under 200 ms each on the
 * 2-core machine). A generated plan (8 themes, 40 owners, 5 actions each, some shared) in a
 * private local stack (dynalite, local SES); a cycle whose requests went out, with a third of
 * the owners' replies ingested; then each page through `app.request()`, signed in as a
 * manager, timed over repeated runs after a warm-up. The time includes the store reads over
 * HTTP to dynalite (and to the local SES for the mailbox pages), as in `npm start`.
 * Run: npm run bench:web [actions] [runs]
 */
import { sentEmails } from '#adapters/local/ses-local-inbox';
import { addWorkingDays } from '#domain/working-days';
import { composeReply, gmailInlineReply, type ScriptedAnswer } from '#local/scripted-replies';
import { startLocalStack } from '#local/stack';
import { VirtualClock } from '#local/virtual-clock';
import { silentLogger } from '#ports/logger';
import { importPlan } from '#use-cases/import-plan';
import { ingestReply } from '#use-cases/ingest-reply';
import { runMilestone } from '#use-cases/run-milestone';
import { createCycle } from '#use-cases/set-cycle-dates';
import { createWebApp } from '../shared/web/app.ts';
import { emit, positional, quick, spread } from './emit.ts';

const ACTIONS = Number(positional[0] ?? 200);
const RUNS = Number(positional[1] ?? (quick ? 5 : 25));
const TARGET_MS = 200;
const THEMES = 8;
const OWNERS = 40;
const PLAN_ID = 'bench-plan';
const DOMAIN = 'bench-council.example.org';

/** A plan file and its people: ACTIONS actions over THEMES themes, each led by one owner and some shared with the next. */
function generatedPlan(): { plan: string; people: string } {
  const quote = (s: string) => `"${s.replaceAll('"', '""')}"`;
  const people = ['Initials,Name,Title/Post,Email', ...Array.from({ length: OWNERS }, (_, i) => `O${i},Owner ${i},Service Manager ${i},owner${i}@${DOMAIN}`)];
  const rows = ['Theme,Objective,Ref,Action,Evidence,Lead,Date to complete'];
  for (let i = 0; i < ACTIONS; i++) {
    const theme = i % THEMES;
    const objective = Math.floor(i / THEMES) % 5;
    const ref = `${theme + 1}.${objective + 1}.${Math.floor(i / (THEMES * 5)) + 1}`;
    const lead = i % 3 === 0 ? `O${i % OWNERS}/O${(i + 1) % OWNERS}` : `O${i % OWNERS}`;
    rows.push(
      [
        quote(`${theme + 1}. Theme number ${theme + 1}`),
        quote(`${theme + 1}.${objective + 1}) Objective ${objective + 1} of theme ${theme + 1}, with a sentence long enough to wrap.`),
        ref,
        quote(`Action ${ref}: improve the service so that children in care get what they need, and report on it.`),
        quote(`Measure: completion rate. Baseline (Jan 2026) - ${i % 100}%. Target: 95%.`),
        lead,
        `1/${(i % 12) + 1}/2027`,
      ].join(','),
    );
  }
  return { plan: rows.join('\n'), people: people.join('\n') };
}

const clock = new VirtualClock(new Date('2026-04-20T08:00:00Z'), 0);
const stack = await startLocalStack({ dataDir: null, clock, logger: silentLogger, smtpPort: null, sesRatePerSecond: 1000, serveReports: false });
const { deps } = stack;
try {
  const files = generatedPlan();
  const imported = await importPlan(
    {
      planId: PLAN_ID,
      name: 'Bench plan',
      plan: { fileName: 'plan.csv', content: Buffer.from(files.plan) },
      people: { fileName: 'people.csv', content: Buffer.from(files.people) },
      coordinators: [`cpb.support@${DOMAIN}`],
    },
    deps,
  );
  const draft = addWorkingDays('2026-04-20', 20);
  const [briefing, final, board] = [5, 10, 15].map((d) => addWorkingDays(draft, d)) as [string, string, string];
  const { cycle } = await createCycle({ planId: PLAN_ID, name: 'Bench Q1', dates: { draft, briefing, final, board } }, deps);
  // The clock on the opening day, after the requests went out: the plan page shows this cycle's status.
  clock.advanceTo(new Date(`${cycle.dates.opens}T10:00:00Z`));
  await runMilestone({ cycleId: cycle.id, milestone: 'requests-open', version: cycle.version }, deps);
  const forms = (await sentEmails(stack.endpoints.ses)).filter((e) => e.subject.startsWith('Update request'));
  // A third of the owners answer every action of their form.
  const statuses = ['On track', 'At risk', 'Off track', 'Complete'];
  for (const [n, form] of forms.filter((_, i) => i % 3 === 0).entries()) {
    const refs = [...(form.body.text ?? '').matchAll(/^---- Action (\S+) ----$/gm)].map((m) => m[1]!);
    const answers: Record<string, ScriptedAnswer> = Object.fromEntries(
      refs.map((ref, i) => [ref, { status: statuses[(n + i) % statuses.length]!, evidence: `Evidence for ${ref}: figures for the quarter.` }]),
    );
    await ingestReply({ raw: await composeReply(form, gmailInlineReply(form, answers), { messageId: `<bench-${n}@mail.example.org>` }) }, deps);
  }
  const updates = (await deps.store.getUpdates(cycle.id)).length;

  const app = createWebApp(deps, {
    users: [{ username: 'manager', password: 'bench-password', role: 'manager' }],
    secret: 'bench-secret-of-the-web-app-0123456789',
    mailbox: { sesEndpoint: stack.endpoints.ses, smtpPort: 1 },
  });
  const cookiesOf = (res: Response) =>
    res.headers
      .getSetCookie()
      .map((c) => c.split(';')[0]!)
      .join('; ');
  const signInForm = await app.request('/sign-in');
  const signInCsrf = /name="csrf" value="([^"]+)"/.exec(await signInForm.text())![1]!;
  const signedIn = await app.request('/sign-in', {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: 'http://localhost', Cookie: cookiesOf(signInForm) },
    body: new URLSearchParams({ csrf: signInCsrf, username: 'manager', password: 'bench-password' }).toString(),
  });
  const cookie = cookiesOf(signedIn);

  const plan = `/plans/${PLAN_ID}`;
  const cyclePath = `${plan}/cycles/${encodeURIComponent(cycle.id)}`;
  const pages: Array<[string, string]> = [
    ['plans list', '/'],
    ['plan page', plan],
    ['plan page, filtered', `${plan}?theme=${encodeURIComponent('3. Theme number 3')}&status=On+track`],
    ['cycle page', cyclePath],
    ['create a cycle', `${plan}/cycles/new`],
    ['cancel a cycle', `${cyclePath}/cancel`],
    ['mailbox', '/mailbox'],
    ['mailbox, one recipient', `/mailbox?to=owner3%40${DOMAIN}`],
    ['one email', `/mailbox/${forms[0]!.messageId}`],
  ];

  async function time(path: string): Promise<number> {
    const started = performance.now();
    const res = await app.request(path, { headers: { Cookie: cookie } });
    await res.text();
    const ms = performance.now() - started;
    if (res.status !== 200) throw new Error(`${path} answered ${res.status}`);
    return ms;
  }
  // Warm-up: module start-up, the JIT, dynalite's first reads.
  for (let i = 0; i < 3; i++) for (const [, path] of pages) await time(path);

  const emails = (await sentEmails(stack.endpoints.ses)).length;
  console.log(
    `Web pages, server time over ${RUNS} runs: ${imported.actions.length} actions, ${OWNERS} owners, ${forms.length} requests, ${updates} updates, ${emails} emails`,
  );
  console.log(['page'.padEnd(26), 'min ms'.padStart(8), 'median'.padStart(8), 'max'.padStart(8), '  target'].join(''));
  let over = 0;
  const figures: unknown[] = [];
  for (const [name, path] of pages) {
    const runs: number[] = [];
    for (let i = 0; i < RUNS; i++) runs.push(await time(path));
    runs.sort((a, b) => a - b);
    const median = runs[Math.floor(runs.length / 2)]!;
    if (median >= TARGET_MS) over += 1;
    figures.push({ page: name, actions: imported.actions.length, ms: spread(runs), targetMs: TARGET_MS, met: median < TARGET_MS });
    const cell = (ms: number) => ms.toFixed(1).padStart(8);
    console.log([name.padEnd(26), cell(runs[0]!), cell(median), cell(runs[runs.length - 1]!), median < TARGET_MS ? '  under' : '  OVER'].join(''));
  }
  console.log(over === 0 ? `Every page's median is under ${TARGET_MS} ms.` : `${over} pages' median is over ${TARGET_MS} ms.`);
  emit(figures);
} finally {
  await stack.stop();
}
