import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli, scratchFolder } from '../cli/run-cli.js';

let scratch: ReturnType<typeof scratchFolder>;
beforeEach(() => {
  scratch = scratchFolder();
});
afterEach(() => scratch.remove());

const cli = (...args: string[]) => runCli(args, { cwd: scratch.path });
const fixture = join(process.cwd(), 'test/fixtures/import/salesforce/opportunities-report.csv');

describe('salesops import: --report and --rejects into a folder that does not exist', () => {
  it.each([
    ['--report', 'sub/errors.csv'],
    ['--rejects', 'sub/rejects.csv'],
  ])('%s %s is refused before anything is read, exit code 2', async (flag, path) => {
    await cli('init', 'acme');
    const run = await cli('import', fixture, '--workspace', 'acme', '--source', 'salesforce', flag, path);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`${flag} ${path}: the folder ${join(scratch.path, 'sub')} does not exist`);
    expect(run.stderr).toContain('fix: create the folder first');
    expect(run.stderr).not.toContain('unexpected failure');
    const status = await cli('status', '--workspace', 'acme', '--format', 'json');
    expect((JSON.parse(status.stdout) as { dataVersion: number }).dataVersion).toBe(0);
    expect(existsSync(join(scratch.path, 'sub'))).toBe(false);
  });
});
