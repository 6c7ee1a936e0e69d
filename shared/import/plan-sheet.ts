import { ImportError } from '#domain/errors';
import type { Action, Person } from '#domain/model';
import {
  cellText,
  findHeader,
  headerLookup,
  normaliseHeader,
  parseMapOptions,
  repeatsHeader,
  type HeaderColumn,
  type HeaderLayout,
  type Synonyms,
} from './headers.ts';
import { chosenOwner, matchOwner, ownerTextKey, splitOwners, type OwnerResolution } from './owners.ts';
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
    'Owner',
    'Owner/s',
    'Owners',
    'Lead',
    'Lead Officer',
    'Responsible',
    'Responsible Area',
    'Who will do it?',
    'This work will be undertaken by',
    'Undertaken by',
    'Lead Officer/s',
    'Responsible Officer',
  ],
  measure: [
    'Success Criteria',
    'How will we measure success?',
    'What difference will have been made?',
    'Performance Indicator(s)',
    'Evidence',
    'Measure',
    'Measures',
    'Performance Indicators',
    'Outcome Measure',
  ],
  baseline: ['Baseline'],
  target: ['Target'],
  due: ['Target date', 'Date to complete', 'Target date for completion', 'Due', 'Deadline', 'Achievement date', 'Due date', 'Timescale'],
  status: ['Achieved?', 'Status', 'RAG', 'RAG status'],
  revisedDue: ['Amended target date', 'Revised date', 'Revised target date'],
  comments: ['Comment', 'Comments', 'Notes', 'Progress'],
};

const MAP_ALIASES: Record<string, PlanField> = {
  number: 'ref',
  outcomeowner: 'outcomeOwner',
  owner: 'owners',
  lead: 'owners',
  action: 'title',
  date: 'due',
  revised: 'revisedDue',
  reviseddue: 'revisedDue',
  comment: 'comments',
  notes: 'comments',
  rag: 'status',
};

export const MAP_HELP = 'Rename the column, or add --map "Your header=title" (fields: ' + PLAN_FIELDS.join(', ') + ').';

export interface ImportWarning {
  row: number;
  message: string;
}

export interface UnresolvedOwner {
  /** The owner text as split from its cell. */
  owner: string;
  /** Sheet rows it applies to (for an outcome owner filled down, every row it covers). */
  rows: number[];
  /** unknown: matches nobody; ambiguous: could be any of `candidates`; no-email: the person has no address. */
  reason: 'unknown' | 'no-email' | 'ambiguous';
  /** Where it was written: an action's owners, or the outcome owner (escalations go there). */
  field: 'owners' | 'outcomeOwner';
  /** For `ambiguous`: the names of the people it could be (empty otherwise). */
  candidates: string[];
}

export interface PlanSheet {
  actions: Action[];
  warnings: ImportWarning[];
  unresolved: UnresolvedOwner[];
  /** Names of the people action and outcome owners resolved to (with an email), in first-seen order. */
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
  /** Each owner text of the action with the rows it was written on. */
  ownerRows: Map<string, number[]>;
  /** Each outcome owner text of the action with the rows it applies to. */
  outcomeOwnerRows: Map<string, number[]>;
}

/** Where a plan's fields are in the sheet, and how to read them from a row. */
interface SheetColumns {
  layout: HeaderLayout<PlanField>;
  lookup: (header: string) => PlanField | null | undefined;
  /** The file (and sheet) for messages. */
  where: string;
  /** A field's cell as trimmed text; null when blank or when the sheet has no such column. */
  text(row: CellValue[], field: PlanField): string | null;
  /** A field's cell as read, so date cells stay dates. */
  value(row: CellValue[], field: PlanField): CellValue;
  /** Columns that map to no field: kept on each action as extra fields. */
  extras: Array<HeaderColumn<PlanField>>;
  /** Whether the sheet has a ref column: then refs are never taken from titles, and a blank ref cell becomes `row-N`. */
  hasRefColumn: boolean;
}

/** The state carried from one row to the next while reading actions. */
interface RowsRead {
  drafts: Draft[];
  byRef: Map<string, Draft>;
  warnings: ImportWarning[];
  /** Themes in first-seen order (for generated refs). */
  themes: string[];
  /** Last generated position per theme. */
  perTheme: Map<string, number>;
  /** Grouped cells filled down from above. */
  group: { theme: string | null; objective: string | null; outcomeOwner: string | null };
  /** The action the previous row belonged to (continuation rows add to it). */
  last: Draft | null;
}

/**
 * Reads a plan table into actions: finds the header (one or two rows, anywhere in the first
 * 10), maps columns by header text, fills grouped cells down, joins continuation rows and
 * repeated refs, takes refs from titles or generates them, resolves owners and outcome owners
 * against people and reads due dates. Throws ImportError (nothing imported) for a file it cannot place;
 * everything else it could not fully understand becomes a warning naming the row.
 */
export function readPlanSheet(
  table: Table,
  options: {
    planId: string;
    people: Person[];
    map?: string[];
    /** Owner text → person key (or initials): who an owner text is, as the importing person chose. */
    owners?: Record<string, string>;
  },
): PlanSheet {
  const columns = placeColumns(table, options.map ?? []);
  const { drafts, warnings } = readActions(table, columns, options.planId);
  const chosen = options.owners ?? {};
  checkChosenOwners(chosen, drafts, options.people, columns.where);
  const owners = resolveDraftOwners(drafts, options.people, chosen);
  warnings.push(...ownerlessWarnings(drafts));
  return {
    actions: drafts.map((d) => d.action),
    warnings: warnings.sort((a, b) => a.row - b.row),
    unresolved: owners.unresolved,
    resolved: owners.resolved,
    headerRows: columns.layout.headerRows,
  };
}

/** Stage 1: the header and the field of each column; every `--map` must name a column that is there. */
function placeColumns(table: Table, map: string[]): SheetColumns {
  const lookup = headerLookup(PLAN_HEADERS, parseMapOptions(map, PLAN_FIELDS, MAP_ALIASES));
  const layout = findHeader(table, lookup, 'title', MAP_HELP);
  const where = table.sheet ? `${table.fileName} (sheet "${table.sheet}")` : table.fileName;
  // A header may be matched whole or by either of its two rows ("How will we measure success? / Baseline").
  const headerNames = new Set(layout.columns.flatMap((c) => [c.header, ...c.header.split(' / ')].map(normaliseHeader)));
  for (const option of map) {
    const header = option.slice(0, option.lastIndexOf('=')).trim();
    if (!headerNames.has(normaliseHeader(header))) {
      throw new ImportError(
        `${where} row ${layout.headerRows[0]}: --map names a column "${header}" that is not in the header (${layout.columns.map((c) => `"${c.header}"`).join(', ')}).`,
        'map',
      );
    }
  }
  const col = layout.fieldColumns;
  return {
    layout,
    lookup,
    where,
    text: (row, field) => (col[field] === undefined ? null : cellText(row[col[field]!])),
    value: (row, field) => (col[field] === undefined ? null : (row[col[field]!] ?? null)),
    extras: layout.columns.filter((c) => c.field === null && c.header),
    hasRefColumn: col.ref !== undefined,
  };
}

/** Stage 2: one draft action per distinct ref, row by row; throws when the sheet has none. */
function readActions(table: Table, columns: SheetColumns, planId: string): { drafts: Draft[]; warnings: ImportWarning[] } {
  const { layout } = columns;
  const state: RowsRead = {
    drafts: [],
    byRef: new Map(),
    warnings: layout.duplicates.map((d) => ({
      row: layout.headerRows[0]!,
      message: `column "${d.header}" also reads as ${d.field}; the first such column is used and this one is kept as an extra field.`,
    })),
    themes: [],
    perTheme: new Map(),
    group: { theme: null, objective: null, outcomeOwner: null },
    last: null,
  };
  const start = layout.headerRows[layout.headerRows.length - 1]!;
  const written = writtenRefs(table, columns, start);
  const mergedBelow = rowsUnderMergedTitle(table, columns);
  for (let r = start; r < table.rows.length; r++) {
    const row = table.rows[r] ?? [];
    if (row.every((c) => cellText(c) === null) || repeatsHeader(row, layout, columns.lookup)) continue;
    readRow(state, row, r + 1, { columns, planId, written, titleMerged: mergedBelow.has(r) });
  }
  if (state.drafts.length === 0) {
    throw new ImportError(`${columns.where}: no actions found under the header on row ${layout.headerRows[0]} (every row lacks an action title).`);
  }
  return { drafts: state.drafts, warnings: state.warnings };
}

/** Refs written in the file (ref column, or titles): a generated ref never takes one of them. */
function writtenRefs(table: Table, columns: SheetColumns, start: number): Set<string> {
  const written = new Set<string>();
  for (let r = start; r < table.rows.length; r++) {
    const row = table.rows[r] ?? [];
    const title = columns.text(row, 'title');
    const ref = columns.text(row, 'ref') ?? (!columns.hasRefColumn && title ? (refInTitle(title)?.ref ?? null) : null);
    if (ref) written.add(ref.replace(/\.$/, ''));
  }
  return written;
}

/** 0-based rows under the top of a vertically merged title cell: they continue the action above. */
function rowsUnderMergedTitle(table: Table, columns: SheetColumns): Set<number> {
  const titleCol = columns.layout.fieldColumns.title!;
  const below = new Set<number>();
  for (const m of table.merges) {
    if (m.left <= titleCol && titleCol <= m.right) for (let r = m.top + 1; r <= m.bottom; r++) below.add(r);
  }
  return below;
}

interface RowContext {
  columns: SheetColumns;
  planId: string;
  written: Set<string>;
  /** The row's title cell is covered by a merge from above. */
  titleMerged: boolean;
}

/** One data row: a new action, more of the action above, or the same ref again. */
function readRow(state: RowsRead, row: CellValue[], rowNo: number, context: RowContext): void {
  const { columns } = context;
  fillDown(state.group, row, columns);
  const found = titleAndRef(row, context);
  if (!found.title) {
    continueAbove(state, row, rowNo, columns);
    return;
  }
  const { theme } = state.group;
  if (theme && !state.themes.includes(theme)) state.themes.push(theme);
  const ref = assignRef(state, found, rowNo, context);
  const existing = state.byRef.get(ref);
  if (existing) mergeRepeat(state, existing, row, rowNo, found.title, columns);
  else addAction(state, ref, found.title, row, rowNo, context);
}

/** Grouped layouts: a blank theme / objective / outcome owner means "same as above"; a new theme starts afresh. */
function fillDown(group: RowsRead['group'], row: CellValue[], columns: SheetColumns): void {
  const rowTheme = columns.text(row, 'theme');
  if (rowTheme && rowTheme !== group.theme) {
    group.theme = rowTheme;
    group.objective = null;
    group.outcomeOwner = null;
  }
  group.objective = columns.text(row, 'objective') ?? group.objective;
  group.outcomeOwner = columns.text(row, 'outcomeOwner') ?? group.outcomeOwner;
}

/** The row's title and ref as written; a ref at the start of the title counts when there is no ref column. */
function titleAndRef(row: CellValue[], { columns, titleMerged }: RowContext): { title: string | null; ref: string | null } {
  const title = titleMerged ? null : columns.text(row, 'title');
  const ref = columns.text(row, 'ref');
  if (title && !ref && !columns.hasRefColumn) {
    const found = refInTitle(title);
    if (found) return found;
  }
  return { title, ref };
}

const indicatorOf = (row: CellValue[], columns: SheetColumns) => ({
  measure: columns.text(row, 'measure'),
  baseline: columns.text(row, 'baseline'),
  target: columns.text(row, 'target'),
});

/** A row with no title: more indicators of the action above, or a warning when there is nothing to add them to. */
function continueAbove(state: RowsRead, row: CellValue[], rowNo: number, columns: SheetColumns): void {
  const indicator = indicatorOf(row, columns);
  const hasIndicator = indicator.measure || indicator.baseline || indicator.target;
  if (hasIndicator && state.last) {
    // One action, several indicators: one line each, repeats kept so lines pair up.
    const line = (current: string | null, more: string | null) => (more ? (current ? `${current}\n${more}` : more) : current);
    const a = state.last.action;
    a.measure = line(a.measure, indicator.measure);
    a.baseline = line(a.baseline, indicator.baseline);
    a.target = line(a.target, indicator.target);
    a.rows.push(rowNo);
  } else if (hasIndicator || columns.text(row, 'owners') || columns.text(row, 'due')) {
    state.warnings.push({ row: rowNo, message: 'this row has no action title and no action above it; it was skipped. Fill in the Action column.' });
  }
}

/** The action's ref: as written, else generated (no ref column) or `row-N` with a warning (a blank ref cell). */
function assignRef(state: RowsRead, found: { title: string | null; ref: string | null }, rowNo: number, { columns, written }: RowContext): string {
  let ref = found.ref;
  if (!ref && !columns.hasRefColumn) {
    // Generated: theme number + position, the same on every import of the same file.
    const { theme } = state.group;
    const t = theme ? state.themes.indexOf(theme) + 1 : 0;
    let p = state.perTheme.get(theme ?? '') ?? 0;
    do {
      p += 1;
      ref = t > 0 ? `${t}.${p}` : `${p}`;
    } while (written.has(ref) || state.byRef.has(ref));
    state.perTheme.set(theme ?? '', p);
  } else if (!ref) {
    ref = `row-${rowNo}`;
    const header = columns.layout.columns.find((c) => c.field === 'ref')?.header ?? 'ref';
    state.warnings.push({ row: rowNo, message: `action "${found.title!.slice(0, 60)}" has no ref; it was given ${ref}. Fill in its ${header} cell.` });
  }
  return ref.replace(/\.$/, '');
}

/** The same ref again (cross-referenced, or one row per indicator): one action, this row's differing text added. */
function mergeRepeat(state: RowsRead, existing: Draft, row: CellValue[], rowNo: number, title: string, columns: SheetColumns): void {
  const a = existing.action;
  const firstRow = a.rows[0]!;
  const { objective, outcomeOwner } = state.group;
  const added: string[] = [];
  for (const f of TEXT_FIELDS) {
    const value = f === 'objective' ? objective : f === 'outcomeOwner' ? outcomeOwner : f === 'title' ? title : columns.text(row, f);
    const merged = append(a[f], value);
    if (merged === a[f]) continue;
    added.push(f);
    // append() never turns a non-empty value (the title always is) into null.
    (a as Record<(typeof TEXT_FIELDS)[number], string | null>)[f] = merged;
  }
  const ownerText = columns.text(row, 'owners');
  if (ownerText) a.ownerText = append(a.ownerText, ownerText);
  const due = parseDue(columns.value(row, 'due'));
  if (!a.dueText && due) {
    a.due = due.date;
    a.dueText = due.text;
    added.push('due');
  }
  for (const c of columns.extras) {
    const value = cellText(row[c.index]);
    if (value && !a.extra[c.header]) a.extra[c.header] = value;
  }
  noteOwners(existing.ownerRows, ownerText, rowNo);
  noteOwners(existing.outcomeOwnerRows, outcomeOwner, rowNo);
  a.rows.push(rowNo);
  state.warnings.push({
    row: rowNo,
    message: `ref ${a.ref} appears again (first on row ${firstRow}); read as one action${added.length ? `, keeping this row's ${added.join(', ')}` : ''}.`,
  });
  state.last = existing;
}

/** A new action from its first row. */
function addAction(state: RowsRead, ref: string, title: string, row: CellValue[], rowNo: number, { columns, planId }: RowContext): void {
  const indicator = indicatorOf(row, columns);
  const due = parseDue(columns.value(row, 'due'));
  const revised = parseDue(columns.value(row, 'revisedDue'));
  const ownerText = columns.text(row, 'owners');
  const extra: Record<string, string> = {};
  for (const c of columns.extras) {
    const value = cellText(row[c.index]);
    if (value) extra[c.header] = value;
  }
  const draft: Draft = {
    action: {
      planId,
      ref,
      theme: state.group.theme,
      objective: state.group.objective,
      title,
      ownerText,
      owners: [],
      measure: indicator.measure,
      baseline: indicator.baseline,
      target: indicator.target,
      due: due?.date ?? null,
      dueText: due?.text ?? null,
      status: columns.text(row, 'status'),
      order: state.drafts.length,
      outcomeOwner: state.group.outcomeOwner,
      outcomeOwners: [],
      revisedDue: revised?.date ?? null,
      revisedDueText: revised?.text ?? null,
      comments: columns.text(row, 'comments'),
      extra,
      rows: [rowNo],
      archived: false,
    },
    ownerRows: new Map(),
    outcomeOwnerRows: new Map(),
  };
  noteOwners(draft.ownerRows, ownerText, rowNo);
  noteOwners(draft.outcomeOwnerRows, state.group.outcomeOwner, rowNo);
  state.drafts.push(draft);
  state.byRef.set(ref, draft);
  state.last = draft;
}

/**
 * Stage 3: owners and outcome owners resolved to people (each distinct text once, the same rules
 * for both); what resolved to nobody, to several people or to someone with no email is listed
 * with its rows.
 */
function resolveDraftOwners(drafts: Draft[], people: Person[], chosen: Record<string, string>): { resolved: string[]; unresolved: UnresolvedOwner[] } {
  const resolved: string[] = [];
  const unresolved = new Map<string, UnresolvedOwner>();
  const matches = new Map<string, OwnerResolution>();
  const matchOf = (token: string): OwnerResolution => {
    const known = matches.get(token);
    if (known) return known;
    const person = chosenOwner(token, people, chosen);
    const match: OwnerResolution = person ? { kind: 'person', person, by: 'chosen' } : matchOwner(token, people);
    matches.set(token, match);
    return match;
  };
  for (const { action, ownerRows, outcomeOwnerRows } of drafts) {
    const columns = [
      { field: 'owners', tokens: ownerRows, keys: action.owners },
      { field: 'outcomeOwner', tokens: outcomeOwnerRows, keys: action.outcomeOwners },
    ] as const;
    for (const { field, tokens, keys } of columns) {
      for (const [token, rows] of tokens) {
        const match = matchOf(token);
        const person = match.kind === 'person' ? match.person : null;
        if (person && !keys.includes(person.key)) keys.push(person.key);
        if (person?.email) {
          if (!resolved.includes(person.name)) resolved.push(person.name);
          continue;
        }
        const id = `${field}\u0000${token}`;
        const entry: UnresolvedOwner = unresolved.get(id) ?? {
          owner: token,
          rows: [],
          reason: person ? 'no-email' : match.kind === 'ambiguous' ? 'ambiguous' : 'unknown',
          field,
          candidates: match.kind === 'ambiguous' ? match.candidates.map((p) => p.name) : [],
        };
        for (const row of rows) if (!entry.rows.includes(row)) entry.rows.push(row);
        unresolved.set(id, entry);
      }
    }
  }
  return { resolved, unresolved: [...unresolved.values()] };
}

/**
 * Every chosen owner must be an owner text of the sheet and name a person of the people file:
 * a typo would otherwise be passed over and the owner left unresolved without a word.
 */
function checkChosenOwners(chosen: Record<string, string>, drafts: Draft[], people: Person[], where: string): void {
  const texts = new Set(drafts.flatMap((d) => [...d.ownerRows.keys(), ...d.outcomeOwnerRows.keys()]).map(ownerTextKey));
  for (const [text, key] of Object.entries(chosen)) {
    if (!texts.has(ownerTextKey(text))) {
      throw new ImportError(
        `no owner or outcome owner in ${where} is written "${ownerTextKey(text)}"; choose a person only for an owner the file names.`,
        'owners',
      );
    }
    if (!chosenOwner(text, people, chosen)) {
      throw new ImportError(
        `owner "${ownerTextKey(text)}" is given as "${key.trim()}", but nobody in the people file has that key or initials${people.length ? '' : ' (there is no people file)'}.`,
        'owners',
      );
    }
  }
}

/** Stage 4: a warning for each action with no owner at all. */
function ownerlessWarnings(drafts: Draft[]): ImportWarning[] {
  return drafts
    .filter(({ action }) => !action.ownerText)
    .map(({ action }) => ({ row: action.rows[0]!, message: `action ${action.ref} has no owner; nobody will be asked for its update.` }));
}

/** Records the owner texts of a cell against the row they apply to. */
function noteOwners(tokens: Map<string, number[]>, cell: string | null, row: number): void {
  for (const token of cell ? splitOwners(cell) : []) {
    const rows = tokens.get(token) ?? [];
    if (!rows.includes(row)) rows.push(row);
    tokens.set(token, rows);
  }
}
