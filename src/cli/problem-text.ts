/**
 * Problems and notes as the terminal shows them. The domain writes a problem's message and fix in one line each (as the HTTP
 * API and the MCP tools return them, whatever the width of their reader); the command line wraps them here, once,
 * where it prints them.
 * @module
 */
import { NOTE_WIDTH, wrapLines, wrapNote } from '../reports/table.js';

/**
 * An error's text (its problems, each followed by its `  fix: ` line) in lines of at most {@link NOTE_WIDTH}
 * columns. A longer line is wrapped at word boundaries ({@link wrapLines}: a backticked command is never cut) and
 * continued two spaces further in than it starts, and at least four, so that a message's continuation stands
 * apart from the `  fix:` line under it. A line that fits (a line of a fix's YAML to paste) stays as it is.
 */
export function wrapProblemText(text: string): string[] {
  return text.split('\n').flatMap((line) => {
    if (line.length <= NOTE_WIDTH) return [line];
    const indent = /^ */.exec(line)?.[0] ?? '';
    return wrapLines(line, NOTE_WIDTH, indent, ' '.repeat(Math.max(4, indent.length + 2)));
  });
}

/**
 * A note's text as the terminal shows it ({@link wrapNote}), in one string: for a note printed with a command's
 * output on stdout (a note on stderr is wrapped by CommandContext.note, in context.ts).
 */
export const paragraph = (text: string): string => wrapNote(text).join('\n');
