import type { Action, Cycle, Person, Plan } from '#domain/model';
import { currentAnswers } from '#domain/updates';
import { renderEscalation, type MissingOwner } from '#mail/templates/escalation';
import type { Deps } from './deps.ts';
import { sendOnce } from './send-once.ts';

/** Owners (and the actions no one can be asked about) still missing updates among `actions`. */
function whoIsMissing(actions: Action[], people: Person[]): { missing: MissingOwner[]; unowned: Array<{ ref: string; title: string }> } {
  const byKey = new Map(people.map((p) => [p.key, p]));
  const missing = new Map<string, MissingOwner>();
  const unowned: Array<{ ref: string; title: string }> = [];
  for (const a of actions) {
    const owners = a.owners.map((k) => byKey.get(k)).filter((p): p is Person => p !== undefined);
    if (!owners.some((p) => p.email)) unowned.push({ ref: a.ref, title: a.title });
    for (const p of owners) {
      const entry = missing.get(p.key) ?? { name: p.name, email: p.email, actions: [] };
      entry.actions.push({ ref: a.ref, title: a.title });
      missing.set(p.key, entry);
    }
  }
  return { missing: [...missing.values()], unowned };
}

/**
 * The escalation milestone: the day after the draft deadline, each outcome owner (the people
 * an action's outcome owner resolved to at import) hears which actions of their outcomes still
 * lack an update and who owns them; the coordinators get the whole list. Each email once
 * (dispatch ledger).
 */
export async function escalate(cycle: Cycle, plan: Plan, deps: Pick<Deps, 'store' | 'mailer' | 'logger' | 'mail'>): Promise<Record<string, unknown>> {
  const { store } = deps;
  const [actions, people, updates] = await Promise.all([store.getActions(plan.id), store.getPeople(plan.id), store.getUpdates(cycle.id)]);
  const answered = currentAnswers(updates);
  const outstanding = actions.filter((a) => !answered.has(a.ref));
  if (outstanding.length === 0) return { missing: 0, emailed: 0 };

  const base = { planName: plan.name, cycleName: cycle.name, draft: cycle.dates.draft, board: cycle.dates.board };
  const recipients: Array<{ key: string; to: string[]; name: string | null; actions: Action[] }> = [
    { key: 'coordinators', to: plan.coordinators, name: null, actions: outstanding },
  ];
  // Outcome owners were resolved to people at import (Action.outcomeOwners), like action owners.
  const byKey = new Map(people.map((p) => [p.key, p]));
  const byOutcomeOwner = new Map<string, Action[]>();
  const notResolved = new Set<string>();
  for (const a of outstanding) {
    if (a.outcomeOwner && a.outcomeOwners.length === 0) notResolved.add(a.outcomeOwner);
    for (const key of a.outcomeOwners) byOutcomeOwner.set(key, [...(byOutcomeOwner.get(key) ?? []), a]);
  }
  for (const text of notResolved) {
    // The import listed it as unresolved; a plan stored before outcome owners were resolved at import needs importing again.
    deps.logger.warn('outcome owner was not resolved to anyone at import', { cycleId: cycle.id, outcomeOwner: text });
  }
  for (const [key, list] of byOutcomeOwner) {
    const person = byKey.get(key);
    if (!person?.email) {
      deps.logger.warn('outcome owner cannot be emailed', { cycleId: cycle.id, outcomeOwner: person?.name ?? key });
      continue;
    }
    if (plan.coordinators.includes(person.email)) continue;
    recipients.push({ key: `outcome-${person.key}`, to: [person.email], name: person.name, actions: list });
  }

  let emailed = 0;
  for (const r of recipients) {
    if (r.to.length === 0) continue;
    const content = renderEscalation({ ...base, recipientName: r.name, ...whoIsMissing(r.actions, people) });
    const outcome = await sendOnce(
      { kind: 'escalation', cycleId: cycle.id, recipient: r.key },
      { to: r.to, messageId: `<escalation.${r.key}.${cycle.id}.${cycle.version}@${deps.mail.messageIdDomain}>`, ...content },
      deps,
    );
    if (outcome === 'sent') emailed += 1;
  }
  return { missing: outstanding.length, emailed };
}
