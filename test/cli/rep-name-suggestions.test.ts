import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forecastWorkspace, type ForecastWorkspace } from './forecast-workspace.js';

let workspace: ForecastWorkspace;
beforeAll(async () => {
  workspace = await forecastWorkspace();
});
afterAll(() => workspace.remove());

const adjust = (rep: string) =>
  workspace.cli([
    'forecast',
    'adjust',
    '--rep',
    rep,
    '--category',
    'commit',
    '--amount',
    '1000',
    '--note',
    'n',
  ]);

describe('a rep given by part of the name, in any case', () => {
  it('suggests the reps whose names contain the typed text, ignoring case', async () => {
    const surname = await adjust('mahlang');
    expect(surname.code).toBe(2);
    expect(surname.stderr).toContain('unknown rep "mahlang"');
    expect(surname.stderr).toContain('did you mean REP-0008 (Kenji Mahlangu)?');

    const shouted = await adjust('KENJI');
    expect(shouted.code).toBe(2);
    expect(shouted.stderr).toContain('did you mean REP-0012 (Kenji Tan), REP-0008 (Kenji Mahlangu)?');
  });
});
