import { type ParsedUpdate, type ParseProblem, parseReplyText } from './parse-reply.ts';
import { blockMarker, END_MARKER } from './templates/update-form.ts';

/** An action of the request, as the owner may have kept it above answers typed outside its block. */
export interface AskedAction {
  ref: string;
  title: string;
}

export interface StrayAnswers {
  /** Answers matched to one action by the ref or title kept above them. */
  updates: ParsedUpdate[];
  /** Answers that could not be matched to any one action, named by their first line. */
  problems: ParseProblem[];
  /** The note without the paragraphs read as answers; null when nothing is left. */
  note: string | null;
}

/** The longest note searched for answers (each line is read as a block, so the work grows with it). */
const MAX_NOTE_READ = 20_000;

const words = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();

/** The answers a paragraph holds when read as the inside of a block (null: it holds none). */
function answersIn(lines: string[], ref: string): ParsedUpdate | null {
  const read = parseReplyText([blockMarker(ref), ...lines, END_MARKER].join('\n'));
  const update = read.updates[0];
  return update && Object.entries(update).some(([k, v]) => k !== 'action' && v !== null) ? update : null;
}

/** The one action a line names by its ref (as a word) or its title (its first words), if exactly one. */
function actionNamedBy(line: string, actions: AskedAction[]): AskedAction | null {
  const text = ` ${words(line)} `;
  const found = actions.filter((a) => {
    const byRef = new RegExp(`(^|[^\\p{L}\\p{N}.])${a.ref.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^\\p{L}\\p{N}])`, 'u').test(line);
    const title = words(a.title).split(' ').slice(0, 8).join(' ');
    return byRef || (title.length >= 12 && text.includes(` ${title}`));
  });
  return found.length === 1 ? found[0]! : null;
}

/**
 * Answers typed outside any block, left in the note when the owner deleted a block marker:
 * each paragraph that reads as answers is matched to the action whose ref or title is kept
 * on a line above its answers (in it, or in the paragraph before). Matched answers become
 * that action's update; unmatched ones a problem that says which line could not be placed.
 * Pure: the parser's own reading of a block does the reading.
 */
export function readStrayAnswers(note: string | null, actions: AskedAction[]): StrayAnswers {
  // Answers typed by hand fit well within this; a longer note is kept as it is, unread.
  if (!note || note.length > MAX_NOTE_READ) return { updates: [], problems: [], note };
  const paragraphs = note.split(/\n\s*\n/).map((p) => p.split('\n'));
  const updates: ParsedUpdate[] = [];
  const problems: ParseProblem[] = [];
  const kept: string[][] = [];
  const firstAnswers = paragraphs.map((lines) => lines.findIndex((_, n) => answersIn(lines.slice(n, n + 1), 'x') !== null));
  paragraphs.forEach((lines, i) => {
    const firstAnswer = firstAnswers[i]!;
    if (firstAnswer < 0) {
      kept.push(lines);
      return;
    }
    // The lines above the answers; for answers that open a paragraph, the paragraph before,
    // when it is only a title or ref (not answers of its own).
    const before = firstAnswer === 0 && i > 0 && firstAnswers[i - 1]! < 0 ? paragraphs[i - 1]! : [];
    const above = [...lines.slice(0, firstAnswer), ...before];
    const action = above.map((l) => actionNamedBy(l, actions)).find((a) => a !== null) ?? null;
    const update = action ? answersIn(lines.slice(firstAnswer), action.ref) : null;
    if (action && update) {
      // The title or ref above the answers was only there to say which action they are for.
      updates.push(update);
      return;
    }
    const line = lines[firstAnswer]!.trim();
    problems.push({
      action: null,
      field: null,
      message: `we could not tell which action "${line.slice(0, 80)}" was for, so it was not recorded: please type your answers inside the action's block (between its "---- Action …" line and the end line) and reply again`,
    });
    kept.push(lines);
  });
  const text = kept
    .map((l) => l.join('\n'))
    .join('\n\n')
    .trim();
  return { updates, problems, note: text || null };
}
