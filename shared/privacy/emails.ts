import { type Span, span } from './types.ts';

/** Email addresses, and whether each is staff's: in the people directory, or on one of the council's domains. */

const EMAIL_RE = /(?<![\w.%+-])[\w.%+-]+@(?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,}(?![\w-])/g;

export interface EmailSpan {
  start: number;
  end: number;
  staff: boolean;
}

export function emailSpans(text: string, staffEmails: ReadonlySet<string>, staffDomains: readonly string[]): EmailSpan[] {
  const out: EmailSpan[] = [];
  for (const m of text.matchAll(EMAIL_RE)) {
    const address = m[0].toLowerCase();
    const domain = address.slice(address.lastIndexOf('@') + 1);
    const staff = staffEmails.has(address) || staffDomains.some((d) => domain === d || domain.endsWith('.' + d));
    out.push({ start: m.index, end: m.index + m[0].length, staff });
  }
  return out;
}

export function findEmails(text: string, emails: readonly EmailSpan[]): Span[] {
  return emails
    .filter((e) => !e.staff)
    .map((e) => span('email', text, e.start, e.end, "looks like a personal email address: not a staff address in the plan's directory"));
}
