import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { refusalLines } from './refusal.js';
import { runCli, scratchFolder } from './run-cli.js';

let scratch: ReturnType<typeof scratchFolder>;
beforeEach(() => {
  scratch = scratchFolder();
});
afterEach(() => scratch.remove());

/** The second line of a refusal: the fix of its one problem. */
const fixOf = async (...args: string[]) => refusalLines(await runCli(args, { cwd: scratch.path }))[1];

describe('a value outside an option’s choices', () => {
  it('passes a choice when none is close (the message lists them): xml is neither md nor html', async () => {
    expect(await fixOf('metrics', '--format', 'xml')).toBe(
      '  fix: pass one of them, e.g. --format table; see `salesops --help`',
    );
    expect(await fixOf('status', '--format', 'yaml')).toBe(
      '  fix: pass one of them, e.g. --format table; see `salesops --help`',
    );
  });

  it('suggests only the choice a slip of the keyboard or a prefix was meant to be (jsn is json, not csv)', async () => {
    expect(await fixOf('status', '--format', 'jsn')).toBe(
      '  fix: did you mean --format json? (see `salesops --help`)',
    );
    expect(await fixOf('status', '--format', 'tabel')).toBe(
      '  fix: did you mean --format table? (see `salesops --help`)',
    );
    expect(await fixOf('status', '--format', 'htm')).toBe(
      '  fix: did you mean --format html? (see `salesops --help`)',
    );
  });
});
