import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoredEmail } from '#adapters/local/ses-local-inbox';
import type { Cycle, Request } from '#domain/model';
import { ingestReply } from '#use-cases/ingest-reply';
import { emailsTo, givenRequestsSent, PLAN_ID, replyTo, type TestStack } from '#support/given';
import { webClient } from '#support/web-client';

// The personal-data check in the browser: an owner's real reply (over the ingestion path)
// names a child with a date of birth; the page marks what was found, proposes the redaction,
// and a coordinator releases it once, recorded in the audit log without the text.
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

const privacyPath = () => `/plans/${PLAN_ID}/cycles/${cycle.id}/privacy`;

/** The owner of the `i`th request answers its first action with this evidence. */
async function answer(i: number, evidence: string): Promise<string> {
  const request = requests[i]!;
  const ref = request.actionRefs[0]!;
  const email = emailsTo(emails, request.email)[0]!;
  const outcome = await ingestReply(
    { raw: await replyTo(email, { [ref]: { status: 'Green', evidence, summary: 'Going well.' } }, `<privacy-web-${++n}@mail.example.org>`) },
    stack.deps,
  );
  expect(outcome).toMatchObject({ outcome: 'recorded' });
  return ref;
}

describe('the personal data check page', () => {
  it('lists an update naming a child with a date of birth, marks both, and proposes the redaction', async () => {
    const ref = await answer(0, 'Jamie Smith (DOB 03/04/2011) moved to a new foster placement and is settled at school.');
    const { cookie } = await web.signIn('coordinator');

    const res = await web.get(privacyPath(), cookie);
    const html = await res.text();

    expect(res.status).toBe(200);
    expect(html).toContain(`Action ${ref}`);
    expect(html).toContain('Withheld from the board pack');
    expect(html).toMatch(/<mark[^>]*>Jamie Smith/);
    expect(html).toMatch(/<mark[^>]*>03\/04\/2011|<mark[^>]*>DOB 03\/04\/2011/);
    expect(html).toContain('A young person (DOB [removed]) moved');
    expect(html).not.toMatch(/Proposed[\s\S]*Jamie Smith \(DOB/);
  });

  it('leaves an update without personal data off the page', async () => {
    const ref = await answer(1, '92% of care leavers had a pathway plan in March, up from 85%.');
    const { cookie } = await web.signIn('coordinator');

    const html = await (await web.get(privacyPath(), cookie)).text();

    expect(html).not.toContain(`Action ${ref}`);
  });

  it('releases an entry once with the redaction, and records who did it without the text', async () => {
    const ref = requests[0]!.actionRefs[0]!;
    const session = await web.signIn('coordinator');
    const [review] = (await stack.deps.store.getPrivacyReviews(cycle.id)).filter((r) => r.actionRef === ref);

    const first = await web.post(`${privacyPath()}/${ref}`, { csrf: session.csrf, decision: 'redact', textHash: review!.textHash }, session.cookie);
    const second = await web.post(`${privacyPath()}/${ref}`, { csrf: session.csrf, decision: 'clear', textHash: review!.textHash }, session.cookie);

    expect(first.status).toBe(303);
    expect(second.status).toBe(409);
    const stored = (await stack.deps.store.getPrivacyReviews(cycle.id)).find((r) => r.actionRef === ref)!;
    expect(stored).toMatchObject({ state: 'redacted', decidedBy: 'coordinator' });
    const audit = (await stack.deps.store.listAudit({ planId: PLAN_ID })).filter((e) => e.action === 'redaction.release');
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor: 'coordinator', cycleId: cycle.id });
    expect(JSON.stringify(audit)).not.toMatch(/Jamie|03\/04/);
    const html = await (await web.get(privacyPath(), session.cookie)).text();
    expect(html).toContain('Released with the redaction');
  });

  it('checks a new answer afresh: the release of the old text does not carry over', async () => {
    const ref = requests[0]!.actionRefs[0]!;
    const email = emailsTo(emails, requests[0]!.email)[0]!;
    await ingestReply(
      {
        raw: await replyTo(
          email,
          { [ref]: { status: 'Green', evidence: 'Jamie Smith now lives at 12 Acacia Avenue, NG5 1AB.' } },
          `<privacy-web-${++n}@mail.example.org>`,
        ),
      },
      stack.deps,
    );
    const { cookie } = await web.signIn('coordinator');

    const html = await (await web.get(privacyPath(), cookie)).text();

    const review = (await stack.deps.store.getPrivacyReviews(cycle.id)).find((r) => r.actionRef === ref)!;
    expect(review.state).toBe('pending');
    expect(review.findings.map((f) => f.kind)).toEqual(expect.arrayContaining(['name', 'address', 'postcode']));
    expect(html).toContain('Withheld from the board pack');
  });

  it('refuses a release of text that changed since the page was opened', async () => {
    const ref = requests[0]!.actionRefs[0]!;
    const session = await web.signIn('manager');

    const res = await web.post(`${privacyPath()}/${ref}`, { csrf: session.csrf, decision: 'clear', textHash: 'f'.repeat(64) }, session.cookie);

    expect(res.status).toBe(409);
    expect((await stack.deps.store.getPrivacyReviews(cycle.id)).find((r) => r.actionRef === ref)!.state).toBe('pending');
  });
});
