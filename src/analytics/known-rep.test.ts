import { beforeAll, describe, expect, it } from 'vitest';
import { datasetOf, namedDataset } from '../../test/analytics/named-dataset.js';
import { problemsOf } from '../../test/problems-of.js';
import { emptyBatch } from '../domain/entities.js';
import type { Dataset } from '../dataset/dataset.js';
import { cliRepArgument, knownRepRow } from './known-rep.js';

let dataset: Dataset;
beforeAll(async () => {
  dataset = await namedDataset();
});

const cli = { field: '--rep', importReps: '`salesops import User.csv --source salesforce --workspace acme`' };
const api = { field: 'rep', importReps: cli.importReps, listReps: 'GET /api/reps' };

describe('knownRepRow', () => {
  it("gives a known rep's row", () => {
    // The named dataset's reps, in order: V1 (Vera), M1 (Mia), M2 (Max), A1 (Ann), ...
    expect(knownRepRow(dataset, 'M1', cli)).toBe(1);
  });

  it('refuses an unknown rep at the field with the reps it probably meant, by id or name', () => {
    expect(problemsOf(() => knownRepRow(dataset, 'Maks', { field: 'rep', importReps: '' }))).toEqual([
      {
        message: 'unknown rep "Maks"',
        location: { field: 'rep' },
        fix: 'give a rep id; did you mean M2 (Max)?',
      },
    ]);
  });

  it('gives examples, and where the caller lists the reps if it has such a place, when none is close', () => {
    const examples =
      'give the CRM id of a rep in the workspace, e.g. V1 (Vera), M1 (Mia), M2 (Max), A1 (Ann), A2 (Ben)';
    expect(problemsOf(() => knownRepRow(dataset, 'REP-0042', cli))[0]?.fix).toBe(examples);
    expect(problemsOf(() => knownRepRow(dataset, 'REP-0042', api))[0]?.fix).toBe(
      `${examples} (GET /api/reps lists them)`,
    );
  });

  it("points the CLI's fix at salesops reps, its commands as the user runs salesops", () => {
    const npx = cliRepArgument(
      '--manager',
      (words) => `${words.replace(/^salesops/, 'npx salesops')} --workspace acme`,
    );
    expect(npx).toEqual({
      field: '--manager',
      importReps: '`npx salesops import User.csv --source salesforce --workspace acme`',
      listReps: '`npx salesops reps --workspace acme`',
    });
    expect(problemsOf(() => knownRepRow(dataset, 'REP-0042', npx))[0]).toEqual({
      message: 'unknown rep "REP-0042"',
      location: { field: '--manager' },
      fix:
        'give the CRM id of a rep in the workspace, e.g. V1 (Vera), M1 (Mia), M2 (Max), A1 (Ann), A2 (Ben) ' +
        '(`npx salesops reps --workspace acme` lists them)',
    });
  });

  it('says to import the reps when the workspace holds none', async () => {
    const empty = await datasetOf(emptyBatch());
    expect(problemsOf(() => knownRepRow(empty, 'REP-0001', cli))).toEqual([
      {
        message: 'unknown rep "REP-0001": the workspace holds no reps yet',
        location: { field: '--rep' },
        fix: "import your CRM's users first, e.g. `salesops import User.csv --source salesforce --workspace acme`",
      },
    ]);
  });
});
