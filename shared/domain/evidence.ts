/**
 * Evidence checks: whether an owner's answer says enough for a board to trust it. Each rule
 * is a pure function of the action, the current answer, last cycle's answer and today's
 * date (Europe/London); a rule that fires gives a flag with a short reason (for the owner and
 * the coordinator, shown in reports) and one specific follow-up question (asked in the
 * confirmation). Rules are data: a plan can switch any of them off (`Plan.evidenceRules`).
 * What each rule reads and its limits: docs/evidence.md.
 */
import * as z from 'zod';
import { formatLongDate } from './calendar.ts';
import { type Figure, figuresIn } from './figures.ts';
import type { Action, IsoDate, UpdateStatus } from './model.ts';

/** The rules, in the order their flags are listed. */
export const EVIDENCE_RULE_IDS = ['no-evidence', 'overdue-on-track', 'no-figure', 'repeated', 'complete-target-missing'] as const;
export const EvidenceRuleId = z.enum(EVIDENCE_RULE_IDS);
export type EvidenceRuleId = z.infer<typeof EvidenceRuleId>;

/** A plan's choice of rules: those switched off (absent, or an empty list: every rule on). */
export const EvidenceRules = z.object({ off: z.array(EvidenceRuleId).default([]) });
export type EvidenceRules = z.infer<typeof EvidenceRules>;

/** What a rule found: which rule, why (a sentence), and the one question to ask the owner. */
export interface EvidenceFlag {
  rule: EvidenceRuleId;
  reason: string;
  question: string;
}

/** The answer fields the checks read (a `CurrentAnswer` has them). */
export interface AnswerText {
  status: UpdateStatus | null;
  evidence: string | null;
  summary: string | null;
}

export interface EvidenceInput {
  action: Pick<Action, 'ref' | 'measure' | 'baseline' | 'target' | 'due' | 'revisedDue'>;
  /** The action's current answer in this cycle (`currentAnswers`). */
  answer: AnswerText;
  /** The same action's current answer in the plan's previous cycle, or null. */
  previous: { cycleName: string; answer: Pick<AnswerText, 'evidence' | 'summary'> } | null;
  /** Today in Europe/London (the clock's day, or the report's day). */
  today: IsoDate;
  /** The plan's setting; absent: every rule on. */
  rules?: EvidenceRules | undefined;
}

/** One rule: its id, what it checks in words (the CLI lists them), and the check. */
interface EvidenceRule {
  id: EvidenceRuleId;
  description: string;
  check(c: Checked): Omit<EvidenceFlag, 'rule'> | null;
}

/** A baseline or target of the action, as written, with the figures in it. */
interface Indicator {
  kind: 'baseline' | 'target';
  text: string;
  figures: Figure[];
}

/** What every rule reads, worked out once per answer. */
interface Checked {
  input: EvidenceInput;
  /** The evidence, or null when blank or only a placeholder ("n/a", "-", "as above"). */
  evidence: string | null;
  summary: string | null;
  /** Figures in the evidence and the summary. */
  figures: Figure[];
  /** The action's baselines and targets, read on first use (most answers never need them). */
  readonly indicators: Indicator[];
}

/** Answers that say nothing: blank, a dash, "n/a", "tbc", "as above", "no change". */
const PLACEHOLDER =
  /^(?:n\/?a|none|nil|nothing|tbc|tbd|tba|to follow|-+|–|—|\.+|\?+|x|no evidence(?: yet)?|no update|no change|as above|see above|as before|as last time|as previously reported|same as (?:before|last time|last quarter|last cycle)|ongoing|on track|complete|completed|done|yes)[.!]?$/i;
/** Evidence that points at the summary: evidence only when the summary says something. */
const SEE_SUMMARY = /^(?:see|refer to|as per|please see)\s+(?:the\s+)?(?:summary|below)[.!]?$/i;

const squash = (text: string) => text.replace(/\s+/g, ' ').trim();
function said(text: string | null): string | null {
  const t = text === null ? '' : squash(text);
  return t === '' || PLACEHOLDER.test(t) ? null : t;
}

/** A baseline or target that is not one yet: "N/A", "TBC", "not yet determined", "Jayne Austin to confirm". */
const NOT_SET =
  /^(?:n\/?a\b|tbc\b|tbd\b|tba\b|none\b|nil\b|unknown\b|not (?:yet )?(?:known|set|determined|agreed|available|applicable)\b|to be\b|new\b|-+$|\?+$|$)|\bto (?:be )?(?:confirm|agree|establish|determine|develop|set)|\bwill (?:require|need)\b/i;
/** A text target a person can check ("no decline", "in line with stat neighbours"): a short phrase. */
const MAX_TARGET_WORDS = 8;

const LABEL = /\b(baseline|target)s?\b/gi;

/**
 * The labelled parts of a line ("Baseline (Feb 2011) – 52.8%", "Baseline: 69% Target: 100%"):
 * a label counts at the start of the line, or when a colon, a dash or a bracketed date follows
 * it ("floor target schools" is no label).
 */
function labelled(line: string): Array<{ kind: Indicator['kind']; text: string }> {
  const found: Array<{ kind: Indicator['kind']; start: number; valueAt: number; qualifier: string | null }> = [];
  for (const m of line.matchAll(LABEL)) {
    const after = line.slice(m.index + m[0].length);
    const sep = /^\s*(?:\(([^)]*)\))?\s*(?:[:=]|[–—-](?=\s|\d)|(?=\d))/.exec(after);
    const atStart = line.slice(0, m.index).trim() === '' || /[:;.]\s*$/.test(line.slice(0, m.index));
    if (!sep && !atStart) continue;
    const qualifier = sep?.[1]?.trim() || null;
    found.push({ kind: m[1]!.toLowerCase() as Indicator['kind'], start: m.index, valueAt: m.index + m[0].length + (sep ? sep[0].length : 0), qualifier });
  }
  return found.map((f, i) => {
    const value = line
      .slice(f.valueAt, found[i + 1]?.start ?? line.length)
      .replace(/\s[-–—]\s*(?=\()/g, ' ')
      .replace(/^[\s:=–—-]+|[\s.;,:–—-]+$/g, '');
    return { kind: f.kind, text: value && f.qualifier ? `${value} (${f.qualifier})` : value };
  });
}

const lines = (text: string | null) =>
  (text ?? '')
    .split(/\r\n|[\r\n\u2028\u2029]/)
    .map(squash)
    .filter(Boolean);

function indicator(kind: Indicator['kind'], text: string): Indicator | null {
  const figures = figuresIn(text);
  if (figures.length === 0 && (NOT_SET.test(text) || kind === 'baseline' || text.split(' ').length > MAX_TARGET_WORDS)) return null;
  return { kind, text: text.length > 80 ? `${text.slice(0, 79)}…` : text, figures };
}

/**
 * The action's baselines and targets: its own baseline and target cells (a line each, a
 * "Target:" prefix dropped), and the labelled lines of its measure ("Baseline: 87% - (Jan
 * 2011)", "Target: 99% in city"). A measure with no label anywhere lends its percentages as
 * baselines ("% immunisations up to date (87.9% - March 2010)"). Placeholders count as none.
 */
function indicatorsOf(action: EvidenceInput['action']): Indicator[] {
  const out: Indicator[] = [];
  for (const kind of ['baseline', 'target'] as const) {
    for (const line of lines(action[kind])) {
      const parts = labelled(line);
      const text = parts.length > 0 && parts.every((p) => p.kind === kind) ? parts.map((p) => p.text).join('; ') : line;
      const found = indicator(kind, text);
      if (found) out.push(found);
    }
  }
  const measure = lines(action.measure);
  const labelledParts = measure.flatMap(labelled);
  for (const part of labelledParts) {
    const found = indicator(part.kind, part.text);
    if (found) out.push(found);
  }
  if (out.length === 0 && labelledParts.length === 0) {
    for (const line of measure) {
      for (const f of figuresIn(line)) if (f.percent) out.push({ kind: 'baseline', text: f.text, figures: [f] });
    }
  }
  return out;
}

/** "95%", "99% in city and 85% out of city", "87.9%, 83.6% and 83.9%", "1%, 2%, 3% and 2 more". */
function listed(items: readonly Indicator[]): string {
  const texts = [...new Set(items.map((i) => i.text))];
  if (texts.length <= 3) return texts.length === 1 ? texts[0]! : `${texts.slice(0, -1).join(', ')} and ${texts.at(-1)}`;
  return `${texts.slice(0, 3).join(', ')} and ${texts.length - 3} more`;
}

/** The figures to ask about: the targets when there are any, else the baselines. */
function figuresToAsk(c: Checked): { noun: 'target' | 'baseline'; items: Indicator[] } | null {
  const numeric = c.indicators.filter((i) => i.figures.length > 0);
  const targets = numeric.filter((i) => i.kind === 'target');
  if (targets.length > 0) return { noun: 'target', items: targets };
  return numeric.length > 0 ? { noun: 'baseline', items: numeric } : null;
}

/** "The target is 95%", "The baselines are 87.9% and 83.6%". */
function statement({ noun, items }: { noun: string; items: Indicator[] }, tense: 'is' | 'was' = 'is'): string {
  const many = new Set(items.map((i) => i.text)).size > 1;
  const verb = many ? (tense === 'is' ? 'are' : 'were') : tense;
  return `The ${noun}${many ? 's' : ''} ${verb} ${listed(items)}`;
}

function isoDue(action: EvidenceInput['action']): { date: IsoDate; revised: boolean } | null {
  if (action.revisedDue) return { date: action.revisedDue, revised: true };
  return action.due ? { date: action.due, revised: false } : null;
}

const same = (a: string | null, b: string | null) =>
  a !== null && b !== null && a.toLowerCase().replace(/[.!\s]+$/, '') === b.toLowerCase().replace(/[.!\s]+$/, '');

/** A target is mentioned when the answer says "target", gives one of its figures, or uses every main word of a text target. */
function mentions(c: Checked, target: Indicator): boolean {
  const text = `${c.evidence ?? ''} ${c.summary ?? ''}`.toLowerCase();
  if (/\btargets?\b/.test(text)) return true;
  if (target.figures.length > 0) return target.figures.every((t) => c.figures.some((f) => f.value === t.value));
  const words = target.text.toLowerCase().match(/\p{L}{3,}/gu) ?? [];
  const main = words.filter((w) => !STOP_WORDS.has(w));
  return main.length > 0 && main.every((w) => text.includes(w));
}
const STOP_WORDS = new Set(['the', 'and', 'for', 'with', 'than', 'that', 'all', 'from', 'our', 'are', 'was', 'per']);

/** The rules, as data: each can be switched off per plan. */
export const EVIDENCE_RULES: readonly EvidenceRule[] = [
  {
    id: 'no-evidence',
    description: 'On track or Complete with no evidence',
    check(c) {
      const status = c.input.answer.status;
      if ((status !== 'on_track' && status !== 'complete') || c.evidence !== null) return null;
      const ask = figuresToAsk(c);
      const question = ask
        ? `${statement(ask)} — what is the figure now, and where does it come from?`
        : status === 'complete'
          ? 'What shows that this action is complete — for example the date it was finished, or the document or figure that shows it?'
          : 'What shows that this action is on track — for example a figure, a date or a report the board could look at?';
      return { reason: `${status === 'complete' ? 'Complete' : 'On track'} with no evidence given.`, question };
    },
  },
  {
    id: 'overdue-on-track',
    description: 'On track although the due date (revised due if any) has passed and the action is not complete',
    check(c) {
      const due = isoDue(c.input.action);
      if (c.input.answer.status !== 'on_track' || !due || due.date >= c.input.today) return null;
      const when = formatLongDate(due.date);
      return {
        reason: `On track, but its ${due.revised ? 'revised ' : ''}due date (${when}) has passed and it is not complete.`,
        question: `It was due by ${when}: is it complete now, or by what date will it be finished?`,
      };
    },
  },
  {
    id: 'no-figure',
    description: 'The measure has a numeric baseline or target, but the update gives no figure',
    check(c) {
      if (c.figures.length > 0) return null;
      const ask = figuresToAsk(c);
      if (!ask) return null;
      const many = new Set(ask.items.map((i) => i.text)).size > 1;
      return {
        reason: `The measure has ${many ? `${ask.noun}s of` : `a ${ask.noun} of`} ${listed(ask.items)}, but the update gives no figure.`,
        question: `${statement(ask)} — what ${many ? 'are the figures' : 'is the figure'} now?`,
      };
    },
  },
  {
    id: 'repeated',
    description: "Evidence or summary word for word the same as the previous cycle's",
    check(c) {
      const previous = c.input.previous;
      if (!previous) return null;
      const fields = [
        same(c.evidence, said(previous.answer.evidence)) ? 'evidence' : null,
        same(c.summary, said(previous.answer.summary)) ? 'summary' : null,
      ].filter((f): f is string => f !== null);
      if (fields.length === 0) return null;
      const what = fields.join(' and ');
      const cycle = squash(previous.cycleName);
      return {
        reason: `The ${what} ${fields.length > 1 ? 'are' : 'is'} the same as in the previous cycle (${cycle}).`,
        question: `Your ${what} ${fields.length > 1 ? 'are' : 'is'} word for word the same as in ${cycle} — what has changed since then?`,
      };
    },
  },
  {
    id: 'complete-target-missing',
    description: "Complete while the measure's target is not mentioned",
    check(c) {
      if (c.input.answer.status !== 'complete') return null;
      const targets = c.indicators.filter((i) => i.kind === 'target');
      if (targets.length === 0 || targets.some((t) => mentions(c, t))) return null;
      const numeric = targets.some((t) => t.figures.length > 0);
      const quoted = targets.every((t) => t.figures.length === 0) ? `“${listed(targets)}”` : listed(targets);
      const many = new Set(targets.map((t) => t.text)).size > 1;
      return {
        reason: `Complete, but the update does not say whether the target${many ? 's' : ''} (${quoted}) ${many ? 'were' : 'was'} met.`,
        question: `The target${many ? 's were' : ' was'} ${quoted} — ${many ? 'were they' : 'was it'} met${numeric ? ', and what was the final figure' : ''}?`,
      };
    },
  },
];

/** Flags made redundant by another: with no evidence at all, or a Complete that skips the target, "no figure" adds nothing. */
const COVERED_BY: Partial<Record<EvidenceRuleId, readonly EvidenceRuleId[]>> = { 'no-figure': ['no-evidence', 'complete-target-missing'] };

/** The rules switched on for a plan's setting. */
export function rulesOn(rules: EvidenceRules | undefined): Set<EvidenceRuleId> {
  const off = new Set(rules?.off ?? []);
  return new Set(EVIDENCE_RULE_IDS.filter((id) => !off.has(id)));
}

/**
 * The flags of one answer, in rule order: each rule that is on and fires, except one covered
 * by another that fired (`COVERED_BY`). No answer text at all (only risks) still gets flags
 * about its status and figures.
 */
export function checkEvidence(input: EvidenceInput): EvidenceFlag[] {
  const on = rulesOn(input.rules);
  if (on.size === 0) return [];
  const summary = said(input.answer.summary);
  const written = said(input.answer.evidence);
  // "See summary" is evidence when the summary says something.
  const evidence = written !== null && SEE_SUMMARY.test(written) ? summary : written;
  let read: Indicator[] | undefined;
  const c: Checked = {
    input,
    evidence,
    summary,
    figures: [...(written === null ? [] : figuresIn(input.answer.evidence)), ...(summary === null ? [] : figuresIn(input.answer.summary))],
    get indicators() {
      read ??= indicatorsOf(input.action);
      return read;
    },
  };
  const fired: EvidenceFlag[] = [];
  for (const rule of EVIDENCE_RULES) {
    if (!on.has(rule.id)) continue;
    const found = rule.check(c);
    if (found) fired.push({ rule: rule.id, ...found });
  }
  const ids = new Set(fired.map((f) => f.rule));
  return fired.filter((f) => !(COVERED_BY[f.rule] ?? []).some((other) => ids.has(other)));
}
