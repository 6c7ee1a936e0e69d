import { firstNameRecogniser } from './first-names.ts';
import { scanTextWith } from './scan.ts';
import type { Finding, ScanContext } from './types.ts';

export type { DirectoryPerson, Finding, FindingKind, ScanContext } from './types.ts';

/**
 * Likely personal data about children and families in one update's text, for holding an entry
 * back from the public board pack. Pure and deterministic; never throws. Each finding's
 * `text` is `text.slice(start, end)`; findings do not overlap and come in text order.
 */
export function scanText(text: string, context: ScanContext): Finding[] {
  return scanTextWith(text, context, firstNameRecogniser);
}

export { proposeRedaction } from './redact.ts';
