import { describe, expect, it } from 'vitest';
import { person } from '#support/people';
import type { Person } from '#domain/model';
import { matchOwner, resolveOwner, splitOwners } from '#import/owners';

/** test/fixtures/plans/nottingham-promise-2011.people.csv, row by row. */
const NOTTINGHAM: Person[] = [
  person('CG', 'Clare Gilbert', 'Young Peoples Drug & Alcohol Strategic Lead', 'clare.gilbert@nottingham.example.org'),
  person('ED', 'Elise Darragh', 'Intelligence Manager (Targeted & Specialist Services)', 'elise.darragh@nottingham.example.org'),
  person('EF', 'Emma Fillmore', 'Designated Doctor, Looked After Children', 'emma.fillmore@nhs.example.org'),
  person('EP', 'Emma Pearce', 'CAMHS (CiC Co-ordinator)', 'emma.pearce@nottingham.example.org'),
  person('GE', 'Gill Ellis', 'Director Schools & Learning', 'gill.ellis@nottingham.example.org'),
  person('GG', 'Gabrielle Gibney', 'Team Manager, Fostering & Adoption', 'gabrielle.gibney@nottingham.example.org'),
  person('GS', 'Glynis Storer', 'Intensive Supervision Team Manager - YOT', 'glynis.storer@nottingham.example.org'),
  person('HB', 'Helen Blackman', 'Head of Childrens Social Care', 'helen.blackman@nottingham.example.org'),
  person('HL', 'Heidi Leung', 'Intelligence Manager', 'heidi.leung@nottingham.example.org'),
  person('JMJ', 'Jacqueline Mackenzie Johnson', 'Senior Practitioner, 15+ Team', 'jacqueline.johnson@nottingham.example.org'),
  person('JC', 'Joy Chambers', 'Placement Service Manager', 'joy.chambers@nottingham.example.org'),
  person('JR', 'Jon Rea', 'Strategic Lead - Engagement & Participation', 'jon.rea@nottingham.example.org'),
  person('LB', 'Lorna Beedham', 'Virtual School Head', 'lorna.beedham@nottingham.example.org'),
  person('MH', 'Marie Halford', 'Service Manager, Disabled Childrens Team', 'marie.halford@nottingham.example.org'),
  person('MW', 'Morvette Williams', 'IRO Manager', 'morvette.williams@nottingham.example.org'),
  person('MWr', 'Michelle Wright', 'Operations Manager', 'michelle.wright@futures.example.org'),
  person('PTO', 'Paulette Thompson-Omenka', 'Head of Children in Care', 'paulette.thompson-omenka@nottingham.example.org'),
  person('SA', 'Sharon Ayrey', 'Commissioning Officer', 'sharon.ayrey@nottingham.example.org'),
  person('SF', 'Sam Flint', 'Children in Care Police Officer', 'sam.flint@police.example.org'),
  person('SP', 'Sameer Patel', 'Active Communities Development Officer', 'sameer.patel@nottingham.example.org'),
  person('TF', 'Teresa Flower', 'Aspiration & Life Skills Manager', 'teresa.flower@nottingham.example.org'),
  person(null, 'To be appointed (at 1/8/11)', 'Service Manager CiC', null),
  person('SR', 'Sharon Reigal', 'Head of Service, Looked After Nurse', 'sharon.reigal@nhs.example.org'),
];

/** Owners named in the Nottinghamshire 2012 plan (nottinghamshire-cla-2012.expected.json); the people file is made up. */
const NOTTS: Person[] = [
  person(null, 'Rachel Coombs', 'Group Manager', 'rachel.coombs@notts.example.org'),
  person(null, 'Dawn Godfrey', null, 'dawn.godfrey@notts.example.org'),
  person(null, 'Di Brady', null, null),
  person(null, 'Sue Hollingworth Shaw', null, 'sue.hollingworth-shaw@notts.example.org'),
  person(null, 'Sue Denholm', 'Virtual School', 'sue.denholm@notts.example.org'),
  person(null, 'Scott Hollingsworth', null, null),
  person(null, 'Izzy Martin', null, null),
  person(null, 'Denise Martin', 'Placements Service', null),
];

const keyOf = (text: string, people: Person[]) => resolveOwner(text, people)?.person.key ?? null;

describe('splitOwners', () => {
  it.each([
    ['Rachel Coombs/ Dawn Godfrey', ['Rachel Coombs', 'Dawn Godfrey']],
    ['PTO/HB/EP', ['PTO', 'HB', 'EP']],
    ['PTO/HB/EP/EF/SR', ['PTO', 'HB', 'EP', 'EF', 'SR']],
    ['LB, MW & SP', ['LB', 'MW', 'SP']],
    ['LB; MW', ['LB', 'MW']],
    ['Dawn & Rachel', ['Dawn', 'Rachel']],
    ['Sue Denholm & Scott Hollingsworth', ['Sue Denholm', 'Scott Hollingsworth']],
    ['Social workers and monitored by team managers', ['Social workers', 'monitored by team managers']],
    ['LB AND MW', ['LB', 'MW']],
    ['Service Manager CiC /Connexions /Business in the Community', ['Service Manager CiC', 'Connexions', 'Business in the Community']],
  ])('splits "%s" on / & , ; and "and"', (cell, owners) => {
    // Act
    const tokens = splitOwners(cell);

    // Assess
    expect(tokens).toEqual(owners);
  });

  it.each([
    ['(GG)', ['GG']],
    ['AP(GE)', ['AP', 'GE']],
    ['MP/LB/AP(GE)', ['MP', 'LB', 'AP', 'GE']],
    ['JR/(GG)/KS', ['JR', 'GG', 'KS']],
    ['SP/(MH)', ['SP', 'MH']],
    ['SM 15+/(JMJ)', ['SM 15+', 'JMJ']],
    ['Rachel Coombs/ Dawn Godfrey (Steven Heales is project manager for this)', ['Rachel Coombs', 'Dawn Godfrey', 'Steven Heales is project manager for this']],
  ])('treats brackets in "%s" as separators', (cell, owners) => {
    // Act
    const tokens = splitOwners(cell);

    // Assess
    expect(tokens).toEqual(owners);
  });

  it('keeps a one-letter "&" abbreviation such as "SM F&A" whole', () => {
    // Act
    const tokens = splitOwners('PTO/SM F&A');

    // Assess
    expect(tokens).toEqual(['PTO', 'SM F&A']);
  });

  it('drops single-character splinters', () => {
    // Act
    const tokens = splitOwners('PTO/SM F & A/X');

    // Assess
    expect(tokens).toEqual(['PTO', 'SM F']);
  });

  it('does not split "and" inside a word', () => {
    // Act
    const tokens = splitOwners('Brandon Lewis and Sandra Andrews');

    // Assess
    expect(tokens).toEqual(['Brandon Lewis', 'Sandra Andrews']);
  });

  it('splits a multi-line cell and drops bullets', () => {
    // Prepare
    const cell = '• LB\r\n• MW\n\nSP';

    // Act
    const tokens = splitOwners(cell);

    // Assess
    expect(tokens).toEqual(['LB', 'MW', 'SP']);
  });

  it('drops empties, collapses spaces and keeps the first of repeats in order', () => {
    // Act
    const tokens = splitOwners('LB//MW/ LB /Rachel  Coombs/Rachel Coombs/');

    // Assess
    expect(tokens).toEqual(['LB', 'MW', 'Rachel Coombs']);
  });

  it.each(['', '   ', '/', '()'])('gives no owners for "%s"', (cell) => {
    // Act
    const tokens = splitOwners(cell);

    // Assess
    expect(tokens).toEqual([]);
  });
});

describe('resolveOwner: initials', () => {
  it.each([
    ['MW', 'MW'],
    ['MWr', 'MWr'],
    ['PTO', 'PTO'],
    ['JMJ', 'JMJ'],
  ])('finds "%s" by exact initials', (text, key) => {
    // Act
    const match = resolveOwner(text, NOTTINGHAM);

    // Assess
    expect(match).toEqual({ person: NOTTINGHAM.find((p) => p.key === key), by: 'initials' });
  });

  it.each([
    ['mw', 'MW'],
    ['mwr', 'MWr'],
    ['pto', 'PTO'],
  ])('finds "%s" by initials ignoring case', (text, key) => {
    // Act
    const match = resolveOwner(text, NOTTINGHAM);

    // Assess
    expect(match?.by).toBe('initials');
    expect(match?.person.key).toBe(key);
  });

  it('prefers exact-case initials over a case-insensitive match', () => {
    // Prepare
    const people = [person('MW', 'Morvette Williams', null, null), person('Mw', 'Mary Walsh', null, null)];

    // Act
    const match = resolveOwner('Mw', people);

    // Assess
    expect(match?.person.name).toBe('Mary Walsh');
  });

  it('gives null when initials fit two people', () => {
    // Prepare
    const people = [person('MW', 'Morvette Williams', null, null), person('Mw', 'Mary Walsh', null, null)];

    // Act
    const match = resolveOwner('mW', people);

    // Assess
    expect(match).toBeNull();
  });
});

describe('resolveOwner: full name', () => {
  it.each([
    ['Lorna Beedham', 'LB'],
    ['lorna  beedham', 'LB'],
    [' LORNA BEEDHAM ', 'LB'],
    ['Paulette Thompson Omenka', 'PTO'],
    ['Jacqueline Mackenzie-Johnson', 'JMJ'],
  ])('finds "%s" by name', (text, key) => {
    // Act
    const match = resolveOwner(text, NOTTINGHAM);

    // Assess
    expect(match?.by).toBe('name');
    expect(match?.person.key).toBe(key);
  });

  it('finds "Sue Hollingworth-Shaw" as "Sue Hollingworth Shaw"', () => {
    // Act
    const match = resolveOwner('Sue Hollingworth-Shaw', NOTTS);

    // Assess
    expect(match).toEqual({ person: NOTTS[3], by: 'name' });
  });
});

describe('resolveOwner: role or area', () => {
  it.each([
    ['Service Manager CiC', 'to-be-appointed-at-1-8-11'],
    ['Service Manager CiC Service', 'to-be-appointed-at-1-8-11'],
    ['IRO Manager', 'MW'],
    ['Intelligence Manager', 'HL'],
    ["Head of Children's Social Care", 'HB'],
    ['Placements Service Manager', 'JC'],
    ['team manager - fostering and adoption', 'GG'],
  ])('finds "%s" by role', (text, key) => {
    // Act
    const match = resolveOwner(text, NOTTINGHAM);

    // Assess
    expect(match?.by).toBe('role');
    expect(match?.person.key).toBe(key);
  });

  it('matches "Placement Service" to the role "Placements Service"', () => {
    // Act
    const match = resolveOwner('Placement Service', NOTTS);

    // Assess
    expect(match).toEqual({ person: NOTTS[7], by: 'role' });
  });

  it('returns the person even without an email, for the importer to flag', () => {
    // Act
    const match = resolveOwner('Service Manager CiC Service', NOTTINGHAM);

    // Assess
    expect(match?.person.email).toBeNull();
  });

  it('gives null when a role fits two people', () => {
    // Prepare
    const people = [person('AB', 'Ann Bell', 'Team Manager', null), person('CD', 'Carl Dean', 'Team Managers', null)];

    // Act
    const match = resolveOwner('Team Manager', people);

    // Assess
    expect(match).toBeNull();
  });
});

describe('resolveOwner: first name alone', () => {
  it('resolves "Dawn & Rachel" by first names', () => {
    // Prepare
    const tokens = splitOwners('Dawn & Rachel');

    // Act
    const matches = tokens.map((t) => resolveOwner(t, NOTTS));

    // Assess
    expect(matches).toEqual([
      { person: NOTTS[1], by: 'first-name' },
      { person: NOTTS[0], by: 'first-name' },
    ]);
  });

  it.each([
    ['Lorna', 'LB'],
    ['sam', 'SF'],
  ])('finds "%s" when one person has that first name', (text, key) => {
    // Act
    const match = resolveOwner(text, NOTTINGHAM);

    // Assess
    expect(match?.by).toBe('first-name');
    expect(match?.person.key).toBe(key);
  });

  it.each([
    ['Emma', NOTTINGHAM],
    ['Sharon', NOTTINGHAM],
    ['Sue', NOTTS],
  ])('gives null for "%s", a first name two people share', (text, people) => {
    // Act
    const match = resolveOwner(text, people);

    // Assess
    expect(match).toBeNull();
  });

  it('does not read a surname as a first name', () => {
    // Act
    const match = resolveOwner('Martin', NOTTS);

    // Assess
    expect(match).toBeNull();
  });
});

describe('resolveOwner: unresolved owners', () => {
  it.each(['SM F&A', 'SC', 'KS', 'Connexions', 'Social workers', 'monitored by team managers', 'Steven Heales', ''])('gives null for "%s"', (text) => {
    // Act
    const match = resolveOwner(text, NOTTINGHAM);

    // Assess
    expect(match).toBeNull();
  });

  it('gives null with no people file', () => {
    // Act
    const match = resolveOwner('LB', []);

    // Assess
    expect(match).toBeNull();
  });
});

describe('splitOwners then resolveOwner on real cells', () => {
  it.each([
    ['MP/LB/AP(GE)', [null, 'LB', null, 'GE']],
    ['Service Manager CiC Service/HB/ED', ['to-be-appointed-at-1-8-11', 'HB', 'ED']],
    ['MW/ Service Manager CiC', ['MW', 'to-be-appointed-at-1-8-11']],
    ['PTO/SM F&A', ['PTO', null]],
    ['JR/(GG)/KS', ['JR', 'GG', null]],
  ])('resolves "%s" owner by owner', (cell, keys) => {
    // Act
    const resolved = splitOwners(cell).map((t) => keyOf(t, NOTTINGHAM));

    // Assess
    expect(resolved).toEqual(keys);
  });

  it('resolves "Sue Denholm & Scott Hollingsworth" by names', () => {
    // Act
    const resolved = splitOwners('Sue Denholm & Scott Hollingsworth').map((t) => resolveOwner(t, NOTTS));

    // Assess
    expect(resolved).toEqual([
      { person: NOTTS[4], by: 'name' },
      { person: NOTTS[5], by: 'name' },
    ]);
  });
});

/**
 * A county council's people file with team mailboxes beside named officers (names and addresses
 * made up, team names as councils write them).
 */
const TEAMS: Person[] = [
  person(null, 'Youth Justice Service (YJS) Team', null, 'yjs.team@council.example.org'),
  person(null, 'Child and Adolescent Mental Health Services (CAMHS)', null, 'camhs@nhs.example.org'),
  person(null, 'Special Educational Needs (SEN) Team', null, 'sen.team@council.example.org'),
  person(null, 'Independent Reviewing Officer Service', null, 'iro.service@council.example.org'),
  person(null, 'Looked After Children Health Team', null, 'lac.health@nhs.example.org'),
  person('SD', 'Sarah Dunmore', 'Head of Virtual School (VS)', 'sarah.dunmore@council.example.org'),
  person('KP', 'Kamal Patel', 'Service Manager, Children in Care', 'kamal.patel@council.example.org'),
  person('MWr', 'Michelle Wright', 'Operations Manager', 'michelle.wright@council.example.org'),
  // Two units one short form could name.
  person(null, 'Youth Offending Team (YOT)', null, 'yot@council.example.org'),
  person(null, 'Youth Offending Service', null, 'yos@council.example.org'),
  person(null, 'Leaving Care Team', null, 'leaving.care.team@council.example.org'),
  person(null, 'Leaving Care Service', null, 'leaving.care.service@council.example.org'),
  person('HB', 'Helen Blackman', "Head of Children's Social Care", 'helen.blackman@council.example.org'),
  person(null, "Children's Social Care", null, 'csc.duty@council.example.org'),
  person(null, 'Customer Services Centre', null, 'csc@council.example.org'),
  person(null, 'Family Support Service', null, 'family.support@council.example.org'),
  person(null, 'Fostering Support Service', null, 'fostering.support@council.example.org'),
];

const nameOf = (text: string) => resolveOwner(text, TEAMS)?.person.name ?? null;

describe('resolveOwner: acronyms and bracketed short forms', () => {
  it.each([
    ['YJS Team', 'Youth Justice Service (YJS) Team'],
    ['Youth Justice Service Team', 'Youth Justice Service (YJS) Team'],
    ['CAMHS', 'Child and Adolescent Mental Health Services (CAMHS)'],
    ['Child and Adolescent Mental Health Service', 'Child and Adolescent Mental Health Services (CAMHS)'],
    ['SEN Team', 'Special Educational Needs (SEN) Team'],
    ['IRO Service', 'Independent Reviewing Officer Service'],
    ['LAC Health Team', 'Looked After Children Health Team'],
    ['Head of VS', 'Sarah Dunmore'],
    ['Head of Virtual School', 'Sarah Dunmore'],
    ['Service Manager, CiC', 'Kamal Patel'],
    ['SM CiC', 'Kamal Patel'],
    ['YOT', 'Youth Offending Team (YOT)'],
    ['YOS', 'Youth Offending Service'],
  ])('finds "%s" as %s', (text, name) => {
    // Act
    const match = resolveOwner(text, TEAMS);

    // Assess
    expect(match?.by).toBe('acronym');
    expect(match?.person.name).toBe(name);
  });

  it('resolves the issue\'s "YJS Team" owner cell among other owners', () => {
    // Act
    const names = splitOwners('YJS Team / CAMHS / HB').map(nameOf);

    // Assess
    expect(names).toEqual(['Youth Justice Service (YJS) Team', 'Child and Adolescent Mental Health Services (CAMHS)', 'Helen Blackman']);
  });

  it('does not read a name with two capitals ("McCarthy") as an acronym', () => {
    // Prepare
    const people = [person(null, 'Dennis McCarthy', null, 'dennis.mccarthy@council.example.org'), person(null, 'Mental Capacity', null, null)];

    // Act
    const match = resolveOwner('MC', people);

    // Assess
    expect(match?.person.name).toBe('Mental Capacity');
    expect(resolveOwner('Dennis McCarthy', people)?.by).toBe('name');
  });
});

describe('resolveOwner: Service and Team variants', () => {
  it.each([
    ['Youth Justice Service', 'Youth Justice Service (YJS) Team'],
    ['Youth Justice Team', 'Youth Justice Service (YJS) Team'],
    ['YJS', 'Youth Justice Service (YJS) Team'],
    ['YJ Team', 'Youth Justice Service (YJS) Team'],
    ['CAMHS Team', 'Child and Adolescent Mental Health Services (CAMHS)'],
    ['SEN Service', 'Special Educational Needs (SEN) Team'],
    ['IRO Team', 'Independent Reviewing Officer Service'],
    ['Family Support Team', 'Family Support Service'],
  ])('finds "%s" as %s', (text, name) => {
    // Act
    const match = resolveOwner(text, TEAMS);

    // Assess
    expect(match?.by).toBe('variant');
    expect(match?.person.name).toBe(name);
  });

  it('prefers the unit written exactly over its Service/Team variant', () => {
    // Act
    const team = resolveOwner('Leaving Care Team', TEAMS);
    const service = resolveOwner('Leaving Care Service', TEAMS);

    // Assess
    expect(team?.person.name).toBe('Leaving Care Team');
    expect(service?.person.name).toBe('Leaving Care Service');
  });
});

describe('resolveOwner: never a guess between two candidates', () => {
  it.each([
    ['Leaving Care', ['Leaving Care Team', 'Leaving Care Service']],
    ['Youth Offending', ['Youth Offending Team (YOT)', 'Youth Offending Service']],
    ['CSC', ["Children's Social Care", 'Customer Services Centre']],
    ['FSS', ['Family Support Service', 'Fostering Support Service']],
    ['Leaving Care Service Team', ['Leaving Care Team', 'Leaving Care Service']],
  ])('leaves "%s" unresolved and names the people it could be', (text, candidates) => {
    // Act
    const match = matchOwner(text, TEAMS);

    // Assess
    expect(resolveOwner(text, TEAMS)).toBeNull();
    expect(match.kind).toBe('ambiguous');
    expect(match.kind === 'ambiguous' && match.candidates.map((p) => p.name)).toEqual(candidates);
  });

  it('does not guess initials from the name of someone whose initials the people file gives', () => {
    // Act: Michelle Wright's initials are MWr, not MW
    const match = matchOwner('MW', TEAMS);

    // Assess
    expect(match).toEqual({ kind: 'none' });
  });

  it.each(['SC', 'YS', 'Justice', 'Team', 'Service', 'Care Team', 'Support'])('leaves "%s" unresolved', (text) => {
    // Act
    const match = resolveOwner(text, TEAMS);

    // Assess
    expect(match).toBeNull();
  });
});
