import { ImportError } from '#domain/errors';
import type { Action, Person } from '#domain/model';
import { cellText, findHeader, headerLookup, normaliseHeader, parseMapOptions, repeatsHeader, type Synonyms } from './headers.ts';
import { resolveOwner, splitOwners } from './owners.ts';
import type { CellValue, Table } from './table.ts';
import { parseDue } from './uk-dates.ts';

export const PLAN_FIELDS = [
  'ref',
  'theme',
  'outcomeOwner',
  'objective',
  'title',
  'owners',
  'measure',
  'baseline',
  'target',
  'due',
  'status',
  'revisedDue',
  'comments',
] as const;
export type PlanField = (typeof PLAN_FIELDS)[number];

/** Header texts recognised for each field (issue 3's table, and a few more seen in real plans). */
export const PLAN_HEADERS: Synonyms<PlanField> = {
  ref: ['Number', 'No', 'No.', 'Ref', 'Reference', 'Action No', 'Action Number', 'ID', 'Ref No'],
  theme: ['Theme', 'Priority', 'Strategic Priority', 'Outcome', 'Strategy Outcome', 'Area', 'Priority Area'],
  outcomeOwner: ['Outcome owner', 'Responsible Outcome Owner'],
  objective: ['Objective', 'What will we do?', 'Objectives'],
  title: ['Action', 'Actions', 'How will we do it?', 'Action/Activity', 'Description', 'Activity'],
  owners: [
    'Owner', 'Owner/s', 'Owners', 'Lead', 'Lead Officer', 'Responsible', 'Responsible Area', 'Who will do it?',
    'This work will be undertaken by', 'Undertaken by', 'Lead Officer/s', 'Responsible Officer',
  ],
  measure: [
    'Success Criteria', 'How will we measure success?', 'What difference will have been made?', 'Performance Indicator(s)',
    'Evidence', 'Measure', 'Measures', 'Performance Indicators', 'Outcome Measure',
  ],
  baseline: ['Baseline'],
  target: ['Target'],
  due: ['Target date', 'Date to complete', 'Target date for completion', 'Due', 'Deadline', 'Achievement date', 'Due date', 'Timescale'],
  status: ['Achieved?', 'Status', 'RAG', 'RAG status'],
  revisedDue: ['Amended target date', 'Revised date', 'Revised target date'],
  comments: ['Comment', 'Comments', 'Notes', 'Progress'],
};

const MAP_ALIASES: Record<string, PlanField> = {
  number: 'ref', outcomeowner: 'outcomeOwner', owner: 'owners', lead: 'owners', action: 'title', date: 'due',
  revised: 'revisedDue', reviseddue: 'revisedDue', comment: 'comments', notes: 'comments', rag: 'status',
};

export const MAP_HELP = 'Rename the column, or add --map "Your header=title" (fields: ' + PLAN_FIELDS.join(', ') + ').';

export interface ImportWarning {
  row: number;
  message: string;
}

export interface UnresolvedOwner {
  owner: string;
  rows: number[];
  reason: 'unknown' | 'no-email';
}

export interface PlanSheet {
  actions: Action[];
  warnings: ImportWarning[];
  unresolved: UnresolvedOwner[];
  /** Names of the people owners resolved to, in first-seen order. */
  resolved: string[];
  headerRows: number[];
}

/** "1.1. Ensure …", "3.2.1) …": a ref written at the start of the title. */
const REF_IN_TITLE = /^(\d+(?:\.\d+)+)(?:[.)]|\s-)?\s+(?=\S)|^(\d+)[.)]\s+(?=\S)/;

/** The ref at the start of a title, and the title without it (a bare count such as "10 new carers" is not a ref). */
function refInTitle(title: string): { ref: string; title: string } | null {
  const m = REF_IN_TITLE.exec(title);
  return m ? { ref: (m[1] ?? m[2])!, title: title.slice(m[0].length).trim() } : null;
}

const TEXT_FIELDS = ['objective', 'outcomeOwner', 'title', 'measure', 'baseline', 'target', 'status', 'comments'] as const;

/** Text compared loosely: case, spacing and punctuation do not make two values different. */
const loose = (text: string) => text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');

/** Appends a value on a new line unless the same text (loosely) is already there, whole or as a line. */
function append(current: string | null, more: string | null): string | null {
  if (!more) return current;
  if (!current) return more;
  const same = loose(current) === loose(more) || current.split('\n').some((line) => loose(line) === loose(more));
  return same ? current : `${current}\n${more}`;
}

interface Draft {
  action: Action;
  ownerRows: Map<string, number[]>;
}

/**
 * Reads a plan table into actions: finds the header (one or two rows, anywhere in the first
 * 10), maps columns by header text, fills grouped cells down, joins continuation rows and
 * repeated refs, takes refs from titles or generates them, resolves owners against people
 * and reads due dates. Throws ImportError (nothing imported) for a file it cannot place;
 * everything else it could not fully understand becomes a warning naming the row.
 */
export function readPlanSheet(table: Table, options: { planId: string; people: Person[]; map?: string[] }): PlanSheet {
  const overrides = parseMapOptions(options.map ?? [], PLAN_FIELDS, MAP_ALIASES);
  const lookup = headerLookup(PLAN_HEADERS, overrides);
  const layout = findHeader(table, lookup, 'title', MAP_HELP);
  const where = table.sheet ? `${table.fileName} (sheet "${table.sheet}")` : table.fileName;
  // A header may be matched whole or by either of its two rows ("How will we measure success? / Baseline").
  const headerNames = new Set(layout.columns.flatMap((c) => [c.header, ...c.header.split(' / ')].map(normaliseHeader)));
  for (const option of options.map ?? []) {
    const header = option.slice(0, option.lastIndexOf('=')).trim();
    if (!headerNames.has(normaliseHeader(header))) {
      throw new ImportError(
        `${where} row ${layout.headerRows[0]}: --map names a column "${header}" that is not in the header (${layout.columns.map((c) => `"${c.header}"`).join(', ')}).`,
        'map',
      );
    }
  }
  const col = layout.fieldColumns;
  const get = (row: CellValue[], field: PlanField): string | null => {
    const i = col[field];
    return i === undefined ? null : cellText(row[i]);
  };
  const raw = (row: CellValue[], field: PlanField): CellValue => {
    const i = col[field];
    return i === undefined ? null : (row[i] ?? null);
  };
  const extraColumns = layout.columns.filter((c) => c.field === null && c.header);

  const warnings: ImportWarning[] = layout.duplicates.map((d) => ({
    row: layout.headerRows[0]!,
    message: `column "${d.header}" also reads as ${d.field}; the first such column is used and this one is kept as an extra field.`,
  }));
  const drafts: Draft[] = [];
  const byRef = new Map<string, Draft>();
  const themes: string[] = [];
  const perTheme = new Map<string, number>();
  let theme: string | null = null;
  let objective: string | null = null;
  let outcomeOwner: string | null = null;
  let last: Draft | null = null;
  const start = layout.headerRows[layout.headerRows.length - 1]!;

  // Refs written in the file (ref column, or titles): a generated ref never takes one of them.
  const written = new Set<string>();
  for (let r = start; r < table.rows.length; r++) {
    const row = table.rows[r] ?? [];
    const title = get(row, 'title');
    const ref = get(row, 'ref') ?? (col.ref === undefined && title ? (refInTitle(title)?.ref ?? null) : null);
    if (ref) written.add(ref.replace(/\.$/, ''));
  }
  // Rows under the top of a vertically merged title cell continue the action above.
  const titleCol = col.title!;
  const mergedBelow = new Set<number>();
  for (const m of table.merges) {
    if (m.left <= titleCol && titleCol <= m.right) for (let r = m.top + 1; r <= m.bottom; r++) mergedBelow.add(r);
  }

  for (let r = start; r < table.rows.length; r++) {
    const row = table.rows[r] ?? [];
    const rowNo = r + 1;
    if (row.every((c) => cellText(c) === null)) continue;
    if (repeatsHeader(row, layout, lookup)) continue;
    // Grouped layouts: a blank theme / objective / outcome owner means "same as above".
    const rowTheme = get(row, 'theme');
    if (rowTheme && rowTheme !== theme) {
      theme = rowTheme;
      objective = null;
      outcomeOwner = null;
    }
    objective = get(row, 'objective') ?? objective;
    outcomeOwner = get(row, 'outcomeOwner') ?? outcomeOwner;
    let title = mergedBelow.has(r) ? null : get(row, 'title');
    let ref = get(row, 'ref');
    if (title && !ref && col.ref === undefined) {
      const found = refInTitle(title);
      if (found) ({ ref, title } = found);
    }
    const indicator = { measure: get(row, 'measure'), baseline: get(row, 'baseline'), target: get(row, 'target') };
    if (!title) {
      const hasIndicator = indicator.measure || indicator.baseline || indicator.target;
      if (hasIndicator && last) {
        // One action, several indicators: one line each, repeats kept so lines pair up.
        const line = (current: string | null, more: string | null) => (more ? (current ? `${current}\n${more}` : more) : current);
        last.action.measure = line(last.action.measure, indicator.measure);
        last.action.baseline = line(last.action.baseline, indicator.baseline);
        last.action.target = line(last.action.target, indicator.target);
        last.action.rows.push(rowNo);
      } else if (hasIndicator || get(row, 'owners') || get(row, 'due')) {
        warnings.push({ row: rowNo, message: 'this row has no action title and no action above it; it was skipped. Fill in the Action column.' });
      }
      continue;
    }
    if (theme && !themes.includes(theme)) themes.push(theme);
    if (!ref && col.ref === undefined) {
      // Generated: theme number + position, the same on every import of the same file.
      const t = theme ? themes.indexOf(theme) + 1 : 0;
      let p = perTheme.get(theme ?? '') ?? 0;
      do {
        p += 1;
        ref = t > 0 ? `${t}.${p}` : `${p}`;
      } while (written.has(ref) || byRef.has(ref));
      perTheme.set(theme ?? '', p);
    } else if (!ref) {
      ref = `row-${rowNo}`;
      warnings.push({ row: rowNo, message: `action "${title.slice(0, 60)}" has no ref; it was given ${ref}. Fill in its ${layout.columns.find((c) => c.field === 'ref')?.header ?? 'ref'} cell.` });
    }
    ref = ref.replace(/\.$/, '');

    const due = parseDue(raw(row, 'due'));
    const revised = parseDue(raw(row, 'revisedDue'));
    const ownerText = get(row, 'owners');
    const existing = byRef.get(ref);
    if (existing) {
      // The same ref again (cross-referenced, or one row per indicator): one action.
      const a = existing.action;
      const firstRow = a.rows[0]!;
      const added: string[] = [];
      for (const f of TEXT_FIELDS) {
        const value = f === 'objective' ? objective : f === 'outcomeOwner' ? outcomeOwner : f === 'title' ? title : get(row, f);
        const merged = append(a[f], value);
        if (merged === a[f]) continue;
        added.push(f);
        // append() never turns a non-empty value (the title always is) into null.
        (a as Record<(typeof TEXT_FIELDS)[number], string | null>)[f] = merged;
      }
      if (ownerText) a.ownerText = append(a.ownerText, ownerText);
      if (!a.dueText && due) {
        a.due = due.date;
        a.dueText = due.text;
        added.push('due');
      }
      for (const c of extraColumns) {
        const value = cellText(row[c.index]);
        if (value && !a.extra[c.header]) a.extra[c.header] = value;
      }
      noteOwners(existing, ownerText, rowNo);
      a.rows.push(rowNo);
      warnings.push({
        row: rowNo,
        message: `ref ${ref} appears again (first on row ${firstRow}); read as one action${added.length ? `, keeping this row's ${added.join(', ')}` : ''}.`,
      });
      last = existing;
      continue;
    }
    const extra: Record<string, string> = {};
    for (const c of extraColumns) {
      const value = cellText(row[c.index]);
      if (value) extra[c.header] = value;
    }
    const draft: Draft = {
      action: {
        planId: options.planId,
        ref,
        theme,
        objective,
        title,
        ownerText,
        owners: [],
        measure: indicator.measure,
        baseline: indicator.baseline,
        target: indicator.target,
        due: due?.date ?? null,
        dueText: due?.text ?? null,
        status: get(row, 'status'),
        order: drafts.length,
        outcomeOwner,
        revisedDue: revised?.date ?? null,
        revisedDueText: revised?.text ?? null,
        comments: get(row, 'comments'),
        extra,
        rows: [rowNo],
        archived: false,
      },
      ownerRows: new Map(),
    };
    noteOwners(draft, ownerText, rowNo);
    drafts.push(draft);
    byRef.set(ref, draft);
    last = draft;
  }
  if (drafts.length === 0) {
    throw new ImportError(`${where}: no actions found under the header on row ${layout.headerRows[0]} (every row lacks an action title).`);
  }

  // Owners: resolve each distinct owner text once; list what resolved to nobody or to no email.
  const resolved: string[] = [];
  const unresolved = new Map<string, UnresolvedOwner>();
  for (const { action, ownerRows } of drafts) {
    for (const [token, rows] of ownerRows) {
      const match = resolveOwner(token, options.people);
      const person = match?.person;
      if (person && !action.owners.includes(person.key)) action.owners.push(person.key);
      if (person?.email) {
        if (!resolved.includes(person.name)) resolved.push(person.name);
        continue;
      }
      const entry = unresolved.get(token) ?? { owner: token, rows: [], reason: person ? 'no-email' : 'unknown' };
      for (const row of rows) if (!entry.rows.includes(row)) entry.rows.push(row);
      unresolved.set(token, entry);
    }
  }
  for (const { action } of drafts) {
    if (!action.ownerText) warnings.push({ row: action.rows[0]!, message: `action ${action.ref} has no owner; nobody will be asked for its update.` });
  }
  return {
    actions: drafts.map((d) => d.action),
    warnings: warnings.sort((a, b) => a.row - b.row),
    unresolved: [...unresolved.values()],
    resolved,
    headerRows: layout.headerRows,
  };
}

function noteOwners(draft: Draft, ownerText: string | null, row: number): void {
  for (const token of ownerText ? splitOwners(ownerText) : []) {
    const rows = draft.ownerRows.get(token) ?? [];
    if (!rows.includes(row)) rows.push(row);
    draft.ownerRows.set(token, rows);
  }
}
