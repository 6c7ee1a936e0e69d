import type { Person } from '#domain/model';
import { cellText, findHeader, headerLookup, type Synonyms } from './headers.ts';
import type { Table } from './table.ts';
import type { ImportWarning } from './plan-sheet.ts';

type PeopleField = 'name' | 'initials' | 'email' | 'role';

const PEOPLE_HEADERS: Synonyms<PeopleField> = {
  name: ['Name', 'Lead Officer', 'Officer', 'Full name'],
  initials: ['Initials'],
  email: ['Email', 'E-mail', 'Email address', 'Contact details', 'Contact'],
  role: ['Title/Post', 'Title', 'Post', 'Role', 'Job title', 'Responsible Area', 'Team', 'Service'],
};

const EMAIL = /[A-Za-z0-9._%+'-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/;

const slug = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

/**
 * Reads a people file (CSV or XLSX): Name / Lead Officer, Initials, Email / Contact
 * details (an email is found inside other contact text), Title/Post / Role / Team.
 */
export function readPeopleSheet(table: Table): { people: Person[]; warnings: ImportWarning[] } {
  const layout = findHeader(table, headerLookup(PEOPLE_HEADERS), 'name', 'Name the column of people "Name".');
  const col = layout.fieldColumns;
  const people: Person[] = [];
  const warnings: ImportWarning[] = [];
  const keys = new Set<string>();
  for (let r = layout.headerRows[layout.headerRows.length - 1]!; r < table.rows.length; r++) {
    const row = table.rows[r] ?? [];
    const get = (f: PeopleField) => (col[f] === undefined ? null : cellText(row[col[f]!]));
    const name = get('name');
    if (!name) continue;
    const initials = get('initials');
    const contact = get('email');
    const email = contact ? (EMAIL.exec(contact)?.[0].toLowerCase() ?? null) : null;
    if (contact && !email) warnings.push({ row: r + 1, message: `no email address in "${contact}" for ${name}.` });
    let key = initials ?? slug(name);
    if (keys.has(key)) {
      warnings.push({ row: r + 1, message: `${initials ? `initials ${initials}` : name} appear twice; this row is kept as ${key}-${r + 1}.` });
      key = `${key}-${r + 1}`;
    }
    keys.add(key);
    people.push({ key, name, initials, email, role: get('role') });
  }
  return { people, warnings };
}
