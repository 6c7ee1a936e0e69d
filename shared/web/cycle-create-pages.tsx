/** @jsxImportSource hono/jsx */
import { CYCLE_DATES } from '#domain/cycle';
import type { Cycle, CycleDates, Plan } from '#domain/model';
import { CsrfField, ErrorSummary, type FieldError, Layout, sentence, Breadcrumbs } from './layout.tsx';
import type { Session } from './session.ts';

/** What a manager typed into the create form, as typed, and what was wrong with it. */
export interface CreateForm {
  values: Partial<Record<keyof CycleDates | 'name', string>> & { allowOverlap?: boolean };
  errors: FieldError[];
}

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

function ErrorMessage(props: { id: string; message: string | undefined }) {
  if (!props.message) return null;
  return (
    <span class="error-message" id={`${props.id}-error`}>
      <span class="skip">Error: </span>
      {sentence(props.message)}
    </span>
  );
}

/** The choice to let a cycle overlap another live cycle of its plan (refused otherwise), with its reason. */
export function OverlapChoice(props: { checked: boolean; error: string | undefined }) {
  const overlapError = props.error;
  return (
    <div class={overlapError ? 'field field-error' : 'field'}>
      <fieldset aria-describedby={overlapError ? 'allowOverlap-hint allowOverlap-error' : 'allowOverlap-hint'}>
        <legend>Other cycles at the same time</legend>
        <span class="hint" id="allowOverlap-hint">
          A cycle may not run at the same time as another cycle of this plan that is still going on, because every owner would be asked for the same updates
          twice. Tick this only if you really want both cycles.
        </span>
        <ErrorMessage id="allowOverlap" message={overlapError} />
        <div class="checkbox">
          <input type="checkbox" id="allowOverlap" name="allowOverlap" value="yes" checked={props.checked} />
          <label for="allowOverlap">Allow this cycle to overlap another cycle</label>
        </div>
      </fieldset>
    </div>
  );
}

/** A text input with its label, hint and error, tied together by `aria-describedby`. */
function TextField(props: { id: string; label: string; hint: string; value: string; error: string | undefined; numeric?: boolean }) {
  const describedBy = [`${props.id}-hint`, props.error ? `${props.id}-error` : null].filter(Boolean).join(' ');
  return (
    <div class={props.error ? 'field field-error' : 'field'}>
      <label for={props.id}>{props.label}</label>
      <span class="hint" id={`${props.id}-hint`}>
        {props.hint}
      </span>
      <ErrorMessage id={props.id} message={props.error} />
      <input
        type="text"
        id={props.id}
        name={props.id}
        value={props.value}
        inputmode={props.numeric ? 'numeric' : undefined}
        aria-describedby={describedBy}
        aria-invalid={props.error ? 'true' : undefined}
      />
    </div>
  );
}

const DATE_HINTS: Partial<Record<keyof CycleDates, string>> = {
  opens: 'Optional. The day the update requests go out to owners. Leave it empty to send them 15 working days before the draft reports date.',
  draft: 'The day owners must reply by. The draft report is made that day.',
};

/** The form that creates a cycle of a plan (managers only). */
export function CreateCyclePage(p: { session: Session; plan: Plan; form: CreateForm }) {
  const planPath = `/plans/${encodeURIComponent(p.plan.id)}`;
  const errorOf = (key: string) => p.form.errors.find((e) => e.field === key)?.message;
  const overlapError = errorOf('allowOverlap');
  return (
    <Layout title={`${p.form.errors.length ? 'Error: ' : ''}Create a cycle`} session={p.session}>
      <Breadcrumbs
        links={[
          ['/', 'Plans'],
          [planPath, p.plan.name],
        ]}
      />
      <ErrorSummary errors={p.form.errors} />
      <h1>Create a cycle</h1>
      <p>A cycle asks every owner of {p.plan.name} for an update on their actions, then makes the reports, on the dates you give.</p>
      <form method="post" action={`${planPath}/cycles/new`} novalidate>
        <CsrfField token={p.session.csrf} />
        <TextField
          id="name"
          label="Name of the cycle"
          hint='For example "Q1 2026/27". Owners see it in their emails.'
          value={p.form.values.name ?? ''}
          error={errorOf('name')}
        />
        {CYCLE_DATES.map(([key, words]) => (
          <TextField
            id={key}
            label={`${capital(words)} date`}
            hint={`${DATE_HINTS[key] ?? ''}${DATE_HINTS[key] ? ' ' : ''}Day/month/year, for example 18/5/2026.`}
            value={p.form.values[key] ?? ''}
            error={errorOf(key)}
            numeric
          />
        ))}
        <OverlapChoice checked={p.form.values.allowOverlap === true} error={overlapError} />
        <button type="submit">Create cycle</button>
      </form>
    </Layout>
  );
}

/** Confirms the cancelling of a cycle, saying what will happen (managers only). */
export function CancelCyclePage(p: { session: Session; plan: Plan; cycle: Cycle; pendingMilestones: number; ownersAsked: number }) {
  const planPath = `/plans/${encodeURIComponent(p.plan.id)}`;
  const cyclePath = `${planPath}/cycles/${encodeURIComponent(p.cycle.id)}`;
  const cancelled = p.cycle.state === 'cancelled';
  return (
    <Layout title={`Cancel ${p.cycle.name}`} session={p.session}>
      <Breadcrumbs
        links={[
          ['/', 'Plans'],
          [planPath, p.plan.name],
          [cyclePath, p.cycle.name],
        ]}
      />
      <h1>Cancel {p.cycle.name}</h1>
      {cancelled ? (
        <p>This cycle is already cancelled. There is nothing more to do.</p>
      ) : (
        <>
          <p>If you cancel this cycle:</p>
          <ul>
            <li>
              {p.pendingMilestones === 0
                ? 'nothing more is planned for it: no further emails or reports will be sent.'
                : `the ${p.pendingMilestones} steps still to come (such as reminders and reports) will not happen.`}
            </li>
            <li>
              {p.ownersAsked === 0
                ? 'no owner has been asked for an update yet, so nobody is emailed.'
                : `the ${p.ownersAsked} ${p.ownersAsked === 1 ? 'owner' : 'owners'} already asked for an update get one email saying the cycle is cancelled and they need not reply.`}
            </li>
            <li>updates already received are kept.</li>
          </ul>
          <p>
            <strong>You cannot undo this.</strong> To run the cycle later, create a new one.
          </p>
          <form method="post" action={`${cyclePath}/cancel`}>
            <CsrfField token={p.session.csrf} />
            <button type="submit" class="warning">
              Cancel the cycle
            </button>
          </form>
        </>
      )}
      <p>
        <a href={cyclePath}>{cancelled ? 'Back to the cycle' : 'No, keep the cycle and go back'}</a>
      </p>
    </Layout>
  );
}
