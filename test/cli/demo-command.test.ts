import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, scratchFolder } from './run-cli.js';

let scratch: ReturnType<typeof scratchFolder>;
const cli = (...args: string[]) => runCli(args, { cwd: scratch.path });
const statusJson = async (workspace: string) => {
  const run = await cli('status', '--workspace', workspace, '--format', 'json');
  expect(run.code).toBe(0);
  // Where the workspace lives differs; what it holds must not.
  const {
    workspace: _folder,
    store: _store,
    company: _company,
    ...rest
  } = JSON.parse(run.stdout) as Record<string, unknown>;
  return rest;
};

beforeAll(async () => {
  scratch = scratchFolder();
  for (const name of ['first', 'second', 'other-seed']) expect((await cli('init', name)).code).toBe(0);
  const demo = ['--reps', '20', '--opportunities', '1500', '--as-of', '2026-11-27'];
  expect((await cli('demo', '--workspace', 'first', '--seed', '7', ...demo)).code).toBe(0);
  expect((await cli('demo', '--workspace', 'second', '--seed', '7', ...demo)).code).toBe(0);
  expect((await cli('demo', '--workspace', 'other-seed', '--seed', '8', ...demo)).code).toBe(0);
});
afterAll(() => scratch.remove());

describe('salesops demo', () => {
  it('fills the workspace in one write, with history up to --as-of', async () => {
    const status = (await statusJson('first')) as {
      dataVersion: number;
      counts: Record<string, number>;
      history: { to: string; changesPerOpportunity: number };
      lastWrite: { source: string; asOf: string };
    };
    expect(status.dataVersion).toBe(1);
    expect(status.counts.opportunities).toBe(1500);
    expect(status.counts.reps).toBeGreaterThanOrEqual(20);
    expect(status.counts.opportunityChanges).toBeGreaterThan(1500);
    expect(status.history.to <= '2026-11-27').toBe(true);
    expect(status.lastWrite).toMatchObject({ source: 'demo', asOf: '2026-11-27' });
  });

  it('gives identical data for the same seed and different data for another', async () => {
    expect(await statusJson('second')).toEqual(await statusJson('first'));
    expect(await statusJson('other-seed')).not.toEqual(await statusJson('first'));
  });

  it('refuses a workspace that already holds data, exit code 2, leaving it as it was', async () => {
    const before = await statusJson('first');
    // Run through npx: the fix says so.
    const args = ['demo', '--workspace', 'first', '--opportunities', '10', '--as-of', '2026-11-27'];
    const run = await runCli(args, { cwd: scratch.path, program: 'npx salesops' });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('already holds data');
    expect(run.stderr).toContain(
      'fix: create a new one with `npx salesops init <folder>` and run the demo there',
    );
    expect(await statusJson('first')).toEqual(before);
  });

  it.each([
    ['--opportunities', '0', '--opportunities must be a whole number >= 1 (got "0")'],
    ['--opportunities', '-5', '--opportunities must be a whole number >= 1 (got "-5")'],
    ['--reps', '2', '--reps must be a whole number >= 3 (got "2")'],
  ])('rejects %s %s with exit code 2 and writes nothing', async (flag, value, message) => {
    expect((await cli('init', `bad${value}`)).code).toBe(0);
    const dbBefore = readFileSync(join(scratch.path, `bad${value}`, 'salesops.db'));
    const run = await cli('demo', '--workspace', `bad${value}`, flag, value);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
    expect(readFileSync(join(scratch.path, `bad${value}`, 'salesops.db')).equals(dbBefore)).toBe(true);
  });
});
