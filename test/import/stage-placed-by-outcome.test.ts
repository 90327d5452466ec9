import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ImportResult } from '../../src/ingest/index.js';
import { fixture, importWorkspace, type ImportWorkspace } from './import-helpers.js';

let ws: ImportWorkspace;
beforeEach(async () => {
  ws = await importWorkspace();
});
afterEach(() => ws.remove());

describe('a CRM stage the opportunities place by their won/lost flags', () => {
  it('is read as that stage in the history too, which has no such flags', async () => {
    // Opportunity.csv line 4 is "Closed - Signed" with IsWon true: Closed Won. OpportunityHistory.csv line 14
    // moves that deal into "Closed - Signed"; without a mapping file it was refused as an unknown stage.
    const files = ['User.csv', 'Account.csv', 'Opportunity.csv', 'OpportunityHistory.csv'].map((name) =>
      fixture(`salesforce/${name}`),
    );
    const run = await ws.importFiles(...files, '--as-of', '2026-03-01', '--dry-run', '--format', 'json');
    const result = JSON.parse(run.stdout) as ImportResult;
    const history = result.problems.filter((problem) => problem.file.endsWith('OpportunityHistory.csv'));
    expect(history.map((problem) => problem.line)).not.toContain(14);
    expect(history.filter((problem) => problem.message.includes('Closed - Signed'))).toEqual([]);
    // The opportunity's row and the history's, placed the same way.
    expect(result.stagesByOutcome).toEqual([{ name: 'Closed - Signed', stage: 'Closed Won', rows: 2 }]);
    // Stages the opportunities did not place stay refused in both files (the fixture's mapping file maps them).
    expect(
      history.some(
        (problem) => problem.message === 'stage "Negotiation/Review" is not a stage of this workspace',
      ),
    ).toBe(true);
  });
});
