import { addDays } from '#domain/calendar';
import type { Action, Cycle, MilestoneKind, Person, Plan, Request } from '#domain/model';
import { currentAnswers } from '#domain/updates';
import { renderUpdateRequest, type FormAction } from '#mail/templates/update-form';
import { replyAddress, type Deps } from './deps.ts';
import { sendOnce } from './send-once.ts';

/** Each owner (with an email) and the actions they lead or share, in plan order. */
export function actionsByOwner(actions: Action[], people: Person[]): Array<{ person: Person; actions: Action[] }> {
  const byKey = new Map(people.filter((p) => p.email).map((p) => [p.key, { person: p, actions: [] as Action[] }]));
  for (const action of actions) for (const key of action.owners) byKey.get(key)?.actions.push(action);
  return [...byKey.values()].filter((o) => o.actions.length > 0);
}

/** The last update of each action in the plan's previous cycle (shown in the form as "Last update"). */
async function previousAnswers(cycle: Cycle, store: Deps['store']): Promise<Map<string, NonNullable<FormAction['lastUpdate']>>> {
  const previous = (await store.listCycles(cycle.planId))
    .filter((c) => c.id !== cycle.id && c.state !== 'cancelled' && c.dates.draft < cycle.dates.draft)
    .sort((a, b) => b.dates.draft.localeCompare(a.dates.draft))[0];
  if (!previous) return new Map();
  const answers = currentAnswers(await store.getUpdates(previous.id));
  return new Map([...answers].map(([ref, a]) => [ref, { cycleName: previous.name, status: a.status, summary: a.summary }]));
}

/** The owner's request for this cycle, created (with a signed token) the first time. */
async function ensureRequest(
  cycle: Cycle,
  owner: { person: Person; actions: Action[] },
  existing: Map<string, Request>,
  { store, signer, clock, mail }: Pick<Deps, 'store' | 'signer' | 'clock' | 'mail'>,
): Promise<Request> {
  const found = existing.get(owner.person.key);
  if (found) return found;
  const requestId = signer.newRequestId();
  const expiresAt = `${addDays(cycle.dates.board, mail.tokenGraceDays)}T23:59:59Z`;
  const request: Request = {
    cycleId: cycle.id,
    planId: cycle.planId,
    ownerKey: owner.person.key,
    ownerName: owner.person.name,
    email: owner.person.email!,
    requestId,
    token: signer.sign({ requestId, cycleId: cycle.id, ownerKey: owner.person.key, expiresAt }),
    actionRefs: owner.actions.map((a) => a.ref),
    expiresAt,
    createdAt: clock.now().toISOString(),
  };
  await store.putRequest(request);
  return request;
}

/** What one fan-out run works from, loaded once. */
interface FanOut {
  kind: 'request' | 'reminder';
  owners: Array<{ person: Person; actions: Action[] }>;
  answered: Set<string>;
  /** Addresses SES told us bounced or complained: never emailed again. */
  blocked: Set<string>;
  requests: Map<string, Request>;
  lastUpdates: Map<string, NonNullable<FormAction['lastUpdate']>>;
}

async function loadFanOut(milestone: MilestoneKind, cycle: Cycle, plan: Plan, store: Deps['store']): Promise<FanOut> {
  const kind = milestone === 'requests-open' ? 'request' : 'reminder';
  const [actions, people, requests, updates, lastUpdates] = await Promise.all([
    store.getActions(plan.id),
    store.getPeople(plan.id),
    store.getRequests(cycle.id),
    kind === 'reminder' ? store.getUpdates(cycle.id) : Promise.resolve([]),
    previousAnswers(cycle, store),
  ]);
  const blocked = await store.getAddressStates(people.flatMap((p) => (p.email ? [p.email] : [])));
  return {
    kind,
    owners: actionsByOwner(actions, people),
    answered: new Set(currentAnswers(updates).keys()),
    blocked: new Set(blocked.keys()),
    requests: new Map(requests.map((r) => [r.ownerKey, r])),
    lastUpdates,
  };
}

/** The actions to ask an owner about: all of them in the form, only those still unanswered in a reminder. */
const actionsToAsk = (owner: { actions: Action[] }, run: FanOut) =>
  run.kind === 'reminder' ? owner.actions.filter((a) => !run.answered.has(a.ref)) : owner.actions;

/** One owner's form (or reminder), through the send ledger. */
async function askOwner(
  milestone: MilestoneKind,
  cycle: Cycle,
  plan: Plan,
  owner: { person: Person; actions: Action[] },
  wanted: Action[],
  run: FanOut,
  deps: Pick<Deps, 'store' | 'signer' | 'clock' | 'mail' | 'mailer' | 'logger'>,
): Promise<'sent' | 'skipped'> {
  const request = await ensureRequest(cycle, owner, run.requests, deps);
  const content = renderUpdateRequest({
    kind: run.kind,
    ownerName: owner.person.name,
    planName: plan.name,
    cycleName: cycle.name,
    board: cycle.dates.board,
    replyBy: cycle.dates.draft,
    token: request.token,
    supportEmail: plan.coordinators[0] ?? null,
    actions: wanted.map((action) => ({ action, lastUpdate: run.lastUpdates.get(action.ref) })),
  });
  return sendOnce(
    { kind: 'update-request', cycleId: cycle.id, milestone, ownerKey: owner.person.key },
    {
      to: [request.email],
      replyTo: replyAddress(deps.mail, request.token),
      messageId: `<${milestone}.${request.requestId}.${cycle.version}@${deps.mail.messageIdDomain}>`,
      ...content,
    },
    deps,
  );
}

/**
 * requests-open: one email per owner with all their actions. reminder: one email per owner
 * whose actions still lack an update, listing only those. Each send goes through the send
 * ledger, so a repeated milestone never emails anyone twice.
 * 1. load the plan's owners, the cycle's requests and answers  2. for each owner, several
 * at once (`mail.sendConcurrency`; the mailer paces sends to the SES rate), unless this
 * run must stop: the actions to ask about, skip a blocked address, send once
 */
export async function sendUpdateRequests(
  milestone: MilestoneKind,
  cycle: Cycle,
  plan: Plan,
  deps: Pick<Deps, 'store' | 'signer' | 'clock' | 'mail' | 'mailer' | 'logger'>,
  /** Asked before each owner: true when this run must stop (e.g. the Lambda is near its timeout). */
  shouldStop: () => boolean = () => false,
): Promise<{ sent: number; skipped: number; complete: boolean }> {
  const run = await loadFanOut(milestone, cycle, plan, deps.store);
  let sent = 0;
  let skipped = 0;
  const complete = await forEachAtOnce(run.owners, deps.mail.sendConcurrency, shouldStop, async (owner) => {
    const wanted = actionsToAsk(owner, run);
    if (wanted.length === 0) return;
    if (run.blocked.has(owner.person.email!.toLowerCase())) {
      skipped += 1;
      return;
    }
    if ((await askOwner(milestone, cycle, plan, owner, wanted, run, deps)) === 'sent') sent += 1;
    else skipped += 1;
  });
  return { sent, skipped, complete };
}

/**
 * Runs `work` on the items, `limit` at a time, in order of starting. Before each item it asks
 * `shouldStop`; once true (or once an item fails) no item starts, those running finish, and
 * the result is false (or the first error is thrown).
 */
export async function forEachAtOnce<T>(items: readonly T[], limit: number, shouldStop: () => boolean, work: (item: T) => Promise<void>): Promise<boolean> {
  let next = 0;
  let stopped = false;
  let failure: { error: unknown } | null = null;
  const worker = async () => {
    while (!failure && !stopped && next < items.length) {
      if (shouldStop()) {
        stopped = true;
        return;
      }
      const item = items[next++] as T;
      try {
        await work(item);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (failure) throw (failure as { error: unknown }).error;
  return !stopped;
}
