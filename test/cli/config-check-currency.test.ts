import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli, scratchFolder } from './run-cli.js';

let scratch: ReturnType<typeof scratchFolder>;
beforeEach(() => {
  scratch = scratchFolder();
});
afterEach(() => scratch.remove());

const cli = (...args: string[]) => runCli(args, { cwd: scratch.path });

describe('salesops config check with a mistyped currency', () => {
  it('reports it once, at the currency key, with a fix; not again at the amounts read in it', async () => {
    await cli('init');
    const written = readFileSync(join(scratch.path, 'salesops.yaml'), 'utf8');
    // The default file gives amounts in the currency (planning.potential.pricePerSeat among them).
    expect(written).toMatch(/pricePerSeat: \d/);
    const line = written.split('\n').findIndex((text) => text.startsWith('currency:')) + 1;
    writeFileSync(join(scratch.path, 'bad.yaml'), written.replace(/^currency: .*$/m, 'currency: usdd'));

    const run = await cli('config', 'check', 'bad.yaml');
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      `error: ${join(scratch.path, 'bad.yaml')}:${line}:1 currency: must be an ISO 4217 code such as USD (got "usdd")\n` +
        '  fix: write three capital letters, such as USD, EUR or JPY\n',
    );
  });
});

describe('salesops config check of a file that is not there', () => {
  it('names it as typed, and each fix is a command to run', async () => {
    const typed = await cli('config', 'check', 'draft.yaml');
    expect(typed.code).toBe(2);
    expect(typed.stderr).toBe(
      'error: draft.yaml does not exist\n' +
        "  fix: check the path, or check the workspace's own: `salesops config check --workspace .`\n",
    );
    const workspace = await cli('config', 'check', '--workspace', 'acme');
    expect(workspace.stderr).toBe(
      `error: ${join(scratch.path, 'acme', 'salesops.yaml')} does not exist\n` +
        '  fix: create the workspace: `salesops init acme`\n',
    );
    // Run through npx, the fixes say so.
    const viaNpx = await runCli(['config', 'check', '--workspace', 'my acme'], {
      cwd: scratch.path,
      program: 'npx salesops',
    });
    expect(viaNpx.stderr).toContain("  fix: create the workspace: `npx salesops init 'my acme'`\n");
    expect((await cli('init', 'acme')).code).toBe(0);
    expect((await cli('config', 'check', '--workspace', 'acme')).code).toBe(0);
  });
});
