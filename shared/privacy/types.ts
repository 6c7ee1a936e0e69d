/** What the personal-data guard can find in an update's text. */
export type FindingKind = 'name' | 'date-of-birth' | 'age' | 'nhs-number' | 'upn' | 'postcode' | 'address' | 'phone' | 'email';

/** One likely item of personal data: `text === source.slice(start, end)`. */
export interface Finding {
  kind: FindingKind;
  text: string;
  start: number;
  end: number;
  /** Short, plain English, for the coordinator and the owner. */
  reason: string;
}

/** A member of the plan's people directory (a `Person` of the plan fits). */
export interface DirectoryPerson {
  name: string;
  initials?: string | null;
  email?: string | null;
  /** Job title; its words are not names ("Virtual School Head"). */
  role?: string | null;
}

export interface ScanContext {
  /** The plan's people directory: staff, whose names, initials and emails are never flagged. */
  people: readonly DirectoryPerson[];
  /** The council's email domains: addresses there are staff's ("nottingham.gov.uk" also covers its sub-domains). */
  staffDomains: readonly string[];
  /** Words or phrases never to flag as names: the council's place names, local organisations, venues. */
  extraAllowed?: readonly string[];
}

/** A span found by one detector, before overlaps are resolved. */
export type Span = Finding;

export function span(kind: FindingKind, source: string, start: number, end: number, reason: string): Span {
  return { kind, text: source.slice(start, end), start, end, reason };
}
