/** @jsxImportSource hono/jsx */
import type { Cycle, Plan, PrivacyFinding, PrivacyReview, TextField } from '#domain/model';
import { FIELD_LABELS } from '#domain/vocabulary';
import { Breadcrumbs, CsrfField, Layout } from './layout.tsx';
import { ukTime } from './pages.tsx';
import type { Session } from './session.ts';

/** One check with what the page shows around it. */
export interface PrivacyView {
  review: PrivacyReview;
  title: string | null;
  ownerName: string;
  /** The current text of each field with findings (as the owner wrote it). */
  texts: Partial<Record<TextField, string>>;
}

export type PrivacyDecision = 'redact' | 'clear';

export interface PrivacyPageProps {
  session: Session;
  plan: Plan;
  cycle: Cycle;
  views: PrivacyView[];
  notice: { decision: PrivacyDecision; actionRef: string } | null;
}

const PRE = 'white-space:pre-wrap;overflow-wrap:anywhere';
const STATE_WORDS: Record<PrivacyReview['state'], string> = {
  pending: 'Withheld from the board pack',
  redacted: 'Released with the redaction',
  cleared: 'Released as written',
};

/** The field's text with each finding marked (<mark>, and its kind in words for screen readers). */
function Marked(props: { text: string; findings: PrivacyFinding[] }) {
  const parts: Array<string | ReturnType<typeof Mark>> = [];
  let at = 0;
  for (const f of [...props.findings].sort((a, b) => a.start - b.start)) {
    if (f.start < at || f.end > props.text.length || props.text.slice(f.start, f.end) !== f.text) continue;
    parts.push(props.text.slice(at, f.start), <Mark f={f} />);
    at = f.end;
  }
  parts.push(props.text.slice(at));
  return <p style={`${PRE};margin:0`}>{parts}</p>;
}

const Mark = (props: { f: PrivacyFinding }) => (
  <mark title={props.f.reason} style="background:#ffdd00;color:#0b0c0c;padding:0 2px">
    {props.f.text}
    <span class="skip"> ({props.f.reason})</span>
  </mark>
);

function Check(props: { v: PrivacyView; action: string; csrf: string; canDecide: boolean }) {
  const { review } = props.v;
  const id = `check-${review.actionRef}`;
  const fields = Object.keys(props.v.texts) as TextField[];
  return (
    <section aria-labelledby={id} style="border-top:5px solid #1d70b8;padding-top:10px;margin-bottom:40px">
      <h2 id={id} style="margin-top:0">
        Action {review.actionRef}
        {props.v.title ? <span class="hint">{props.v.title}</span> : null}
      </h2>
      <p>
        <span class={review.state === 'pending' ? 'tag' : 'tag done'}>{STATE_WORDS[review.state]}</span>
        {review.decidedBy && review.decidedAt ? ` by ${review.decidedBy}, ${ukTime(review.decidedAt)}` : null}
        {' · '}Owner: {props.v.ownerName} · Found {ukTime(review.foundAt)}
      </p>
      <h3>What was found</h3>
      <ul>
        {[...new Map(review.findings.map((f) => [`${f.field}|${f.text}`, f])).values()].map((f) => (
          <li>
            {FIELD_LABELS[f.field]}: “{f.text}”, {f.reason}
          </li>
        ))}
      </ul>
      <table>
        <caption class="skip">The text and the proposed redaction of action {review.actionRef}</caption>
        <thead>
          <tr>
            <th scope="col">Field</th>
            <th scope="col">As written</th>
            <th scope="col">Proposed for the board pack</th>
          </tr>
        </thead>
        <tbody>
          {fields.map((field) => (
            <tr>
              <th scope="row">{FIELD_LABELS[field]}</th>
              <td>
                <Marked text={props.v.texts[field] ?? ''} findings={review.findings.filter((f) => f.field === field)} />
              </td>
              <td>
                <p style={`${PRE};margin:0`}>{review.redacted[field] ?? ''}</p>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {review.state === 'pending' && props.canDecide ? (
        <form method="post" action={props.action} style="display:flex;gap:15px;flex-wrap:wrap">
          <CsrfField token={props.csrf} />
          <input type="hidden" name="textHash" value={review.textHash} />
          <button type="submit" name="decision" value="redact">
            Publish the redacted version
          </button>
          <button type="submit" name="decision" value="clear" class="secondary">
            The text is fine: publish it as written
          </button>
        </form>
      ) : null}
    </section>
  );
}

/** The personal-data checks of a cycle's answers: waiting ones first, each with the text marked and the proposal beside it. */
export function PrivacyPage(p: PrivacyPageProps) {
  const planPath = `/plans/${encodeURIComponent(p.plan.id)}`;
  const cyclePath = `${planPath}/cycles/${encodeURIComponent(p.cycle.id)}`;
  const waiting = p.views.filter((v) => v.review.state === 'pending').length;
  const canDecide = p.session.role === 'coordinator' || p.session.role === 'manager';
  return (
    <Layout title={`Personal data check: ${p.cycle.name}`} session={p.session}>
      <Breadcrumbs
        links={[
          ['/', 'Plans'],
          [planPath, p.plan.name],
          [cyclePath, p.cycle.name],
        ]}
      />
      {p.notice ? (
        <div class="notice" role="status">
          <h2>Action {p.notice.actionRef} released</h2>
          <p>
            {p.notice.decision === 'redact' ? 'The redacted version' : 'The text as written'} will be in the board pack. Compile the board pack again from the
            reports page to include it.
          </p>
        </div>
      ) : null}
      <h1>Personal data check</h1>
      <p>
        Board papers are public. These updates seem to name a child or family member, or give a date of birth, an address or a number that could identify
        someone. Each is held back from the board pack until you publish the redacted version or confirm the text is fine. Internal reports (draft, chair's
        briefing, final) show them as written.{' '}
        {waiting === 0 ? 'Nothing is waiting.' : waiting === 1 ? '1 update is waiting.' : `${waiting} updates are waiting.`}
      </p>
      <p class="hint">
        The check finds likely personal data, not all of it (names in lower case, initials and nicknames can be missed): read the board pack before it is
        published.
      </p>
      {p.views.map((v) => (
        <Check v={v} action={`${cyclePath}/privacy/${encodeURIComponent(v.review.actionRef)}`} csrf={p.session.csrf} canDecide={canDecide} />
      ))}
    </Layout>
  );
}
