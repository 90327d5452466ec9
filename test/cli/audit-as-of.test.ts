/**
 * `salesops audit` without --as-of audits the data as of the latest import's --as-of (the day the export was
 * taken), and says so; --as-of overrides it.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AuditReport } from '../../src/quality/audit.js';
import { fixture, importWorkspace, type ImportWorkspace } from '../import/import-helpers.js';

/** Today, by the CLI's clock: months after the export below was taken. */
const TODAY = '2026-11-28';

let ws: ImportWorkspace;
beforeEach(async () => {
  ws = await importWorkspace(TODAY);
});
afterEach(() => ws.remove());

const closeDatePast = (report: AuditReport) =>
  report.rules.find((rule) => rule.id === 'close-date-past')?.count;

describe('salesops audit of an imported workspace', () => {
  it('runs as of the latest import, says so with the command for today, and takes --as-of over it', async () => {
    const exports = ['Opportunity.csv', 'Account.csv', 'User.csv'].map((name) =>
      fixture(`salesforce/${name}`),
    );
    const stages = fixture('salesforce/salesforce-stages.yaml');
    const imported = await ws.importFiles(...exports, '--mapping', stages, '--as-of', '2026-03-01');
    expect(imported.code, imported.stderr).toBe(0);

    // The three open deals close on 2026-03-31, 2026-04-15 and 2026-06-30: none is past due on 2026-03-01.
    const latest = await ws.cli('audit', '--workspace', 'ws', '--format', 'json');
    expect(latest.code, latest.stderr).toBe(0);
    const report = JSON.parse(latest.stdout) as AuditReport;
    expect(report.asOf).toBe('2026-03-01');
    expect(closeDatePast(report)).toBe(0);
    expect(latest.stderr).toBe(
      'note: audited as of 2026-03-01, the --as-of of the latest import (salesforce); pass --as-of to audit another\n' +
        '  day, e.g. `salesops audit --as-of 2026-11-28 --workspace ws` for today.\n',
    );

    // Today, all three are.
    const today = await ws.cli('audit', '--workspace', 'ws', '--as-of', TODAY, '--format', 'json');
    expect(today.code, today.stderr).toBe(0);
    expect(today.stderr).toBe('');
    expect((JSON.parse(today.stdout) as AuditReport).asOf).toBe(TODAY);
    expect(closeDatePast(JSON.parse(today.stdout) as AuditReport)).toBe(3);
  });

  it('runs as of today when nothing was imported, without a note about it', async () => {
    const run = await ws.cli('audit', '--workspace', 'ws', '--format', 'json');
    expect(run.code, run.stderr).toBe(0);
    expect((JSON.parse(run.stdout) as AuditReport).asOf).toBe(TODAY);
    expect(run.stderr).not.toContain('latest import');
  });
});
