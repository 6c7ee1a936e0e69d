/** @jsxImportSource hono/jsx */
import type { AuditEntry, Cycle, HeldReply, Plan } from '#domain/model';
import { FIELD_LABELS, FORM_FIELDS, STATUS_DEFINITIONS } from '#domain/vocabulary';
import type { ParsedUpdate } from '#mail/parse-reply';
import { CsrfField, Layout, sentence, Breadcrumbs } from './layout.tsx';
import { ukTime } from './pages.tsx';
import type { Session } from './session.ts';

/** One answer of a held reply, as it would be recorded (or why it would not be). */
export interface HeldAnswer {
  update: ParsedUpdate;
  /** The action's title, when the action is one of the owner's. */
  title: string | null;
  /** Whether the action is one the owner was asked about; others are not recorded. */
  asked: boolean;
}

/** A held reply with what the page shows of it. */
export interface HeldView {
  held: HeldReply;
  ownerName: string;
  ownerEmail: string | null;
  /** The raw mail could not be found: nothing can be recorded from it. */
  missing: boolean;
  answers: HeldAnswer[];
  note: string | null;
  problems: string[];
  /** Who decided, for a reply already handled (from the audit log). */
  decision: AuditEntry | null;
}

export type HeldDecision = 'accept' | 'delegate' | 'reject';

export interface HeldPageProps {
  session: Session;
  plan: Plan;
  cycle: Cycle;
  replies: HeldView[];
  /** What the last button did, to say so at the top. */
  notice: { decision: HeldDecision; view: HeldView } | null;
}

const PRE = 'white-space:pre-wrap;overflow-wrap:anywhere';

const senderOf = (h: HeldReply) => h.from ?? 'an unknown sender';

function noticeText(decision: HeldDecision, v: HeldView): { title: string; text: string } {
  const from = senderOf(v.held);
  if (decision === 'reject') return { title: 'Reply rejected', text: `Nothing from ${from} was recorded for ${v.ownerName}. The email is kept.` };
  const recorded = `The answers from ${from} were recorded for ${v.ownerName}, and both were sent a copy of what was recorded.`;
  if (decision === 'delegate')
    return { title: 'Reply accepted, sender registered', text: `${recorded} From now on ${from} can answer for ${v.ownerName} directly.` };
  return { title: 'Reply accepted', text: recorded };
}

const STATE_WORDS: Record<HeldReply['state'], string> = { held: 'Waiting for a decision', accepted: 'Accepted', rejected: 'Rejected' };
const RECORD_HEADINGS: Record<HeldReply['state'], string> = {
  held: 'What would be recorded',
  accepted: 'What was recorded',
  rejected: 'What it said (nothing was recorded)',
};

function Answers(props: { answers: HeldAnswer[] }) {
  if (props.answers.length === 0) return <p>No answers to actions could be read in this reply.</p>;
  return (
    <table>
      <caption class="skip">Answers in this reply</caption>
      <thead>
        <tr>
          <th scope="col">Action</th>
          <th scope="col">Answers</th>
        </tr>
      </thead>
      <tbody>
        {props.answers.map(({ update, title, asked }) => (
          <tr>
            <th scope="row" style="width:40%">
              {update.action}
              {title ? (
                <span class="hint" style="font-weight:normal">
                  {title}
                </span>
              ) : null}
            </th>
            <td>
              {asked ? null : <p class="error-message">Not recorded: this is not one of the owner's actions in this cycle.</p>}
              <dl style="margin:0">
                {FORM_FIELDS.map(({ key }) => {
                  const value = key === 'status' ? (update.status ? STATUS_DEFINITIONS[update.status].label : null) : update[key];
                  if (value === null) return null;
                  return (
                    <>
                      <dt style="font-weight:bold">{FIELD_LABELS[key]}</dt>
                      <dd style={`margin:0 0 10px 0;${PRE}`}>{value}</dd>
                    </>
                  );
                })}
              </dl>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Reply(props: { v: HeldView; index: number; action: string; csrf: string }) {
  const { v } = props;
  const h = v.held;
  const id = `held-${h.heldId}`;
  return (
    <section aria-labelledby={id} style="border-top:5px solid #1d70b8;padding-top:10px;margin-bottom:40px">
      <h2 id={id} style="margin-top:0">
        {props.index}. Reply from {senderOf(h)} for {v.ownerName}
      </h2>
      <dl>
        <dt style="font-weight:bold">Sent by</dt>
        <dd>{senderOf(h)}</dd>
        <dt style="font-weight:bold">Received</dt>
        <dd>
          <time datetime={h.receivedAt}>{ukTime(h.receivedAt)}</time>
        </dd>
        <dt style="font-weight:bold">For the owner</dt>
        <dd>
          {v.ownerName}
          {v.ownerEmail ? ` (${v.ownerEmail})` : ''}
        </dd>
        <dt style="font-weight:bold">State</dt>
        <dd>
          <span class={h.state === 'held' ? 'tag' : 'tag done'}>{STATE_WORDS[h.state]}</span>
          {v.decision ? ` by ${v.decision.actor}, ${ukTime(v.decision.at)}` : null}
        </dd>
      </dl>
      {v.missing ? (
        <p class="error-message">The email itself could not be found, so nothing can be recorded from it.</p>
      ) : (
        <>
          <h3>{RECORD_HEADINGS[h.state]}</h3>
          <Answers answers={v.answers} />
          {v.note ? (
            <>
              <h3>Note (text outside the form)</h3>
              <p style={PRE}>{v.note}</p>
            </>
          ) : null}
          {v.problems.length ? (
            <>
              <h3>Points to check</h3>
              <ul>
                {v.problems.map((p) => (
                  <li>{sentence(p)}</li>
                ))}
              </ul>
            </>
          ) : null}
        </>
      )}
      {h.state === 'held' ? (
        <form method="post" action={props.action} style="display:flex;gap:15px;flex-wrap:wrap">
          <CsrfField token={props.csrf} />
          {v.missing ? null : (
            <button type="submit" name="decision" value="accept">
              Accept
            </button>
          )}
          {v.missing || !h.from ? null : (
            <button type="submit" name="decision" value="delegate">
              Accept and let {h.from} answer for {v.ownerName}
            </button>
          )}
          <button type="submit" name="decision" value="reject" class="secondary">
            Reject
          </button>
        </form>
      ) : null}
    </section>
  );
}

/** A cycle's held replies: the waiting ones first, each with what it would record and the three decisions. */
export function HeldPage(p: HeldPageProps) {
  const planPath = `/plans/${encodeURIComponent(p.plan.id)}`;
  const cyclePath = `${planPath}/cycles/${encodeURIComponent(p.cycle.id)}`;
  const waiting = p.replies.filter((r) => r.held.state === 'held').length;
  const notice = p.notice ? noticeText(p.notice.decision, p.notice.view) : null;
  return (
    <Layout title={`Held replies: ${p.cycle.name}`} session={p.session}>
      <Breadcrumbs
        links={[
          ['/', 'Plans'],
          [planPath, p.plan.name],
          [cyclePath, p.cycle.name],
        ]}
      />
      {notice ? (
        <div class="notice" role="status">
          <h2>{notice.title}</h2>
          <p>{notice.text}</p>
        </div>
      ) : null}
      <h1>Held replies</h1>
      <p>
        These replies came from someone other than the owner the request went to. Nothing from them is recorded until you accept it.{' '}
        {waiting === 0 ? 'No replies are waiting.' : waiting === 1 ? '1 reply is waiting.' : `${waiting} replies are waiting.`}
      </p>
      {p.replies.map((v, i) => (
        <Reply v={v} index={i + 1} action={`${cyclePath}/held/${encodeURIComponent(v.held.heldId)}`} csrf={p.session.csrf} />
      ))}
    </Layout>
  );
}
