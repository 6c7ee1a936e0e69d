import { ConflictError, NotFoundError } from '#domain/errors';
import type { AuditEntry, Cycle, HeldReply, Plan } from '#domain/model';
import { readReply } from '#mail/parse-reply';
import type { Deps } from '#use-cases/deps';
import { acceptHeld, listHeld, rejectHeld } from '#use-cases/held-replies';
import { type HeldDecision, HeldPage, type HeldView } from '../held-page.tsx';
import { problem, refuseUnless, type Routes, type WebContext } from '../http.ts';
import { ukTime } from '../pages.tsx';

/** The cycle of the address and its plan; a 404 when either is missing or the cycle is another plan's. */
export async function cycleOfPlan(c: WebContext, { store }: Pick<Deps, 'store'>): Promise<{ cycle: Cycle; plan: Plan }> {
  const cycle = await store.getCycle(c.req.param('cycleId') ?? '');
  const plan = cycle ? await store.getPlan(cycle.planId) : null;
  if (!cycle || !plan || plan.id !== c.req.param('planId')) throw new NotFoundError('There is no such cycle in this plan.');
  return { cycle, plan };
}

const DECISIONS: readonly HeldDecision[] = ['accept', 'delegate', 'reject'];
const isDecision = (s: string | undefined): s is HeldDecision => DECISIONS.includes(s as HeldDecision);

/** The audit entry of a held reply's decision (the use cases name it by the reply). */
const decisionOf = (audit: readonly AuditEntry[], h: HeldReply) =>
  audit.find((e) => e.id === `held.accept#${h.cycleId}#${h.heldId}` || e.id === `held.reject#${h.cycleId}#${h.heldId}`) ?? null;

/** Each held reply of the cycle, read from its raw mail as ingestion would: waiting ones first, then newest first. */
async function heldViews(cycle: Cycle, deps: Pick<Deps, 'store' | 'blobs'>): Promise<HeldView[]> {
  const [held, requests, people, actions, audit] = await Promise.all([
    listHeld(cycle.id, deps),
    deps.store.getRequests(cycle.id),
    deps.store.getPeople(cycle.planId),
    deps.store.getActions(cycle.planId),
    deps.store.listAudit({ planId: cycle.planId }),
  ]);
  const titles = new Map(actions.map((a) => [a.ref, a.title]));
  const views = await Promise.all(
    held.map(async (h): Promise<HeldView> => {
      const request = requests.find((r) => r.ownerKey === h.ownerKey);
      const person = people.find((p) => p.key === h.ownerKey);
      const raw = await deps.blobs.get(h.rawKey);
      const read = raw ? (await readReply(raw)).reply : null;
      return {
        held: h,
        ownerName: request?.ownerName ?? person?.name ?? h.ownerKey,
        ownerEmail: request?.email ?? person?.email ?? null,
        missing: read === null,
        answers: (read?.updates ?? []).map((update) => {
          const asked = request?.actionRefs.includes(update.action) ?? false;
          return { update, asked, title: asked ? (titles.get(update.action) ?? null) : null };
        }),
        note: read?.note ?? null,
        problems: (read?.problems ?? []).map((p) => (p.action ? `action ${p.action}: ${p.message}` : p.message)),
        decision: decisionOf(audit, h),
      };
    }),
  );
  const waiting = (v: HeldView) => (v.held.state === 'held' ? 0 : 1);
  return views.sort((a, b) => waiting(a) - waiting(b) || b.held.receivedAt.localeCompare(a.held.receivedAt));
}

/** A cycle's held-replies queue, and a coordinator's or manager's accept, accept-and-register, reject. */
export const heldRoutes: Routes = (app, deps) => {
  app.get('/plans/:planId/cycles/:cycleId/held', async (c) => {
    const { cycle, plan } = await cycleOfPlan(c, deps);
    const replies = await heldViews(cycle, deps);
    const done = c.req.query('done');
    const view = replies.find((v) => v.held.heldId === c.req.query('held'));
    const notice = isDecision(done) && view ? { decision: done, view } : null;
    return c.html(HeldPage({ session: c.get('session'), plan, cycle, replies, notice }));
  });

  app.post('/plans/:planId/cycles/:cycleId/held/:heldId', async (c) => {
    const refused = refuseUnless(
      c,
      ['coordinator', 'manager'],
      'You cannot decide on held replies',
      'Only a coordinator or a manager of the plan can accept or reject a held reply.',
    );
    if (refused) return refused;
    const { cycle } = await cycleOfPlan(c, deps);
    const heldId = c.req.param('heldId');
    const decision = c.get('form').decision;
    if (!isDecision(decision)) return problem(c, 400, 'There is a problem', 'Choose Accept, Accept and let the sender answer for the owner, or Reject.');
    const actor = c.get('session').username;
    try {
      if (decision === 'reject') await rejectHeld({ cycleId: cycle.id, heldId, actor }, deps);
      else await acceptHeld({ cycleId: cycle.id, heldId, addDelegate: decision === 'delegate', actor }, deps);
    } catch (e) {
      if (e instanceof NotFoundError) {
        return problem(c, 404, 'Held reply not found', 'This cycle has no such held reply, or its email is missing. Nothing was changed.');
      }
      if (!(e instanceof ConflictError)) throw e;
      const h = (await listHeld(cycle.id, deps)).find((x) => x.heldId === heldId);
      const entry = h ? decisionOf(await deps.store.listAudit({ planId: cycle.planId }), h) : null;
      const state = h?.state === 'rejected' ? 'rejected' : 'accepted';
      return problem(
        c,
        409,
        'This reply was already dealt with',
        `This reply was already ${state}${entry ? ` by ${entry.actor} on ${ukTime(entry.at)}` : ''}, so nothing was changed. Go back to the held replies to see it.`,
      );
    }
    const back = `/plans/${encodeURIComponent(cycle.planId)}/cycles/${encodeURIComponent(cycle.id)}/held`;
    return c.redirect(`${back}?done=${decision}&held=${encodeURIComponent(heldId)}`, 303);
  });
};
