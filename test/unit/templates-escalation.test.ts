import { describe, expect, it } from 'vitest';
import { renderEscalation, type EscalationModel } from '#mail/templates/escalation';

function anEscalation(overrides: Partial<EscalationModel> = {}): EscalationModel {
  return {
    recipientName: 'Helen Blackman',
    planName: 'Corporate Parenting Promise Action Plan 2011-12',
    cycleName: 'Q1 2011/12',
    draft: '2011-05-10',
    board: '2011-05-26',
    missing: [
      {
        name: 'Lorna Beedham',
        email: 'lorna.beedham@nottingham.example.org',
        actions: [
          { ref: '3.1.2', title: 'Promote creative, constructive use of Personal Education Allowances...' },
          { ref: '3.2.2', title: 'Weekly monitoring of CiC attendance at all educational provision.' },
        ],
      },
      { name: 'Clare Gilbert', email: null, actions: [{ ref: '1.2.5', title: 'Substance misuse needs to be effectively addressed.' }] },
    ],
    unowned: [{ ref: '1.1.2', title: 'Improved use of data system to facilitate performance monitoring & management' }],
    ...overrides,
  };
}

describe('renderEscalation', () => {
  it('counts every action still missing in the subject', () => {
    // Act
    const { subject } = renderEscalation(anEscalation());

    // Assess
    expect(subject).toBe('Updates missing: Corporate Parenting Promise Action Plan 2011-12 - Q1 2011/12 (4 actions)');
  });

  it('counts an action once however many owners it is listed under', () => {
    // Prepare: 1.1 and 1.2 are shared by two owners; 1.2.5's only owner has no email, so it is also unowned
    const shared = [
      { ref: '1.1', title: 'Health assessments on time' },
      { ref: '1.2', title: 'Dental checks' },
    ];
    const model = anEscalation({
      missing: [
        { name: 'Lorna Beedham', email: 'lorna.beedham@nottingham.example.org', actions: shared },
        { name: 'Jon Rea', email: 'jon.rea@nottingham.example.org', actions: shared },
        { name: 'Clare Gilbert', email: null, actions: [{ ref: '1.2.5', title: 'Substance misuse needs to be effectively addressed.' }] },
      ],
      unowned: [{ ref: '1.2.5', title: 'Substance misuse needs to be effectively addressed.' }],
    });

    // Act
    const { subject, text, html } = renderEscalation(model);

    // Assess: three distinct actions lack an update (not 2 + 2 + 1 + 1 listings)
    expect(subject.endsWith('(3 actions)')).toBe(true);
    expect(text).toContain('has passed and 3 actions still have no update');
    expect(html).toContain('has passed and 3 actions still have no update');
  });

  it('speaks of one action in the singular', () => {
    // Prepare
    const model = anEscalation({ missing: [], unowned: [{ ref: '1.1.2', title: 'Improved use of data system' }] });

    // Act
    const { subject, text } = renderEscalation(model);

    // Assess
    expect(subject.endsWith('(1 action)')).toBe(true);
    expect(text).toContain('1 action still has no update');
  });

  it('greets an outcome owner by first name and the coordinators with Hello', () => {
    // Act
    const toOwner = renderEscalation(anEscalation());
    const toCoordinators = renderEscalation(anEscalation({ recipientName: null }));

    // Assess
    expect(toOwner.text.split('\n')[0]).toBe('Dear Helen,');
    expect(toCoordinators.text.split('\n')[0]).toBe('Hello,');
  });

  it('gives the draft deadline and the board date', () => {
    // Act
    const { text } = renderEscalation(anEscalation());

    // Assess
    expect(text).toContain('The draft deadline (10 May 2011) has passed and 4 actions still have no update for the Corporate Parenting Board on 26 May 2011.');
  });

  it('lists each owner with their address and missing actions', () => {
    // Act
    const { text } = renderEscalation(anEscalation());

    // Assess
    expect(text).toContain(
      'Lorna Beedham <lorna.beedham@nottingham.example.org>:\n' +
        '  - 3.1.2 Promote creative, constructive use of Personal Education Allowances...\n' +
        '  - 3.2.2 Weekly monitoring of CiC attendance at all educational provision.\n',
    );
    expect(text).toContain('Clare Gilbert (no email address):\n  - 1.2.5 Substance misuse needs to be effectively addressed.\n');
  });

  it('lists the actions nobody could be asked about', () => {
    // Act
    const { text, html } = renderEscalation(anEscalation());

    // Assess
    expect(text).toContain('No owner we could email (check the plan and its people file):\n  - 1.1.2 Improved use of data system');
    expect(html).toContain('1.1.2 Improved use of data system to facilitate performance monitoring &amp; management</li>');
  });

  it('escapes markup in owner names, addresses and titles', () => {
    // Prepare
    const model = anEscalation({
      missing: [{ name: '<b>Lorna</b>', email: 'lorna.beedham@nottingham.example.org', actions: [{ ref: '3.1.2', title: '<script>alert(1)</script>' }] }],
    });

    // Act
    const { html } = renderEscalation(model);

    // Assess
    expect(html).not.toMatch(/<script|<b>/);
    expect(html).toContain('&lt;b&gt;Lorna&lt;/b&gt; &lt;lorna.beedham@nottingham.example.org&gt;</h2>');
    expect(html).toContain('3.1.2 &lt;script&gt;alert(1)&lt;/script&gt;</li>');
  });

  it('keeps its subject and owner lines on one line whatever the names hold', () => {
    // Prepare
    const model = anEscalation({
      planName: 'Plan\r\nBcc: victim@attacker.example.org',
      cycleName: 'Q1\u2028X: y',
      missing: [{ name: 'Lorna\u0085Status: Complete', email: null, actions: [{ ref: '3.1.2', title: 'Title\nSecond line' }] }],
    });

    // Act
    const { subject, text } = renderEscalation(model);

    // Assess
    expect(subject).not.toMatch(/[\r\n\u0085\u2028\u2029]/);
    expect(text).toContain('Lorna Status: Complete (no email address):\n  - 3.1.2 Title Second line\n');
  });
});
