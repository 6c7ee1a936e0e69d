import { ZodError } from 'zod';
import { ConflictError, NotFoundError } from '#domain/errors';
import { TEXT_FIELDS, type TextField } from '#domain/model';
import { currentAnswers } from '#domain/updates';
import { decidePrivacyReview, reviewPersonalData } from '#use-cases/privacy-review';
import { problem, refuseUnless, type Routes } from '../http.ts';
import { type PrivacyDecision, PrivacyPage, type PrivacyView } from '../privacy-page.tsx';
import { cycleOfPlan } from './held.ts';

const isDecision = (s: string | undefined): s is PrivacyDecision => s === 'redact' || s === 'clear';

/** A cycle's personal-data checks (run afresh on every view: a new answer is checked at once), and a coordinator's release. */
export const privacyRoutes: Routes = (app, deps) => {
  app.get('/plans/:planId/cycles/:cycleId/privacy', async (c) => {
    const { cycle, plan } = await cycleOfPlan(c, deps);
    const [people, updates, actions] = await Promise.all([deps.store.getPeople(plan.id), deps.store.getUpdates(cycle.id), deps.store.getActions(plan.id)]);
    const reviews = await reviewPersonalData(cycle, { plan, people, updates }, deps);
    const answers = currentAnswers(updates);
    const views: PrivacyView[] = [...reviews.values()].map((review) => {
      const answer = answers.get(review.actionRef);
      const fields = new Set(review.findings.map((f) => f.field));
      const texts: Partial<Record<TextField, string>> = {};
      for (const field of TEXT_FIELDS) if (fields.has(field)) texts[field] = answer?.[field] ?? '';
      return {
        review,
        title: actions.find((a) => a.ref === review.actionRef)?.title ?? null,
        ownerName: people.find((p) => p.key === review.ownerKey)?.name ?? review.ownerKey,
        texts,
      };
    });
    const order = new Map(actions.map((a, i) => [a.ref, i]));
    views.sort(
      (a, b) =>
        Number(a.review.state !== 'pending') - Number(b.review.state !== 'pending') ||
        (order.get(a.review.actionRef) ?? 0) - (order.get(b.review.actionRef) ?? 0),
    );
    const done = c.req.query('done');
    const ref = c.req.query('action');
    const notice = isDecision(done) && ref ? { decision: done, actionRef: ref } : null;
    return c.html(PrivacyPage({ session: c.get('session'), plan, cycle, views, notice }));
  });

  app.post('/plans/:planId/cycles/:cycleId/privacy/:actionRef', async (c) => {
    const refused = refuseUnless(
      c,
      ['coordinator', 'manager'],
      'You cannot release entries',
      'Only a coordinator or a manager of the plan can release an entry for the board pack.',
    );
    if (refused) return refused;
    const { cycle } = await cycleOfPlan(c, deps);
    const actionRef = c.req.param('actionRef');
    const { decision, textHash } = c.get('form');
    if (!isDecision(decision)) return problem(c, 400, 'There is a problem', 'Choose "Publish the redacted version" or "The text is fine".');
    try {
      await decidePrivacyReview({ cycleId: cycle.id, actionRef, textHash: textHash ?? '', decision, actor: c.get('session').username }, deps);
    } catch (e) {
      if (e instanceof NotFoundError)
        return problem(c, 404, 'Check not found', `This cycle has no personal-data check of action ${actionRef}. Nothing was changed.`);
      if (e instanceof ConflictError || e instanceof ZodError) {
        return problem(
          c,
          409,
          'This entry was already dealt with, or its text changed',
          `Someone released action ${actionRef} already, or the owner sent a new answer since you opened the page. Nothing was changed: open the personal data check again.`,
        );
      }
      throw e;
    }
    const back = `/plans/${encodeURIComponent(cycle.planId)}/cycles/${encodeURIComponent(cycle.id)}/privacy`;
    return c.redirect(`${back}?done=${decision}&action=${encodeURIComponent(actionRef)}`, 303);
  });
};
