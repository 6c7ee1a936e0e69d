/** @jsxImportSource hono/jsx */
import type { StoredEmail } from '#adapters/local/ses-local-inbox';
import { CsrfField, ErrorSummary, type FieldError, Layout } from './layout.tsx';
import { ukTime } from './pages.tsx';
import type { Session } from './session.ts';

/** "sent" is in seconds in the local SES store. */
const sentAt = (email: StoredEmail) => new Date(email.at * 1000).toISOString();

const mailPath = (email: StoredEmail) => `/mailbox/${encodeURIComponent(email.messageId)}`;

export interface Recipient {
  address: string;
  count: number;
}

/** Every email the local SES has "sent", newest first, for one recipient or all. */
export function MailboxPage(p: { session: Session; emails: StoredEmail[]; recipients: Recipient[]; to: string; replied: boolean }) {
  return (
    <Layout title="Mailbox" session={p.session}>
      {p.replied ? (
        <div class="notice" role="status">
          <h2>Reply sent</h2>
          <p>The confirmation will appear here in a moment. Reload the page to see it.</p>
        </div>
      ) : null}
      <h1>Mailbox</h1>
      <p>
        Every email PlanPulse has sent on this computer, newest first. Nothing here leaves this computer: the emails go to a local stand-in for Amazon SES. Open
        an email to read it as its recipient and to reply as they would.
      </p>
      <form method="get" action="/mailbox" class="filters">
        <div class="field">
          <label for="to">Recipient</label>
          <select id="to" name="to">
            <option value="">Everyone</option>
            {p.recipients.map((r) => (
              <option value={r.address} selected={r.address === p.to}>
                {r.address} ({r.count})
              </option>
            ))}
          </select>
        </div>
        <button type="submit" class="secondary">
          Show emails
        </button>
        {p.to ? <a href="/mailbox">Show everyone's emails</a> : null}
      </form>
      {p.emails.length === 0 ? (
        <p>{p.to ? `No emails to ${p.to}.` : 'No emails have been sent yet.'}</p>
      ) : (
        <table>
          <caption>
            {p.emails.length} {p.emails.length === 1 ? 'email' : 'emails'}
            {p.to ? ` to ${p.to}` : ''}
          </caption>
          <thead>
            <tr>
              <th scope="col">Subject</th>
              <th scope="col">To</th>
              <th scope="col">Sent (UK time)</th>
            </tr>
          </thead>
          <tbody>
            {p.emails.map((e) => (
              <tr>
                <th scope="row">
                  <a href={mailPath(e)}>{e.subject}</a>
                </th>
                <td>{e.destination.to.join(', ')}</td>
                <td>
                  <time datetime={sentAt(e)}>{ukTime(sentAt(e))}</time>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Layout>
  );
}

export interface ReplyForm {
  text: string;
  errors: FieldError[];
}

/** One email: its headers, its text, its HTML (sandboxed), and a reply box when it has a reply address. */
export function EmailPage(p: { session: Session; email: StoredEmail; reply: ReplyForm | null }) {
  const e = p.email;
  const headers: Array<[string, string]> = [
    ['From', e.from],
    ['To', e.destination.to.join(', ')],
    ...(e.destination.cc.length ? [['Cc', e.destination.cc.join(', ')] as [string, string]] : []),
    ['Reply-To', e.replyTo.join(', ') || 'None'],
    ['Subject', e.subject],
    ['Sent', ukTime(sentAt(e))],
    ['Message id (local SES)', e.messageId],
  ];
  const error = p.reply?.errors.find((x) => x.field === 'reply')?.message;
  const recipient = e.destination.to[0] ?? '';
  return (
    <Layout title={`${p.reply?.errors.length ? 'Error: ' : ''}${e.subject}`} session={p.session}>
      <p>
        <a href="/mailbox">Mailbox</a> › <a href={`/mailbox?to=${encodeURIComponent(recipient)}`}>{recipient}</a>
      </p>
      <ErrorSummary errors={p.reply?.errors ?? []} />
      <h1>{e.subject}</h1>
      <table>
        <caption>Headers</caption>
        <tbody>
          {headers.map(([name, value]) => (
            <tr>
              <th scope="row">{name}</th>
              <td>{value}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {e.attachments.length ? (
        <>
          <h2>Attachments</h2>
          <ul>
            {e.attachments.map((a) => (
              <li>
                {a.filename ?? 'unnamed'} ({a.contentType ?? 'unknown type'})
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <h2>Text</h2>
      {e.body.text ? <pre>{e.body.text}</pre> : <p>This email has no text part.</p>}
      <h2>As the recipient's mail program shows it</h2>
      {e.body.html ? (
        // Sandboxed without scripts or same-origin, and under this page's CSP (it inherits it): no script runs, nothing is loaded.
        <iframe
          sandbox=""
          srcdoc={e.body.html}
          title={`The email "${e.subject}" as HTML`}
          referrerpolicy="no-referrer"
          style="width:100%;height:600px;border:2px solid #b1b4b6"
        ></iframe>
      ) : (
        <p>This email has no HTML part.</p>
      )}
      <h2 id="reply-heading">Reply as {recipient}</h2>
      {p.reply ? (
        <form method="post" action={`${mailPath(e)}/reply`} novalidate>
          <CsrfField token={p.session.csrf} />
          <div class={error ? 'field field-error' : 'field'}>
            <label for="reply">Your reply to {e.replyTo[0]}</label>
            <span class="hint" id="reply-hint">
              The email is quoted below, as your mail program would. Type each answer on a new line under its label, for example under "&gt; Status:" type On
              track. Leave out the actions you have nothing to say about. The reply goes to the local mail server, as an owner's would.
            </span>
            {error ? (
              <span class="error-message" id="reply-error">
                <span class="skip">Error: </span>
                {error}
              </span>
            ) : null}
            <textarea id="reply" name="reply" rows={30} spellcheck={true} aria-describedby={error ? 'reply-hint reply-error' : 'reply-hint'}>
              {/* A newline right after <textarea> is dropped by the HTML parser: this one keeps the reply's own first line. */}
              {`\n${p.reply.text}`}
            </textarea>
          </div>
          <button type="submit">Send reply</button>
        </form>
      ) : (
        <p>This email has no reply address: it cannot be answered.</p>
      )}
    </Layout>
  );
}
