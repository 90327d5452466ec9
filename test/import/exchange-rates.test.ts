import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ImportResult } from '../../src/ingest/index.js';
import {
  CRM_EUR_RATES,
  fixture,
  importWorkspace,
  type ImportWorkspace,
  unwrapped,
} from './import-helpers.js';

const sf = (name: string) => fixture(`salesforce/${name}`);
const DEALS = ['Account.csv', 'Opportunity.csv', 'User.csv'].map(sf);
const RATES = ['CurrencyType.csv', 'DatedConversionRate.csv'].map(sf);
const STAGES = sf('salesforce-stages.yaml');

let ws: ImportWorkspace;
beforeEach(async () => {
  ws = await importWorkspace();
});
afterEach(() => ws.remove());

/** Open pipeline by stage in FY2027-Q1 (2026-02-01..2026-04-30), in USD, as CSV rows. */
async function pipelineByStage(): Promise<string[]> {
  const args = ['pipeline_value', '--by', 'stage', '--period', 'FY2027-Q1', '--as-of', '2026-03-01'];
  const run = await ws.cli('metrics', ...args, '--workspace', 'ws', '--format', 'csv');
  expect(run.stderr).toBe('');
  return run.stdout.trim().split('\n');
}

// The workspace starts with the example rates of `salesops init`: EUR 0.86 from 2026-01-01. The CRM's
// DatedConversionRate.csv gives EUR 0.9 from 2025-07-01; Globex's renewal, EUR 9,999.99 in Negotiation, closes
// 2026-04-15: $11,111.10 at the CRM's rate (9,999.99 / 0.9), $11,627.90 at salesops.yaml's (9,999.99 / 0.86).
describe('salesops import of Salesforce exchange rates', () => {
  it('refuses to convert at salesops.yaml rates that differ from the CRM, with the entries to paste; writes nothing', async () => {
    const run = await ws.importFiles(...DEALS, ...RATES, '--mapping', STAGES, '--as-of', '2026-03-01');
    expect(run.code).toBe(2);
    // The message wraps where the fixture's path makes it; the entries to paste are printed as they are.
    expect(unwrapped(run.stderr)).toContain(
      `DatedConversionRate.csv:3:3 rate: EUR amounts would be converted to USD at salesops.yaml's rates, not the CRM's: on 2026-04-15, when 0065e00000OpGlxAAF closes, the CRM's rate is 0.9 (from 2025-07-01) and salesops.yaml's 0.86 (from 2026-01-01); 1 imported opportunity closes on a date the two differ (value "0.9")\n`,
    );
    expect(run.stderr).toContain(
      `  expected: salesops.yaml's EUR rate on 2026-04-15: 0.86 (from 2026-01-01)
  fix: replace the EUR entries under fx: in salesops.yaml with the CRM's rates:
${CRM_EUR_RATES}  or leave CurrencyType.csv and DatedConversionRate.csv out of the import to convert at salesops.yaml's rates`,
    );
    expect(run.stderr).toContain('error: the import was refused: 1 problem, nothing written');
    // The rates are not counted as imported: read, compared, not stored.
    expect(run.stdout).toContain(
      'CurrencyType.csv: 3 rows ignored: exchange rate (compared with salesops.yaml, not stored)',
    );
    expect(run.stdout).toContain(
      'DatedConversionRate.csv: 2 rows ignored: exchange rate (compared with salesops.yaml, not stored)',
    );
    expect((await ws.status()).dataVersion).toBe(0);

    const json = await ws.importFiles(
      ...DEALS,
      ...RATES,
      '--mapping',
      STAGES,
      '--as-of',
      '2026-03-01',
      '--format',
      'json',
    );
    const result = JSON.parse(json.stdout) as ImportResult;
    expect(json.code).toBe(2);
    expect(result.status).toBe('failed');
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]).toMatchObject({ line: 3, field: 'rate', value: '0.9', fatal: true });
    const rates = result.files.filter((file) => RATES.includes(file.file));
    expect(rates.map((file) => [file.rowsRead, file.imported, file.rejected, file.ignored[0]?.rows])).toEqual(
      [
        [3, 0, 0, 3],
        [3, 0, 1, 2],
      ],
    );
  });

  it('refuses rates that disagree with --skip-invalid too: it skips rows, not a wrong conversion of every row', async () => {
    // Copies in the scratch folder: --skip-invalid writes each file's rejects file beside it.
    const copies = [...DEALS, ...RATES].map((path) => {
      const copy = join(ws.folder, basename(path));
      copyFileSync(path, copy);
      return copy;
    });
    const run = await ws.importFiles(
      ...copies,
      '--mapping',
      STAGES,
      '--as-of',
      '2026-03-01',
      '--skip-invalid',
    );
    expect(run.code).toBe(2);
    expect(unwrapped(run.stderr)).toContain(
      "EUR amounts would be converted to USD at salesops.yaml's rates, not the CRM's",
    );
    expect((await ws.status()).dataVersion).toBe(0);
  });

  it('imports once the printed entries are pasted into salesops.yaml, and converts at the CRM rate', async () => {
    const refused = await ws.importFiles(
      ...DEALS,
      ...RATES,
      '--mapping',
      STAGES,
      '--as-of',
      '2026-03-01',
      '--format',
      'json',
    );
    const fix = (JSON.parse(refused.stdout) as ImportResult).problems[0]?.fix ?? '';
    const pasted = /in salesops\.yaml with the CRM's rates:\n([\s\S]*\n) {2}or leave/.exec(fix)?.[1] ?? '';
    const path = join(ws.workspace, 'salesops.yaml');
    const config = readFileSync(path, 'utf8');
    const initEur = /( {2}- currency: EUR\n.*\n.*\n)+/.exec(config)?.[0] ?? '';
    expect(initEur).toContain('rate: "0.86"');
    writeFileSync(path, config.replace(initEur, pasted));

    const run = await ws.importFiles(...DEALS, ...RATES, '--mapping', STAGES, '--as-of', '2026-03-01');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).not.toContain('lacks');
    expect(await pipelineByStage()).toContain('Negotiation,11111.1');
  });

  it("imports without the rate files at salesops.yaml's rates, and with a CRM rate that agrees", async () => {
    const run = await ws.importFiles(...DEALS, '--mapping', STAGES, '--as-of', '2026-03-01');
    expect(run.code).toBe(0);
    expect(await pipelineByStage()).toContain('Negotiation,11627.9');
    // CurrencyType's one EUR rate, 0.86, is salesops.yaml's on 2026-04-15.
    const agreeing = await ws.importFiles(
      ...DEALS,
      sf('CurrencyType.csv'),
      '--mapping',
      STAGES,
      '--as-of',
      '2026-03-01',
    );
    expect(agreeing.stderr).toBe('');
    expect(agreeing.code).toBe(0);
  });

  it('notes the one CRM rate salesops.yaml lacks of a currency no imported deal is in, in the singular', async () => {
    // Without the stage mapping Globex's renewal, the one EUR deal, is rejected: DatedConversionRate's EUR 0.9
    // from 2025-07-01 is then compared with no deal, and salesops.yaml has no such entry.
    const run = await ws.importFiles(...DEALS, ...RATES, '--as-of', '2026-03-01', '--dry-run');
    expect(unwrapped(run.stdout)).toContain(
      "  salesops.yaml lacks 1 exchange rate of the CRM's, for currencies no imported opportunity is in (rates" +
        ' are configuration, not data); add it under fx:',
    );
    expect(run.stdout).toContain(
      'under fx:\n    - currency: EUR\n      from: 2025-07-01\n      rate: "0.9"\n',
    );
  });
});
