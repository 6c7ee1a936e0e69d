import { ZodError } from 'zod';
import { CYCLE_DATES } from '#domain/cycle';
import { ConflictError, NotFoundError, UserError } from '#domain/errors';
import type { CycleDates } from '#domain/model';
import { parseUkDate } from '#import/uk-dates';
import { getCycle, updateCycle } from '#use-cases/set-cycle-dates';
import { refuseUnless, type Routes, type WebContext } from '../http.ts';
import type { FieldError } from '../layout.tsx';
import { CyclePage, type DatesForm } from '../pages.tsx';
import { cycleDocument } from '../read-model.ts';

const DATE_KEYS = new Set<string>(CYCLE_DATES.map(([k]) => k));

/** A use case's refusal as the messages of a form: a message about one of `fields` (the dates) next to it, the others in the summary only. */
export function fieldErrors(e: UserError | ZodError, fields: ReadonlySet<string> = DATE_KEYS): FieldError[] {
  if (e instanceof ZodError) {
    return e.issues.map((i) => {
      const key = String(i.path[i.path.length - 1] ?? '');
      return { field: fields.has(key) ? key : null, message: i.message };
    });
  }
  return [{ field: e.field && fields.has(e.field) ? e.field : null, message: e.message }];
}

/** A cycle date's messages, in the words of its label ("Board date"): "The board date must be a real date". */
/**
 * The use case's words for the browser: it names the CLI's flags, the forms have a checkbox
 * for overlaps and no way to record a past cycle.
 */
function inBrowserWords(e: FieldError): FieldError {
  return {
    ...e,
    message: e.message
      .replace('use --allow-overlap if both are really wanted', 'tick "Allow this cycle to overlap another cycle" if both are really wanted')
      .replace(' Choose a later date, or use --allow-past to record a past cycle (nothing already past is scheduled).', ' Choose a later date.'),
  };
}

/** A use case's refusal as a cycle form's messages, in the browser's words; an overlap goes by the checkbox that allows it. */
export function browserErrors(e: UserError | ZodError, fields: ReadonlySet<string> = DATE_KEYS): FieldError[] {
  const errors = fieldErrors(e, fields).map(inBrowserWords);
  return e instanceof ConflictError && e.field === 'dates' ? errors.map((x) => ({ ...x, field: 'allowOverlap' })) : errors;
}

export const dateMessages = (words: string) => ({
  missing: `Enter the ${words} date`,
  notADate: `The ${words} date must be a real date, for example 18/5/2026`,
});

/** The notice a page shows after a redirect (`?saved=1`, `?created=1`, `?cancelled=1`). */
const noticeOf = (c: WebContext) => (['saved', 'created', 'cancelled'] as const).find((n) => c.req.query(n) === '1') ?? null;

/** A cycle's timeline and tracker, and a manager's date changes. */
export const cycleRoutes: Routes = (app, deps) => {
  /** The cycle page, with the dates form as given (after a refusal) or as stored. */
  async function cyclePage(c: WebContext, form: DatesForm, status: 200 | 400 | 409 = 200) {
    const result = await getCycle(c.req.param('cycleId') ?? '', deps);
    const plan = await deps.store.getPlan(result.cycle.planId);
    if (!plan || plan.id !== c.req.param('planId')) throw new NotFoundError('There is no such cycle in this plan.');
    const doc = await cycleDocument(result.cycle, plan, deps);
    return c.html(CyclePage({ session: c.get('session'), plan, result, tracker: doc.tracker, form, notice: noticeOf(c) }), status);
  }

  app.get('/plans/:planId/cycles/:cycleId', (c) => cyclePage(c, { values: {}, errors: [] }));

  app.post('/plans/:planId/cycles/:cycleId/dates', async (c) => {
    const refused = refuseUnless(
      c,
      ['manager'],
      'You cannot change dates',
      "Only a manager can change a cycle's dates. Ask a manager of the plan to change them.",
    );
    if (refused) return refused;
    const cycleId = c.req.param('cycleId');
    const before = await getCycle(cycleId, deps);
    if (before.cycle.planId !== c.req.param('planId')) throw new NotFoundError('There is no such cycle in this plan.');
    const form = c.get('form');
    const values: DatesForm['values'] = { allowOverlap: form.allowOverlap === 'yes' };
    const dates: Partial<CycleDates> = {};
    const errors: FieldError[] = [];
    for (const [key, words] of CYCLE_DATES) {
      const raw = (form[key] ?? '').trim();
      values[key] = raw;
      if (raw === '') {
        errors.push({ field: key, message: dateMessages(words).missing });
        continue;
      }
      const iso = parseUkDate(raw);
      if (iso) dates[key] = iso;
      else errors.push({ field: key, message: dateMessages(words).notADate });
    }
    if (errors.length) return cyclePage(c, { values, errors }, 400);
    try {
      await updateCycle({ cycleId, dates, allowOverlap: values.allowOverlap, actor: c.get('session').username }, deps);
    } catch (e) {
      if (e instanceof UserError || e instanceof ZodError)
        return cyclePage(c, { values, errors: browserErrors(e) }, e instanceof UserError && e.status === 409 ? 409 : 400);
      throw e;
    }
    return c.redirect(`/plans/${encodeURIComponent(before.cycle.planId)}/cycles/${encodeURIComponent(cycleId)}?saved=1`, 303);
  });
};
