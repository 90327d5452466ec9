import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli, scratchFolder } from './run-cli.js';

let scratch: ReturnType<typeof scratchFolder>;
beforeEach(() => {
  scratch = scratchFolder();
});
afterEach(() => scratch.remove());

const cli = (...args: string[]) => runCli(args, { cwd: scratch.path });

describe('salesops init: the folders it creates', () => {
  it('creates missing parent folders one by one', async () => {
    const run = await cli('init', 'sales/emea/acme');
    expect(run.code).toBe(0);
    expect(existsSync(join(scratch.path, 'sales', 'emea', 'acme', 'salesops.yaml'))).toBe(true);
  });

  // Node's recursive mkdir loops for ever on procfs's answer: this test hung before folders were made one by one.
  it.runIf(existsSync('/proc/self'))(
    'refuses a folder the file system will not create, naming the path, exit code 2',
    async () => {
      const run = await cli('init', '/proc/salesops-nowhere/acme');
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(
        '/proc/salesops-nowhere/acme cannot be created: making /proc/salesops-nowhere failed with ENOENT',
      );
      expect(run.stderr).toContain('fix: choose a folder you may write to');
      expect(run.stderr).not.toContain('unexpected failure');
    },
    20_000,
  );
});
