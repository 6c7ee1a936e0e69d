import { parse } from 'csv-parse/sync';
import { ImportError } from '#domain/errors';
import type { Action, Person } from '#domain/model';
import { parseUkDate } from './uk-dates.ts';

type Field = 'ref' | 'theme' | 'objective' | 'title' | 'owners' | 'measure' | 'baseline' | 'target' | 'due' | 'status';

/** Header text → field (issue 3 widens this). Matched case-insensitively without punctuation or brackets. */
const HEADERS: Record<string, Field> = {
  ref: 'ref', reference: 'ref', number: 'ref', no: 'ref', 'action no': 'ref', id: 'ref',
  theme: 'theme', priority: 'theme', outcome: 'theme', area: 'theme',
  objective: 'objective', 'what will we do': 'objective',
  action: 'title', actions: 'title', description: 'title', 'how will we do it': 'title',
  lead: 'owners', owner: 'owners', owners: 'owners', 'lead officer': 'owners', responsible: 'owners',
  evidence: 'measure', measure: 'measure', 'success criteria': 'measure',
  baseline: 'baseline',
  target: 'target',
  'date to complete': 'due', due: 'due', 'target date': 'due', deadline: 'due',
  status: 'status', rag: 'status',
};

const PEOPLE_HEADERS: Record<string, 'initials' | 'name' | 'email' | 'role'> = {
  initials: 'initials', name: 'name', 'lead officer': 'name', email: 'email', 'contact details': 'email',
  'title/post': 'role', titlepost: 'role', role: 'role', title: 'role', post: 'role', team: 'role',
};

export function normaliseHeader(h: string): string {
  return h.replace(/\(.*?\)/g, '').replace(/[^\p{L}\p{N}/ ]/gu, ' ').replace(/\s+/g, ' ').trim().toLowerCase();
}

function readCsv(fileName: string, content: Buffer): string[][] {
  try {
    return parse(content, { bom: true, relax_column_count: true, skip_empty_lines: true }) as string[][];
  } catch (e) {
    throw new ImportError(`${fileName}: cannot be read as CSV (${(e as Error).message}). Save it from Excel as "CSV UTF-8".`);
  }
}

const blank = (s: string | undefined) => (s ?? '').trim() === '';
const textOrNull = (s: string | undefined) => (blank(s) ? null : s!.trim());
const slug = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');

/** Reads a people file: Initials, Name, Title/Post, Email. */
export function readPeopleCsv(fileName: string, content: Buffer): Person[] {
  const rows = readCsv(fileName, content);
  const header = rows[0] ?? [];
  const cols = header.map((h) => PEOPLE_HEADERS[normaliseHeader(h)] ?? null);
  if (!cols.includes('name')) {
    throw new ImportError(`${fileName} row 1: no "Name" column found (headers: ${header.join(', ')}). Add a Name column.`);
  }
  const people: Person[] = [];
  rows.slice(1).forEach((row) => {
    const get = (f: string) => textOrNull(row[cols.indexOf(f as never)]);
    const name = get('name');
    if (!name) return;
    const initials = get('initials');
    const email = get('email');
    people.push({
      key: initials ?? slug(name),
      name,
      initials,
      email: email && /^[^@\s]+@[^@\s]+$/.test(email) ? email.toLowerCase() : null,
      role: get('role'),
    });
  });
  return people;
}

/** Splits an owner cell: "PTO/HB/EP", "LB, MW & SP", "Rachel Coombs/ Dawn Godfrey". */
export function splitOwners(cell: string): string[] {
  return cell
    .split(/\s*(?:[/&,;\n]|\band\b)\s*/i)
    .map((s) => s.replace(/[()]/g, '').trim())
    .filter(Boolean);
}

const squash = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '').replace(/s\b/g, '');

/** Finds the person an owner token names: by initials (exact case first), full name, or role. */
export function resolveOwner(token: string, people: Person[]): Person | null {
  return (
    people.find((p) => p.initials === token) ??
    people.find((p) => p.initials?.toLowerCase() === token.toLowerCase()) ??
    people.find((p) => p.name.toLowerCase() === token.toLowerCase()) ??
    people.find((p) => p.role !== null && squash(p.role) === squash(token)) ??
    null
  );
}

export interface PlanImportResult {
  actions: Action[];
  warnings: Array<{ row: number; message: string }>;
}

/** Reads a plan CSV into actions (fill-down of theme/objective, owners resolved against people). */
export function readPlanCsv(fileName: string, content: Buffer, planId: string, people: Person[]): PlanImportResult {
  const rows = readCsv(fileName, content);
  const header = rows[0] ?? [];
  const cols = header.map((h) => HEADERS[normaliseHeader(h)] ?? null);
  if (!cols.includes('title')) {
    throw new ImportError(
      `${fileName} row 1: no column for the action title (headers: ${header.join(', ')}). Name it "Action" or map it with --map "Your header=title".`,
      'title',
    );
  }
  const actions: Action[] = [];
  const warnings: PlanImportResult['warnings'] = [];
  const seen = new Map<string, number>();
  let theme: string | null = null;
  let objective: string | null = null;
  rows.slice(1).forEach((row, i) => {
    const rowNo = i + 2;
    const get = (f: Field) => {
      const idx = cols.indexOf(f);
      return idx < 0 ? null : textOrNull(row[idx]);
    };
    theme = get('theme') ?? theme;
    objective = get('objective') ?? objective;
    const title = get('title');
    if (!title) return;
    const ref = get('ref') ?? `${actions.length + 1}`;
    if (seen.has(ref)) {
      warnings.push({ row: rowNo, message: `ref ${ref} appears again (first on row ${seen.get(ref)}); the first is kept.` });
      return;
    }
    seen.set(ref, rowNo);
    const ownerText = get('owners');
    const owners: string[] = [];
    for (const token of ownerText ? splitOwners(ownerText) : []) {
      const person = resolveOwner(token, people);
      if (!person) warnings.push({ row: rowNo, message: `owner "${token}" of action ${ref} is not in the people file.` });
      else if (!person.email) warnings.push({ row: rowNo, message: `owner "${token}" of action ${ref} (${person.name}) has no email address.` });
      if (person && !owners.includes(person.key)) owners.push(person.key);
    }
    const dueText = get('due');
    actions.push({
      planId,
      ref,
      theme,
      objective,
      title,
      ownerText,
      owners,
      measure: get('measure'),
      baseline: get('baseline'),
      target: get('target'),
      due: dueText ? parseUkDate(dueText) : null,
      dueText,
      status: get('status'),
      order: actions.length,
    });
  });
  if (actions.length === 0) throw new ImportError(`${fileName}: no actions found (every row lacks a title).`);
  return { actions, warnings };
}
