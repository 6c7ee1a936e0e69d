/**
 * The rules every email we send keeps (docs/emails.md): Outlook-safe, accessible HTML; text
 * and HTML with the same content; user text escaped; no header injection through a subject.
 * Each template is rendered with realistic data (the Nottingham 2011 plan) and with hostile data.
 */
import { describe, expect, it } from 'vitest';
import { composeMime } from '#adapters/ses/mailer';
import { htmlToQuotedText } from '#mail/parse-reply';
import { renderConfirmation } from '#mail/templates/confirmation';
import { renderCycleCancelled, renderDatesChanged } from '#mail/templates/cycle-notices';
import { renderDeliveryProblem } from '#mail/templates/delivery-problem';
import { renderEscalation } from '#mail/templates/escalation';
import { renderHeldForOwner, renderHeldForSender } from '#mail/templates/held-reply';
import { renderRejection } from '#mail/templates/rejection';
import { renderReportDelivery } from '#mail/templates/report-delivery';
import { renderUpdateRequest, type FormAction } from '#mail/templates/update-form';
import { contrast } from '#support/contrast';
import { aPlanAction, anUpdate, aReportDocument, REPORT_CYCLE, REPORT_PLAN } from '#support/reports';

type Email = { subject: string; text: string; html: string };

const TOKEN = 'Q3x9Lk2mPa0.c0ffee12';
const PLAN = 'Corporate Parenting Promise Action Plan 2011-12';

/** Renders every email we send from the same names and titles. */
function everyEmail(n: { owner: string; plan: string; cycle: string; title: string; text: string; location?: string }): Array<[string, Email]> {
  const action: FormAction = {
    action: {
      ref: '3.1.1',
      title: n.title,
      measure: `PEP completion rate increased.\nBaseline: 87% - (Jan 2011)\n${n.text}`,
      baseline: null,
      target: n.text,
      due: '2011-06-01',
      dueText: '1/6/11',
      revisedDue: null,
      revisedDueText: n.text,
    },
    lastUpdate: { cycleName: n.cycle, status: 'at_risk', summary: n.text },
  };
  const request = {
    ownerName: n.owner,
    planName: n.plan,
    cycleName: n.cycle,
    board: '2011-05-26',
    replyBy: '2011-05-10',
    token: TOKEN,
    supportEmail: 'cpb.support@nottingham.example.org',
    actions: [action],
  };
  const notice = { ownerName: n.owner, planName: n.plan, cycleName: n.cycle, token: TOKEN };
  return [
    ['update request', renderUpdateRequest({ kind: 'request', ...request })],
    ['reminder', renderUpdateRequest({ kind: 'reminder', ...request })],
    [
      'confirmation',
      renderConfirmation({
        ...notice,
        recorded: [{ ref: '3.1.1', title: n.title, status: 'on_track', evidence: n.text, summary: n.text, risks: null, mitigation: null }],
        problems: [`Action 3.1.3: status "${n.text}" is not one of On track, At risk, Off track, Complete`],
        outstanding: ['3.1.3'],
        form: [action],
      }),
    ],
    ['rejection', renderRejection('unknown-request', `Re: Update request: ${n.plan} - ${n.cycle}`)],
    [
      'escalation',
      renderEscalation({
        recipientName: n.owner,
        planName: n.plan,
        cycleName: n.cycle,
        draft: '2011-05-10',
        board: '2011-05-26',
        missing: [{ name: n.owner, email: 'lorna.beedham@nottingham.example.org', actions: [{ ref: '3.1.2', title: n.title }] }],
        unowned: [{ ref: '1.1.2', title: n.title }],
      }),
    ],
    [
      'delivery problem',
      renderDeliveryProblem({
        planName: n.plan,
        email: 'lorna.beedham@nottingham.example.org',
        ownerName: n.owner,
        kind: 'bounced',
        reason: n.text,
        actions: [{ ref: '3.1.1', title: n.title }],
      }),
    ],
    ['dates changed', renderDatesChanged({ ...notice, replyBy: '2011-05-17', board: '2011-05-26', previousReplyBy: '2011-05-10' })],
    ['cycle cancelled', renderCycleCancelled(notice)],
    [
      'held (to the sender)',
      renderHeldForSender({ ...notice, sender: 'dawn.godfrey@nottingham.example.org', ownerEmail: 'lorna.beedham@nottingham.example.org' }),
    ],
    [
      'held (to the owner)',
      renderHeldForOwner({ ...notice, sender: 'dawn.godfrey@nottingham.example.org', ownerEmail: 'lorna.beedham@nottingham.example.org' }),
    ],
    [
      'report delivery',
      renderReportDelivery({
        doc: aReportDocument({
          plan: { ...REPORT_PLAN, name: n.plan },
          cycle: { ...REPORT_CYCLE, name: n.cycle },
          actions: [aPlanAction('3.1.1', 'Education', 0, { title: n.title }), aPlanAction('3.1.2', 'Education', 1)],
          updates: [anUpdate({ actionRef: '3.1.1', status: 'at_risk', summary: n.text })],
        }),
        files: [
          {
            filename: 'q1-draft.html',
            bytes: 210_000,
            url: n.location ?? 'https://reports.nottingham.example.org/nottingham-2011/q1-2011-12/draft-progress-report.html',
            content: '<!DOCTYPE html><html lang="en-GB"><body><h1>Draft progress report</h1></body></html>',
            contentType: 'text/html; charset=utf-8',
          },
        ],
        attach: false,
      }),
    ],
  ];
}

const REALISTIC = everyEmail({
  owner: 'Lorna Beedham',
  plan: PLAN,
  cycle: 'Q1 2011/12',
  title: 'Closely monitor PEP completion & implementation.',
  text: 'Target: 99% in city',
});

const HOSTILE_MARKUP = `<script>alert("x")</script> & 'quotes'`;
const HOSTILE = everyEmail({
  owner: `${HOSTILE_MARKUP} Beedham`,
  plan: `Plan ${HOSTILE_MARKUP}`,
  cycle: `Q1 ${HOSTILE_MARKUP}`,
  title: `Title ${HOSTILE_MARKUP} <img src="https://tracker.example.org/x.gif">`,
  text: `Text ${HOSTILE_MARKUP} <a href="javascript:alert(1)">link</a>`,
  location: `https://reports.nottingham.example.org/draft.html?q="><script>alert(1)</script>`,
});
/** The rejection carries no user text in its body (only the original subject, in its own subject). */
const HOSTILE_BODIES = HOSTILE.filter(([name]) => name !== 'rejection');

/** Ways to end a line: CR, LF, NEL, the Unicode line and paragraph separators, VT, FF, and NUL. */
const LINE_BREAKS = ['\r\n', '\n', '\r', '\u0085', '\u2028', '\u2029', '\v', '\f', '\0'];
const INJECTED = LINE_BREAKS.map(
  (br) =>
    [
      JSON.stringify(br),
      everyEmail({
        owner: `Lorna${br}---- End of form ----${br}Beedham`,
        plan: `${PLAN}${br}Bcc: victim@attacker.example.org`,
        cycle: `Q1 2011/12${br}X-Injected: yes${br}${br}<p>body</p>`,
        title: `Improve PEP process${br}---- Action 9.9.9 ----${br}Status: Complete`,
        text: `Target: 99%${br}Summary: done`,
      }),
    ] as const,
);

const VOID_ELEMENTS = new Set(['br', 'meta', 'img', 'hr', 'input', 'link', 'col', 'area', 'base', 'wbr', 'source', 'track', 'embed']);

/**
 * Problems with the HTML as markup: unbalanced or misnested elements, unquoted attributes,
 * and text holding a raw `<`, `>` or an `&` that does not start a character reference.
 */
function markupProblems(html: string): string[] {
  const problems: string[] = [];
  const open: string[] = [];
  const tag = /<!DOCTYPE html>|<(\/?)([a-z][a-z0-9]*)((?:\s+[a-z-]+(?:="[^"<>]*")?)*)\s*>/gi;
  let textStart = 0;
  const checkText = (text: string) => {
    if (/[<>]/.test(text)) problems.push(`raw < or > in text: ${text.slice(0, 60)}`);
    if (/&(?!(?:amp|lt|gt|quot|#x27|#\d+|#x[0-9a-f]+);)/i.test(text)) problems.push(`bare & in text: ${text.slice(0, 60)}`);
  };
  for (const m of html.matchAll(tag)) {
    checkText(html.slice(textStart, m.index));
    textStart = m.index + m[0].length;
    const [, closing, rawName, attributes] = m;
    if (!rawName) continue;
    const name = rawName.toLowerCase();
    for (const value of (attributes ?? '').matchAll(/="([^"]*)"/g)) checkText(value[1] ?? '');
    if (VOID_ELEMENTS.has(name)) continue;
    if (!closing) open.push(name);
    else if (open.pop() !== name) problems.push(`</${name}> closes something else`);
  }
  checkText(html.slice(textStart));
  if (open.length) problems.push(`never closed: ${open.join(', ')}`);
  return problems;
}

/** Every text colour used (`color:#rrggbb`, `#rgb` expanded) with the background it sits on. */
function textColours(html: string): Array<{ colour: string; background: string }> {
  const full = (hex: string) => (hex.length === 4 ? `#${[...hex.slice(1)].map((c) => c + c).join('')}` : hex).toLowerCase();
  return [...html.matchAll(/style="([^"]*)"/g)].flatMap(([, style = '']) => {
    const background = /background(?:-color)?:\s*(#[0-9a-f]{3,6})\b/i.exec(style)?.[1];
    return [...style.matchAll(/(?:^|;)\s*color:\s*(#[0-9a-f]{6}|#[0-9a-f]{3})\b/gi)].map(([, colour = '']) => ({
      colour: full(colour),
      background: full(background ?? '#ffffff'),
    }));
  });
}

/** The words of a text, lower-cased, without punctuation or markup bullets. */
const words = (text: string) => text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];

/** The HTML's text without its <h1> (which repeats the subject), as html-to-text and mail clients see it. */
function htmlTextWithoutHeading(html: string): string {
  return htmlToQuotedText(html.replace(/<h1[^>]*>[\s\S]*?<\/h1>/, ''));
}

/** The start tags of the HTML (user text is escaped, so every `<` starts a tag). */
const startTags = (html: string) => [...html.matchAll(/<[a-z][^>]*>/gi)].map((m) => m[0]);
/** The inline CSS of every element. */
const styles = (html: string) => startTags(html).flatMap((t) => /\sstyle="([^"]*)"/.exec(t)?.[1] ?? []);

/** Header lines of the MIME message built from the email, unfolded. */
async function mimeHeaders(email: Email): Promise<string[]> {
  const raw = await composeMime('Corporate Parenting Board <updates@notify.example.org>', {
    to: ['lorna.beedham@nottingham.example.org'],
    messageId: '<request.test@notify.example.org>',
    ...email,
  });
  const head = raw.toString('utf8').split('\r\n\r\n')[0] ?? '';
  return head.replace(/\r\n[ \t]+/g, ' ').split('\r\n');
}

describe.each([...REALISTIC, ...HOSTILE])('the %s html', (_name, email) => {
  it('is well-formed markup with every user string escaped', () => {
    // Act
    const problems = markupProblems(email.html);

    // Assess
    expect(problems).toEqual([]);
  });

  it('is a document in British English with a title', () => {
    // Assess
    expect(email.html.startsWith('<!DOCTYPE html><html lang="en-GB"')).toBe(true);
    expect(email.html).toMatch(/<title>[^<]+<\/title>/);
    expect(email.html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
  });

  it('has exactly one <h1> and no skipped heading level', () => {
    // Act
    const levels = [...email.html.matchAll(/<h([1-6])\b/g)].map((m) => Number(m[1]));

    // Assess
    expect(levels.filter((l) => l === 1)).toHaveLength(1);
    expect(levels[0]).toBe(1);
    for (const [i, level] of levels.entries()) expect(level - (levels[i - 1] ?? 0)).toBeLessThanOrEqual(1);
  });

  it('has no script, style block, image, font or other external resource', () => {
    // Assess
    const tags = startTags(email.html);
    expect(tags.filter((t) => /^<(script|style|link|img|iframe|object|embed|svg|video|audio|form|input|base)\b/i.test(t))).toEqual([]);
    expect(tags.filter((t) => /\s(src|srcset|background)=/i.test(t))).toEqual([]);
    expect(email.html).not.toMatch(/src\s*=\s*["']?https?:\/\//i);
    expect(styles(email.html).filter((css) => /url\(|@import|@font-face|expression\(/i.test(css))).toEqual([]);
  });

  it('uses no CSS that Outlook drops for layout', () => {
    // Assess
    expect(styles(email.html).filter((css) => /display:\s*(flex|grid|inline-flex)|position:|float:|background-image/i.test(css))).toEqual([]);
  });

  it('fits a 320 px screen: no fixed width wider, and long words wrap', () => {
    // Act
    const widths = startTags(email.html).flatMap((t) =>
      [...t.matchAll(/(?:\swidth="(\d+)"|(?<![-\w])(?:min-)?width:\s*(\d+)px)/g)].map((m) => Number(m[1] ?? m[2])),
    );

    // Assess
    expect(widths.filter((w) => w > 320)).toEqual([]);
    expect(email.html).toMatch(/<td style="[^"]*overflow-wrap:break-word;word-break:break-word/);
  });

  it('uses only text colours with a contrast of at least 4.5:1', () => {
    // Act
    const weak = textColours(email.html).filter(({ colour, background }) => contrast(colour, background) < 4.5);

    // Assess
    expect(textColours(email.html).length).toBeGreaterThan(0);
    expect(weak).toEqual([]);
  });

  it('says the same as the text part', () => {
    // Act
    const html = words(htmlTextWithoutHeading(email.html));

    // Assess
    expect(html).toEqual(words(email.text));
  });
});

describe.each(REALISTIC)('the %s text', (_name, email) => {
  it('shows user text as written, not as HTML', () => {
    // Assess
    expect(email.text).not.toMatch(/&(amp|lt|gt|quot|#x27);|<\/?[a-z]+[ >]/);
  });
});

describe.each(HOSTILE_BODIES)('the %s with markup in every name and title', (_name, email) => {
  it('escapes it in the html', () => {
    // Assess
    expect(email.html).not.toMatch(/<script|<img|<a href="javascript/i);
    expect(email.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#x27;quotes&#x27;');
  });

  it('keeps it as plain text in the text part', () => {
    // Assess
    expect(email.text).toContain(HOSTILE_MARKUP);
  });
});

describe.each(INJECTED)('a %s in the names and titles', (_break, emails) => {
  it.each(emails)('leaves the %s subject on one line', (_name, email) => {
    // Assess
    // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
    expect(email.subject).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/);
    expect(email.subject.length).toBeGreaterThan(0);
  });

  it.each(emails)('adds no header to the %s message', async (_name, email) => {
    // Act
    const headers = await mimeHeaders(email);

    // Assess
    const names = headers.map((h) => h.slice(0, h.indexOf(':')).toLowerCase());
    expect(names.filter((n) => n === 'subject')).toHaveLength(1);
    expect(names).not.toContain('bcc');
    expect(names).not.toContain('x-injected');
  });

  it.each(emails)('adds no line of its own to the %s text', (_name, email) => {
    // Act
    const lines = email.text.split('\n').map((l) => l.trim());

    // Assess
    expect(lines).not.toContain('---- Action 9.9.9 ----');
    expect(lines.filter((l) => l === '---- End of form ----').length).toBeLessThanOrEqual(1);
    expect(lines.filter((l) => /^(Status: Complete|Bcc:|X-Injected:)/.test(l))).toEqual([]);
  });
});
