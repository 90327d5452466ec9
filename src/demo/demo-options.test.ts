import { describe, expect, it } from 'vitest';
import type { IsoDate } from '../domain/dates.js';
import { InputError } from '../domain/errors.js';
import { createFiscalCalendar } from '../domain/fiscal-calendar.js';
import { DEFAULT_STAGES } from '../domain/stage-model.js';
import { demoDateRange, demoFiscalPeriods, resolveDemoOptions, type DemoOptions } from './demo-options.js';
import { generateDemo } from './generate-demo.js';

const asOf = '2026-06-15' as IsoDate;
const valid: DemoOptions = {
  seed: 7,
  reps: 120,
  opportunities: 50_000,
  asOf,
  stages: DEFAULT_STAGES,
  currency: 'USD',
  ...demoFiscalPeriods(createFiscalCalendar({ startMonth: 1 }), asOf),
};

/** The messages of the InputError the options raise (fails the test when they raise nothing else). */
function problems(options: Partial<DemoOptions>): string[] {
  try {
    resolveDemoOptions({ ...valid, ...options });
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as InputError).problems.map((problem) => problem.message);
  }
  return [];
}

describe('resolveDemoOptions', () => {
  it('accepts the defaults of the demo command', () => {
    const plan = resolveDemoOptions(valid);
    expect(plan.openStages).toEqual([0, 1, 2, 3, 4]);
    expect(plan.wonStage).toBe(5);
    expect(plan.lostStage).toBe(6);
    expect(plan.minorPerMajor).toBe(100);
    expect(plan.chunkSize).toBe(50_000);
    expect(plan.segments.map((segment) => segment.name)).toEqual(['Enterprise', 'Mid-Market', 'SMB']);
    expect(plan.asOfDay - plan.historyStartDay).toBe(1095);
  });

  it('names the flag and the fix for too few reps or opportunities', () => {
    expect(problems({ opportunities: 0 })).toEqual([
      '--opportunities must be a whole number from 1 to 10000000 (got 0)',
    ]);
    expect(problems({ reps: 2 })).toEqual(['--reps must be a whole number from 3 to 100000 (got 2)']);
    expect(problems({ opportunities: 2.5 })).toEqual([
      '--opportunities must be a whole number from 1 to 10000000 (got 2.5)',
    ]);
    // Past the cap the generator's 32-bit counts would overflow: refused, not a crash.
    expect(problems({ opportunities: 99_999_999_999 })).toEqual([
      '--opportunities must be a whole number from 1 to 10000000 (got 99999999999)',
    ]);
    expect(problems({ seed: 0.5 })).toEqual(['--seed must be a whole number (got 0.5)']);
    try {
      resolveDemoOptions({ ...valid, opportunities: 0 });
    } catch (error) {
      expect((error as InputError).problems[0]?.fix).toBe('pass --opportunities 50000, for example');
      expect((error as InputError).exitCode).toBe(2);
    }
  });

  it('lists every problem at once', () => {
    expect(problems({ reps: 1, opportunities: -3, asOf: '2026-02-30' as IsoDate, currency: 'usd' })).toEqual([
      '--reps must be a whole number from 3 to 100000 (got 1)',
      '--opportunities must be a whole number from 1 to 10000000 (got -3)',
      '--as-of must be a date YYYY-MM-DD (got "2026-02-30")',
      'the currency must be an ISO 4217 code (got "usd")',
    ]);
  });

  it('rejects a stage model without a won stage, bad periods and bad segments', () => {
    const noWon = DEFAULT_STAGES.filter((stage) => stage.outcome !== 'won');
    expect(problems({ stages: noWon })).toEqual(['needs at least one won stage']);
    const badQuarter = [{ period: 'Q1', start: '2026-04-01' as IsoDate, end: '2026-03-31' as IsoDate }];
    expect(problems({ fiscalQuarters: badQuarter })).toHaveLength(2);
    expect(problems({ segments: ['SMB', 'smb'] })[0]).toMatch(/^segments must be 1 to 8 different/);
    expect(problems({ segments: [] })).toHaveLength(1);
    expect(problems({ chunkSize: 0 })).toEqual(['chunkSize must be a whole number >= 1 (got 0)']);
  });

  it('is checked when generateDemo is called, before any batch is asked for', () => {
    expect(() => generateDemo({ ...valid, opportunities: 0 })).toThrow(InputError);
  });
});

describe('demoDateRange and demoFiscalPeriods', () => {
  it('spans three years of history and the quarter after asOf', () => {
    expect(demoDateRange(asOf)).toEqual({ from: '2023-06-16', to: '2026-12-22' });
    const { fiscalQuarters, fiscalMonths } = valid;
    expect(fiscalQuarters[0]).toEqual({ period: 'FY2023-Q2', start: '2023-04-01', end: '2023-06-30' });
    expect(fiscalQuarters.at(-1)?.period).toBe('FY2026-Q4');
    expect(fiscalMonths[0]?.period).toBe('FY2023-M06');
    expect(fiscalMonths).toHaveLength(43);
  });
});
