/** @jsxImportSource hono/jsx */
import type { Child } from 'hono/jsx';
import type { Session } from './session.ts';

/**
 * GOV.UK-like plain CSS, all colours at 4.5:1 or more on their backgrounds: text #0b0c0c and
 * links #1d70b8 on white, white on the green button #00703c, errors #d4351c, focus a yellow
 * #ffdd00 band with dark text; the warning button is white on #d4351c. No `>`, `<` or `&` in it:
 * hono escapes the text of the `<style>`, and a browser does not unescape it there.
 */
const CSS = `
*,*::before,*::after{box-sizing:border-box}
body{margin:0;font-family:Arial,Helvetica,sans-serif;font-size:19px;line-height:1.4;color:#0b0c0c;background:#fff}
a{color:#1d70b8}a:visited{color:#4c2c92}a:hover{color:#003078}
a:focus,button:focus,input:focus,select:focus{outline:3px solid #ffdd00;outline-offset:0;box-shadow:0 0 0 6px #0b0c0c}
a:focus{background:#ffdd00;color:#0b0c0c;text-decoration:none;box-shadow:0 -2px #ffdd00,0 4px #0b0c0c;outline:none}
.skip{position:absolute;left:-9999px}.skip:focus{position:static;display:block;padding:10px}
header{background:#0b0c0c;color:#fff;padding:10px 20px;display:flex;justify-content:space-between;align-items:center;flex-wrap:wrap;gap:10px}
header a,header a:visited{color:#fff;font-weight:bold;text-decoration:none;font-size:24px}
header form{margin:0}header .who{margin-right:10px}
main{max-width:1100px;margin:0 auto;padding:20px}
h1{font-size:36px;margin:0 0 20px}h2{font-size:27px;margin:30px 0 15px}
table{border-collapse:collapse;width:100%;margin-bottom:20px}
caption{text-align:left;font-weight:bold;font-size:24px;margin-bottom:10px}
th,td{text-align:left;vertical-align:top;padding:10px 20px 10px 0;border-bottom:1px solid #b1b4b6}
label,legend{display:block;font-weight:bold;margin-bottom:5px}
input[type=text],input[type=password],select{font:inherit;padding:5px;border:2px solid #0b0c0c;min-width:12em;max-width:100%}
.field{margin-bottom:20px}.field-error{border-left:5px solid #d4351c;padding-left:15px}
.field-error input{border-color:#d4351c}.error-message{color:#d4351c;font-weight:bold;display:block;margin-bottom:5px}
.hint{color:#505a5f;display:block;margin-bottom:5px}
.filters{display:flex;gap:20px;flex-wrap:wrap;align-items:flex-end;background:#f3f2f1;padding:15px;margin-bottom:20px}
.filters .field{margin:0}
button{font:inherit;background:#00703c;color:#fff;border:0;padding:8px 12px;box-shadow:0 2px 0 #002d18;cursor:pointer}
button.secondary{background:#fff;color:#0b0c0c;border:2px solid #0b0c0c;padding:6px 10px;box-shadow:0 2px 0 #0b0c0c}
button:focus{background:#ffdd00;color:#0b0c0c;box-shadow:0 2px 0 #0b0c0c}
header button{background:#fff;color:#0b0c0c;box-shadow:none}
.error-summary{border:5px solid #d4351c;padding:15px;margin-bottom:30px}
.error-summary:focus{outline:3px solid #ffdd00;outline-offset:0}
.error-summary h2,.notice h2{margin-top:0}.notice p{margin-bottom:0}.error-summary a{color:#d4351c;font-weight:bold}
.notice{border:5px solid #00703c;padding:15px;margin-bottom:30px}.notice p:first-child{margin-top:0}
.tag{display:inline-block;padding:2px 8px;font-weight:bold;background:#f3f2f1;color:#0b0c0c}
.tag.done{background:#cce2d8;color:#005a30}
fieldset{border:0;padding:0;margin:0}legend{padding:0}.checkbox{display:flex;gap:10px;align-items:center}.checkbox input{width:28px;height:28px;margin:0}.checkbox label{font-weight:normal;margin:0}
button.warning{background:#d4351c;box-shadow:0 2px 0 #55150b}button.warning:focus{background:#ffdd00;color:#0b0c0c;box-shadow:0 2px 0 #0b0c0c}
textarea{font:inherit;font-family:monospace;font-size:16px;padding:5px;border:2px solid #0b0c0c;width:100%}textarea:focus{outline:3px solid #ffdd00;box-shadow:0 0 0 6px #0b0c0c}
pre{white-space:pre-wrap;word-break:break-word;background:#f3f2f1;padding:15px;font-size:16px}
`;

export function Layout(props: { title: string; session: Session | null; children?: Child }) {
  return (
    <html lang="en-GB">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${props.title} - PlanPulse`}</title>
        <style>{CSS}</style>
      </head>
      <body>
        <a class="skip" href="#main">
          Skip to main content
        </a>
        <header>
          <a href="/">PlanPulse</a>
          {props.session ? (
            <nav aria-label="Main" style="flex:1;margin-left:20px">
              <a href="/audit" style="font-size:19px">
                Audit log
              </a>
              {props.session.mailbox ? (
                <a href="/mailbox" style="font-size:19px;margin-left:20px">
                  Mailbox
                </a>
              ) : null}
            </nav>
          ) : null}
          {props.session ? (
            <form method="post" action="/sign-out">
              <span class="who">
                Signed in as {props.session.username}
                {props.session.username === props.session.role ? '' : ` (${props.session.role})`}
              </span>
              <CsrfField token={props.session.csrf} />
              <button type="submit">Sign out</button>
            </form>
          ) : null}
        </header>
        <main id="main" tabindex={-1}>
          {props.children}
        </main>
      </body>
    </html>
  );
}

/** The hidden CSRF token every form carries. */
/** Where a page sits: each link back up, "Plans › plan › cycle". */
export function Breadcrumbs(props: { links: ReadonlyArray<readonly [href: string, text: string]> }) {
  return (
    <p>
      {props.links.map(([href, text], i) => (
        <>
          {i > 0 ? ' › ' : ''}
          <a href={href}>{text}</a>
        </>
      ))}
    </p>
  );
}

export const CsrfField = (props: { token: string }) => <input type="hidden" name="csrf" value={props.token} />;

/** One problem of a form: the field it is about (its id) and the message. */
export interface FieldError {
  field: string | null;
  message: string;
}

/** A use case's message as a sentence: its first letter a capital. */
export const sentence = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/**
 * GOV.UK error summary: first in the page, each message a link to its field. It takes the
 * focus when the page loads (`autofocus`, as GOV.UK's script does, but without one), so the
 * next Tab reaches its first link, and following a link focuses the field.
 */
export function ErrorSummary(props: { errors: FieldError[] }) {
  if (props.errors.length === 0) return null;
  return (
    <div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex={-1} autofocus>
      <h2 id="error-summary-title">There is a problem</h2>
      <ul>
        {props.errors.map((e) => (
          <li>{e.field ? <a href={`#${e.field}`}>{sentence(e.message)}</a> : sentence(e.message)}</li>
        ))}
      </ul>
    </div>
  );
}

/** A page saying why a request was refused or not found (403, 404, 400). */
export function ProblemPage(props: { title: string; message: string; session: Session | null }) {
  return (
    <Layout title={props.title} session={props.session}>
      <h1>{props.title}</h1>
      <p>{sentence(props.message)}</p>
      <p>
        <a href="/">Back to the plans</a>
      </p>
    </Layout>
  );
}
