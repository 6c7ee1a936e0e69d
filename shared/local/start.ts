/**
 * `npm start`: the whole of PlanPulse on this machine. Starts dynalite (data in .planpulse/),
 * aws-ses-v2-local (web inbox), the inbound SMTP server and the local scheduler; loads the
 * sample plan when the store is empty; creates a demo cycle whose milestones fall within
 * the next minutes on a sped-up clock; prints where to look.
 */
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { parseArgs } from 'node:util';
import { localConfig } from '#config/config';
import { londonDate } from '#domain/calendar';
import { addWorkingDays } from '#domain/working-days';
import type { Logger } from '#ports/logger';
import { importPlan } from '#use-cases/import-plan';
import { cycleIdFor } from '#domain/cycle';
import type { Cycle, Milestone } from '#domain/model';
import { createCycle, getCycle } from '#use-cases/set-cycle-dates';
import { clearRuntime, dataDir, runningStack, writeRuntime } from './connect.ts';
import { samplePlanInput } from './sample.ts';
import { type LocalStack, startLocalStack } from './stack.ts';
import { VirtualClock } from './virtual-clock.ts';
import { createWebApp } from '../web/app.ts';

const settings = localConfig();
const DATA_DIR = dataDir(settings.PLANPULSE_HOME);

const { values } = parseArgs({
  options: {
    speed: { type: 'string', default: 'auto' },
    'opens-in': { type: 'string', default: '15' },
    fresh: { type: 'boolean', default: false },
    'no-demo': { type: 'boolean', default: false },
  },
});

const time = (d: Date) => d.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit', second: '2-digit' });

const logger: Logger = {
  info: (m, e) => console.log(`[${time(new Date())}] ${m}${e ? ` ${JSON.stringify(e)}` : ''}`),
  warn: (m, e) => console.warn(`[${time(new Date())}] warning: ${m}${e ? ` ${JSON.stringify(e)}` : ''}`),
  error: (m, e) => console.error(`[${time(new Date())}] error: ${m}${e ? ` ${JSON.stringify(e)}` : ''}`),
};

if (runningStack(DATA_DIR)) {
  console.error(`PlanPulse is already running (see ${DATA_DIR}/runtime.json). Stop it first (Ctrl+C in its terminal).`);
  process.exit(1);
}
if (values.fresh) rmSync(DATA_DIR, { recursive: true, force: true });

const clock = new VirtualClock(new Date(), 1);
let stack: LocalStack;
try {
  stack = await startLocalStack({
    dataDir: DATA_DIR,
    clock,
    logger,
    dynamoPort: settings.PLANPULSE_DYNAMODB_PORT,
    sesPort: settings.PLANPULSE_SES_PORT,
    smtpPort: settings.PLANPULSE_SMTP_PORT,
  });
} catch (e) {
  const err = e as NodeJS.ErrnoException;
  console.error(
    err.code === 'EADDRINUSE'
      ? `A port PlanPulse needs is in use (${err.message}). Free it, or set PLANPULSE_DYNAMODB_PORT / PLANPULSE_SES_PORT / PLANPULSE_SMTP_PORT.`
      : `Could not start the local stack: ${err.message}`,
  );
  process.exit(1);
}
const { deps, scheduler, endpoints } = stack;
writeRuntime({ pid: process.pid, ...endpoints }, DATA_DIR);

let stopWeb = () => {};
const shutdown = async () => {
  stopWeb();
  clearRuntime(DATA_DIR);
  await stack.stop();
  process.exit(0);
};
process.on('SIGINT', () => void shutdown());
process.on('SIGTERM', () => void shutdown());

let plans = await deps.store.listPlans();
if (plans.length === 0) {
  const imported = await importPlan(samplePlanInput(), deps);
  console.log(`Loaded the sample plan "${imported.plan.name}" (${imported.actions.length} actions).`);
  plans = [imported.plan];
}

const lines: string[] = [];
if (!values['no-demo']) {
  const plan = plans[0]!;
  // Resume an unfinished demo cycle (its pending milestones are still scheduled); otherwise
  // a new one on the first free draft date 20 working days ahead.
  const pending = await scheduler.pending();
  const unfinished = (await deps.store.listCycles(plan.id))
    .filter((c) => c.name.startsWith('Demo cycle') && pending.some((p) => p.event.cycleId === c.id))
    .sort((a, b) => b.dates.draft.localeCompare(a.dates.draft))[0];
  let cycle: Cycle;
  let milestones: Milestone[];
  if (unfinished) {
    ({ cycle, milestones } = await getCycle(unfinished.id, deps));
  } else {
    let draft = addWorkingDays(londonDate(new Date()), 20);
    while (await deps.store.getCycle(cycleIdFor(plan.id, draft))) draft = addWorkingDays(draft, 1);
    const briefing = addWorkingDays(draft, 5);
    const final = addWorkingDays(briefing, 5);
    const board = addWorkingDays(final, 7);
    ({ cycle, milestones } = await createCycle({ planId: plan.id, name: `Demo cycle (draft ${draft})`, dates: { draft, briefing, final, board } }, deps));
  }
  const next = pending.filter((p) => p.event.cycleId === cycle.id).sort((a, b) => a.at.localeCompare(b.at))[0];
  const first = new Date(milestones[0]!.at).getTime();
  const draftAt = new Date(milestones.find((m) => m.kind === 'draft')!.at).getTime();
  // auto: forms go out --opens-in seconds from now (15) and the draft report 5 real minutes later.
  const speed = values.speed === 'auto' ? Math.round((draftAt - first) / (5 * 60_000)) : Number(values.speed);
  const opensIn = Number(values['opens-in']);
  if (!Number.isFinite(speed) || speed <= 0 || !Number.isFinite(opensIn) || opensIn < 0) {
    console.error(`--speed must be a positive number or "auto" (not "${values.speed}"), --opens-in a number of seconds (not "${values['opens-in']}")`);
    await shutdown();
  }
  // The clock starts just before the next milestone of the demo cycle.
  const nextAt = next ? new Date(next.at).getTime() : first;
  clock.advanceTo(new Date(nextAt - opensIn * 1000 * speed));
  clock.setSpeed(speed);
  lines.push(`${unfinished ? 'Resuming demo cycle' : 'Demo cycle'} ${cycle.id} on a clock running ${speed}x (real times):`);
  for (const m of milestones) {
    const at = new Date(m.at).getTime() < nextAt ? 'done' : `at ${time(new Date(Date.now() + clock.realMsUntil(new Date(m.at))))}`;
    lines.push(`  ${m.kind.padEnd(16)} ${m.at.slice(0, 16).replace('T', ' ')}  → ${at}`);
  }
}
scheduler.start(500);

// The web app, on this machine only, with a password per role made up for this run.
const password = () => randomBytes(9).toString('base64url');
const webUsers = [
  { username: 'manager', password: password(), role: 'manager' as const },
  { username: 'coordinator', password: password(), role: 'coordinator' as const },
];
const web = createWebApp(deps, {
  users: webUsers,
  secret: randomBytes(32).toString('base64url'),
  // The mailbox page reads the local SES and replies over the local SMTP server.
  ...(endpoints.smtpPort ? { mailbox: { sesEndpoint: endpoints.ses, smtpPort: endpoints.smtpPort } } : {}),
});
const webServer = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
  const server = serve({ fetch: web.fetch, hostname: '127.0.0.1', port: settings.PLANPULSE_WEB_PORT }, () => resolve(server));
  server.once('error', reject);
}).catch(async (e: NodeJS.ErrnoException) => {
  console.error(
    e.code === 'EADDRINUSE'
      ? `Port ${settings.PLANPULSE_WEB_PORT} is in use: free it, or set PLANPULSE_WEB_PORT.`
      : `Could not start the web app: ${e.message}`,
  );
  clearRuntime(DATA_DIR);
  await stack.stop();
  process.exit(1);
});
stopWeb = () => void webServer.close();
const webUrl = `http://127.0.0.1:${(webServer.address() as AddressInfo).port}/`;

console.log(`
PlanPulse is running locally.

  Web app:                   ${webUrl}
    sign in as a manager:      manager / ${webUsers[0]!.password}
    or as a coordinator:       coordinator / ${webUsers[1]!.password}
    (passwords made up for this run, on this machine only; the app listens on 127.0.0.1)
  Mailbox (read and reply):  ${webUrl}mailbox
  Inbox (every email sent):  ${endpoints.inbox}
  Inbound SMTP (replies):    127.0.0.1:${endpoints.smtpPort}  (mail to ${deps.mail.replyLocalPart}+TOKEN@${deps.mail.inboundDomain})
  DynamoDB (dynalite):       ${endpoints.dynamodb}   data in ${DATA_DIR}
  Reports and raw mail:      ${DATA_DIR}/blobs
  Reports on the web:        ${endpoints.reports}<cycle>/<stage>.html (also .docx, .xlsx, .csv)

${lines.join('\n')}

Reply as an owner: open the update request in the mailbox (${webUrl}mailbox), type answers
under the labels and send. Or save it from the inbox as a .eml file, type answers after the
labels, then:  npm run --silent planpulse -- reply <file.eml>
Stop with Ctrl+C.
`);
