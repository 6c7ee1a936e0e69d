#!/usr/bin/env tsx
import { realpathSync } from 'node:fs';
import { readFile, mkdir, writeFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { userInfo } from 'node:os';
import { inspect, parseArgs, type ParseArgsConfig } from 'node:util';
import { createTransport } from 'nodemailer';
import { ZodError } from 'zod';
import { ConfigError, localConfig } from '#config/config';
import { BusyError, UserError } from '#domain/errors';
import { parseUkDate } from '#import/uk-dates';
import { withLocalDeps, type Runtime } from '#local/connect';
import { parseReply } from '#mail/parse-reply';
import { systemClock, type Clock } from '#ports/clock';
import type { Logger } from '#ports/logger';
import { compileReport } from '#use-cases/compile-report';
import { replyAddress, type Deps } from '#use-cases/deps';
import { importJson, importPlan } from '#use-cases/import-plan';
import { showPlan } from '#use-cases/show-plan';
import { setMilestonePolicy } from '#use-cases/set-milestone-policy';
import { setEvidenceRules } from '#use-cases/evidence-rules';
import { EVIDENCE_RULE_IDS, type EvidenceRuleId } from '#domain/evidence';
import { printCycleImport, printCycles, printImport, printPlan, type Print } from './print.ts';
import { ingestReply } from '#use-cases/ingest-reply';
import { recordDeliveryEvent } from '#use-cases/record-delivery-event';
import { acceptHeld, addDelegate, listHeld, rejectHeld } from '#use-cases/held-replies';
import { cancelCycle, createCycle, cyclesJson, getCycle, listCycles, updateCycle } from '#use-cases/set-cycle-dates';
import { importCycles } from '#use-cases/import-cycles';
import { removeDelegate } from '#use-cases/delegates';
import { describeCut, PURGE_KINDS, purge } from '#use-cases/purge';
import type { ReportStage } from '#domain/model';
import { REPORT_FORMATS, type ReportFormat } from '#reports/formats';
import { doctorClients, formatChecks, runDoctor, systemDns, type Dns } from '../ops/doctor.ts';
import { reingestMail, replayClients, replayDeadLetters } from '../ops/replay.ts';
import { loadStage, stageClients, stageDeps } from '../ops/stage.ts';

/** One usage entry: a command, or one subcommand of it. */
interface Usage {
  command: string;
  sub?: string;
  lines: string[];
}

const USAGE: Usage[] = [
  {
    command: 'import',
    lines: [
      'import <plan.xlsx|csv|tsv> --plan <id> [--people <file>] [--name <text>] [--coordinator <email>]... [--chair <email>]...',
      '       [--map "Header text=field"]... [--owner "Owner text=KEY"]... [--sheet <name>] [--dry-run] [--json]',
    ],
  },
  { command: 'plan', sub: 'show', lines: ['plan show <plan-id> [--archived] [--json]'] },
  { command: 'plan', sub: 'calendar', lines: ['plan calendar <plan-id> [--opens-days 15] [--reminders 5,1|none] [--escalation-days 1|none]'] },
  {
    command: 'evidence-rules',
    lines: [
      'evidence-rules --plan <id> [--off <rule,rule>] [--on <rule,rule>] [--json]   (the evidence checks of replies and reports)',
      `       rules: ${EVIDENCE_RULE_IDS.join(', ')}`,
    ],
  },
  {
    command: 'cycle',
    sub: 'create',
    lines: [
      'cycle create --plan <id> --name <text> --draft <date> --briefing <date> --final <date> --board <date>',
      '             [--opens <date>] [--allow-past] [--allow-overlap] [--dry-run] [--json]',
    ],
  },
  {
    command: 'cycle',
    sub: 'update',
    lines: [
      'cycle update <cycle-id> [--name <text>] [--opens|--draft|--briefing|--final|--board <date>]... [--allow-past] [--allow-overlap] [--dry-run] [--json]',
    ],
  },
  { command: 'cycle', sub: 'cancel', lines: ['cycle cancel <cycle-id> [--dry-run] [--json]'] },
  { command: 'cycle', sub: 'show', lines: ['cycle show <cycle-id> [--json]'] },
  { command: 'cycle', sub: 'list', lines: ['cycle list --plan <id> [--json]'] },
  {
    command: 'cycle',
    sub: 'import',
    lines: ['cycle import <schedule.csv|xlsx> --plan <id> [--sheet <name>] [--allow-past] [--allow-overlap] [--dry-run] [--json]'],
  },
  { command: 'parse-reply', lines: ['parse-reply <file.eml> --json'] },
  { command: 'reply', lines: ['reply <file.eml>'] },
  { command: 'held', sub: 'list', lines: ['held list --cycle <id> [--json]       (replies from someone other than the owner)'] },
  { command: 'held', sub: 'accept', lines: ['held accept --cycle <id> <held-id> [--delegate]'] },
  { command: 'held', sub: 'reject', lines: ['held reject --cycle <id> <held-id>'] },
  { command: 'delegate', sub: 'add', lines: ['delegate add --plan <id> --owner <initials> --email <addr>'] },
  { command: 'delegate', sub: 'remove', lines: ['delegate remove --plan <id> --owner <initials> --email <addr>'] },
  { command: 'delegate', sub: 'list', lines: ['delegate list --plan <id>'] },
  { command: 'bounce', lines: ['bounce <email> [--complaint]        (simulate SES telling us an address bounced)'] },
  { command: 'report', lines: ['report --cycle <id> --stage draft|briefing|final|board --out <dir> [--format html,docx,xlsx,csv]'] },
  {
    command: 'purge',
    lines: [
      'purge [--before <date>] [--dry-run] [--json]   (deletes updates, replies, mail records and raw mail received before the day,',
      '                                               and reports of cycles whose board met before it; without --before, what is',
      '                                               past the retention settings; recorded in the audit log, counts only)',
    ],
  },
  {
    command: 'doctor',
    lines: [
      'doctor --stage <stage>   (checks a deployed stage: SES identities, DKIM, MAIL FROM, MX, receipt rule, secret,',
      '                         schedule group, alarm subscription, SES sandbox; prints the fix for each problem)',
    ],
  },
  {
    command: 'replay',
    lines: [
      'replay --stage <stage> [--dry-run]      (re-drives the dead letters of the milestone, inbound and SES-events functions)',
      'replay --stage <stage> --mail <s3 key>  (takes one raw mail from the bucket through ingestion again)',
    ],
  },
];

/** Commands that also run against a deployed stage (`planpulse --stage <stage> <command>`). */
const STAGE_COMMANDS = new Set(['import', 'plan', 'evidence-rules', 'cycle', 'held', 'delegate', 'report', 'purge', 'doctor', 'replay']);
const ON_A_STAGE =
  'On a deployed stage, with your AWS credentials: planpulse --stage <stage> <command> (import, plan, evidence-rules, cycle, held, delegate, report, purge;\n' +
  'the stage is read from config/<stage>.json, e.g. planpulse --stage prod cycle list --plan cpb).';

const RUN_AS = 'run as: npm run --silent planpulse -- <command>';
const DATES = 'Dates are UK day-first (10/5/2026) or ISO (2026-05-10).';

/** The usage of every command, of one command, or of one subcommand when `sub` names one. */
function usage(command?: string, sub?: string): string {
  const ofCommand = USAGE.filter((u) => command === undefined || u.command === command);
  const entries = ofCommand.some((u) => u.sub === sub) ? ofCommand.filter((u) => u.sub === sub) : ofCommand;
  const lines = entries.flatMap((u) => u.lines);
  const head = command === undefined ? `planpulse <command> [options]   (${RUN_AS})` : `usage (${RUN_AS}):`;
  const dates = lines.some((l) => l.includes('<date>')) || command === undefined ? `\n\n${DATES}` : '';
  const stages = command === undefined ? `\n\n${ON_A_STAGE}` : '';
  return `${head}\n\n${lines.map((l) => `  ${l}`).join('\n')}${dates}${stages}`;
}

/** Where a run of the CLI writes, and what it works on. Tests pass their own. */
/** Who runs the CLI, for the audit log: `cli:<login>` (`cli` when the login cannot be read). */
function cliActor(): string {
  try {
    return `cli:${userInfo().username}`;
  } catch {
    return 'cli';
  }
}

export interface CliIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  /** The data folder; PLANPULSE_HOME (`.planpulse`) when not given. */
  home?: string;
  clock?: Clock;
  /** DNS for `doctor` (node:dns when not given; tests pass their answers). */
  dns?: Dns;
}

/** What a command gets: output, a logger and the store (opened only when asked for). */
interface Cli extends Print {
  logger: Logger;
  clock: Clock;
  /** The deployed stage given as `planpulse --stage <stage> …`, if any. */
  stage: string | undefined;
  dns: () => Dns;
  store<T>(work: (deps: Deps, runtime: Runtime | null) => Promise<T>): Promise<T>;
}

function cliFor(io: CliIo, stage: string | undefined): Cli {
  const out = (line: string) => void io.stdout.write(`${line}\n`);
  const err = (line: string) => void io.stderr.write(`${line}\n`);
  const detail = (e?: Record<string, unknown>) => (e ? ` ${inspect(e)}` : '');
  // Quiet unless PLANPULSE_VERBOSE is set: stdout is the command's answer, stderr its diagnostics.
  const logger: Logger = {
    info: (m, e) => void (localConfig().PLANPULSE_VERBOSE && err(`${m}${detail(e)}`)),
    warn: (m, e) => err(`warning: ${m}${detail(e)}`),
    error: (m, e) => err(`error: ${m}${detail(e)}`),
  };
  const clock = io.clock ?? systemClock;
  const store: Cli['store'] =
    stage === undefined
      ? (work) => withLocalDeps({ logger, clock, home: io.home, say: err }, work)
      : async (work) => {
          const deployed = loadStage(stage);
          return work(await stageDeps(deployed, stageClients(deployed), logger), null);
        };
  return { out, err, logger, clock, stage, dns: () => io.dns ?? systemDns(), store };
}

class UsageError extends Error {}

type Values = Record<string, string | boolean | Array<string | boolean> | undefined>;
/** A command: resolves with its exit code, or with nothing for 0. */
// biome-ignore lint/suspicious/noConfusingVoidType: most commands have no code of their own to return
type Run = (argv: string[], cli: Cli) => Promise<number | void>;

function args(argv: string[], options: ParseArgsConfig['options']): { values: Values; positionals: string[] } {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true }) as { values: Values; positionals: string[] };
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

function need(value: string | boolean | undefined | (string | boolean)[], name: string): string {
  if (typeof value !== 'string' || value.trim() === '') throw new UsageError(`--${name} is required`);
  return value;
}

function date(value: string | undefined, name: string): string | undefined {
  if (value === undefined) return undefined;
  const iso = parseUkDate(value);
  if (!iso) throw new UserError(`--${name} "${value}" is not a date: use day/month/year (10/5/2026) or 2026-05-10.`, name);
  return iso;
}

async function readInput(path: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (e) {
    throw new UserError(`cannot read ${path}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
  }
}

const json = (value: unknown) => JSON.stringify(value, null, 2);

async function importCommand(argv: string[], cli: Cli): Promise<void> {
  const { values, positionals } = args(argv, {
    plan: { type: 'string' },
    people: { type: 'string' },
    name: { type: 'string' },
    coordinator: { type: 'string', multiple: true },
    chair: { type: 'string', multiple: true },
    map: { type: 'string', multiple: true },
    owner: { type: 'string', multiple: true },
    sheet: { type: 'string' },
    'dry-run': { type: 'boolean' },
    json: { type: 'boolean' },
  });
  const file = positionals[0];
  if (!file) throw new UsageError('import needs a plan file');
  const owners: Record<string, string> = {};
  for (const option of (values.owner as string[] | undefined) ?? []) {
    const at = option.lastIndexOf('=');
    const [text, key] = [option.slice(0, at).trim(), option.slice(at + 1).trim()];
    if (at < 0 || !text || !key)
      throw new UsageError(`--owner "${option}" must be "Owner text=KEY", the owner as written in the plan and the person's initials or key`);
    owners[text] = key;
  }
  const planId = need(values.plan, 'plan');
  const people = typeof values.people === 'string' ? { fileName: basename(values.people), content: await readInput(values.people) } : undefined;
  const planFile = { fileName: basename(file), content: await readInput(file) };
  const result = await cli.store((deps) =>
    importPlan(
      {
        planId,
        name: values.name as string | undefined,
        plan: planFile,
        people,
        coordinators: (values.coordinator as string[] | undefined) ?? [],
        chairs: (values.chair as string[] | undefined) ?? [],
        map: (values.map as string[] | undefined) ?? [],
        owners,
        sheet: values.sheet as string | undefined,
        dryRun: Boolean(values['dry-run']),
        actor: cliActor(),
      },
      deps,
    ),
  );
  if (values.json) return cli.out(json(importJson(result)));
  printImport(cli, result);
}

async function planShow(argv: string[], cli: Cli): Promise<void> {
  const { values, positionals } = args(argv, { json: { type: 'boolean' }, archived: { type: 'boolean' } });
  const id = positionals[0];
  if (!id) throw new UsageError('plan show needs a plan id');
  const shown = await cli.store((deps) => showPlan(id, deps, { includeArchived: Boolean(values.archived) }));
  if (values.json) return cli.out(json(shown));
  printPlan(cli, shown);
}

async function planCalendar(argv: string[], cli: Cli): Promise<void> {
  const { values, positionals } = args(argv, {
    'opens-days': { type: 'string' },
    reminders: { type: 'string' },
    'escalation-days': { type: 'string' },
  });
  const planId = positionals[0];
  if (!planId) throw new UsageError('plan calendar needs a plan id');
  const int = (v: unknown, name: string) => {
    if (v === undefined) return undefined;
    if (!/^\d+$/.test(String(v))) throw new UserError(`--${name} must be a whole number of working days, not "${String(v)}"`, name);
    return Number(v);
  };
  const escalation = values['escalation-days'];
  const plan = await cli.store((deps) =>
    setMilestonePolicy(
      {
        planId,
        opensWorkingDaysBeforeDraft: int(values['opens-days'], 'opens-days'),
        reminderWorkingDaysBeforeDraft:
          values.reminders === undefined
            ? undefined
            : String(values.reminders) === 'none'
              ? []
              : String(values.reminders)
                  .split(',')
                  .map((n) => int(n.trim(), 'reminders')!),
        escalationWorkingDaysAfterDraft: escalation === 'none' ? null : int(escalation, 'escalation-days'),
      },
      deps,
    ),
  );
  const p = plan.milestonePolicy!;
  cli.out(
    `Plan ${plan.id}: requests open ${p.opensWorkingDaysBeforeDraft} working days before the draft deadline; reminders ${p.reminderWorkingDaysBeforeDraft.join(', ') || 'none'} working days before; escalation ${p.escalationWorkingDaysAfterDraft ?? 'none'} working day(s) after. New and changed cycles use it.`,
  );
}

/** A comma-separated list of evidence rules, each checked by name. */
function ruleList(value: unknown, name: string): EvidenceRuleId[] {
  if (value === undefined) return [];
  const ids = String(value)
    .split(',')
    .map((r) => r.trim())
    .filter(Boolean);
  const unknown = ids.filter((id) => !(EVIDENCE_RULE_IDS as readonly string[]).includes(id));
  if (unknown.length > 0 || ids.length === 0)
    throw new UserError(
      `--${name} "${String(value)}": ${unknown.length ? `no rule ${unknown.map((u) => `"${u}"`).join(', ')}` : 'no rule named'}; the rules are ${EVIDENCE_RULE_IDS.join(', ')}.`,
      name,
    );
  return ids as EvidenceRuleId[];
}

async function evidenceRulesCommand(argv: string[], cli: Cli): Promise<void> {
  const { values } = args(argv, { plan: { type: 'string' }, off: { type: 'string' }, on: { type: 'string' }, json: { type: 'boolean' } });
  const planId = need(values.plan, 'plan');
  const off = ruleList(values.off, 'off');
  const on = ruleList(values.on, 'on');
  const result = await cli.store((deps) => setEvidenceRules({ planId, off, on, actor: cliActor() }, deps));
  if (values.json) return cli.out(json({ plan: planId, rules: result.rules, switchedOff: result.switchedOff, switchedOn: result.switchedOn }));
  cli.out(`Evidence checks of plan ${planId}:`);
  const width = Math.max(...result.rules.map((r) => r.id.length));
  for (const r of result.rules) cli.out(`  ${r.on ? 'on ' : 'off'}  ${r.id.padEnd(width)}  ${r.description}`);
  const changed = [
    result.switchedOff.length ? `switched off ${result.switchedOff.join(', ')}` : null,
    result.switchedOn.length ? `switched on ${result.switchedOn.join(', ')}` : null,
  ].filter(Boolean);
  if (changed.length) cli.out(`Changed: ${changed.join('; ')}. Replies read and reports compiled from now on use these.`);
}

const DATE_OPTIONS = {
  opens: { type: 'string' },
  draft: { type: 'string' },
  briefing: { type: 'string' },
  final: { type: 'string' },
  board: { type: 'string' },
} as const;
const CYCLE_FLAGS = {
  'allow-past': { type: 'boolean' },
  'allow-overlap': { type: 'boolean' },
  'dry-run': { type: 'boolean' },
  json: { type: 'boolean' },
} as const;

/** The milestone dates given as options, as ISO dates. */
const datesFrom = (v: Values) =>
  Object.fromEntries(
    (['opens', 'draft', 'briefing', 'final', 'board'] as const).map((k) => [k, date(v[k] as string | undefined, k)]).filter(([, d]) => d !== undefined),
  );

async function cycleCreate(argv: string[], cli: Cli): Promise<void> {
  const { values } = args(argv, { plan: { type: 'string' }, name: { type: 'string' }, ...DATE_OPTIONS, ...CYCLE_FLAGS });
  for (const k of ['draft', 'briefing', 'final', 'board']) need(values[k] as string | undefined, k);
  const input = {
    planId: need(values.plan, 'plan'),
    name: need(values.name, 'name'),
    dates: datesFrom(values) as { draft: string; briefing: string; final: string; board: string; opens?: string },
    allowPast: Boolean(values['allow-past']),
    allowOverlap: Boolean(values['allow-overlap']),
    dryRun: Boolean(values['dry-run']),
    actor: cliActor(),
  };
  const result = await cli.store((deps) => createCycle(input, deps));
  printCycles(cli, [result], Boolean(values.json), input.dryRun ? 'Dry run, nothing stored or scheduled.' : 'Created.');
}

async function cycleUpdate(argv: string[], cli: Cli): Promise<void> {
  const { values, positionals } = args(argv, { name: { type: 'string' }, ...DATE_OPTIONS, ...CYCLE_FLAGS });
  const cycleId = positionals[0];
  if (!cycleId) throw new UsageError('cycle update needs a cycle id');
  const input = {
    cycleId,
    name: values.name as string | undefined,
    dates: datesFrom(values),
    allowPast: Boolean(values['allow-past']),
    allowOverlap: Boolean(values['allow-overlap']),
    dryRun: Boolean(values['dry-run']),
    actor: cliActor(),
  };
  const result = await cli.store((deps) => updateCycle(input, deps));
  printCycles(cli, [result], Boolean(values.json), input.dryRun ? 'Dry run, nothing changed.' : 'Updated.');
}

async function cycleCancel(argv: string[], cli: Cli): Promise<void> {
  const { values, positionals } = args(argv, { 'dry-run': { type: 'boolean' }, json: { type: 'boolean' } });
  const cycleId = positionals[0];
  if (!cycleId) throw new UsageError('cycle cancel needs a cycle id');
  const result = await cli.store((deps) => cancelCycle({ cycleId, dryRun: Boolean(values['dry-run']), actor: cliActor() }, deps));
  printCycles(cli, [result], Boolean(values.json), values['dry-run'] ? 'Dry run, nothing changed.' : 'Cancelled.');
}

async function cycleShow(argv: string[], cli: Cli): Promise<void> {
  const { values, positionals } = args(argv, { json: { type: 'boolean' } });
  const id = positionals[0];
  if (!id) throw new UsageError('cycle show needs a cycle id');
  printCycles(cli, [await cli.store((deps) => getCycle(id, deps))], Boolean(values.json), '');
}

async function cycleList(argv: string[], cli: Cli): Promise<void> {
  const { values } = args(argv, { plan: { type: 'string' }, json: { type: 'boolean' } });
  const planId = need(values.plan, 'plan');
  printCycles(cli, await cli.store((deps) => listCycles(planId, deps)), Boolean(values.json), '');
}

async function cycleImport(argv: string[], cli: Cli): Promise<number> {
  const { values, positionals } = args(argv, { plan: { type: 'string' }, sheet: { type: 'string' }, ...CYCLE_FLAGS });
  const file = positionals[0];
  if (!file) throw new UsageError('cycle import needs a schedule file');
  const input = {
    planId: need(values.plan, 'plan'),
    file: { fileName: basename(file), content: await readInput(file) },
    sheet: values.sheet as string | undefined,
    allowPast: Boolean(values['allow-past']),
    allowOverlap: Boolean(values['allow-overlap']),
    dryRun: Boolean(values['dry-run']),
    actor: cliActor(),
  };
  const result = await cli.store((deps) => importCycles(input, deps));
  if (values.json) cli.out(json(cyclesJson(result.cycles, result.errors)));
  else printCycleImport(cli, result, input.file.fileName);
  return result.errors.length ? 1 : 0;
}

async function parseReplyCommand(argv: string[], cli: Cli): Promise<void> {
  const { positionals } = args(argv, { json: { type: 'boolean' } });
  const file = positionals[0];
  if (!file) throw new UsageError('parse-reply needs an .eml file');
  cli.out(json(await parseReply(await readInput(file))));
}

async function replyCommand(argv: string[], cli: Cli): Promise<void> {
  const { positionals } = args(argv, {});
  const file = positionals[0];
  if (!file) throw new UsageError('reply needs an .eml file');
  const raw = await readInput(file);
  const outcome = await cli.store(async (deps, runtime) => {
    if (runtime?.smtpPort) {
      // Through the running stack's SMTP server: exactly the path a real reply takes.
      const parsed = await parseReply(raw);
      const to = parsed.replyToken ? replyAddress(deps.mail, parsed.replyToken) : `${deps.mail.replyLocalPart}@${deps.mail.inboundDomain}`;
      await createTransport({ host: '127.0.0.1', port: runtime.smtpPort, secure: false, ignoreTLS: true }).sendMail({
        envelope: { from: parsed.from ?? 'unknown@example.org', to: [to] },
        raw,
      });
      return { outcome: 'delivered over SMTP to the running stack' };
    }
    return ingestReply({ raw }, deps);
  });
  cli.out(JSON.stringify(outcome));
}

const heldOptions = { cycle: { type: 'string' }, delegate: { type: 'boolean' }, json: { type: 'boolean' } } as const;

/** The cycle and held reply a held accept/reject works on. */
function heldTarget(sub: string, argv: string[]): { values: Values; cycleId: string; heldId: string } {
  const { values, positionals } = args(argv, heldOptions);
  const cycleId = need(values.cycle, 'cycle');
  const heldId = positionals[0];
  if (!heldId) throw new UsageError(`held ${sub} needs a held reply id (see held list)`);
  return { values, cycleId, heldId };
}

async function heldList(argv: string[], cli: Cli): Promise<void> {
  const { values } = args(argv, heldOptions);
  const cycleId = need(values.cycle, 'cycle');
  const held = await cli.store((deps) => listHeld(cycleId, deps));
  if (values.json) return cli.out(json(held));
  if (held.length === 0) cli.out('No held replies.');
  for (const h of held) cli.out(`${h.heldId}  ${h.state.padEnd(8)} from ${h.from ?? '?'} for ${h.ownerKey}  ${h.receivedAt}  ${h.rawKey}`);
}

async function heldAccept(argv: string[], cli: Cli): Promise<void> {
  const { values, cycleId, heldId } = heldTarget('accept', argv);
  const outcome = await cli.store((deps) => acceptHeld({ cycleId, heldId, addDelegate: Boolean(values.delegate), actor: cliActor() }, deps));
  cli.out(JSON.stringify(outcome));
}

async function heldReject(argv: string[], cli: Cli): Promise<void> {
  const { cycleId, heldId } = heldTarget('reject', argv);
  await cli.store((deps) => rejectHeld({ cycleId, heldId, actor: cliActor() }, deps));
  cli.out(`Held reply ${heldId} rejected; nothing recorded.`);
}

const delegateOptions = { plan: { type: 'string' }, owner: { type: 'string' }, email: { type: 'string' } } as const;

async function delegateAdd(argv: string[], cli: Cli): Promise<void> {
  const { values } = args(argv, delegateOptions);
  const planId = need(values.plan, 'plan');
  const d = await cli.store((deps) =>
    addDelegate({ planId, ownerKey: need(values.owner, 'owner'), email: need(values.email, 'email'), actor: cliActor() }, deps),
  );
  cli.out(`${d.email} may now answer for ${d.ownerKey} in plan ${planId}.`);
}

async function delegateRemove(argv: string[], cli: Cli): Promise<void> {
  const { values } = args(argv, delegateOptions);
  const planId = need(values.plan, 'plan');
  const d = await cli.store((deps) =>
    removeDelegate({ planId, ownerKey: need(values.owner, 'owner'), email: need(values.email, 'email'), actor: cliActor() }, deps),
  );
  cli.out(`Removed: ${d.email} no longer answers for ${d.ownerKey} in plan ${planId}.`);
}

async function delegateList(argv: string[], cli: Cli): Promise<void> {
  const { values } = args(argv, delegateOptions);
  const planId = need(values.plan, 'plan');
  const list = await cli.store((deps) => deps.store.getDelegates(planId));
  if (list.length === 0) cli.out('No delegates.');
  for (const d of list) cli.out(`${d.ownerKey.padEnd(6)} ${d.email}  (since ${d.addedAt.slice(0, 10)})`);
}

async function bounceCommand(argv: string[], cli: Cli): Promise<void> {
  const { values, positionals } = args(argv, { complaint: { type: 'boolean' } });
  const email = positionals[0];
  if (!email) throw new UsageError('bounce needs an email address');
  // The notification SES would send through SNS, for trying the bounce path locally.
  const notification = values.complaint
    ? {
        notificationType: 'Complaint',
        complaint: { complainedRecipients: [{ emailAddress: email }], complaintFeedbackType: 'abuse' },
        mail: { messageId: 'local-simulated' },
      }
    : {
        notificationType: 'Bounce',
        bounce: {
          bounceType: 'Permanent',
          bounceSubType: 'General',
          bouncedRecipients: [{ emailAddress: email, diagnosticCode: 'smtp; 550 5.1.1 user unknown (simulated)' }],
        },
        mail: { messageId: 'local-simulated' },
      };
  const result = await cli.store((deps) => recordDeliveryEvent(notification, deps));
  cli.out(`${email} marked ${values.complaint ? 'complained' : 'bounced'}; coordinators told for ${result.told} plan(s).`);
}

/** `--stage` as written: the milestone's name, or `briefing` for the chair's briefing. */
const STAGE_NAMES: Record<string, ReportStage> = {
  draft: 'draft',
  briefing: 'chairs-briefing',
  'chairs-briefing': 'chairs-briefing',
  final: 'final',
  board: 'board',
};

async function reportCommand(argv: string[], cli: Cli): Promise<void> {
  const { values } = args(argv, { cycle: { type: 'string' }, stage: { type: 'string' }, out: { type: 'string' }, format: { type: 'string' } });
  const cycleId = need(values.cycle, 'cycle');
  const stage = STAGE_NAMES[String(values.stage ?? 'draft')];
  if (!stage) throw new UsageError('--stage must be one of draft, briefing, final, board');
  const formats = String(values.format ?? REPORT_FORMATS.join(','))
    .split(',')
    .map((f) => f.trim().toLowerCase());
  const unknown = formats.filter((f) => !(REPORT_FORMATS as readonly string[]).includes(f));
  if (unknown.length || formats.length === 0) throw new UsageError(`--format takes a list of ${REPORT_FORMATS.join(', ')} (not "${unknown.join(', ')}")`);
  const out = resolve(typeof values.out === 'string' ? values.out : 'out');
  const { files } = await cli.store((deps) => compileReport(cycleId, stage, deps, { formats: [...new Set(formats)] as ReportFormat[] }));
  await mkdir(out, { recursive: true });
  for (const f of files) {
    const path = join(out, f.filename);
    await writeFile(path, f.content);
    cli.out(path);
  }
}

async function purgeCommand(argv: string[], cli: Cli): Promise<void> {
  const { values, positionals } = args(argv, { before: { type: 'string' }, 'dry-run': { type: 'boolean' }, json: { type: 'boolean' } });
  if (positionals.length > 0) throw new UsageError(`purge takes no "${positionals[0]}": give the day as --before <date>, e.g. --before 2024-04-01`);
  const before = date(values.before as string | undefined, 'before');
  const dryRun = Boolean(values['dry-run']);
  const result = await cli
    .store((deps) => purge({ before, dryRun, actor: cliActor() }, deps))
    .catch((e: unknown) => {
      if (!dryRun && !(e instanceof UserError)) {
        cli.err('The purge stopped part-way. Run the same command again: it deletes the rest, and the audit log keeps one entry.');
      }
      throw e;
    });
  if (values.json) return cli.out(json(result));
  const what = describeCut(result);
  cli.out(dryRun ? `Dry run, nothing deleted or recorded. A purge would delete ${what}:` : `Purged ${what}:`);
  const width = Math.max(...PURGE_KINDS.map(([key]) => String(result.counts[key]).length));
  for (const [key, , many] of PURGE_KINDS) cli.out(`  ${String(result.counts[key]).padStart(width)}  ${many}`);
  if (result.cycles.length > 0) cli.out(`from ${result.cycles.length} cycle(s): ${result.cycles.join(', ')}`);
  if (!dryRun) cli.out(result.auditId ? `Recorded in the audit log (${result.auditId}).` : 'Nothing to delete; nothing recorded.');
}

/** The stage of doctor and replay: their own `--stage`, or the one before the command. */
function stageOf(values: Values, cli: Cli, command: string): string {
  const stage = typeof values.stage === 'string' ? values.stage : cli.stage;
  if (!stage) throw new UsageError(`${command} needs --stage <stage> (a deployed stage with its config/<stage>.json, e.g. --stage prod)`);
  return stage;
}

async function doctorCommand(argv: string[], cli: Cli): Promise<number> {
  const { values } = args(argv, { stage: { type: 'string' } });
  const stage = loadStage(stageOf(values, cli, 'doctor'));
  const checks = await runDoctor(stage, doctorClients(stage), cli.dns());
  for (const line of formatChecks(checks)) cli.out(line);
  const problems = checks.filter((c) => !c.ok).length;
  cli.out(problems ? `\n${problems} problem(s) in stage ${stage.stage}.` : `\nStage ${stage.stage}: everything checked is in order.`);
  return problems ? 1 : 0;
}

async function replayCommand(argv: string[], cli: Cli): Promise<number> {
  const { values } = args(argv, { stage: { type: 'string' }, 'dry-run': { type: 'boolean' }, mail: { type: 'string' } });
  const stage = loadStage(stageOf(values, cli, 'replay'));
  if (values.mail !== undefined) {
    const key = need(values.mail, 'mail');
    if (values['dry-run']) throw new UsageError('--dry-run lists dead letters; --mail re-ingests one mail (use one or the other)');
    cli.out(JSON.stringify(await reingestMail(stage, key, replayClients(stage), cli.logger)));
    return 0;
  }
  const dryRun = Boolean(values['dry-run']);
  const replayed = await replayDeadLetters(stage, replayClients(stage), { dryRun });
  for (const r of replayed) {
    const what = r.letter
      ? `${r.letter.shape}${r.letter.shape === 'lambda-on-failure' ? ` ${r.letter.condition}` : r.letter.shape === 'scheduler' ? ` ${r.letter.errorCode}` : ''}`
      : 'unreadable';
    cli.out(
      `${r.outcome.padEnd(10)} ${r.fn.padEnd(12)} ${r.messageId}  ${what}  ${r.letter ? JSON.stringify(r.letter.event) : ''}${r.error ? `  ${r.error}` : ''}`.trimEnd(),
    );
  }
  const count = (o: string) => replayed.filter((r) => r.outcome === o).length;
  if (replayed.length === 0) cli.out(`No dead letters in stage ${stage.stage}.`);
  else if (dryRun) cli.out(`Dry run: ${count('listed')} to re-drive, ${count('unreadable')} unreadable (left in the queue). Nothing was sent or deleted.`);
  else cli.out(`Re-driven: ${count('redriven')}. Failed: ${count('failed')}, unreadable: ${count('unreadable')} (both left in the queue).`);
  return count('failed') + count('unreadable') ? 1 : 0;
}

/** Every command: a function, or its subcommands by name. */
const COMMANDS: Record<string, Run | Record<string, Run>> = {
  import: importCommand,
  plan: { show: planShow, calendar: planCalendar },
  'evidence-rules': evidenceRulesCommand,
  cycle: { create: cycleCreate, update: cycleUpdate, cancel: cycleCancel, show: cycleShow, list: cycleList, import: cycleImport },
  'parse-reply': parseReplyCommand,
  reply: replyCommand,
  held: { list: heldList, accept: heldAccept, reject: heldReject },
  delegate: { add: delegateAdd, remove: delegateRemove, list: delegateList },
  bounce: bounceCommand,
  report: reportCommand,
  purge: purgeCommand,
  doctor: doctorCommand,
  replay: replayCommand,
};

const HELP = new Set(['--help', '-h']);

/** Whether the user asked for help among the options (not after `--`, where everything is a value). */
function asksForHelp(argv: string[]): boolean {
  const end = argv.indexOf('--');
  return (end < 0 ? argv : argv.slice(0, end)).some((a) => HELP.has(a));
}

/** Maps what a command threw to what the user sees and the exit code. */
function failure(e: unknown, cli: Cli, command: string, sub: string | undefined): number {
  if (e instanceof UsageError) {
    cli.err(`${e.message}\n\n${usage(command, sub)}`);
    return 2;
  }
  if (e instanceof UserError || e instanceof ConfigError) {
    cli.err(e.message);
    return 1;
  }
  if (e instanceof BusyError) {
    cli.err(`${e.message}. Another run is doing this right now: try again in a minute.`);
    return 1;
  }
  if (e instanceof ZodError) {
    cli.err(`invalid input:\n${e.issues.map((i) => `  ${i.path.join('.') || 'value'}: ${i.message}`).join('\n')}`);
    return 1;
  }
  cli.err(inspect(e));
  return 3;
}

/**
 * Runs one CLI command line (`argv` without the program name) and resolves with its exit
 * code: 0 done, 1 bad input, 2 bad usage, 3 a failure of ours. `--help`/`-h` anywhere, and
 * `help <command> [<subcommand>]`, print that command's usage. Only commands that need the
 * store open it (see withLocalDeps).
 */
export async function main(argv: string[], io: CliIo = { stdout: process.stdout, stderr: process.stderr }): Promise<number> {
  // `--stage <stage>` before the command: run it against that deployed stage (after the
  // command, `--stage` is the command's own option, like report's draft|briefing|final|board).
  const staged = /^--stage(?:=(.*))?$/.exec(argv[0] ?? '');
  const stage = staged ? (staged[1] ?? argv[1]) : undefined;
  const cli = cliFor(io, stage);
  if (staged && (stage === undefined || stage === '' || stage.startsWith('-'))) {
    cli.err(`--stage needs a stage name, e.g. planpulse --stage prod cycle list --plan cpb\n\n${usage()}`);
    return 2;
  }
  const [command, ...rest] = staged ? argv.slice(staged[1] === undefined ? 2 : 1) : argv;
  if (command === undefined) {
    cli.err(usage());
    return 2;
  }
  if (command === 'help' || HELP.has(command)) {
    const [topic, sub] = command === 'help' ? rest : [];
    if (topic !== undefined && !(topic in COMMANDS)) {
      cli.err(`unknown command "${topic}"\n\n${usage()}`);
      return 2;
    }
    cli.out(usage(topic, sub));
    return 0;
  }
  const entry = Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined;
  if (!entry) {
    cli.err(`unknown command "${command}"\n\n${usage()}`);
    return 2;
  }
  const sub = typeof entry === 'function' ? undefined : rest[0];
  if (stage !== undefined && !STAGE_COMMANDS.has(command)) {
    cli.err(`${command} works only on the local stack, not with --stage (on a stage: ${[...STAGE_COMMANDS].join(', ')})`);
    return 2;
  }
  if (asksForHelp(rest)) {
    cli.out(usage(command, sub));
    return 0;
  }
  try {
    if (typeof entry === 'function') return (await entry(rest, cli)) ?? 0;
    const run = sub !== undefined && Object.hasOwn(entry, sub) ? entry[sub]! : undefined;
    if (!run) throw new UsageError(`unknown ${command} command "${sub ?? ''}" (${Object.keys(entry).join(', ')})`);
    return (await run(rest.slice(1), cli)) ?? 0;
  } catch (e) {
    return failure(e, cli, command, sub);
  }
}

/** Whether this module is the program being run (`npm run planpulse`), not imported. */
function isEntry(): boolean {
  const script = process.argv[1];
  if (!script) return false;
  try {
    return pathToFileURL(realpathSync(script)).href === import.meta.url;
  } catch {
    return false;
  }
}

if (isEntry()) {
  // A reader that stops early (`| head`) is not an error.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
  process.exitCode = await main(process.argv.slice(2));
}
