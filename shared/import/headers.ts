import { ImportError } from '#domain/errors';
import type { CellValue, Table } from './table.ts';

/** How header texts are compared: case-insensitive, without bracketed text or punctuation. */
export function normaliseHeader(text: string): string {
  return text
    .replace(/\([^)]*\)|\[[^\]]*\]/g, ' ')
    .replace(/[^\p{L}\p{N}\s]/gu, '')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
}

/** A dictionary of header synonyms: field → the header texts that mean it. */
export type Synonyms<F extends string> = Record<F, readonly string[]>;

export interface HeaderColumn<F extends string> {
  /** 0-based column index. */
  index: number;
  /** The header as written (both rows joined with " / " for a two-row header). */
  header: string;
  field: F | null;
}

export interface HeaderLayout<F extends string> {
  /** 1-based sheet rows of the header (one or two). */
  headerRows: number[];
  columns: Array<HeaderColumn<F>>;
  /** field → column index (the first column of that field). */
  fieldColumns: Partial<Record<F, number>>;
  /** Later columns that mapped to a field already taken (kept as extra). */
  duplicates: Array<{ header: string; field: F }>;
}

export const cellText = (cell: CellValue | undefined): string | null => {
  if (cell === null || cell === undefined) return null;
  if (cell instanceof Date) return cell.toISOString().slice(0, 10);
  const text = String(cell).trim();
  return text === '' ? null : text;
};

/** Builds a lookup from normalised header text to field, with `--map` overrides first. */
export function headerLookup<F extends string>(synonyms: Synonyms<F>, overrides: Map<string, F | null> = new Map()): (header: string) => F | null | undefined {
  const table = new Map<string, F>();
  for (const [field, texts] of Object.entries(synonyms) as Array<[F, readonly string[]]>) {
    for (const text of texts) table.set(normaliseHeader(text), field);
  }
  return (header) => {
    const key = normaliseHeader(header);
    if (overrides.has(key)) return overrides.get(key) ?? null;
    return table.get(key);
  };
}

type Lookup<F extends string> = (header: string) => F | null | undefined;

/** Whether a cell's text names a field (a `--map` to "ignore" does not count). */
const names = <F extends string>(lookup: Lookup<F>, text: string | null): boolean => text !== null && lookup(text) !== undefined && lookup(text) !== null;

/** How many cells of a row are known headers. */
const recognised = <F extends string>(row: CellValue[] | undefined, lookup: Lookup<F>): number => (row ?? []).filter((c) => names(lookup, cellText(c))).length;

/**
 * Finds the header row in the first 10 rows (the row where most cells are known headers),
 * and a second header row under it (sub-headings under a merged group heading), read as one.
 */
export function findHeader<F extends string>(table: Table, lookup: Lookup<F>, required: F, howToFix: string): HeaderLayout<F> {
  const where = table.sheet ? `${table.fileName} (sheet "${table.sheet}")` : table.fileName;
  const best = bestHeaderRow(table, lookup);
  if (best === null) {
    throw new ImportError(`${where}: no header row found in the first 10 rows (a row naming columns such as Ref, Action, Owner, Due). ${howToFix}`);
  }
  const top = table.rows[best] ?? [];
  const next = table.rows[best + 1] ?? [];
  const sub = isSubHeader(top, next, lookup) ? next : null;
  const headerRows = sub ? [best + 1, best + 2] : [best + 1];
  const { columns, fieldColumns, duplicates } = readColumns(top, sub, lookup);
  if (fieldColumns[required] === undefined) {
    const found = columns.map((c) => `"${c.header}"`).join(', ');
    throw new ImportError(`${where} row ${headerRows[0]}: no column for the ${required} (headers found: ${found}). ${howToFix}`, required);
  }
  return { headerRows, columns, fieldColumns, duplicates };
}

/** The 0-based row among the first 10 with the most known headers (the first such), or null when none has two. */
function bestHeaderRow<F extends string>(table: Table, lookup: Lookup<F>): number | null {
  let best = -1;
  let bestScore = 0;
  for (let r = 0; r < Math.min(10, table.rows.length); r++) {
    const score = recognised(table.rows[r], lookup);
    if (score > bestScore) {
      best = r;
      bestScore = score;
    }
  }
  return best < 0 || bestScore < 2 ? null : best;
}

/** A sub-header row: every filled cell is a known header or repeats the cell above (vertical merge). */
function isSubHeader<F extends string>(top: CellValue[], next: CellValue[], lookup: Lookup<F>): boolean {
  const nextFilled = next.map(cellText).filter((t): t is string => t !== null);
  return (
    recognised(next, lookup) > 0 &&
    next.every((c, i) => {
      const t = cellText(c);
      return t === null || names(lookup, t) || t === cellText(top[i]);
    }) &&
    nextFilled.length > 0
  );
}

/** Each column's header text and field; a field's first column takes it, later ones are kept as extras. */
function readColumns<F extends string>(
  top: CellValue[],
  sub: CellValue[] | null,
  lookup: Lookup<F>,
): Pick<HeaderLayout<F>, 'columns' | 'fieldColumns' | 'duplicates'> {
  const width = Math.max(top.length, sub ? sub.length : 0);
  const columns: Array<HeaderColumn<F>> = [];
  const fieldColumns: Partial<Record<F, number>> = {};
  const duplicates: HeaderLayout<F>['duplicates'] = [];
  for (let i = 0; i < width; i++) {
    const upper = cellText(top[i]);
    const lower = sub ? cellText(sub[i]) : null;
    const header = [upper, lower !== upper ? lower : null].filter(Boolean).join(' / ');
    // The more specific sub-heading wins ("Baseline" under "How will we measure success?").
    const lowerField = lower ? lookup(lower) : undefined;
    const upperField = upper ? lookup(upper) : undefined;
    const field = (lowerField ?? upperField ?? null) as F | null;
    if (field !== null && fieldColumns[field] !== undefined) {
      duplicates.push({ header, field });
      columns.push({ index: i, header, field: null });
      continue;
    }
    if (field !== null) fieldColumns[field] = i;
    if (header) columns.push({ index: i, header, field });
  }
  return { columns, fieldColumns, duplicates };
}

/** Whether a data row repeats the header (a page-break copy of it). */
export function repeatsHeader<F extends string>(row: CellValue[], layout: HeaderLayout<F>, lookup: (h: string) => F | null | undefined): boolean {
  const mapped = layout.columns.filter((c) => c.field !== null);
  const same = mapped.filter((c) => {
    const t = cellText(row[c.index]);
    return t !== null && lookup(t) === c.field;
  }).length;
  return mapped.length > 0 && same * 2 >= mapped.length;
}

/** Parses `--map "Header text=field"` options against a list of field names. */
export function parseMapOptions<F extends string>(maps: string[], fields: readonly F[], aliases: Record<string, F> = {}): Map<string, F | null> {
  const out = new Map<string, F | null>();
  for (const m of maps) {
    const eq = m.lastIndexOf('=');
    if (eq < 1) throw new ImportError(`--map "${m}": write it as "Header text=field", e.g. --map "Lead Officer=owners".`, 'map');
    const header = m.slice(0, eq).trim();
    const name = m.slice(eq + 1).trim();
    const key = name.toLowerCase().replace(/[\s_-]+/g, '');
    const field = (fields.find((f) => f.toLowerCase() === key) ?? aliases[key]) as F | undefined;
    if (!field && key !== 'ignore') {
      throw new ImportError(`--map "${m}": "${name}" is not a field; use one of ${fields.join(', ')}, or ignore.`, 'map');
    }
    out.set(normaliseHeader(header), field ?? null);
  }
  return out;
}
