/** Notes go to stderr within 110 columns, wrapped once, by the context every command notes through. */
import { describe, expect, it } from 'vitest';
import { CommandContext } from '../../src/cli/context.js';
import type { CliIo } from '../../src/cli/io.js';
import type { IsoDate } from '../../src/domain/dates.js';

/** A context whose stderr is kept, and what it has been given. */
function noting() {
  let stderr = '';
  const io: CliIo = {
    stdout: { write: () => true },
    stderr: { write: (text: string) => ((stderr += text), true) },
    env: {},
    cwd: '/',
    today: () => '2026-11-27' as IsoDate,
  };
  return { context: new CommandContext(io), stderr: () => stderr };
}

describe('CommandContext.note', () => {
  it('wraps a long note at word boundaries within 110 columns, continued two spaces in', () => {
    const { context, stderr } = noting();
    // 24 words of 9 characters: the first line holds 11 (11 * 9 + 10 spaces = 109 columns; 12 would take 119),
    // the next 10 under two spaces (2 + 10 * 9 + 9 = 101; 11 would take 111), the last the 3 left.
    const words = Array.from({ length: 24 }, (_, index) => `word${String(index).padStart(5, '0')}`);
    context.note(words.join(' '));
    const lines = stderr().split('\n');
    expect(lines).toEqual([
      words.slice(0, 11).join(' '),
      `  ${words.slice(11, 21).join(' ')}`,
      `  ${words.slice(21).join(' ')}`,
      '',
    ]);
    expect(lines.every((line) => line.length <= 110)).toBe(true);
  });

  it('keeps a line that fits as it is, indent and all, and wraps only the long one', () => {
    const { context, stderr } = noting();
    const long = `warning: ${'x'.repeat(60)} ${'y'.repeat(60)}`;
    context.note(`${long}\n  fix: run\n    salesops plan territories FY2027 --rules rules.yaml\n`);
    expect(stderr()).toBe(
      `warning: ${'x'.repeat(60)}\n  ${'y'.repeat(60)}\n  fix: run\n    salesops plan territories FY2027 --rules rules.yaml\n`,
    );
  });

  it('leaves a short note alone, ending it with one line break', () => {
    const { context, stderr } = noting();
    context.note('Stopped (SIGINT).');
    expect(stderr()).toBe('Stopped (SIGINT).\n');
  });
});
