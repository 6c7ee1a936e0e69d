import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Finding, proposeRedaction, scanText } from '#privacy/detect';
import { corpusContext, loadCorpus } from '#support/privacy-corpus';

const city = corpusContext('nottingham-city');

function redact(text: string): string {
  return proposeRedaction(text, scanText(text, city));
}

describe('proposeRedaction', () => {
  it('turns names into a young person, then the young person, and another young person', () => {
    expect(redact("Harry's review was held and Harry's views were recorded.")).toBe(
      "A young person's review was held and the young person's views were recorded.",
    );
    expect(redact('Both Alfie and Mohammed have been referred.')).toBe('Both a young person and another young person have been referred.');
  });

  it('drops a name that the words before it already explain', () => {
    expect(redact('Her mum Tracey has been attending contact.')).toBe('Her mum has been attending contact.');
    expect(redact('The young person, Tyler, has a PEP coordinator.')).toBe('The young person has a PEP coordinator.');
    expect(redact('A young person called Shannon has been supported into college.')).toBe('A young person has been supported into college.');
    expect(redact('Tom and his sister see their dad, Steve.')).toBe('A young person and his sister see their dad.');
  });

  it('removes a titled name and says so', () => {
    expect(redact('We have had a complaint from Mrs Henderson about contact.')).toBe('We have had a complaint from [name removed] about contact.');
    expect(redact('Dear Jamie, thank you for your letter.')).toBe('Dear [name removed], thank you for your letter.');
  });

  it('removes numbers, dates of birth, postcodes, addresses, phones and emails as [removed]', () => {
    expect(redact('Jamie Smith (DOB 03/04/2011, NHS number 943 476 5919) has moved to 12 Acacia Avenue, NG7 2RD.')).toBe(
      'A young person (DOB [removed], NHS number [removed]) has moved to [removed].',
    );
    expect(redact('Contact for mum: 0115 496 0123 or tracey.w@hotmail.com.')).toBe('Contact for mum: [removed] or [removed].');
  });

  it('drops an age in an aside and keeps the sentence whole', () => {
    expect(redact('Jamie, 14, has been referred to the Leaving Care Team.')).toBe('A young person has been referred to the Leaving Care Team.');
    expect(redact('Kai (14) has moved.')).toBe('A young person has moved.');
    expect(redact('We have a 13-year-old girl waiting.')).toBe('We have a girl waiting.');
    expect(redact('Lewis is 15 and has started college.')).toBe('A young person is [removed] and has started college.');
  });

  it('capitalises only at the start of a sentence', () => {
    expect(redact('UASC update: Abdirahman arrived on 3 June.')).toBe('UASC update: a young person arrived on 3 June.');
  });

  it('leaves a text with no findings as it is', () => {
    const text = 'HB and PTO met on Tuesday; 91% of PEPs are complete.';
    expect(redact(text)).toBe(text);
  });

  it('removes a finding whose offsets no longer fit its text by looking for the text', () => {
    const stale: Finding = { kind: 'phone', text: '07700 900123', start: 0, end: 3, reason: '' };
    expect(proposeRedaction('Call 07700 900123 now.', [stale])).toBe('Call [removed] now.');
  });

  it('removes every finding of every corpus sentence', () => {
    for (const c of loadCorpus()) {
      const findings = scanText(c.text, c.context);
      const out = proposeRedaction(c.text, findings);
      for (const f of findings) {
        const elsewhere = c.text.split(f.text).length - 1 > findings.filter((g) => g.text === f.text).length;
        if (!elsewhere) expect(out, `${c.id}: ${f.text}`).not.toContain(f.text);
      }
    }
  });
});

// Personal data found by its own shape wherever it stands (names need the words around them: see below).
const pii = fc.constantFrom(
  'Mrs Henderson',
  '943 476 5919',
  'B801200005001',
  'NG7 2RD',
  '12 Acacia Avenue',
  '07700 900123',
  '+44 115 496 0789',
  'jamie.smith2009@gmail.com',
);
const filler = fc.constantFrom(
  ' has settled well. ',
  ' and ',
  ', ',
  ' HB met ',
  ' (DOB 03/04/2011) ',
  ' Action 3.1.2 is 91% complete; ',
  ' on 12 March 2026 ',
  ' lives at ',
  ' Lorna Beedham says ',
  '\n',
  ' her mum ',
  ' the young person, ',
);

describe('scanText and proposeRedaction on any input', () => {
  it('never throw, and every finding lies inside the text and holds its slice', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), fc.string({ unit: 'binary' })), (text) => {
        const findings = scanText(text, city);
        for (const f of findings) {
          expect(f.start).toBeGreaterThanOrEqual(0);
          expect(f.end).toBeLessThanOrEqual(text.length);
          expect(f.start).toBeLessThan(f.end);
          expect(text.slice(f.start, f.end)).toBe(f.text);
        }
        expect(typeof proposeRedaction(text, findings)).toBe('string');
      }),
      { numRuns: 500 },
    );
  });

  it('never throw on a malformed context or malformed findings', () => {
    const contexts = fc.oneof(
      fc.constant(undefined),
      fc.constant(null),
      fc.record({ people: fc.anything(), staffDomains: fc.anything(), extraAllowed: fc.anything() }),
      fc.record({
        people: fc.array(fc.record({ name: fc.anything(), initials: fc.anything(), email: fc.anything(), role: fc.anything() })),
        staffDomains: fc.array(fc.anything()),
      }),
    );
    fc.assert(
      fc.property(fc.string(), contexts, fc.anything(), (text, context, findings) => {
        // biome-ignore lint/suspicious/noExplicitAny: the point is input the types forbid
        const found = scanText(`Jamie ${text} 07700 900123`, context as any);
        expect(Array.isArray(found)).toBe(true);
        // biome-ignore lint/suspicious/noExplicitAny: as above
        expect(typeof proposeRedaction(text, findings as any)).toBe('string');
      }),
      { numRuns: 300 },
    );
  });

  it('are deterministic', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(pii, filler), { maxLength: 12 }), (parts) => {
        const text = parts.join('');
        expect(scanText(text, city)).toEqual(scanText(text, city));
      }),
      { numRuns: 200 },
    );
  });

  it('the redaction of a named sentence holds none of the names put into it', () => {
    const name = fc.constantFrom('Chloe Bennett', 'Kayden', 'Zainab', 'Ellie-Mae', 'Oluwaseun', 'Bartosz Nowak');
    const sentence = fc.constantFrom(
      '# has settled well.',
      'We met # and her mum.',
      "#'s PEP is overdue.",
      'The young person, #, moved.',
      'Her brother # is 9.',
      '#, 14, was excluded.',
    );
    fc.assert(
      fc.property(fc.array(fc.tuple(sentence, name), { minLength: 1, maxLength: 5 }), (pairs) => {
        const text = pairs.map(([s, n]) => s.replace('#', n)).join(' ');
        const out = proposeRedaction(text, scanText(text, city));
        for (const [, n] of pairs) expect(out, text).not.toContain(n);
      }),
      { numRuns: 300 },
    );
  });

  it('the redaction of an update holds none of the personal data put into it, nor any finding', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(filler, pii), { minLength: 1, maxLength: 6 }), filler, (pairs, last) => {
        const text = pairs.map(([f, p]) => f + p).join('') + last;
        const findings = scanText(text, city);
        const out = proposeRedaction(text, findings);
        for (const f of findings) expect(out).not.toContain(f.text);
        for (const [, p] of pairs) expect(out, text).not.toContain(p);
      }),
      { numRuns: 500 },
    );
  });
});
