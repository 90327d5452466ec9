/**
 * The demo the bench generates: the default stage model, USD, a January fiscal year, and a team sized to the
 * number of opportunities (about 2,000 opportunities per person over the demo's three years).
 * @module
 */
import type { IsoDate } from '../src/domain/dates.js';
import { createFiscalCalendar } from '../src/domain/fiscal-calendar.js';
import { DEFAULT_STAGES } from '../src/domain/stage-model.js';
import { demoFiscalPeriods, type DemoOptions } from '../src/demo/generate-demo.js';

const OPPORTUNITIES_PER_REP = 2000;

export function demoOptions(args: { opportunities: number; seed: number; asOf: IsoDate }): DemoOptions {
  return {
    seed: args.seed,
    reps: Math.max(30, Math.round(args.opportunities / OPPORTUNITIES_PER_REP)),
    opportunities: args.opportunities,
    asOf: args.asOf,
    stages: DEFAULT_STAGES,
    currency: 'USD',
    ...demoFiscalPeriods(createFiscalCalendar({ startMonth: 1 }), args.asOf),
  };
}
