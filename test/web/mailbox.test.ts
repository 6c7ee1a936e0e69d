import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoredEmail } from '#adapters/local/ses-local-inbox';
import type { Cycle } from '#domain/model';
import { emailsTo, givenACycle, givenAStackWithThePlan, sent, type TestStack } from '#support/given';
import { signedIn, unescaped, WEB_USERS } from '#support/web-session';
import { runMilestone } from '#use-cases/run-milestone';
import { createWebApp } from '../../shared/web/app.ts';

const OWNER = 'morvette.williams@nottingham.example.org';

let stack: TestStack;
let cycle: Cycle;
let app: ReturnType<typeof createWebApp>;
let request: StoredEmail;

beforeAll(async () => {
  stack = await givenAStackWithThePlan(new Date('2026-04-20T08:00:00Z'));
  cycle = await givenACycle(stack);
  await runMilestone({ cycleId: cycle.id, milestone: 'requests-open', version: 1 }, stack.deps);
  request = emailsTo(await sent(stack), OWNER)[0]!;
  app = createWebApp(stack.deps, {
    users: WEB_USERS,
    secret: 'test-secret-of-the-web-app',
    mailbox: { sesEndpoint: stack.endpoints.ses, smtpPort: stack.endpoints.smtpPort! },
  });
});
afterAll(async () => {
  await stack?.stop();
});

/** The subjects of the listed emails, in the page's order. */
const subjectsIn = (html: string) => [...html.matchAll(/<th scope="row"><a href="\/mailbox\/[^"]+">([^<]*)<\/a><\/th>/g)].map((m) => unescaped(m[1]!));
/** The text a textarea starts with, as the browser shows it (the parser drops one newline after the tag). */
const textareaIn = (html: string) => unescaped(/<textarea[^>]*>([\s\S]*?)<\/textarea>/.exec(html)![1]!).replace(/^\n/, '');

/** Types answers into the quoted form, as an owner does in Gmail: on a new line under the quoted label of the action. */
function answered(quoted: string, ref: string, answers: Record<string, string>): string {
  const out: string[] = [];
  let current: string | null = null;
  for (const line of quoted.split('\n')) {
    out.push(line);
    const marker = /^> ---- Action (\S+) ----$/.exec(line);
    if (marker) current = marker[1]!;
    const label = /^> ([A-Za-z ]+):$/.exec(line)?.[1];
    if (current === ref && label && answers[label]) out.push(answers[label]!);
  }
  return out.join('\n');
}

describe('the mailbox', () => {
  it('lists every email sent, newest first, and filters them by recipient', async () => {
    const browser = await signedIn(app, 'coordinator');
    const all = await sent(stack);

    const page = await browser.get('/mailbox');
    const mine = await browser.get(`/mailbox?to=${encodeURIComponent(OWNER)}`);

    expect(page.status).toBe(200);
    const html = await page.text();
    expect(subjectsIn(html)).toEqual(all.map((e) => e.subject).reverse());
    expect(html).toContain(`<option value="${OWNER}">${OWNER} (${emailsTo(all, OWNER).length})</option>`);
    const filtered = await mine.text();
    expect(subjectsIn(filtered)).toEqual(emailsTo(all, OWNER).map((e) => e.subject));
    expect(filtered).toContain(`<option value="${OWNER}" selected="">`);
  });

  it('shows an email: its headers, its text, its HTML sandboxed, and a reply quoting it', async () => {
    const browser = await signedIn(app, 'coordinator');

    const res = await browser.get(`/mailbox/${request.messageId}`);

    expect(res.status).toBe(200);
    const html = await res.text();
    expect(unescaped(html)).toContain(`<th scope="row">Reply-To</th><td>${request.replyTo[0]}</td>`);
    expect(unescaped(/<pre>([\s\S]*?)<\/pre>/.exec(html)![1]!)).toBe(request.body.text);
    // The HTML body is an attribute of a sandboxed frame: escaped, never markup of the page.
    const frame = /<iframe sandbox="" srcdoc="([^"]*)"/.exec(html);
    expect(unescaped(frame![1]!)).toBe(request.body.html);
    expect(html.match(/<body/g)).toHaveLength(1);
    // The frame inherits the page's CSP: framing by the page itself is allowed, by no other site; nothing loads.
    expect(res.headers.get('Content-Security-Policy')).toBe(
      "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'self'; base-uri 'none'",
    );
    const reply = textareaIn(html);
    expect(reply).toMatch(/^\n\nOn .+, .+ wrote:\n\n> /);
    expect(reply).toContain('> ---- Action 2.2.2 ----\n');
    expect(reply).toContain('\n> Status:\n');
  });

  it('sends a reply over the local SMTP server; the update is stored for its action and the confirmation arrives', async () => {
    const browser = await signedIn(app, 'coordinator');
    const quoted = textareaIn(await (await browser.get(`/mailbox/${request.messageId}`)).text());

    const res = await browser.post(`/mailbox/${request.messageId}/reply`, {
      reply: answered(quoted, '2.2.2', { Status: 'Complete', 'Evidence update': 'IRO standards updated.' }),
    });

    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/mailbox?to=${encodeURIComponent(OWNER)}&replied=1`);
    const { ownerKey } = (await stack.deps.store.getRequests(cycle.id)).find((r) => r.email === OWNER)!;
    await expect
      .poll(() => stack.deps.store.getUpdates(cycle.id), { timeout: 20_000 })
      .toMatchObject([{ actionRef: '2.2.2', ownerKey, from: OWNER, status: 'complete', evidence: 'IRO standards updated.' }]);
    // A reply as a mail program makes it: from the recipient, to the Reply-To, threaded on the email.
    const raw = (await stack.deps.blobs.get((await stack.deps.store.getUpdates(cycle.id))[0]!.rawKey))!.toString('utf8');
    expect(raw).toContain(`In-Reply-To: <${request.messageId}@email.amazonses.com>`);
    expect(raw).toContain(`References: <${request.messageId}@email.amazonses.com>`);
    expect(raw).toContain(`To: ${request.replyTo[0]}`);
    await expect
      .poll(async () => subjectsIn(await (await browser.get(res.headers.get('location')!)).text())[0], { timeout: 20_000 })
      .toMatch(/^Update recorded:/);
    expect(await (await browser.get(res.headers.get('location')!)).text()).toContain('The confirmation will appear here in a moment');
  });

  it('refuses an empty reply by its field and sends nothing', async () => {
    const browser = await signedIn(app, 'coordinator');
    const before = (await sent(stack)).length;

    const res = await browser.post(`/mailbox/${request.messageId}/reply`, { reply: '  \n ' });

    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('<a href="#reply">Type your reply</a>');
    expect(html).toContain('aria-describedby="reply-hint reply-error"');
    expect((await sent(stack)).length).toBe(before);
  });

  it('says so for an email it does not have', async () => {
    const browser = await signedIn(app, 'coordinator');

    const res = await browser.get('/mailbox/ses-000000000');

    expect(res.status).toBe(404);
  });
});

describe('without the mailbox option (as in AWS)', () => {
  it('has no mailbox routes', async () => {
    const plain = createWebApp(stack.deps, { users: WEB_USERS, secret: 'test-secret-of-the-web-app' });
    const browser = await signedIn(plain, 'coordinator');

    const list = await browser.get('/mailbox');
    const one = await browser.get(`/mailbox/${request.messageId}`);
    const reply = await browser.post(`/mailbox/${request.messageId}/reply`, { reply: 'Status: Complete' });

    expect([list.status, one.status, reply.status]).toEqual([404, 404, 404]);
    expect(await list.text()).not.toContain(request.subject);
  });
});
