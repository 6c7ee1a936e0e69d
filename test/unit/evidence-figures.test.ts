/**
 * What counts as a figure in an owner's evidence (`domain/figures.ts`): counts, percentages,
 * amounts and "1 in 4" do; dates, years, action refs, indicator codes, labels, phone numbers,
 * postcodes and list markers do not. The cases are the reply fixtures' own evidence and the
 * seed plans' measure text, then generated look-alikes.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { figuresIn } from '#domain/figures';

const texts = (text: string) => figuresIn(text).map((f) => f.text);

describe('figures in real evidence (the reply fixtures)', () => {
  it.each([
    ['PEP completion 91% in city and 79% out of city (April 2011).', ['91%', '79%']],
    ['Questionnaire agreed with the CiC Council on 14 April; 212 sent out on 2 May.', ['212']],
    ['14 young people at the April CiC Council, up from 9 in January.', ['14', '9']],
    ['Free swim passes issued to 146 children in care (April), up from 118.', ['146', '118']],
    ['18 Health Action Plans audited in April; 15 rated good or better.', ['18', '15']],
    ['11 young people on the PEA-funded sports leadership course.', ['11']],
  ])('finds the figures of %j', (text, expected) => {
    // Act / Assess
    expect(texts(text)).toEqual(expected);
  });

  it.each([
    'NI 99 and NI 100 results for 2010/11 are not published until July.',
    'IRO practice standards updated in line with the IRO Handbook (March 2011).',
    'Quarter figures for 3.1.1 collected and checked with the data team.',
    'Report to CPB on 12.05.2011; SDA 903 return filed; Year 11 and Key Stage 4 data due in Q3.',
    'Call Dawn on 0115 915 5555 or +44 (0)115 9155555; office at NG1 5DT.',
    'Meeting on 1/3/12 at 10:30am, then the 2nd of June 2011 and Sept 2011, Mar-13, May 12th.',
    'See action 3.1 and section 17; the 3rd review is in 2012.',
    '1. Policy signed off\n2) Guide published\n(3) Training booked',
    '24/7 cover is in place; the policy v2 is on the intranet (https://intranet.example.org/policy/2011/v3).',
  ])('finds no figure in %j', (text) => {
    // Act / Assess
    expect(texts(text)).toEqual([]);
  });
});

describe('figures as owners write them', () => {
  it.each([
    ['1 in 4 care leavers', [1, 4]],
    ['one in four care leavers', [1]],
    ['twelve carers recruited', [12]],
    ['£5,000 spent on tuition', [5000]],
    ['within 24hrs', [24]],
    ['1,234 visits', [1234]],
    ['52.8% of SDQs', [52.8]],
    ['95 per cent on time', [95]],
    ['0 complaints this quarter', [0]],
    ['12/15 PEPs completed', [12, 15]],
    ['KPI 95% met', [95]],
    ['Baseline: NI 99 – 31%; NI 100 – 31%', [31, 31]],
  ])('reads %j as a figure', (text, values) => {
    // Act / Assess
    expect(figuresIn(text).map((f) => f.value)).toEqual(values);
  });

  it('says which figures are percentages', () => {
    // Act / Assess
    expect(figuresIn('87% of 212 plans').map((f) => f.percent)).toEqual([true, false]);
  });
});

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const words = fc
  .array(fc.constantFrom('the', 'plans', 'were', 'reviewed', 'by', 'team', 'and', 'board', 'agreed', 'on'), { maxLength: 6 })
  .map((w) => w.join(' '));

/** A date or other look-alike as owners and plans write them. */
const lookAlike = fc.oneof(
  fc
    .tuple(fc.integer({ min: 1, max: 28 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 2000, max: 2035 }))
    .chain(([d, m, y]) =>
      fc.constantFrom(
        `${d}/${m}/${y}`,
        `${d}/${m}/${String(y).slice(2)}`,
        `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`,
        `${d} ${MONTHS[m - 1]} ${y}`,
        `${d} ${MONTHS[m - 1]}`,
        `${MONTHS[m - 1]} ${y}`,
        `${MONTHS[m - 1]!.slice(0, 3)}-${String(y).slice(2)}`,
        `${y}/${String(y + 1).slice(2)}`,
        `${y}`,
      ),
    ),
  fc.tuple(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 9 })).map(([a, b, c]) => `${a}.${b}.${c}`),
  fc.tuple(fc.constantFrom('NI', 'SDA', 'KPI', 'PI'), fc.integer({ min: 1, max: 999 })).map(([code, n]) => `${code} ${n}`),
  fc.tuple(fc.constantFrom('Year', 'Phase', 'Key Stage', 'Action', 'Section', 'Quarter'), fc.integer({ min: 1, max: 13 })).map(([label, n]) => `${label} ${n}`),
  fc.integer({ min: 1, max: 4 }).map((q) => `Q${q}`),
);

describe('figures, generated', () => {
  it('finds no figure in any date, year, ref, code or label amid words', () => {
    fc.assert(
      fc.property(words, lookAlike, words, (before, thing, after) => {
        expect(texts(`${before} ${thing} ${after}`)).toEqual([]);
      }),
    );
  });

  it('finds a count or a percentage amid words and look-alikes, with its value', () => {
    fc.assert(
      fc.property(words, lookAlike, fc.integer({ min: 0, max: 5000 }), fc.boolean(), words, (before, thing, n, percent, after) => {
        // a count is never a year-like number on its own: those read as years
        fc.pre(percent || n < 1900 || n > 2099);
        const found = figuresIn(`${before} ${thing}, ${n}${percent ? '%' : ' young people'} ${after}`);
        expect(found).toEqual([{ text: `${n}${percent ? '%' : ''}`, value: n, percent }]);
      }),
    );
  });

  it('never throws and gives only finite values, whatever the text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), (text) => {
        for (const f of figuresIn(text)) expect(Number.isFinite(f.value)).toBe(true);
      }),
    );
  });
});
