#!/usr/bin/env tsx
import { readFile, mkdir, writeFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { createTransport } from 'nodemailer';
import { ZodError } from 'zod';
import { localConfig } from '#config/config';
import { UserError } from '#domain/errors';
import { parseUkDate } from '#import/uk-dates';
import { withLocalDeps } from '#local/connect';
import { parseReply } from '#mail/parse-reply';
import type { Logger } from '#ports/logger';
import { compileReport } from '#use-cases/compile-report';
import { importJson, importPlan } from '#use-cases/import-plan';
import { showPlan } from '#use-cases/show-plan';
import { setMilestonePolicy } from '#use-cases/set-milestone-policy';
import { printCycleImport, printCycles, printImport, printPlan } from './print.ts';
import { ingestReply } from '#use-cases/ingest-reply';
import { recordDeliveryEvent } from '#use-cases/record-delivery-event';
import { acceptHeld, addDelegate, listHeld, rejectHeld } from '#use-cases/held-replies';
import { cancelCycle, createCycle, cyclesJson, getCycle, listCycles, updateCycle } from '#use-cases/set-cycle-dates';
import { importCycles } from '#use-cases/import-cycles';
import { ReportStage } from '#domain/model';

const settings = localConfig();

const USAGE = `planpulse <command> [options]   (run as: npm run --silent planpulse -- <command>)

  import <plan.xlsx|csv|tsv> --plan <id> [--people <file>] [--name <text>] [--coordinator <email>]...
         [--map "Header text=field"]... [--sheet <name>] [--dry-run] [--json]
  plan show <plan-id> [--archived] [--json]
  plan calendar <plan-id> [--opens-days 15] [--reminders 5,1|none] [--escalation-days 1|none]
  cycle create --plan <id> --name <text> --draft <date> --briefing <date> --final <date> --board <date>
               [--opens <date>] [--allow-past] [--dry-run] [--json]
  cycle update <cycle-id> [--name <text>] [--opens|--draft|--briefing|--final|--board <date>]... [--allow-past] [--dry-run] [--json]
  cycle cancel <cycle-id> [--dry-run] [--json]
  cycle show <cycle-id> [--json]
  cycle list --plan <id> [--json]
  cycle import <schedule.csv|xlsx> --plan <id> [--sheet <name>] [--allow-past] [--dry-run] [--json]
  parse-reply <file.eml> --json
  reply <file.eml>
  held list|accept|reject --cycle <id> [<held-id>] [--delegate]   (replies from someone other than the owner)
  delegate add|remove|list --plan <id> [--owner <initials> --email <addr>]
  bounce <email> [--complaint]        (simulate SES telling us an address bounced)
  report --cycle <id> --stage draft|chairs-briefing|final|board --out <dir>

Dates are UK day-first (10/5/2026) or ISO (2026-05-10).`;

/** stderr logger for the CLI: quiet unless PLANPULSE_VERBOSE is set. */
const logger: Logger = {
  info: (m, e) => settings.PLANPULSE_VERBOSE && console.error(m, e ?? ''),
  warn: (m, e) => console.error(`warning: ${m}`, e ?? ''),
  error: (m, e) => console.error(`error: ${m}`, e ?? ''),
};

class UsageError extends Error {}

type Values = Record<string, string | boolean | Array<string | boolean> | undefined>;

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

const commands: Record<string, (argv: string[]) => Promise<void>> = {
  async import(argv) {
    const { values, positionals } = args(argv, {
      plan: { type: 'string' },
      people: { type: 'string' },
      name: { type: 'string' },
      coordinator: { type: 'string', multiple: true },
      map: { type: 'string', multiple: true },
      sheet: { type: 'string' },
      'dry-run': { type: 'boolean' },
      json: { type: 'boolean' },
    });
    const file = positionals[0];
    if (!file) throw new UsageError('import needs a plan file');
    const planId = need(values.plan, 'plan');
    const people = typeof values.people === 'string' ? { fileName: basename(values.people), content: await readInput(values.people) } : undefined;
    const planFile = { fileName: basename(file), content: await readInput(file) };
    const result = await withLocalDeps(logger, (deps) =>
      importPlan(
        {
          planId,
          name: values.name as string | undefined,
          plan: planFile,
          people,
          coordinators: (values.coordinator as string[] | undefined) ?? [],
          map: (values.map as string[] | undefined) ?? [],
          sheet: values.sheet as string | undefined,
          dryRun: Boolean(values['dry-run']),
        },
        deps,
      ),
    );
    if (values.json) return void console.log(JSON.stringify(importJson(result), null, 2));
    printImport(result);
  },

  async plan(argv) {
    const [sub, ...rest] = argv;
    if (sub === 'calendar') {
      const { values, positionals } = args(rest, {
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
      const plan = await withLocalDeps(logger, (deps) =>
        setMilestonePolicy(
          {
            planId,
            opensWorkingDaysBeforeDraft: int(values['opens-days'], 'opens-days'),
            reminderWorkingDaysBeforeDraft:
              values.reminders === undefined
                ? undefined
                : String(values.reminders) === 'none'
                  ? []
                  : String(values.reminders).split(',').map((n) => int(n.trim(), 'reminders')!),
            escalationWorkingDaysAfterDraft: escalation === 'none' ? null : int(escalation, 'escalation-days'),
          },
          deps,
        ),
      );
      const p = plan.milestonePolicy!;
      console.log(
        `Plan ${plan.id}: requests open ${p.opensWorkingDaysBeforeDraft} working days before the draft deadline; reminders ${p.reminderWorkingDaysBeforeDraft.join(', ') || 'none'} working days before; escalation ${p.escalationWorkingDaysAfterDraft ?? 'none'} working day(s) after. New and changed cycles use it.`,
      );
      return;
    }
    if (sub !== 'show') throw new UsageError(`unknown plan command "${sub ?? ''}" (show, calendar)`);
    const { values, positionals } = args(rest, { json: { type: 'boolean' }, archived: { type: 'boolean' } });
    const id = positionals[0];
    if (!id) throw new UsageError('plan show needs a plan id');
    const shown = await withLocalDeps(logger, (deps) => showPlan(id, deps, { includeArchived: Boolean(values.archived) }));
    if (values.json) return void console.log(JSON.stringify(shown, null, 2));
    printPlan(shown);
  },

  async cycle(argv) {
    const [sub, ...rest] = argv;
    const dateOptions = {
      opens: { type: 'string' },
      draft: { type: 'string' },
      briefing: { type: 'string' },
      final: { type: 'string' },
      board: { type: 'string' },
    } as const;
    const flags = { 'allow-past': { type: 'boolean' }, 'dry-run': { type: 'boolean' }, json: { type: 'boolean' } } as const;
    const datesFrom = (v: Values) =>
      Object.fromEntries(
        (['opens', 'draft', 'briefing', 'final', 'board'] as const)
          .map((k) => [k, date(v[k] as string | undefined, k)])
          .filter(([, d]) => d !== undefined),
      );
    switch (sub) {
      case 'create': {
        const { values } = args(rest, { plan: { type: 'string' }, name: { type: 'string' }, ...dateOptions, ...flags });
        for (const k of ['draft', 'briefing', 'final', 'board']) need(values[k] as string | undefined, k);
        const input = {
          planId: need(values.plan, 'plan'),
          name: need(values.name, 'name'),
          dates: datesFrom(values) as { draft: string; briefing: string; final: string; board: string; opens?: string },
          allowPast: Boolean(values['allow-past']),
          dryRun: Boolean(values['dry-run']),
        };
        const result = await withLocalDeps(logger, (deps) => createCycle(input, deps));
        return printCycles([result], Boolean(values.json), input.dryRun ? 'Dry run, nothing stored or scheduled.' : 'Created.');
      }
      case 'update': {
        const { values, positionals } = args(rest, { name: { type: 'string' }, ...dateOptions, ...flags });
        const cycleId = positionals[0];
        if (!cycleId) throw new UsageError('cycle update needs a cycle id');
        const input = {
          cycleId,
          name: values.name as string | undefined,
          dates: datesFrom(values),
          allowPast: Boolean(values['allow-past']),
          dryRun: Boolean(values['dry-run']),
        };
        const result = await withLocalDeps(logger, (deps) => updateCycle(input, deps));
        return printCycles([result], Boolean(values.json), input.dryRun ? 'Dry run, nothing changed.' : 'Updated.');
      }
      case 'cancel': {
        const { values, positionals } = args(rest, { 'dry-run': { type: 'boolean' }, json: { type: 'boolean' } });
        const cycleId = positionals[0];
        if (!cycleId) throw new UsageError('cycle cancel needs a cycle id');
        const result = await withLocalDeps(logger, (deps) => cancelCycle({ cycleId, dryRun: Boolean(values['dry-run']) }, deps));
        return printCycles([result], Boolean(values.json), values['dry-run'] ? 'Dry run, nothing changed.' : 'Cancelled.');
      }
      case 'show': {
        const { values, positionals } = args(rest, { json: { type: 'boolean' } });
        const id = positionals[0];
        if (!id) throw new UsageError('cycle show needs a cycle id');
        return printCycles([await withLocalDeps(logger, (deps) => getCycle(id, deps))], Boolean(values.json));
      }
      case 'list': {
        const { values } = args(rest, { plan: { type: 'string' }, json: { type: 'boolean' } });
        const planId = need(values.plan, 'plan');
        return printCycles(await withLocalDeps(logger, (deps) => listCycles(planId, deps)), Boolean(values.json));
      }
      case 'import': {
        const { values, positionals } = args(rest, { plan: { type: 'string' }, sheet: { type: 'string' }, ...flags });
        const file = positionals[0];
        if (!file) throw new UsageError('cycle import needs a schedule file');
        const input = {
          planId: need(values.plan, 'plan'),
          file: { fileName: basename(file), content: await readInput(file) },
          sheet: values.sheet as string | undefined,
          allowPast: Boolean(values['allow-past']),
          dryRun: Boolean(values['dry-run']),
        };
        const result = await withLocalDeps(logger, (deps) => importCycles(input, deps));
        if (values.json) console.log(JSON.stringify(cyclesJson(result.cycles, result.errors), null, 2));
        else printCycleImport(result, input.file.fileName);
        if (result.errors.length) process.exitCode = 1;
        return;
      }
      default:
        throw new UsageError(`unknown cycle command "${sub ?? ''}" (create, update, cancel, show, list, import)`);
    }
  },

  async 'parse-reply'(argv) {
    const { positionals } = args(argv, { json: { type: 'boolean' } });
    const file = positionals[0];
    if (!file) throw new UsageError('parse-reply needs an .eml file');
    console.log(JSON.stringify(await parseReply(await readInput(file)), null, 2));
  },

  async reply(argv) {
    const { positionals } = args(argv, {});
    const file = positionals[0];
    if (!file) throw new UsageError('reply needs an .eml file');
    const raw = await readInput(file);
    const outcome = await withLocalDeps(logger, async (deps, runtime) => {
      if (runtime?.smtpPort) {
        // Through the running stack's SMTP server: exactly the path a real reply takes.
        const parsed = await parseReply(raw);
        const to = parsed.replyToken ? `update+${parsed.replyToken}@${deps.mail.inboundDomain}` : `update@${deps.mail.inboundDomain}`;
        await createTransport({ host: '127.0.0.1', port: runtime.smtpPort, secure: false, ignoreTLS: true }).sendMail({
          envelope: { from: parsed.from ?? 'unknown@example.org', to: [to] },
          raw,
        });
        return { outcome: 'delivered over SMTP to the running stack' };
      }
      return ingestReply({ raw }, deps);
    });
    console.log(JSON.stringify(outcome));
  },

  async held(argv) {
    const [sub, ...rest] = argv;
    const { values, positionals } = args(rest, { cycle: { type: 'string' }, delegate: { type: 'boolean' }, json: { type: 'boolean' } });
    const cycleId = need(values.cycle, 'cycle');
    if (sub === 'list') {
      const held = await withLocalDeps(logger, (deps) => listHeld(cycleId, deps));
      if (values.json) return void console.log(JSON.stringify(held, null, 2));
      if (held.length === 0) console.log('No held replies.');
      for (const h of held) console.log(`${h.heldId}  ${h.state.padEnd(8)} from ${h.from ?? '?'} for ${h.ownerKey}  ${h.receivedAt}  ${h.rawKey}`);
      return;
    }
    const heldId = positionals[0];
    if (!heldId) throw new UsageError(`held ${sub ?? ''} needs a held reply id (see held list)`);
    if (sub === 'accept') {
      const outcome = await withLocalDeps(logger, (deps) => acceptHeld({ cycleId, heldId, addDelegate: Boolean(values.delegate) }, deps));
      return void console.log(JSON.stringify(outcome));
    }
    if (sub === 'reject') {
      await withLocalDeps(logger, (deps) => rejectHeld({ cycleId, heldId }, deps));
      return void console.log(`Held reply ${heldId} rejected; nothing recorded.`);
    }
    throw new UsageError(`unknown held command "${sub ?? ''}" (list, accept, reject)`);
  },

  async delegate(argv) {
    const [sub, ...rest] = argv;
    const { values } = args(rest, { plan: { type: 'string' }, owner: { type: 'string' }, email: { type: 'string' } });
    const planId = need(values.plan, 'plan');
    if (sub === 'add') {
      const d = await withLocalDeps(logger, (deps) => addDelegate({ planId, ownerKey: need(values.owner, 'owner'), email: need(values.email, 'email') }, deps));
      return void console.log(`${d.email} may now answer for ${d.ownerKey} in plan ${planId}.`);
    }
    if (sub === 'remove') {
      await withLocalDeps(logger, (deps) => deps.store.removeDelegate(planId, need(values.owner, 'owner'), need(values.email, 'email')));
      return void console.log('Removed.');
    }
    if (sub === 'list') {
      const list = await withLocalDeps(logger, (deps) => deps.store.getDelegates(planId));
      if (list.length === 0) console.log('No delegates.');
      for (const d of list) console.log(`${d.ownerKey.padEnd(6)} ${d.email}  (since ${d.addedAt.slice(0, 10)})`);
      return;
    }
    throw new UsageError(`unknown delegate command "${sub ?? ''}" (add, remove, list)`);
  },

  async bounce(argv) {
    const { values, positionals } = args(argv, { complaint: { type: 'boolean' } });
    const email = positionals[0];
    if (!email) throw new UsageError('bounce needs an email address');
    // The notification SES would send through SNS, for trying the bounce path locally.
    const notification = values.complaint
      ? { notificationType: 'Complaint', complaint: { complainedRecipients: [{ emailAddress: email }], complaintFeedbackType: 'abuse' }, mail: { messageId: 'local-simulated' } }
      : {
          notificationType: 'Bounce',
          bounce: { bounceType: 'Permanent', bounceSubType: 'General', bouncedRecipients: [{ emailAddress: email, diagnosticCode: 'smtp; 550 5.1.1 user unknown (simulated)' }] },
          mail: { messageId: 'local-simulated' },
        };
    const result = await withLocalDeps(logger, (deps) => recordDeliveryEvent(notification, deps));
    console.log(`${email} marked ${values.complaint ? 'complained' : 'bounced'}; coordinators told for ${result.told} plan(s).`);
  },

  async report(argv) {
    const { values } = args(argv, { cycle: { type: 'string' }, stage: { type: 'string' }, out: { type: 'string' } });
    const cycleId = need(values.cycle, 'cycle');
    const stage = ReportStage.safeParse(values.stage ?? 'draft');
    if (!stage.success) throw new UsageError(`--stage must be one of ${ReportStage.options.join(', ')}`);
    const out = resolve(typeof values.out === 'string' ? values.out : 'out');
    const { html } = await withLocalDeps(logger, (deps) => compileReport(cycleId, stage.data, deps));
    await mkdir(out, { recursive: true });
    const path = join(out, `${cycleId}-${stage.data}.html`);
    await writeFile(path, html);
    console.log(path);
  },
};

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const run = command ? commands[command] : undefined;
  if (!run) {
    console.error(command && command !== 'help' && command !== '--help' ? `unknown command "${command}"\n\n${USAGE}` : USAGE);
    return command === 'help' || command === '--help' ? 0 : 2;
  }
  try {
    await run(rest);
    return 0;
  } catch (e) {
    if (e instanceof UsageError) {
      console.error(`${e.message}\n\n${USAGE}`);
      return 2;
    }
    if (e instanceof UserError) {
      console.error(e.message);
      return 1;
    }
    if (e instanceof ZodError) {
      console.error(`invalid input:\n${e.issues.map((i) => `  ${i.path.join('.') || 'value'}: ${i.message}`).join('\n')}`);
      return 1;
    }
    console.error(e);
    return 3;
  }
}

// A reader that stops early (`| head`) is not an error.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});

const code = await main(process.argv.slice(2));
process.exitCode = Math.max(Number(process.exitCode ?? 0), code);
