/**
 * `--by product` from an import: a plain opportunities CSV with a Product column, imported through the CLI,
 * split by product in `salesops metrics` (hand-computed), and kept when a later export leaves the column out.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture, importWorkspace, type ImportWorkspace } from '../import/import-helpers.js';

const AS_OF = '2026-05-01';

/**
 * Closed in FY2027-Q1 (the default fiscal year starts in February): Platform O-1 won 10,000, O-2 lost (1 of
 * 2); Add-on O-3 won 8,000, O-4 won 2,000, O-5 lost (2 of 3); no product O-6 lost (0 of 1). O-7 is open.
 */
const OPPORTUNITIES = [
  'Id,Name,Owner,Stage,Amount,Currency,Close Date,Created Date,Product',
  'O-1,Alpha,Amy Santiago,Closed Won,10000,USD,2026-03-10,2026-02-02,Platform',
  'O-2,Beta,Amy Santiago,Closed Lost,5000,USD,2026-03-20,2026-02-03,Platform',
  'O-3,Gamma,Jake Peralta,Closed Won,8000,USD,2026-04-02,2026-02-10,Add-on',
  'O-4,Delta,Jake Peralta,Closed Won,2000,USD,2026-04-12,2026-02-11,Add-on',
  'O-5,Epsilon,Jake Peralta,Closed Lost,3000,USD,2026-04-15,2026-02-12,Add-on',
  'O-6,Zeta,Amy Santiago,Closed Lost,4000,USD,2026-04-20,2026-02-13,',
  'O-7,Eta,Amy Santiago,Proposal,9000,USD,2026-04-25,2026-02-14,Platform',
];

const EXPECTED = [
  { product: 'Add-on', win_rate: 2 / 3, closed_won: 10_000 },
  { product: 'Platform', win_rate: 0.5, closed_won: 10_000 },
  { product: '(none)', win_rate: 0, closed_won: 0 },
];

let ws: ImportWorkspace;

function csv(name: string, lines: readonly string[]): string {
  const path = join(ws.folder, name);
  writeFileSync(path, lines.join('\n') + '\n');
  return path;
}

async function byProduct(): Promise<unknown[]> {
  const run = await ws.cli(
    'metrics',
    'win_rate',
    'closed_won',
    '--by',
    'product',
    '--period',
    'FY2027-Q1',
    '--as-of',
    AS_OF,
    '--format',
    'json',
    '--workspace',
    'ws',
  );
  expect(run.code, run.stderr).toBe(0);
  return (JSON.parse(run.stdout) as { rows: unknown[] }).rows;
}

beforeAll(async () => {
  ws = await importWorkspace(AS_OF);
  const run = await ws.importFiles(
    fixture('plain/reps.csv'),
    csv('opportunities.csv', OPPORTUNITIES),
    '--as-of',
    AS_OF,
  );
  expect(run.code, run.stderr).toBe(0);
});
afterAll(() => ws.remove());

describe('a Product column', () => {
  it('is suggested as the product field', async () => {
    const run = await ws.cli('mapping', 'suggest', join(ws.folder, 'opportunities.csv'));
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/"Product": +product +#/);
  });

  it('splits win rate and closed won by product', async () => {
    expect(await byProduct()).toEqual(EXPECTED);
  });

  it('is kept when a later export leaves the column out', async () => {
    const withoutProduct = OPPORTUNITIES.map((line) => line.slice(0, line.lastIndexOf(',')));
    const run = await ws.importFiles(csv('again.csv', withoutProduct), '--as-of', AS_OF);
    expect(run.code, run.stderr).toBe(0);
    expect(await byProduct()).toEqual(EXPECTED);
  });
});
