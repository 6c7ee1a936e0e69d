/** @jsxImportSource hono/jsx */
import { CYCLE_DATES, isLive, type MilestoneState } from '#domain/cycle';
import { formatLongDate, LONDON } from '#domain/calendar';
import { EVIDENCE_RULES, rulesOn } from '#domain/evidence';
import type { Cycle, CycleDates, Plan } from '#domain/model';
import type { TrackerRow } from '#reports/document';
import type { CycleResult } from '#use-cases/set-cycle-dates';
import { OverlapChoice } from './cycle-create-pages.tsx';
import { CsrfField, ErrorSummary, type FieldError, Layout, sentence, Breadcrumbs } from './layout.tsx';
import type { Session } from './session.ts';

/** "Mon 18 May 2026, 09:00 BST": an instant in UK time. */
export const ukTime = (iso: string) =>
  new Date(iso).toLocaleString('en-GB', {
    timeZone: LONDON,
    weekday: 'short',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZoneName: 'short',
  });

const MILESTONE_NAMES: Record<string, string> = {
  'requests-open': 'Update requests go out',
  escalation: 'Missing updates escalated',
  draft: 'Draft report',
  'chairs-briefing': "Chair's briefing",
  final: 'Final report',
  board: 'Board pack',
};
const milestoneName = (kind: string) => MILESTONE_NAMES[kind] ?? (kind.startsWith('reminder-') ? 'Reminder to owners' : kind);

const STATE_WORDS: Record<MilestoneState, string> = {
  done: 'Done',
  running: 'Running now',
  cancelled: 'Cancelled',
  past: 'Time passed, not run',
  scheduled: 'Scheduled',
};

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** "2026-05-18" as a manager types it: "18/5/2026". */
const ukDate = (iso: string) => {
  const [y, m, d] = iso.split('-');
  return `${Number(d)}/${Number(m)}/${y}`;
};

export function SignInPage(props: { csrf: string; username?: string; error?: string }) {
  const errors: FieldError[] = props.error ? [{ field: 'username', message: props.error }] : [];
  return (
    <Layout title={props.error ? 'Error: Sign in' : 'Sign in'} session={null}>
      <ErrorSummary errors={errors} />
      <h1>Sign in</h1>
      <form method="post" action="/sign-in">
        <CsrfField token={props.csrf} />
        <div class="field">
          <label for="username">Username</label>
          <input type="text" id="username" name="username" autocomplete="username" value={props.username ?? ''} spellcheck={false} />
        </div>
        <div class="field">
          <label for="password">Password</label>
          <input type="password" id="password" name="password" autocomplete="current-password" />
        </div>
        <button type="submit">Sign in</button>
      </form>
    </Layout>
  );
}

export interface PlanSummary {
  plan: Plan;
  actions: number;
}

export function PlansPage(props: { session: Session; plans: PlanSummary[] }) {
  return (
    <Layout title="Plans" session={props.session}>
      <h1>Plans</h1>
      {props.session.role === 'manager' ? (
        <p>
          <a href="/plans/import">Import a plan</a>
        </p>
      ) : null}
      {props.plans.length === 0 ? (
        <p>There are no plans yet.</p>
      ) : (
        <table>
          <caption>Action plans</caption>
          <thead>
            <tr>
              <th scope="col">Plan</th>
              <th scope="col">Actions</th>
              <th scope="col">Coordinators</th>
            </tr>
          </thead>
          <tbody>
            {props.plans.map(({ plan, actions }) => (
              <tr>
                <th scope="row">
                  <a href={`/plans/${encodeURIComponent(plan.id)}`}>{plan.name}</a>
                </th>
                <td>{actions}</td>
                <td>{plan.coordinators.join(', ') || 'None'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Layout>
  );
}

export interface ActionLine {
  ref: string;
  title: string;
  theme: string;
  owners: string;
  due: string;
  status: string;
}

export interface PlanPageProps {
  session: Session;
  plan: Plan;
  actions: ActionLine[];
  total: number;
  /** Where the status column comes from: the current cycle, or the plan file. */
  statusFrom: Cycle | null;
  themes: string[];
  owners: Array<{ key: string; name: string }>;
  statuses: string[];
  filter: { theme: string; owner: string; status: string };
  cycles: Cycle[];
  /** Just imported: say so. */
  imported?: boolean;
}

/** The plan's evidence checks, each on or off in words (switched with the CLI: docs/evidence.md). */
function EvidenceChecks({ plan }: { plan: Plan }) {
  const on = rulesOn(plan.evidenceRules);
  return (
    <>
      <h2>Evidence checks</h2>
      <p>
        Each reply is checked against these rules; a flag asks the owner a follow-up question and marks the update in the reports. To switch a rule off or on:{' '}
        <code>planpulse evidence-rules --plan {plan.id} --off rule</code>.
      </p>
      <ul>
        {EVIDENCE_RULES.map((r) => (
          <li>
            {r.description} (<code>{r.id}</code>): <strong>{on.has(r.id) ? 'on' : 'off'}</strong>
          </li>
        ))}
      </ul>
    </>
  );
}

function Select(props: { id: string; label: string; value: string; options: Array<{ value: string; text: string }> }) {
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      <select id={props.id} name={props.id}>
        <option value="">All</option>
        {props.options.map((o) => (
          <option value={o.value} selected={o.value === props.value}>
            {o.text}
          </option>
        ))}
      </select>
    </div>
  );
}

export function PlanPage(p: PlanPageProps) {
  const planPath = `/plans/${encodeURIComponent(p.plan.id)}`;
  const filtered = p.filter.theme || p.filter.owner || p.filter.status;
  return (
    <Layout title={p.plan.name} session={p.session}>
      <p>
        <a href="/">Plans</a>
      </p>
      {p.imported ? (
        <div class="notice" role="status">
          <h2>Plan imported</h2>
          <p>The actions below are as stored now.</p>
        </div>
      ) : null}
      <h1>{p.plan.name}</h1>
      <p>
        <a href={`${planPath}/people`}>People and delegates</a>
        {p.session.role === 'manager' ? (
          <>
            {' · '}
            <a href={`/plans/import?plan=${encodeURIComponent(p.plan.id)}`}>Import a new version of this plan</a>
          </>
        ) : null}
      </p>
      <h2>Cycles</h2>
      {p.session.role === 'manager' ? (
        <p>
          <a href={`${planPath}/cycles/new`}>Create a cycle</a>
        </p>
      ) : null}
      {p.cycles.length === 0 ? (
        <p>No cycles yet.</p>
      ) : (
        <ul>
          {p.cycles.map((c) => (
            <li>
              <a href={`${planPath}/cycles/${encodeURIComponent(c.id)}`}>{c.name}</a> (draft reports {formatLongDate(c.dates.draft)}, board{' '}
              {formatLongDate(c.dates.board)}, {c.state})
            </li>
          ))}
        </ul>
      )}
      <EvidenceChecks plan={p.plan} />
      <h2>Actions</h2>
      <form method="get" action={planPath} class="filters">
        <Select id="theme" label="Theme" value={p.filter.theme} options={p.themes.map((t) => ({ value: t, text: t }))} />
        <Select id="owner" label="Owner" value={p.filter.owner} options={p.owners.map((o) => ({ value: o.key, text: o.name }))} />
        <Select id="status" label="Status" value={p.filter.status} options={p.statuses.map((s) => ({ value: s, text: s }))} />
        <button type="submit" class="secondary">
          Filter actions
        </button>
        {filtered ? <a href={planPath}>Clear filters</a> : null}
      </form>
      <p>
        {p.statusFrom ? `Status is from the current cycle, ${p.statusFrom.name}.` : 'No cycle has opened yet: status is as written in the plan file.'} Showing{' '}
        {p.actions.length} of {p.total} actions.
      </p>
      <table>
        <caption>Actions of {p.plan.name}</caption>
        <thead>
          <tr>
            <th scope="col">Ref</th>
            <th scope="col">Action</th>
            <th scope="col">Theme</th>
            <th scope="col">Owners</th>
            <th scope="col">Due</th>
            <th scope="col">Status</th>
          </tr>
        </thead>
        <tbody>
          {p.actions.map((a) => (
            <tr>
              <th scope="row">{a.ref}</th>
              <td>{a.title}</td>
              <td>{a.theme}</td>
              <td>{a.owners}</td>
              <td>{a.due}</td>
              <td>{a.status}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Layout>
  );
}

export interface DatesForm {
  values: Partial<Record<keyof CycleDates, string>> & { allowOverlap?: boolean };
  errors: FieldError[];
}

const never = 'Not yet';

function Tracker(props: { rows: TrackerRow[] }) {
  return (
    <table>
      <caption>Response tracker: each owner</caption>
      <thead>
        <tr>
          <th scope="col">Owner</th>
          <th scope="col">Actions</th>
          <th scope="col">Asked</th>
          <th scope="col">Reminded</th>
          <th scope="col">Answered</th>
          <th scope="col">Problems</th>
          <th scope="col">Held replies</th>
        </tr>
      </thead>
      <tbody>
        {props.rows.map((r) => {
          const problems = [r.bounced ? 'Email bounced' : null, r.outOfOffice ? 'Out of office' : null, r.email ? null : 'No email address'].filter(Boolean);
          return (
            <tr>
              <th scope="row">{r.owner}</th>
              <td>{r.actions}</td>
              <td>{r.askedAt ? ukTime(r.askedAt) : never}</td>
              <td>{r.remindedAt.length ? r.remindedAt.map(ukTime).join('; ') : never}</td>
              <td>{r.answeredAt ? ukTime(r.answeredAt) : never}</td>
              <td>{problems.join(', ') || 'None'}</td>
              <td>{r.held}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

const NOTICES = {
  saved: ['Dates saved', 'The milestones below follow the new dates.'],
  created: ['Cycle created', 'The milestones below are scheduled. Owners are asked for their updates on the day requests open.'],
  cancelled: ['Cycle cancelled', 'Nothing more will be sent for this cycle. Owners already asked have been told.'],
} as const;

export function CyclePage(p: {
  session: Session;
  plan: Plan;
  result: CycleResult;
  tracker: TrackerRow[];
  form: DatesForm;
  notice: keyof typeof NOTICES | null;
}) {
  const { cycle, timeline } = p.result;
  const planPath = `/plans/${encodeURIComponent(p.plan.id)}`;
  const errorOf = (key: string) => p.form.errors.find((e) => e.field === key)?.message;
  const manager = p.session.role === 'manager';
  const held = p.tracker.reduce((n, r) => n + r.held, 0);
  const live = isLive(cycle);
  return (
    <Layout title={`${p.form.errors.length ? 'Error: ' : ''}${cycle.name}`} session={p.session}>
      <Breadcrumbs
        links={[
          ['/', 'Plans'],
          [planPath, p.plan.name],
        ]}
      />
      <ErrorSummary errors={p.form.errors} />
      {p.notice ? (
        <div class="notice" role="status">
          <h2>{NOTICES[p.notice][0]}</h2>
          <p>{NOTICES[p.notice][1]}</p>
        </div>
      ) : null}
      <h1>{cycle.name}</h1>
      <p>
        Cycle {cycle.id}: {cycle.state}, version {cycle.version}.
      </p>
      <table>
        <caption>Milestones (UK time)</caption>
        <thead>
          <tr>
            <th scope="col">Milestone</th>
            <th scope="col">When</th>
            <th scope="col">State</th>
          </tr>
        </thead>
        <tbody>
          {timeline.map((m) => (
            <tr>
              <th scope="row">{milestoneName(m.kind)}</th>
              <td>
                <time datetime={m.at}>{ukTime(m.at)}</time>
              </td>
              <td>
                <span class={m.state === 'done' ? 'tag done' : 'tag'}>{STATE_WORDS[m.state]}</span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <ul>
        <li>
          <a href={`${planPath}/cycles/${encodeURIComponent(cycle.id)}/held`}>Held replies</a> ({held === 1 ? '1 waiting' : `${held} waiting`})
        </li>
        <li>
          <a href={`${planPath}/cycles/${encodeURIComponent(cycle.id)}/privacy`}>Personal data check</a> (updates held back from the board pack until released)
        </li>
        <li>
          <a href={`${planPath}/cycles/${encodeURIComponent(cycle.id)}/reports`}>Reports</a>
        </li>
      </ul>
      {manager && live ? (
        <p>
          <a href={`${planPath}/cycles/${encodeURIComponent(cycle.id)}/cancel`}>Cancel this cycle</a>
        </p>
      ) : null}
      <h2>Dates</h2>
      {manager && live ? (
        <form method="post" action={`${planPath}/cycles/${encodeURIComponent(cycle.id)}/dates`} novalidate>
          <CsrfField token={p.session.csrf} />
          {CYCLE_DATES.map(([key, words]) => {
            const error = errorOf(key);
            return (
              <div class={error ? 'field field-error' : 'field'}>
                <label for={key}>{capital(words)}</label>
                <span class="hint" id={`${key}-hint`}>
                  Day/month/year, for example 18/5/2026
                </span>
                {error ? (
                  <span class="error-message" id={`${key}-error`}>
                    <span class="skip">Error: </span>
                    {sentence(error)}
                  </span>
                ) : null}
                <input
                  type="text"
                  inputmode="numeric"
                  id={key}
                  name={key}
                  value={p.form.values[key] ?? ukDate(cycle.dates[key])}
                  aria-describedby={error ? `${key}-hint ${key}-error` : `${key}-hint`}
                  aria-invalid={error ? 'true' : undefined}
                />
              </div>
            );
          })}
          <OverlapChoice checked={p.form.values.allowOverlap === true} error={errorOf('allowOverlap')} />
          <button type="submit">Save dates</button>
        </form>
      ) : (
        <>
          <p>{live ? 'Only a manager can change the dates.' : `The cycle is ${cycle.state}: its dates can no longer change.`}</p>
          <ul>
            {CYCLE_DATES.map(([key, words]) => (
              <li>
                {capital(words)}: {ukDate(cycle.dates[key])}
              </li>
            ))}
          </ul>
        </>
      )}
      <h2>Responses</h2>
      <Tracker rows={p.tracker} />
    </Layout>
  );
}
