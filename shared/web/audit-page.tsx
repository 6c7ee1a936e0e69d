/** @jsxImportSource hono/jsx */
import type { AuditAction, AuditEntry, Cycle, Plan } from '#domain/model';
import { Layout } from './layout.tsx';
import { ukTime } from './pages.tsx';
import type { Session } from './session.ts';

/** Each kind of decision in plain words. */
export const DECISION_WORDS: Record<AuditAction, string> = {
  'plan.import': 'Plan imported',
  'cycle.create': 'Cycle created',
  'cycle.dates': 'Cycle dates changed',
  'cycle.cancel': 'Cycle cancelled',
  'held.accept': 'Held reply accepted',
  'held.reject': 'Held reply rejected',
  'delegate.add': 'Delegate registered',
  'delegate.remove': 'Delegate removed',
  'redaction.release': 'Hidden text released',
  purge: 'Old data deleted',
  'plan.evidence-rules': 'Evidence checks changed',
};

export interface AuditPageProps {
  session: Session;
  entries: AuditEntry[];
  /** How many entries match the filter (the page shows at most `entries.length` of them). */
  total: number;
  plans: Plan[];
  cycles: Map<string, Cycle>;
  plan: string;
}

/** The append-only log of decisions, newest first, filtered by plan; a CSV of the same. */
export function AuditPage(p: AuditPageProps) {
  const planNames = new Map(p.plans.map((x) => [x.id, x.name]));
  const csv = p.plan ? `/audit.csv?plan=${encodeURIComponent(p.plan)}` : '/audit.csv';
  return (
    <Layout title="Audit log" session={p.session}>
      <p>
        <a href="/">Plans</a>
      </p>
      <h1>Audit log</h1>
      <p>Every decision made in PlanPulse: who made it, when and what it was. Entries are only ever added, never changed.</p>
      <form method="get" action="/audit" class="filters">
        <div class="field">
          <label for="plan">Plan</label>
          <select id="plan" name="plan">
            <option value="">All plans</option>
            {p.plans.map((x) => (
              <option value={x.id} selected={x.id === p.plan}>
                {x.name}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" class="secondary">
          Show decisions
        </button>
        {p.plan ? <a href="/audit">Show all plans</a> : null}
      </form>
      <p>
        <a href={csv} download>
          Download these decisions as a spreadsheet (CSV)
        </a>
      </p>
      {p.entries.length === 0 ? (
        <p>No decisions have been recorded{p.plan ? ' for this plan' : ''} yet.</p>
      ) : (
        <>
          <p>
            {p.entries.length === p.total
              ? `${p.total} ${p.total === 1 ? 'decision' : 'decisions'}.`
              : `The newest ${p.entries.length} of ${p.total} decisions. The spreadsheet has all of them.`}
          </p>
          <table>
            <caption>Decisions, newest first</caption>
            <thead>
              <tr>
                <th scope="col">When (UK time)</th>
                <th scope="col">Who</th>
                <th scope="col">Decision</th>
                <th scope="col">Plan</th>
                <th scope="col">Cycle</th>
                <th scope="col">What</th>
              </tr>
            </thead>
            <tbody>
              {p.entries.map((e) => {
                const cycle = e.cycleId ? p.cycles.get(e.cycleId) : undefined;
                const planPath = e.planId ? `/plans/${encodeURIComponent(e.planId)}` : null;
                return (
                  <tr>
                    <td>
                      <time datetime={e.at}>{ukTime(e.at)}</time>
                    </td>
                    <td>{e.actor}</td>
                    <td>{DECISION_WORDS[e.action]}</td>
                    <td>{e.planId && planPath ? planNames.has(e.planId) ? <a href={planPath}>{planNames.get(e.planId)}</a> : e.planId : ''}</td>
                    <td>{cycle && planPath ? <a href={`${planPath}/cycles/${encodeURIComponent(cycle.id)}`}>{cycle.name}</a> : (e.cycleId ?? '')}</td>
                    <td style="overflow-wrap:anywhere">{e.summary}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </>
      )}
    </Layout>
  );
}
