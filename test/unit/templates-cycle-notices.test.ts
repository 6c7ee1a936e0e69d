import { describe, expect, it } from 'vitest';
import { renderCycleCancelled, renderDatesChanged } from '#mail/templates/cycle-notices';

const TOKEN = 'Q3x9Lk2mPa0.c0ffee12';
const notice = { ownerName: 'Lorna Beedham', planName: 'Corporate Parenting Promise Action Plan 2011-12', cycleName: 'Q1 2011/12', token: TOKEN };
const datesChanged = { ...notice, replyBy: '2011-05-17', board: '2011-06-06', previousReplyBy: '2011-05-10' };

describe('renderDatesChanged', () => {
  it('names the plan, the cycle and the new reply-by date in the subject, with the reference', () => {
    // Act
    const { subject } = renderDatesChanged(datesChanged);

    // Assess
    expect(subject).toBe(`Dates changed: Corporate Parenting Promise Action Plan 2011-12 - Q1 2011/12 (reply by 17 May 2011) [ref ${TOKEN}]`);
  });

  it('gives the old and new deadline and the board date', () => {
    // Act
    const { text } = renderDatesChanged(datesChanged);

    // Assess
    expect(text.split('\n')[0]).toBe('Dear Lorna,');
    expect(text).toContain('has changed from 10 May 2011 to 17 May 2011.');
    expect(text).toContain('Corporate Parenting Board on 6 June 2011.');
    expect(text).toContain('If you have already replied, there is nothing more to do');
  });

  it('says the same in the HTML, escaped', () => {
    // Act
    const { html } = renderDatesChanged({ ...datesChanged, planName: 'Promise <b>&</b> Plan' });

    // Assess
    expect(html).toContain('<h1 ');
    expect(html).toContain('on the Promise &lt;b&gt;&amp;&lt;/b&gt; Plan for Q1 2011/12 has changed from 10 May 2011 to 17 May 2011.');
  });

  it('keeps its subject on one line whatever the names hold', () => {
    // Act
    const { subject } = renderDatesChanged({ ...datesChanged, planName: 'Plan\u2029Bcc: x@attacker.example.org', cycleName: 'Q1\r\n\u0085X: y' });

    // Assess
    expect(subject).not.toMatch(/[\r\n\u0085\u2028\u2029]/);
    expect(subject.endsWith(`[ref ${TOKEN}]`)).toBe(true);
  });
});

describe('renderCycleCancelled', () => {
  it('names the plan and the cycle in the subject, with the reference', () => {
    // Act
    const { subject } = renderCycleCancelled(notice);

    // Assess
    expect(subject).toBe(`Cancelled: update request for Corporate Parenting Promise Action Plan 2011-12 - Q1 2011/12 [ref ${TOKEN}]`);
  });

  it('says no update is needed and a new request will follow', () => {
    // Act
    const { text, html } = renderCycleCancelled(notice);

    // Assess
    expect(text).toContain(
      'The update cycle Q1 2011/12 of the Corporate Parenting Promise Action Plan 2011-12 has been cancelled, so no update is needed for it.',
    );
    expect(html).toContain('You will receive a new request when the next cycle opens.');
  });

  it('keeps a line break in the owner name out of the greeting', () => {
    // Act
    const { text } = renderCycleCancelled({ ...notice, ownerName: 'Lorna\u2028Status: Complete' });

    // Assess
    expect(text.split('\n')[0]).toBe('Dear Lorna,');
  });

  it('keeps its subject on one line whatever the names hold', () => {
    // Act
    const { subject } = renderCycleCancelled({ ...notice, planName: 'Plan\r\nBcc: x@attacker.example.org', cycleName: 'Q1\u2028X: y' });

    // Assess
    expect(subject).not.toMatch(/[\r\n\u0085\u2028\u2029]/);
  });
});
