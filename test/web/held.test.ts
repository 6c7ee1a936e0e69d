import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoredEmail } from '#adapters/local/ses-local-inbox';
import type { Cycle, Request } from '#domain/model';
import { ingestReply } from '#use-cases/ingest-reply';
import { emailsTo, givenRequestsSent, PLAN_ID, replyTo, type TestStack } from '#support/given';
import { webClient } from '#support/web-client';
import { ukTime } from '../../shared/web/pages.tsx';

// The held-replies queue in the browser: replies from someone other than the owner, held by
// ingestion as in production, accepted, accepted with the sender registered, or rejected.
let stack: TestStack;
let cycle: Cycle;
let web: ReturnType<typeof webClient>;
let requests: Request[];
let emails: StoredEmail[];
let n = 0;

beforeAll(async () => {
  ({ stack, cycle, requests, emails } = await givenRequestsSent());
  web = webClient(stack.deps);
});
afterAll(() => stack?.stop());

const heldPath = () => `/plans/${PLAN_ID}/cycles/${cycle.id}/held`;
const updatesOf = async (ref: string) => (await stack.deps.store.getUpdates(cycle.id)).filter((u) => u.actionRef === ref);

/** Someone other than the owner of the `i`th request answers its first action; ingestion holds it. The held id. */
async function heldReplyFrom(sender: string, i: number, summary = 'Going well.'): Promise<{ heldId: string; request: Request; ref: string }> {
  const request = requests[i]!;
  const ref = request.actionRefs[0]!;
  const email = emailsTo(emails, request.email)[0]!;
  const asSender = { ...email, destination: { ...email.destination, to: [sender] } };
  const outcome = await ingestReply(
    { raw: await replyTo(asSender, { [ref]: { status: 'Amber', summary } }, `<held-web-${++n}@mail.example.org>`) },
    stack.deps,
  );
  expect(outcome).toMatchObject({ outcome: 'held', from: sender });
  return { heldId: (outcome as { heldId: string }).heldId, request, ref };
}

const decide = (heldId: string, decision: string, session: { cookie: string; csrf: string }) =>
  web.post(`${heldPath()}/${heldId}`, { csrf: session.csrf, decision }, session.cookie);

describe('the held-replies queue', () => {
  it('shows who sent each reply, when in UK time, for whom, and its answers escaped; the cycle page links to it with the number waiting', async () => {
    const { request, ref } = await heldReplyFrom('dawn.deputy@nottingham.example.org', 0, '<script>alert("x")</script> on track');
    const { cookie } = await web.signIn('coordinator');

    const cyclePage = await (await web.get(`/plans/${PLAN_ID}/cycles/${cycle.id}`, cookie)).text();
    const res = await web.get(heldPath(), cookie);

    expect(cyclePage).toMatch(new RegExp(`<a href="${heldPath()}">Held replies</a> \\(1 waiting\\)`));
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('Reply from dawn.deputy@nottingham.example.org for ' + request.ownerName.replace(/'/g, '&#39;'));
    expect(html).toContain(`<time datetime="2026-04-20T08:00:00.000Z">${ukTime('2026-04-20T08:00:00.000Z')}</time>`);
    expect(ukTime('2026-04-20T08:00:00.000Z')).toMatch(/20 April 2026.*09:00 BST/);
    expect(html).toContain(`<th scope="row" style="width:40%">${ref}`);
    expect(html).toContain('At risk');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; on track');
    expect(html).not.toContain('<script>');
    expect(html).toContain('value="accept"');
    expect(html).toContain('value="delegate"');
    expect(html).toContain('value="reject"');
    expect(html).toContain('1 reply is waiting.');
  });

  it("accepting records the answers on the owner's behalf and an audit entry with the coordinator's name", async () => {
    const { heldId, request, ref } = await heldReplyFrom('amy.assistant@nottingham.example.org', 1);
    const session = await web.signIn('coordinator');

    const res = await decide(heldId, 'accept', session);

    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`${heldPath()}?done=accept&held=${heldId}`);
    expect(await updatesOf(ref)).toMatchObject([{ status: 'at_risk', from: 'amy.assistant@nottingham.example.org', onBehalfOf: request.email }]);
    const audit = (await stack.deps.store.listAudit({ planId: PLAN_ID })).filter((e) => e.action === 'held.accept');
    expect(audit).toMatchObject([{ actor: 'coordinator', cycleId: cycle.id, id: `held.accept#${cycle.id}#${heldId}` }]);
    expect(await stack.deps.store.getDelegates(PLAN_ID)).toEqual([]);
    const page = await (await web.get(res.headers.get('location')!, session.cookie)).text();
    expect(page).toContain('Reply accepted');
    expect(page).toContain(`The answers from amy.assistant@nottingham.example.org were recorded for ${request.ownerName.replace(/'/g, '&#39;')}`);
    expect(page).toMatch(/Accepted<\/span> by coordinator, /);
    expect(page).not.toContain(`action="${heldPath()}/${heldId}"`);
  });

  it('a second decision on the same reply gets a 409 page in plain words and changes nothing', async () => {
    const { heldId, ref } = await heldReplyFrom('bob.backup@nottingham.example.org', 2);
    const session = await web.signIn('coordinator');
    expect((await decide(heldId, 'accept', session)).status).toBe(303);

    const again = await decide(heldId, 'accept', session);
    const reject = await decide(heldId, 'reject', session);

    expect(again.status).toBe(409);
    expect(await again.text()).toMatch(/This reply was already accepted by coordinator on .{0,40}2026.{0,10}\d\d:\d\d BST, so nothing was changed/);
    expect(reject.status).toBe(409);
    expect(await updatesOf(ref)).toHaveLength(1);
    expect((await stack.deps.store.getHeld(cycle.id)).find((h) => h.heldId === heldId)?.state).toBe('accepted');
  });

  it('accepting and letting the sender answer registers them as a delegate of the owner', async () => {
    const { heldId, request, ref } = await heldReplyFrom('carla.cover@nottingham.example.org', 3);
    const session = await web.signIn('manager');

    const res = await decide(heldId, 'delegate', session);

    expect(res.status).toBe(303);
    expect(await updatesOf(ref)).toHaveLength(1);
    expect(await stack.deps.store.getDelegates(PLAN_ID)).toMatchObject([{ ownerKey: request.ownerKey, email: 'carla.cover@nottingham.example.org' }]);
    const entry = (await stack.deps.store.listAudit({ planId: PLAN_ID })).find((e) => e.id === `held.accept#${cycle.id}#${heldId}`);
    expect(entry).toMatchObject({ actor: 'manager', summary: expect.stringContaining('registered carla.cover@nottingham.example.org to answer for') });
    const page = await (await web.get(res.headers.get('location')!, session.cookie)).text();
    expect(page).toContain('From now on carla.cover@nottingham.example.org can answer for');
  });

  it('rejecting records nothing, and says so', async () => {
    const { heldId, ref } = await heldReplyFrom('eve.elsewhere@example.com', 4);
    const session = await web.signIn('coordinator');

    const res = await decide(heldId, 'reject', session);

    expect(res.status).toBe(303);
    expect(await updatesOf(ref)).toEqual([]);
    expect((await stack.deps.store.getHeld(cycle.id)).find((h) => h.heldId === heldId)?.state).toBe('rejected');
    expect((await stack.deps.store.listAudit({ planId: PLAN_ID })).find((e) => e.id === `held.reject#${cycle.id}#${heldId}`)?.actor).toBe('coordinator');
    const page = await (await web.get(res.headers.get('location')!, session.cookie)).text();
    expect(page).toContain('Reply rejected');
    expect(page).toContain('Nothing from eve.elsewhere@example.com was recorded');
    expect(page).toContain('What it said (nothing was recorded)');
  });

  it('an unknown held reply or decision gets a page in plain words', async () => {
    const session = await web.signIn('coordinator');
    const unknown = await decide('no-such-reply', 'accept', session);
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toContain('This cycle has no such held reply');
    const { heldId } = await heldReplyFrom('fay.filler@nottingham.example.org', 5);
    const odd = await decide(heldId, 'maybe', session);
    expect(odd.status).toBe(400);
    expect((await stack.deps.store.getHeld(cycle.id)).find((h) => h.heldId === heldId)?.state).toBe('held');
  });

  it('signed out, the queue shows nothing and a decision changes nothing', async () => {
    const { heldId, ref } = await heldReplyFrom('gus.guest@nottingham.example.org', 6);

    const page = await web.get(heldPath());
    const post = await web.post(`${heldPath()}/${heldId}`, { decision: 'accept' });

    expect(page.status).toBe(302);
    expect(await page.text()).not.toContain('gus.guest');
    expect(post.status).toBe(401);
    expect(await updatesOf(ref)).toEqual([]);
    expect((await stack.deps.store.getHeld(cycle.id)).find((h) => h.heldId === heldId)?.state).toBe('held');
  });
});
