import { describe, expect, it } from 'vitest';
import { type FindingKind, scanText } from '#privacy/detect';
import { isPersonalUkPhone, isValidNhsNumber, isValidUpn } from '#privacy/numbers';
import { corpusContext } from '#support/privacy-corpus';

const city = corpusContext('nottingham-city');

/** The texts of the findings of one kind. */
function found(text: string, kind: FindingKind): string[] {
  return scanText(text, city)
    .filter((f) => f.kind === kind)
    .map((f) => f.text);
}

describe('NHS numbers', () => {
  it('accepts numbers whose modulus-11 check digit matches', () => {
    expect(isValidNhsNumber('9434765919')).toBe(true);
    expect(isValidNhsNumber('6069326067')).toBe(true);
  });

  it('rejects a wrong check digit, a remainder of 10, and anything but ten digits', () => {
    expect(isValidNhsNumber('9434765918')).toBe(false);
    // 000000006?: the weighted sum is 6 × 2 = 12, 11 − (12 mod 11) = 10, a check digit never issued
    for (const last of '0123456789') expect(isValidNhsNumber(`000000006${last}`)).toBe(false);
    expect(isValidNhsNumber('943476591')).toBe(false);
    expect(isValidNhsNumber('94347659190')).toBe(false);
    expect(isValidNhsNumber('943 476 5919')).toBe(false);
  });

  it('finds one written 3-3-4 with spaces or hyphens, or run together', () => {
    expect(found('NHS number 943 476 5919 – overdue.', 'nhs-number')).toEqual(['943 476 5919']);
    expect(found('quoted 558-247-9368 for the referral', 'nhs-number')).toEqual(['558-247-9368']);
    expect(found('records for 7708661765 to move', 'nhs-number')).toEqual(['7708661765']);
  });

  it('ignores ten digits that fail the check, mixed separators, and longer numbers', () => {
    expect(found('Purchase order 6069326068 was raised.', 'nhs-number')).toEqual([]);
    expect(found('ref 943 476-5919', 'nhs-number')).toEqual([]);
    expect(found('ref 19434765919', 'nhs-number')).toEqual([]);
  });
});

describe('UPNs', () => {
  it('accepts a UPN whose check letter matches, temporary ones (letter last) included', () => {
    expect(isValidUpn('B801200005001')).toBe(true);
    expect(isValidUpn('W892200112001')).toBe(true);
    expect(isValidUpn('G89220011200A')).toBe(true);
  });

  it('rejects a wrong check letter, the letters I O S, and other shapes', () => {
    expect(isValidUpn('A801200005001')).toBe(false);
    expect(isValidUpn('I801200005001')).toBe(false);
    expect(isValidUpn('X80120000A001')).toBe(false);
    expect(isValidUpn('B80120000500')).toBe(false);
  });

  it('finds a UPN in a sentence and passes over one with a wrong check letter', () => {
    expect(found('His UPN is B892211014003 and the school knows.', 'upn')).toEqual(['B892211014003']);
    expect(found('His UPN is A892211014003.', 'upn')).toEqual([]);
  });
});

describe('postcodes', () => {
  it.each(['NG1 5DT', 'NG7 2RD', 'SW1A 1AA', 'M1 1AE', 'B33 8TH', 'EC1A 1BB', 'DN22 7PD', 'W1A 0AX', 'CR2 6XH', 'NG241XY'])('finds %s', (code) => {
    expect(found(`The placement is at ${code}, near town.`, 'postcode')).toEqual([code]);
  });

  it('finds a spaced lower-case postcode but not mixed case', () => {
    expect(found('temporary address in ng3 6aa until May', 'postcode')).toEqual(['ng3 6aa']);
    expect(found('temporary address in Ng3 6aA until May', 'postcode')).toEqual([]);
  });

  it('ignores look-alikes: key stages, years, action refs, letters no postcode uses', () => {
    expect(found('KS4 results for Year 11 (3.1.2) and Q3 2011/12', 'postcode')).toEqual([]);
    expect(found('code NG1 5CI is not real', 'postcode')).toEqual([]);
  });
});

describe('street addresses', () => {
  it('finds a house number and a street, with a flat or a letter', () => {
    expect(found('Jamie now lives at 12 Acacia Avenue with his aunt.', 'address')).toEqual(['12 Acacia Avenue']);
    expect(found('Flat 4, 27 Sherwood Rise is the new address.', 'address')).toEqual(['Flat 4, 27 Sherwood Rise']);
    expect(found('Her mum has moved to 8a Mansfield Road, Sherwood.', 'address')).toEqual(['8a Mansfield Road']);
  });

  it('finds a street without a number after on/in/at', () => {
    expect(found("He is staying at his friend's house on Hawthorn Close.", 'address')).toEqual(['Hawthorn Close']);
  });

  it('ignores counts of capitalised things and courts', () => {
    expect(found('We completed 12 Return Home Interviews in March.', 'address')).toEqual([]);
    expect(found('3 Family Court hearings were adjourned in January.', 'address')).toEqual([]);
  });
});

describe('phone numbers', () => {
  it.each([
    '07700 900123',
    '07700900456',
    '07700-900-321',
    '07700 900 654',
    '+44 7700 900789',
    '+447700900111',
    '0115 496 0123',
    '01632 960555',
    '020 7946 0018',
    '+44 (0)115 496 0789',
    '(0115) 496 0456',
  ])('finds %s', (phone) => {
    expect(found(`Reached the carer on ${phone} today.`, 'phone')).toEqual([phone]);
  });

  it('leaves out service numbers (03, 080, 084, 087, 09) and pagers', () => {
    expect(isPersonalUkPhone('03005008080')).toBe(false);
    expect(isPersonalUkPhone('08001111')).toBe(false);
    expect(isPersonalUkPhone('07600123456')).toBe(false);
    expect(found('Childline 0800 1111 and the helpline 0300 500 8080', 'phone')).toEqual([]);
  });

  it('stops a number before a count that follows it', () => {
    expect(found('Called 07700 900123 2 times.', 'phone')).toEqual(['07700 900123']);
  });

  it('finds each of several numbers written in a row', () => {
    expect(found('Numbers: 07700 900123 07700 900456 0115 496 0123.', 'phone')).toEqual(['07700 900123', '07700 900456', '0115 496 0123']);
  });

  it('ignores dates, money and counts', () => {
    expect(found('Due 01/06/2011; £45,000 agreed; 0 at baseline, 120 care leavers.', 'phone')).toEqual([]);
  });
});

describe('email addresses', () => {
  it("flags an address that is not staff's", () => {
    expect(found('Jamie emailed from jamie.smith2009@gmail.com today.', 'email')).toEqual(['jamie.smith2009@gmail.com']);
    expect(found('at the other authority: a.khan@othercouncil.example.com.', 'email')).toEqual(['a.khan@othercouncil.example.com']);
  });

  it("does not flag a directory address, even outside the council's domain, in any case", () => {
    expect(found('Emma Fillmore (emma.fillmore@nhs.example.org) leads.', 'email')).toEqual([]);
    expect(found('Send to JON.REA@NOTTINGHAM.EXAMPLE.ORG by Friday.', 'email')).toEqual([]);
  });

  it("does not flag anyone on the council's domain or its sub-domains, nor the names inside the address", () => {
    expect(scanText('Copy in joe.bloggs@nottingham.example.org and Joe.Bloggs@schools.nottingham.example.org.', city)).toEqual([]);
  });
});

describe('dates of birth', () => {
  it.each([
    ['Jamie Smith (DOB 03/04/2011) has moved.', '03/04/2011'],
    ['The young person was born 3 April 2011.', '3 April 2011'],
    ['DOB: 14.02.2009 - placed with carers.', '14.02.2009'],
    ['Date of birth 21/11/2008, placed.', '21/11/2008'],
    ['A child born on 5th January 2016 was placed.', '5th January 2016'],
    ['d.o.b. 1/9/10, NHS number to follow.', '1/9/10'],
    ['D.O.B 30-06-2012; order granted.', '30-06-2012'],
    ['Her date of birth is 2 February 2007.', '2 February 2007'],
    ['She was born on 2009-07-15 in Derby.', '2009-07-15'],
    ['a boy, DOB 7 Sept 2013, with needs', '7 Sept 2013'],
    ['The baby was born in March 2024.', 'March 2024'],
    ['Placed on 04/05/2014 (DOB).', '04/05/2014'],
  ])('finds the date in "%s"', (text, date) => {
    expect(found(text, 'date-of-birth')).toEqual([date]);
  });

  it('finds each date in a list after one cue', () => {
    expect(found('Dates of birth: 04/05/2014 and 19/12/2016 (siblings).', 'date-of-birth')).toEqual(['04/05/2014', '19/12/2016']);
  });

  it('leaves meeting dates, due dates and data dates alone', () => {
    const text = 'Board on 12 March 2026; due 31/03/2027; data as at 31 March 2011; reply by 10 May 2011.';
    expect(scanText(text, city)).toEqual([]);
  });
});

describe('ages', () => {
  it.each([
    ['A boy aged 15 was reported missing.', 'aged 15'],
    ['We have a 13-year-old girl waiting.', '13-year-old'],
    ['The young person is 16 years old.', '16 years old'],
    ['A 16 year old care leaver asked for help.', '16 year old'],
    ['The 12yo in our home was excluded.', '12yo'],
    ['His younger sister, 8, remains at home.', '8'],
    ['A girl, 15, disclosed that she is pregnant.', '15'],
  ])('finds the age in "%s"', (text, age) => {
    expect(found(text, 'age')).toEqual([age]);
  });

  it('finds an age written after a name, and the name', () => {
    expect(scanText('Jamie, 14, has been referred.', city).map((f) => [f.kind, f.text])).toEqual([
      ['name', 'Jamie'],
      ['age', '14'],
    ]);
    expect(found('Kai (14) has moved.', 'age')).toEqual(['14']);
    expect(found('Jamie, 14 has been referred.', 'age')).toEqual(['14']);
    expect(found('Lewis is 15 and has started his GCSEs.', 'age')).toEqual(['15']);
    expect(found('Sienna turned 18 in April.', 'age')).toEqual(['18']);
  });

  it("leaves a cohort's ages, ranges and team names alone", () => {
    for (const text of [
      'The 15+ Team works with 120 care leavers aged 18 to 21.',
      'Young people aged 16-17 are offered Staying Put.',
      'Children below 10 years of age need permanent homes.',
      '68% of children aged under 16 are in stable placements.',
      "Fewer 'missing' care leavers at age 19.",
      '16-17 year olds are offered a review.',
      'Lorna is 1 of 3 leads; Emma is 20 minutes away.',
    ]) {
      expect(found(text, 'age'), text).toEqual([]);
    }
  });
});

describe('look-alikes', () => {
  it('flags nothing in action refs, percentages, counts, money, months and weekdays', () => {
    const text =
      'Action 3.1.2 is on track and 1.4a has slipped; 91% in city, 87.9% against 95%; 18 of 22 audited; £45,000 and £12.5k; report in May, meet on Tuesday 4 May.';
    expect(scanText(text, city)).toEqual([]);
  });

  it('gives each finding a short reason in plain English', () => {
    const [finding] = scanText('NHS number 943 476 5919', city);
    expect(finding?.reason).toBe('looks like an NHS number (the check digit matches)');
  });
});
