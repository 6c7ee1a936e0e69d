import { describe, expect, it } from 'vitest';
import { readStrayAnswers } from '#mail/stray-answers';

const ACTIONS = [
  { ref: '3.1.1', title: 'Improve PEP process for CiC in out-of city placements.' },
  { ref: '3.1.2', title: 'Promote creative, constructive use of Personal Education Allowances.' },
];

describe('answers typed outside any block', () => {
  it('matches answers to the action whose title is kept above them', () => {
    const read = readStrayAnswers('Improve PEP process for CiC in out-of city placements.\nStatus: Green\nSummary: All PEPs done.', ACTIONS);

    expect(read.updates).toEqual([{ action: '3.1.1', status: 'on_track', evidence: null, summary: 'All PEPs done.', risks: null, mitigation: null }]);
    expect(read.problems).toEqual([]);
    expect(read.note).toBeNull();
  });

  it('matches answers to the action whose ref is kept in the paragraph above, and keeps the rest of the note', () => {
    const read = readStrayAnswers('Sorry, I deleted a line by mistake.\n\n3.1.2\n\nStatus: Amber\nRisks: Funding ends in March.', ACTIONS);

    expect(read.updates).toMatchObject([{ action: '3.1.2', status: 'at_risk', risks: 'Funding ends in March.' }]);
    expect(read.note).toBe('Sorry, I deleted a line by mistake.\n\n3.1.2');
  });

  it('names the answers it cannot place instead of guessing', () => {
    const read = readStrayAnswers('Status: Green', ACTIONS);

    expect(read.updates).toEqual([]);
    expect(read.problems).toEqual([{ action: null, field: null, message: expect.stringContaining('we could not tell which action "Status: Green" was for') }]);
    expect(read.note).toBe('Status: Green');
  });

  it('does not guess between two actions a line names', () => {
    const read = readStrayAnswers('3.1.1 and 3.1.2\nStatus: Green', ACTIONS);

    expect(read.updates).toEqual([]);
    expect(read.problems).toHaveLength(1);
  });

  it('leaves a note with no answers in it as it is', () => {
    expect(readStrayAnswers('Thanks for the reminder.', ACTIONS)).toEqual({ updates: [], problems: [], note: 'Thanks for the reminder.' });
    expect(readStrayAnswers(null, ACTIONS)).toEqual({ updates: [], problems: [], note: null });
  });
});
