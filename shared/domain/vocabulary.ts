/**
 * The update form's vocabulary, defined once: the statuses an owner may give and the form's
 * field labels, each with every synonym the contract accepts (`shared/docs/update-form.md`,
 * "Labels" and "Status values"). The model, the reply parser, the email templates, the
 * confirmation's read-back, the progress report and the demo's scripted replies all derive
 * from these two lists, so adding a status is one line in `UPDATE_STATUSES`.
 */

/** One status an owner may report for an action. */
export interface StatusDefinition {
  /** What is stored (`Update.status`) and printed by `parse-reply --json`. */
  readonly key: string;
  /** How we write it (forms, read-backs, reports); also accepted in replies. */
  readonly label: string;
  /**
   * Other answers read as this status, matched like the label on their leading words. A
   * single letter counts only when it is the whole answer ("A", never "A bit behind").
   */
  readonly synonyms: readonly string[];
  /** The RAG colour (`#rrggbb`), a fill behind the label in reports. */
  readonly background: string;
  /** The label's colour on that fill: at least 4.5:1 contrast (WCAG 2 AA). */
  readonly text: string;
}

/** One field of an action's block in the form. */
export interface FieldDefinition {
  /** The field's name in `Update` and in `parse-reply --json`. */
  readonly key: string;
  /** The label the form prints, followed by a colon. */
  readonly label: string;
  /** Other labels owners write (or keep from older forms), read as this field. */
  readonly synonyms: readonly string[];
}

/** The statuses, in the order forms and reports list them. */
export const UPDATE_STATUSES = [
  { key: 'on_track', label: 'On track', synonyms: ['On-track', 'Green', 'G'], background: '#00703c', text: '#ffffff' },
  { key: 'at_risk', label: 'At risk', synonyms: ['Amber', 'A'], background: '#ffbf47', text: '#0b0c0c' },
  { key: 'off_track', label: 'Off track', synonyms: ['Off-track', 'Red', 'R', 'Delayed'], background: '#b10e1e', text: '#ffffff' },
  { key: 'complete', label: 'Complete', synonyms: ['Completed', 'Done', 'Achieved', 'Blue'], background: '#1d70b8', text: '#ffffff' },
] as const satisfies readonly StatusDefinition[];

/** The fields of an action's block, in the order the form asks for them. */
export const FORM_FIELDS = [
  { key: 'status', label: 'Status', synonyms: ['RAG', 'RAG status'] },
  { key: 'evidence', label: 'Evidence update', synonyms: ['Evidence', 'Evidence (data) update', 'Data update'] },
  { key: 'summary', label: 'Summary', synonyms: ['Summary statement'] },
  { key: 'risks', label: 'Risks', synonyms: ['Risk', 'Risks to achieving the outcome'] },
  {
    key: 'mitigation',
    label: 'Actions to address risks',
    synonyms: ['Action to address the risk', 'Action necessary to address the risk', 'Mitigation', 'Next steps'],
  },
] as const satisfies readonly FieldDefinition[];

/** The keys of a list of definitions, as a tuple type (so `z.enum` and `as const` users keep the literals). */
type KeysOf<T extends readonly { key: string }[]> = { -readonly [I in keyof T]: T[I] extends { key: infer K } ? K : never };

export type StatusKey = (typeof UPDATE_STATUSES)[number]['key'];
export type FieldKey = (typeof FORM_FIELDS)[number]['key'];

/** Every status key, in order. */
export const STATUS_KEYS = UPDATE_STATUSES.map((s) => s.key) as KeysOf<typeof UPDATE_STATUSES>;
/** Every field key, in form order. */
export const FIELD_KEYS = FORM_FIELDS.map((f) => f.key) as KeysOf<typeof FORM_FIELDS>;

/** The statuses' labels as a list for a sentence: "On track, At risk, Off track, Complete". */
export const STATUS_CHOICES = UPDATE_STATUSES.map((s) => s.label).join(', ');

/** Each status's definition by its key. */
export const STATUS_DEFINITIONS = Object.fromEntries(UPDATE_STATUSES.map((s): [string, StatusDefinition] => [s.key, s])) as Record<StatusKey, StatusDefinition>;

/** Each field's label (as the form prints it) by its key. */
export const FIELD_LABELS = Object.fromEntries(FORM_FIELDS.map((f): [string, string] => [f.key, f.label])) as Record<FieldKey, string>;
