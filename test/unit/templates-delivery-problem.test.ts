import { describe, expect, it } from 'vitest';
import { renderDeliveryProblem, type DeliveryProblemModel } from '#mail/templates/delivery-problem';

function aProblem(overrides: Partial<DeliveryProblemModel> = {}): DeliveryProblemModel {
  return {
    planName: 'Corporate Parenting Promise Action Plan 2011-12',
    email: 'lorna.beedham@nottingham.example.org',
    ownerName: 'Lorna Beedham',
    kind: 'bounced',
    reason: 'smtp; 550 5.1.1 user unknown',
    actions: [
      { ref: '3.1.1', title: 'Improve PEP process for CiC in out-of city placements.' },
      { ref: '3.2.2', title: 'Weekly monitoring of CiC attendance at all educational provision.' },
    ],
    ...overrides,
  };
}

describe('renderDeliveryProblem', () => {
  it('names the owner, the address and the plan in the subject', () => {
    // Act
    const bounced = renderDeliveryProblem(aProblem());
    const complained = renderDeliveryProblem(aProblem({ kind: 'complained' }));

    // Assess
    expect(bounced.subject).toBe('Email bounced: Lorna Beedham <lorna.beedham@nottingham.example.org> (Corporate Parenting Promise Action Plan 2011-12)');
    expect(complained.subject.startsWith('Email complaint: Lorna Beedham')).toBe(true);
  });

  it('says what happened, why and what to do', () => {
    // Act
    const { text } = renderDeliveryProblem(aProblem());

    // Assess
    expect(text).toContain(
      'Email to Lorna Beedham <lorna.beedham@nottingham.example.org> cannot be delivered, so PlanPulse will not email this address again.',
    );
    expect(text).toContain("until the address is corrected in the plan's people file");
    expect(text).toContain('Reason given: smtp; 550 5.1.1 user unknown');
  });

  it("lists the owner's actions", () => {
    // Act
    const { text } = renderDeliveryProblem(aProblem());

    // Assess
    expect(text).toContain(
      'Their actions:\n  - 3.1.1 Improve PEP process for CiC in out-of city placements.\n  - 3.2.2 Weekly monitoring of CiC attendance at all educational provision.\n',
    );
  });

  it('leaves out the reason when SES gave none', () => {
    // Act
    const { text, html } = renderDeliveryProblem(aProblem({ reason: null }));

    // Assess
    expect(text).not.toContain('Reason given');
    expect(html).not.toContain('Reason given');
  });

  it('escapes markup in the names, the reason and the titles', () => {
    // Act
    const { html } = renderDeliveryProblem(
      aProblem({ ownerName: '<b>Lorna</b>', reason: '<script>x</script>', actions: [{ ref: '3.1.1', title: 'PEP & "CiC"' }] }),
    );

    // Assess
    expect(html).not.toMatch(/<script|<b>/);
    expect(html).toContain('Reason given: &lt;script&gt;x&lt;/script&gt;');
    expect(html).toContain('3.1.1 PEP &amp; &quot;CiC&quot;</li>');
  });

  it('keeps its subject on one line whatever the names hold', () => {
    // Act
    const { subject } = renderDeliveryProblem(aProblem({ ownerName: 'Lorna\r\nBcc: x@attacker.example.org', planName: 'Plan\u2028X: y\u0085' }));

    // Assess
    expect(subject).not.toMatch(/[\r\n\u0085\u2028\u2029]/);
  });
});
