import { describe, expect, it } from 'vitest';
import { createStageModel, DEFAULT_STAGES } from '../../domain/stage-model.js';
import type { Table } from '../readers/index.js';
import { StageNotes } from './collectors.js';
import type { CompiledMapping } from './compiled-mapping.js';
import { DayCodec, HistoryRows } from './history-rows.js';
import { mergeHistoryParts, type HistoryParts } from './history-parts.js';
import { newFileAccount, type ImportProblem } from './import-problems.js';
import { OpportunityCodes } from './opportunity-codes.js';
import { createStageResolver } from './stage-resolver.js';

describe('mergeHistoryParts', () => {
  it('leaves the file to be read whole, with a notice, when a part’s thread fails', async () => {
    const model = createStageModel(DEFAULT_STAGES);
    const rows = new HistoryRows(
      model,
      createStageResolver(model),
      new StageNotes(),
      new OpportunityCodes([], null),
      new DayCodec(),
      () => undefined,
    );
    let stopped = false;
    const failed: HistoryParts = {
      take: () => [Promise.reject(new Error('Cannot find module history-part-thread.js'))],
      mainPart: null,
      table: {} as Table,
      watch: () => undefined,
      mainProgress: () => undefined,
      stop: () => {
        stopped = true;
        return Promise.resolve();
      },
    };
    const account = newFileAccount();
    const problems: ImportProblem[] = [];
    const outcome = await mergeHistoryParts(failed, {
      file: 'OpportunityHistory.csv',
      rows,
      compiled: {} as CompiledMapping,
      account,
      problems,
      notes: new StageNotes(),
    });
    expect(outcome).toEqual({
      merged: false,
      notice:
        'OpportunityHistory.csv was read on one thread: reading it in parts failed (Cannot find module history-part-thread.js); please report this',
    });
    // Nothing merged, the threads stopped.
    expect([rows.count, account.rowsRead, account.parts, problems.length, stopped]).toEqual([
      0,
      0,
      1,
      0,
      true,
    ]);
  });
});
