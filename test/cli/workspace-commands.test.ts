import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli, scratchFolder, unwrappedProblems } from './run-cli.js';

let scratch: ReturnType<typeof scratchFolder>;
beforeEach(() => {
  scratch = scratchFolder();
});
afterEach(() => scratch.remove());

const cli = (...args: string[]) => runCli(args, { cwd: scratch.path });

describe('salesops init', () => {
  it('creates salesops.yaml and the embedded database, and says what to do next', async () => {
    const run = await cli('init', 'acme');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Created workspace acme');
    expect(run.stdout).toContain('salesops demo --workspace acme');
    expect(readdirSync(join(scratch.path, 'acme')).sort()).toEqual(
      expect.arrayContaining(['salesops.db', 'salesops.yaml']),
    );
    expect(readFileSync(join(scratch.path, 'acme', 'salesops.yaml'), 'utf8')).toContain('Closed Won');
  });

  it('refuses a folder that already is a workspace, exit code 2, and changes nothing', async () => {
    await cli('init', 'acme');
    const configPath = join(scratch.path, 'acme', 'salesops.yaml');
    writeFileSync(configPath, readFileSync(configPath, 'utf8') + '# my edit\n');
    const before = readFileSync(configPath, 'utf8');
    const run = await cli('init', 'acme');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('acme is already a salesops workspace');
    expect(readFileSync(configPath, 'utf8')).toBe(before);
  });
});

describe('salesops init under a file', () => {
  it('refuses a folder whose parent is a file, naming the file, exit code 2', async () => {
    writeFileSync(join(scratch.path, 'notes.txt'), 'not a folder');
    const run = await cli('init', 'notes.txt/acme');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      `notes.txt/acme cannot be created: ${join(scratch.path, 'notes.txt')} is a file`,
    );
    expect(run.stderr).not.toContain('unexpected failure');
  });
});

describe('salesops status', () => {
  it('shows an empty workspace as empty', async () => {
    await cli('init', 'acme');
    const run = await cli('status', '--workspace', 'acme', '--format', 'json');
    expect(run.code).toBe(0);
    const status = JSON.parse(run.stdout) as { dataVersion: number; counts: Record<string, number> };
    expect(status.dataVersion).toBe(0);
    expect(Object.values(status.counts).every((count) => count === 0)).toBe(true);
  });

  it('names a folder that is not a workspace and the fix, exit code 2', async () => {
    const run = await cli('status', '--workspace', 'nowhere');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('is not a salesops workspace: it does not exist');
    expect(run.stderr).toContain('salesops init');
    expect(existsSync(join(scratch.path, 'nowhere'))).toBe(false);
  });

  it('reports a DATABASE_URL that cannot connect, with the fix', async () => {
    await cli('init', 'acme');
    const run = await runCli(['status', '--workspace', 'acme'], {
      cwd: scratch.path,
      env: { DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' },
    });
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/127\.0\.0\.1/);
    expect(run.stderr).toContain('fix:');
  });
});

describe('salesops config check', () => {
  it('accepts the default configuration', async () => {
    await cli('init', 'acme');
    const run = await cli('config', 'check', '--workspace', 'acme');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('is valid');
  });

  it('locates a bad probability by line and column, exit code 2', async () => {
    await cli('init', 'acme');
    const configPath = join(scratch.path, 'acme', 'salesops.yaml');
    const text = readFileSync(configPath, 'utf8').replace(/probability: 0\.5\b/, 'probability: 1.5');
    writeFileSync(configPath, text);
    const line = text.split('\n').findIndex((content) => content.includes('probability: 1.5')) + 1;
    const run = await cli('config', 'check', '--workspace', 'acme');
    expect(run.code).toBe(2);
    expect(unwrappedProblems(run.stderr)).toMatch(
      new RegExp(`salesops\\.yaml:${line}:\\d+ stages\\[\\d\\]\\.probability: .*1\\.5`),
    );
  });
});

describe('global options', () => {
  it('rejects an --as-of that is not a date, exit code 2', async () => {
    await cli('init', 'acme');
    const run = await cli('demo', '--workspace', 'acme', '--as-of', '2026-02-30');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--as-of must be a calendar date YYYY-MM-DD (got "2026-02-30")');
  });

  it('rejects an unknown format with the allowed choices, exit code 2', async () => {
    const run = await cli('status', '--format', 'xml');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('table, json, csv');
  });
});
