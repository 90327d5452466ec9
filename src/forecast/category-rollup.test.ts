import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { NAMED_AS_OF, namedConfig, namedDataset, usd } from '../../test/analytics/named-dataset.js';
import { resolveAnalysisPeriod } from '../analytics/periods.js';
import { type Dataset, textColumn } from '../dataset/dataset.js';
import { toDayNumber } from '../domain/dates.js';
import { API_SYNTAX, type ArgumentSyntax, FLAG_SYNTAX, InputError } from '../domain/errors.js';
import {
  categoryRollup,
  checkAdjustmentFits,
  type CategoryRollup,
  type ForecastAdjustment,
} from './category-rollup.js';

// The named dataset, FY2026-Q3 as of 2026-09-15: closed won Ann 100,000, Ben 50,000, Cid 20,000; open closing
// in Q3 with the rep's category: O6 Ann best_case 80,000, O7 Dee best_case 30,000, O9 Mia pipeline 10,000.
let dataset: Dataset;
beforeAll(async () => {
  dataset = await namedDataset();
});

function rollup(by: 'owner' | 'manager', adjustments: ForecastAdjustment[] = []): CategoryRollup {
  const config = namedConfig();
  const period = resolveAnalysisPeriod('FY2026-Q3', NAMED_AS_OF, config.fiscalCalendar);
  return categoryRollup(dataset, config, period, toDayNumber(NAMED_AS_OF), [by], adjustments);
}

const rowOf = (result: CategoryRollup, label: string) =>
  result.rows.find((row) => Object.values(row.group).includes(label));

const adjust = (
  fields: Partial<ForecastAdjustment> & Pick<ForecastAdjustment, 'rep' | 'amount'>,
): ForecastAdjustment => ({
  layer: 'owner',
  period: 'FY2026-Q3',
  category: 'commit',
  note: 'test',
  ...fields,
});

const ADJUSTMENTS = [
  adjust({ rep: 'A1', amount: usd(150_000), note: 'verbal on ACME' }),
  adjust({ layer: 'manager', by: 'M1', rep: 'A1', amount: usd(130_000), note: 'ACME legal is slow' }),
  adjust({ rep: 'A4', category: 'best_case', amount: usd(20_000) }),
];

describe('categoryRollup', () => {
  it('makes the cumulative forecasts: Commit = Closed + Commit, Best Case adds Best Case, Pipeline adds all', () => {
    const result = rollup('owner');
    expect(result.total.amounts).toEqual({
      closed: usd(170_000),
      commit: 0,
      bestCase: usd(110_000),
      pipeline: usd(10_000),
      omitted: 0,
    });
    expect(result.total.system).toEqual({
      commit: usd(170_000),
      bestCase: usd(280_000),
      pipeline: usd(290_000),
    });
    expect(rowOf(result, 'Ann')?.system).toEqual({
      commit: usd(100_000),
      bestCase: usd(180_000),
      pipeline: usd(180_000),
    });
    expect(result.inputs.categoryFromStageDefault).toBe(0);
    // Without adjustments every layer is the system number.
    expect(result.total.managerLayer).toEqual(result.total.system);
  });

  it('applies owner then manager adjustments as separate layers, never changing the system numbers', () => {
    const result = rollup('owner', ADJUSTMENTS);
    const ann = rowOf(result, 'Ann')!;
    expect(ann.system.commit).toBe(usd(100_000));
    expect(ann.ownerLayer.commit).toBe(usd(150_000));
    expect(ann.managerLayer.commit).toBe(usd(130_000));
    expect(ann.adjustments.map((a) => a.note)).toEqual(['verbal on ACME', 'ACME legal is slow']);
    const dee = rowOf(result, 'Dee')!;
    expect([dee.system.bestCase, dee.ownerLayer.bestCase, dee.managerLayer.bestCase]).toEqual([
      usd(30_000),
      usd(20_000),
      usd(20_000),
    ]);
  });

  it('rolls the layers up the manager hierarchy as sums', () => {
    const result = rollup('manager', ADJUSTMENTS);
    const mia = rowOf(result, 'Mia')!;
    expect(mia.system).toEqual({ commit: usd(150_000), bestCase: usd(230_000), pipeline: usd(240_000) });
    expect(mia.ownerLayer.commit).toBe(usd(200_000));
    expect(mia.managerLayer.commit).toBe(usd(180_000));
    const max = rowOf(result, 'Max')!;
    expect([max.system.bestCase, max.ownerLayer.bestCase]).toEqual([usd(50_000), usd(40_000)]);
    const vera = rowOf(result, 'Vera')!;
    expect([vera.system.commit, vera.ownerLayer.commit, vera.managerLayer.commit]).toEqual([
      usd(170_000),
      usd(220_000),
      usd(200_000),
    ]);
    expect(result.total.managerLayer).toEqual(vera.managerLayer);
  });

  it('keeps roll-ups as sums under any adjustments: Vera (top manager) equals the total in every layer', () => {
    const adjustment = fc.record({
      rep: fc.constantFrom('A1', 'A2', 'A3', 'A4', 'M1'),
      category: fc.constantFrom('commit' as const, 'best_case' as const, 'pipeline' as const),
      amount: fc.integer({ min: 0, max: usd(500_000) }),
      manager: fc.boolean(),
    });
    const managerOf: Record<string, string> = { A1: 'M1', A2: 'M1', A3: 'M2', A4: 'M2', M1: 'V1' };
    fc.assert(
      fc.property(fc.array(adjustment, { maxLength: 6 }), (drawn) => {
        const adjustments = drawn.map(({ rep, category, amount, manager }) =>
          adjust({ rep, category, amount, ...(manager ? { layer: 'manager', by: managerOf[rep]! } : {}) }),
        );
        const result = rollup('manager', adjustments);
        const vera = rowOf(result, 'Vera')!;
        expect(vera.system).toEqual(result.total.system);
        expect(vera.ownerLayer).toEqual(result.total.ownerLayer);
        expect(vera.managerLayer).toEqual(result.total.managerLayer);
        const { commit, bestCase, pipeline } = result.total.system;
        expect(commit <= bestCase && bestCase <= pipeline).toBe(true);
      }),
      { numRuns: 40 },
    );
  });

  it('shows an adjusted rep without deals in the period', () => {
    const sam = rowOf(rollup('owner', [adjust({ rep: 'S1', amount: usd(5_000) })]), 'Sam')!;
    expect(sam.system.commit).toBe(0);
    expect(sam.ownerLayer.commit).toBe(usd(5_000));
  });

  it('refuses an unknown rep, category or period, and a manager who does not manage the rep', () => {
    const refusal = (adjustment: ForecastAdjustment) => {
      try {
        rollup('owner', [adjustment]);
      } catch (error) {
        expect(error).toBeInstanceOf(InputError);
        return (error as InputError).problems[0]!;
      }
      throw new Error('not refused');
    };
    // An unknown rep as knownRepRow refuses it, at the adjustment's rep: the reps meant, else a few examples.
    expect(refusal(adjust({ rep: 'Vero', amount: 1 }))).toEqual({
      message: 'unknown rep "Vero"',
      location: { field: 'adjustments[0].rep' },
      fix: 'give a rep id; did you mean V1 (Vera)?',
    });
    expect(refusal(adjust({ rep: 'REP-0042', amount: 1 })).fix).toBe(
      'give the CRM id of a rep in the workspace, e.g. V1 (Vera), M1 (Mia), M2 (Max), A1 (Ann), A2 (Ben)',
    );
    // A workspace without reps has none to list: it says so.
    const config = namedConfig();
    const period = resolveAnalysisPeriod('FY2026-Q3', NAMED_AS_OF, config.fiscalCalendar);
    const none = textColumn([]);
    const noReps = { ...dataset, reps: { ...dataset.reps, count: 0, crmId: none, name: none } };
    expect(() =>
      categoryRollup(
        noReps,
        config,
        period,
        toDayNumber(NAMED_AS_OF),
        ['owner'],
        [adjust({ rep: 'A1', amount: 1 })],
      ),
    ).toThrow(
      'unknown rep "A1": the workspace holds no reps yet\n' +
        "  fix: import your CRM's users first, e.g. `salesops import User.csv --source salesforce`",
    );
    expect(
      refusal(adjust({ rep: 'A1', amount: 1, category: 'closed' as ForecastAdjustment['category'] })).fix,
    ).toBe('use one of commit, best_case, pipeline');
    expect(refusal(adjust({ rep: 'A1', amount: 1, period: 'FY2026-Q4' })).fix).toBe(
      'adjust FY2026-Q3, or forecast FY2026-Q4',
    );
    // The manager layer's fixes give the caller's arguments (the CLI's flags when none is said).
    expect(refusal(adjust({ layer: 'manager', by: 'M2', rep: 'A1', amount: 1 })).fix).toBe(
      'give --manager M1 (or a manager above: V1)',
    );
  });
});

describe('checkAdjustmentFits: an adjustment the period can hold, before it is saved', () => {
  // Ann (A1) in FY2026-Q3: closed 100,000, O6 best case 80,000, so commit 100,000, best case 180,000, pipeline
  // 180,000. Max (M2) manages Cid (A3: quota 50,000, won O4), Dee (A4: O7) and Sam (S1: nothing), and owns no
  // deal and no quota himself.
  const fits =
    (
      adjustment: ForecastAdjustment,
      existing: ForecastAdjustment[] = [],
      syntax: ArgumentSyntax = FLAG_SYNTAX,
    ) =>
    () => {
      const config = namedConfig();
      const period = resolveAnalysisPeriod('FY2026-Q3', NAMED_AS_OF, config.fiscalCalendar);
      checkAdjustmentFits(dataset, config, period, toDayNumber(NAMED_AS_OF), existing, adjustment, syntax);
    };
  const refusal = (check: () => void) => {
    try {
      check();
    } catch (error) {
      if (error instanceof InputError) return error.problems[0]!;
      throw error;
    }
    throw new Error('not refused');
  };

  it('refuses a rep with no forecast of their own (a manager without deals), naming the manager layer', () => {
    expect(refusal(fits(adjust({ rep: 'M2', amount: usd(120_000) })))).toEqual({
      message:
        'M2 (Max) has no forecast of their own in FY2026-Q3 to adjust: no deal closing or won in it and no quota for it (no row in Forecast by Rep)',
      location: { field: 'adjustments[0].rep' },
      fix: 'to adjust the forecast of a rep on their team as their manager, give that rep and --manager M2, e.g. --rep A3 --manager M2 (their team includes A3, A4)',
    });
    expect(fits(adjust({ layer: 'manager', by: 'M2', rep: 'A4', amount: usd(30_000) }))).not.toThrow();
  });

  it('keeps commit ≤ best case ≤ pipeline in the layer, saying which category to adjust first', () => {
    expect(refusal(fits(adjust({ rep: 'A1', amount: usd(200_000) })))).toEqual({
      message:
        "commit $200,000 would be above A1 (Ann)'s best_case $180,000 in the owner layer of FY2026-Q3: the categories are cumulative (commit ≤ best case ≤ pipeline)",
      location: { field: 'adjustments[0].amount' },
      fix: 'adjust best_case to at least $200,000 first (--category best_case --amount 200000.00), or give commit at most $180,000',
    });
    expect(fits(adjust({ rep: 'A1', amount: usd(180_000) }))).not.toThrow();
    const commit150 = adjust({ rep: 'A1', amount: usd(150_000) });
    expect(
      refusal(fits(adjust({ rep: 'A1', category: 'best_case', amount: usd(140_000) }), [commit150])).message,
    ).toBe(
      "best_case $140,000 would be below A1 (Ann)'s commit $150,000 in the owner layer of FY2026-Q3: the categories are cumulative (commit ≤ best case ≤ pipeline)",
    );
  });

  it("names the manager to give, or none to give, in the CLI's flags and the API's fields", () => {
    // Ann (A1) is managed by Mia (M1), who is managed by Vera (V1); Vera has no manager.
    const byMax = adjust({ layer: 'manager', by: 'M2', rep: 'A1', amount: usd(100_000) });
    expect(refusal(fits(byMax))).toEqual({
      message: 'manager adjustment by "M2", who does not manage A1',
      location: { field: 'adjustments[0].by' },
      fix: 'give --manager M1 (or a manager above: V1)',
    });
    expect(refusal(fits(byMax, [], API_SYNTAX)).fix).toBe('give manager=M1 (or a manager above: V1)');
    const ofVera = adjust({ layer: 'manager', by: 'M1', rep: 'V1', amount: usd(100_000) });
    expect(refusal(fits(ofVera)).fix).toBe('V1 has no manager: leave --manager out, to adjust as the owner');
    expect(refusal(fits(ofVera, [], API_SYNTAX)).fix).toBe(
      'V1 has no manager: leave manager out, to adjust as the owner',
    );
  });

  it("gives the fixes' arguments as the HTTP API's fields for the API", () => {
    expect(refusal(fits(adjust({ rep: 'M2', amount: usd(120_000) }), [], API_SYNTAX)).fix).toBe(
      'to adjust the forecast of a rep on their team as their manager, give that rep and manager=M2, e.g. rep=A3 manager=M2 (their team includes A3, A4)',
    );
    expect(refusal(fits(adjust({ rep: 'A1', amount: usd(200_000) }), [], API_SYNTAX)).fix).toBe(
      'adjust best_case to at least $200,000 first (category=best_case amount=200000.00), or give commit at most $180,000',
    );
  });

  it('checks the manager layer too, which starts from the owner layer', () => {
    // Owner commit 150,000 and manager commit 170,000 stand (best case 180,000); an owner best case of 160,000
    // holds in the owner layer (150,000 ≤ 160,000) but not under the manager's 170,000.
    const existing = [
      adjust({ rep: 'A1', amount: usd(150_000) }),
      adjust({ layer: 'manager', by: 'M1', rep: 'A1', amount: usd(170_000) }),
    ];
    expect(
      refusal(fits(adjust({ rep: 'A1', category: 'best_case', amount: usd(160_000) }), existing)).message,
    ).toBe(
      "best_case $160,000 would be below A1 (Ann)'s commit $170,000 in the manager layer of FY2026-Q3: the categories are cumulative (commit ≤ best case ≤ pipeline)",
    );
  });
});
