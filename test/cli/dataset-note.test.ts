import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NAMED_AS_OF, writeNamedWorkspace } from './named-workspace.js';
import { runCli, scratchFolder } from './run-cli.js';

let scratch: ReturnType<typeof scratchFolder>;
beforeEach(() => {
  scratch = scratchFolder();
});
afterEach(() => scratch.remove());

const cli = (...args: string[]) => runCli(args, { cwd: scratch.path, today: NAMED_AS_OF });

describe('the note that the dataset was built', () => {
  it('is not printed for a workspace without data: there was nothing to build', async () => {
    await cli('init');
    for (const command of [['audit'], ['metrics', 'win_rate'], ['pipeline']]) {
      const run = await cli(...command);
      expect(run.code).toBe(0);
      expect(run.stderr).not.toMatch(/dataset/i);
    }
  });

  it('is printed once when a workspace with data is first read, then the snapshot is used', async () => {
    await writeNamedWorkspace(join(scratch.path, 'named'));
    const first = await cli('metrics', 'win_rate', '--workspace', 'named');
    expect(first.code).toBe(0);
    expect(first.stderr).toMatch(/^Built the dataset of data version [1-9]\d*\.\n/);
    const again = await cli('metrics', 'win_rate', '--workspace', 'named');
    expect(again.stderr).not.toMatch(/dataset/i);
  });
});
