import { UPDATE_FIELDS, type Update, type UpdateStatus } from './model.ts';

export interface CurrentAnswer {
  actionRef: string;
  status: UpdateStatus | null;
  evidence: string | null;
  summary: string | null;
  risks: string | null;
  mitigation: string | null;
  /** Who answered last, and when. */
  from: string;
  receivedAt: string;
  /** How many replies contributed. */
  replies: number;
  /** The latest contribution arrived after the final deadline. */
  late: boolean;
}

/**
 * The current answer per action: for each field the latest non-empty value wins; earlier
 * updates stay in the history.
 */
export function currentAnswers(updates: Update[]): Map<string, CurrentAnswer> {
  const byAction = new Map<string, CurrentAnswer>();
  const ordered = [...updates].sort((a, b) => a.receivedAt.localeCompare(b.receivedAt));
  for (const u of ordered) {
    const current: CurrentAnswer = byAction.get(u.actionRef) ?? {
      actionRef: u.actionRef,
      status: null,
      evidence: null,
      summary: null,
      risks: null,
      mitigation: null,
      from: u.from,
      receivedAt: u.receivedAt,
      replies: 0,
      late: false,
    };
    for (const field of UPDATE_FIELDS) {
      const value = u[field];
      if (value !== null) (current as unknown as Record<string, unknown>)[field] = value;
    }
    current.from = u.from;
    current.receivedAt = u.receivedAt;
    current.replies += 1;
    current.late = u.late;
    byAction.set(u.actionRef, current);
  }
  return byAction;
}
