import type { RequestCounter } from '#adapters/request-counter';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createTransport } from 'nodemailer';
import { londonDate } from '#domain/calendar';
import { addWorkingDays } from '#domain/working-days';
import { sentEmails, type StoredEmail } from '#adapters/local/ses-local-inbox';
import type { Logger } from '#ports/logger';
import { ReportStage } from '#domain/model';
import { REPORT_FORMATS } from '#reports/formats';
import { reportKey } from '#use-cases/compile-report';
import { importPlan } from '#use-cases/import-plan';
import { createCycle } from '#use-cases/set-cycle-dates';
import { samplePlanInput } from './sample.ts';
import { composeReply, gmailInlineReply, outlookReply, SCRIPTED_STATUSES, type ScriptedAnswer } from './scripted-replies.ts';
import { startLocalStack } from './stack.ts';
import { VirtualClock } from './virtual-clock.ts';

export interface DemoResult {
  cycleId: string;
  /** Every file written to the out folder: each stage in each format. */
  reportPaths: string[];
  /** The draft report's HTML page. */
  reportHtml: string;
  /** The action whose answer was corrected after the draft (marked in the final report). */
  corrected: string;
  /** The action answered "On track" with no evidence: asked a follow-up question, flagged in the reports. */
  thinEvidence: string;
  /** The action whose answer names a child with a date of birth: withheld from the board pack, on the web app's check page. */
  personalData: string;
  /** Every action ref of the plan. */
  actions: string[];
  /** Actions some owner answered. */
  answered: string[];
  requestsSent: number;
  remindersSent: number;
  repliesSent: number;
  emails: StoredEmail[];
}

/** Deterministic scripted answers for one owner's actions, each with a figure in its evidence. */
function answersFor(refs: string[], seed: number): Record<string, ScriptedAnswer> {
  return Object.fromEntries(
    refs.map((ref, i) => [
      ref,
      {
        status: SCRIPTED_STATUSES[(seed + i) % SCRIPTED_STATUSES.length]!,
        evidence: `Quarter figures for ${ref}: ${60 + ((seed * 7 + i * 11) % 35)}% on time, checked with the data team.`,
        summary: `Work on ${ref} continues as planned; next review at the outcomes group.`,
        ...((seed + i) % 3 === 1 ? { risks: 'Staff vacancies in the team.', mitigation: 'Agency cover agreed until the post is filled.' } : {}),
      },
    ]),
  );
}

const refsIn = (email: StoredEmail) => [...(email.body.text ?? '').matchAll(/^---- Action (\S+) ----$/gm)].map((m) => m[1]!);

/** The thin answer: a status with nothing behind it, which the evidence checks ask about. */
const THIN_ANSWER: ScriptedAnswer = { status: 'On track', summary: 'Going well; nothing to add this quarter.' };

/** What officers sometimes write: a child's name and date of birth, which a public board paper must not carry. */
const PERSONAL_ANSWER: ScriptedAnswer = {
  status: 'On track',
  evidence: 'Jamie Smith (DOB 03/04/2011) moved to a new foster placement in March; attendance is 96% since the move.',
  summary: 'Placement stable; the virtual school is monitoring attendance monthly.',
};

/**
 * One whole cycle, unattended, on a private embedded stack with a virtual clock: forms out,
 * scripted replies in over SMTP (Gmail- and Outlook-style, one "On track" with no evidence,
 * plus an out-of-office), the
 * reminder to the rest, the draft report, a correction after it (the chair's), the chair's
 * briefing, the final report and the board pack; every stage in every format written to `outDir`.
 */
export async function runDemo(options: {
  outDir: string;
  logger: Logger;
  say?: (line: string) => void;
  /** Counts the SDK requests the cycle makes (the cost estimate). */
  counter?: RequestCounter;
}): Promise<DemoResult> {
  const say = options.say ?? (() => {});
  const dataDir = await mkdtemp(join(tmpdir(), 'planpulse-demo-'));
  const clock = new VirtualClock(new Date(), 1);
  const stack = await startLocalStack({ dataDir, clock, logger: options.logger, smtpPort: 0, ...(options.counter ? { counter: options.counter } : {}) });
  try {
    const { deps, scheduler, endpoints } = stack;
    const imported = await importPlan(samplePlanInput(), deps);
    const actions = (await deps.store.getActions(imported.plan.id)).map((a) => a.ref);
    say(`Plan "${imported.plan.name}": ${imported.actions.length} actions.`);

    const draft = addWorkingDays(londonDate(clock.now()), 20);
    const briefing = addWorkingDays(draft, 5);
    const final = addWorkingDays(briefing, 5);
    const board = addWorkingDays(final, 7);
    const { cycle, milestones } = await createCycle({ planId: imported.plan.id, name: 'Demo cycle', dates: { draft, briefing, final, board } }, deps);
    say(`Cycle ${cycle.id}: ${milestones.map((m) => `${m.kind} ${m.at.slice(0, 16)}`).join(', ')}`);

    const smtp = createTransport({ host: '127.0.0.1', port: endpoints.smtpPort!, secure: false, ignoreTLS: true });
    let repliesSent = 0;
    let thinEvidence: string | null = null;
    let personalData: string | null = null;
    const answered = new Set<string>();
    const runUntil = async (kind: string) => {
      for (;;) {
        const next = (await scheduler.pending()).sort((a, b) => a.at.localeCompare(b.at))[0];
        if (!next) throw new Error(`demo: no milestone ${kind} pending`);
        clock.advanceTo(new Date(next.at));
        await scheduler.tick();
        say(`${next.at.slice(0, 16)}  ${next.event.milestone}`);
        if (next.event.milestone === kind) return;
      }
    };

    await runUntil('requests-open');
    const requests = (await sentEmails(endpoints.ses)).filter((e) => e.subject.startsWith('Update request'));
    say(`${requests.length} update requests sent (see each in the local SES store).`);

    // About two in three owners answer; the first of the rest is on leave (auto-reply).
    const ordered = [...requests].sort((a, b) => a.destination.to[0]!.localeCompare(b.destination.to[0]!));
    const askedOf = new Map<string, number>();
    for (const request of requests) for (const ref of refsIn(request)) askedOf.set(ref, (askedOf.get(ref) ?? 0) + 1);
    for (const [i, request] of ordered.entries()) {
      const refs = refsIn(request);
      const messageId = `<demo-reply-${i}@mail.example.org>`;
      let raw: Buffer;
      if (i % 3 === 2) {
        if (i !== 2) continue;
        raw = await composeReply(request, 'I am out of the office until next Monday.', { messageId, autoReply: true });
      } else {
        const answers = answersFor(refs, i);
        // One owner (after the first, whose answer is corrected later) says "On track" and nothing
        // more about an action that is theirs alone (another owner's evidence would stand as its answer).
        const own = refs.find((ref) => askedOf.get(ref) === 1);
        if (!thinEvidence && i > 0 && own) {
          thinEvidence = own;
          answers[own] = THIN_ANSWER;
        } else if (!personalData && thinEvidence && own && own !== thinEvidence) {
          personalData = own;
          answers[own] = PERSONAL_ANSWER;
        }
        const body = i % 2 === 0 ? gmailInlineReply(request, answers) : outlookReply(request, answers);
        raw = await composeReply(request, body, { messageId });
        for (const r of refs) answered.add(r);
      }
      await smtp.sendMail({ envelope: { from: request.destination.to[0]!, to: [request.replyTo[0]!] }, raw });
      repliesSent += 1;
    }
    say(`${repliesSent} replies delivered over SMTP${thinEvidence ? ` (${thinEvidence}: "On track" with no evidence)` : ''}.`);
    if (!thinEvidence) throw new Error('demo: no owner to give the thin-evidence answer');
    if (!personalData) throw new Error('demo: no owner to give the answer with personal data');
    say(`${personalData}: an answer naming a child with a date of birth (the board pack holds it back).`);

    await runUntil('reminder-5');
    const reminders = (await sentEmails(endpoints.ses)).filter((e) => e.subject.startsWith('Reminder'));
    say(`${reminders.length} reminders sent to owners still missing updates.`);

    await runUntil('draft');
    // After the draft, an owner corrects one answer (as the chair asked): the final report marks it.
    const first = ordered[0]!;
    const corrected = refsIn(first)[0]!;
    const correction = gmailInlineReply(first, {
      [corrected]: {
        status: 'Off track',
        summary: `Corrected after the chair's review: ${corrected} has slipped; recovery plan agreed.`,
        risks: 'Recruitment delayed.',
      },
    });
    await smtp.sendMail({
      envelope: { from: first.destination.to[0]!, to: [first.replyTo[0]!] },
      raw: await composeReply(first, correction, { messageId: '<demo-correction@mail.example.org>' }),
    });
    repliesSent += 1;
    say(`Correction to ${corrected} delivered after the draft.`);
    await runUntil('board');

    const outDir = resolve(options.outDir);
    await mkdir(outDir, { recursive: true });
    const reportPaths: string[] = [];
    for (const stage of ReportStage.options) {
      for (const format of REPORT_FORMATS) {
        const body = await deps.blobs.get(reportKey(cycle.id, stage, format));
        if (!body) throw new Error(`demo: the ${stage} report was not compiled as ${format}`);
        const path = join(outDir, `${cycle.id}-${stage}.${format}`);
        await writeFile(path, body);
        reportPaths.push(path);
      }
    }
    const html = (await deps.blobs.get(reportKey(cycle.id, 'draft', 'html')))!.toString('utf8');
    return {
      cycleId: cycle.id,
      reportPaths,
      reportHtml: html,
      corrected,
      thinEvidence,
      personalData,
      actions,
      answered: [...answered],
      requestsSent: requests.length,
      remindersSent: reminders.length,
      repliesSent,
      emails: await sentEmails(endpoints.ses),
    };
  } finally {
    await stack.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}
