/**
 * The comp wiring on a generated demo dataset (payees by role, won deals, SDR overlays, quotas from the quota
 * table, a rep with no plan), monthly quotas apportioned by days as metrics do, by hand, payout timing, what-if edits and the cost model on a
 * hand-computed plan.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCompensation, type CompInput } from '../../src/comp/engine.js';
import { modelPlans } from '../../src/comp/modelling.js';
import { validateCompPlan, type CompPlan } from '../../src/comp/plan.js';
import { parseCompPlanYaml } from '../../src/comp/plan-yaml.js';
import { type Statement } from '../../src/comp/statement.js';
import { applyPlanEdits, parsePlanEdits } from '../../src/comp/what-if.js';
import { workspaceCompInput, type PlanSource } from '../../src/comp/workspace-input.js';
import { buildDataset } from '../../src/dataset/build-dataset.js';
import { textAt, textEntries, type Dataset } from '../../src/dataset/dataset.js';
import { isoDate } from '../../src/domain/dates.js';
import { InputError } from '../../src/domain/errors.js';
import { createFiscalCalendar } from '../../src/domain/fiscal-calendar.js';
import { createFxTable } from '../../src/domain/fx.js';
import { type MinorUnits } from '../../src/domain/money.js';
import { createStageModel, DEFAULT_STAGES } from '../../src/domain/stage-model.js';
import { demoFiscalPeriods, generateDemo } from '../../src/demo/generate-demo.js';
import { openStore } from '../../src/store/open-store.js';
import type { Store } from '../../src/store/store.js';

const AS_OF = isoDate('2026-11-27');
const calendar = createFiscalCalendar({ startMonth: 2 });
const config = {
  currency: 'USD',
  stageModel: createStageModel(DEFAULT_STAGES),
  fxTable: createFxTable('USD', []),
  fiscalCalendar: calendar,
};

function plan(definition: unknown): CompPlan {
  const result = validateCompPlan(definition);
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.plan;
}

function examples(names: readonly string[]): PlanSource[] {
  return names.map((name) => {
    const file = `examples/comp/${name}.yaml`;
    return { plan: parseCompPlanYaml(readFileSync(file, 'utf8'), file), file };
  });
}

describe('workspaceCompInput on a demo dataset', () => {
  let folder: string;
  let store: Store;
  let dataset: Dataset;

  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), 'salesops-comp-input-'));
    store = await openStore({ sqlitePath: join(folder, 'salesops.db') });
    const batches = generateDemo({
      seed: 7,
      reps: 20,
      opportunities: 2000,
      asOf: AS_OF,
      stages: DEFAULT_STAGES,
      currency: 'USD',
      ...demoFiscalPeriods(calendar, AS_OF),
    });
    for (const batch of batches) await store.write(batch, { source: 'demo', asOf: AS_OF });
    dataset = await buildDataset(store);
  }, 60_000);
  afterAll(async () => {
    await store.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('credits each won deal of the year once, SDR-sourced deals with an overlay, quotas from the table', () => {
    const wired = workspaceCompInput(
      dataset,
      config,
      examples(['ae', 'am', 'sdr', 'manager']),
      'FY2027-M03',
      AS_OF,
    );
    expect(new Set(wired.deals.map((deal) => deal.id)).size).toBe(wired.deals.length);
    // From the fiscal year's start less the AM plan's 30-day invoice lag (invoiced in the year) through April.
    for (const deal of wired.deals) {
      expect(deal.bookedOn >= '2026-01-02' && deal.bookedOn <= '2026-04-30').toBe(true);
    }
    const overlays = wired.deals.filter((deal) => deal.splits?.some((split) => split.kind === 'overlay'));
    expect(overlays.length).toBeGreaterThan(0);
    // Overlays go to the SDR who owned the converted lead (some have left since: the engine skips them then).
    const ids = textEntries(dataset.reps.crmId);
    const roleOf = (id: string) => dataset.labels.role[dataset.reps.roleCode[ids.indexOf(id)] ?? 0];
    for (const deal of overlays) expect(roleOf(deal.splits?.[1]?.payee ?? '')).toBe('sdr');
    // The AE plan's quotas: the quarter's quota in thirds, adding up to it.
    const ae = wired.inputs[0]!;
    const byPayee = new Map<string, number>();
    for (const quota of ae.quotas) byPayee.set(quota.payee, (byPayee.get(quota.payee) ?? 0) + quota.quota);
    expect(byPayee.size).toBeGreaterThan(0);
    // And the run works end to end: every statement's total is the sum of its lines.
    for (const input of wired.inputs) {
      for (const statement of runCompensation(input, 'FY2027-M03')) {
        expect(statement.total).toBe(statement.lines.reduce((sum, line) => sum + line.amount, 0));
      }
    }
  });

  it('gives a month the share of its quarter by days, rounded half away from zero, as metrics do', () => {
    const plans = examples(['ae', 'am', 'sdr', 'manager']);
    const wired = workspaceCompInput(dataset, config, plans, 'FY2027-M03', AS_OF);
    // FY2027-Q1 is Feb-Apr 2026 (28 + 31 + 30 = 89 days); FY2027-M03 is April, 30 of them.
    const quarterly = new Map<string, number>();
    const { ownerKind, repIndex, period, amount, count } = dataset.quotas;
    for (let row = 0; row < count; row++) {
      if (textAt(ownerKind, row) !== 'rep' || textAt(period, row) !== 'FY2027-Q1') continue;
      quarterly.set(textAt(dataset.reps.crmId, repIndex[row] ?? -1), amount[row] ?? 0);
    }
    const april = wired.inputs[0]!.quotas.filter((entry) => entry.period === 'FY2027-M03');
    expect(april.length).toBeGreaterThan(0);
    for (const entry of april) {
      const quarter = quarterly.get(entry.payee);
      if (quarter === undefined) continue;
      // 30/89 of the quarter, half away from zero (quotas are positive: +44 rounds the half up).
      expect(entry.quota).toBe(Math.floor((quarter * 30 + 44) / 89));
    }
    // Not even thirds (the old rule, which put $94,666.66 beside metrics' $95,695.65 for a 31-day month).
    expect(april.some((entry) => entry.quota !== Math.floor((quarterly.get(entry.payee) ?? 0) / 3))).toBe(
      true,
    );
  });

  it('refuses a credited rep whose role no plan pays, and a role paid twice', () => {
    const problems = (plans: PlanSource[]) => {
      try {
        workspaceCompInput(dataset, config, plans, 'FY2027-M03', AS_OF);
      } catch (error) {
        if (error instanceof InputError) return error.message;
        throw error;
      }
      return '';
    };
    expect(problems(examples(['ae']))).toMatch(/no plan pays role am\n {2}fix: add a role named am/);
    expect(problems(examples(['ae', 'ae', 'am', 'sdr', 'manager']))).toContain(
      'role ae is paid by two plans',
    );
  });
});

describe('payout timing', () => {
  it('pays on invoice in the period of close date + lag', () => {
    const flat = (payout: unknown) =>
      plan({
        version: 1,
        name: 'flat',
        currency: 'USD',
        roles: [{ name: 'ae', measures: ['bookings'] }],
        measures: [{ name: 'bookings', metric: 'bookings', rate: '0.1' }],
        ...(payout ? { payout } : {}),
      });
    const deals = [
      {
        id: 'D1',
        owner: 'a',
        amount: 100_000 as MinorUnits,
        bookedOn: isoDate('2026-02-20'),
        type: 'new' as const,
      },
    ];
    const run = (chosen: CompPlan) =>
      runCompensation(
        { plan: chosen, calendar, payees: [{ id: 'a', role: 'ae' }], deals, quotas: [] },
        'FY2027-M02',
      ).map((statement) => [statement.period, statement.total]);
    // Closed on 20 Feb: on booking, 10% x $1,000.00 = $100.00 in February (M01); invoiced 30 days later, in March.
    expect(run(flat(null))).toEqual([
      ['FY2027-M01', 10_000],
      ['FY2027-M02', 0],
    ]);
    expect(run(flat({ on: 'invoice', invoiceLagDays: 30 }))).toEqual([
      ['FY2027-M01', 0],
      ['FY2027-M02', 10_000],
    ]);
  });
});

describe('what-if edits', () => {
  const raw = {
    measures: [{ name: 'bookings', rate: '0.08', tiers: [{ name: 'accelerator', multiplier: '1.5' }] }],
  };

  it('sets a parameter by key, index, item name or a uniquely named start', () => {
    const edited = applyPlanEdits(
      raw,
      parsePlanEdits([
        'measures.bookings.rate=0.09',
        'accelerator.multiplier=2',
        'measures[0].tiers[0].from=1',
      ]),
    );
    expect(edited.paths).toEqual([
      ['measures', 0, 'rate'],
      ['measures', 0, 'tiers', 0, 'multiplier'],
      ['measures', 0, 'tiers', 0, 'from'],
    ]);
    expect(edited.plan).toEqual({
      measures: [{ name: 'bookings', rate: 0.09, tiers: [{ name: 'accelerator', multiplier: 2, from: 1 }] }],
    });
    expect(raw.measures[0]?.rate).toBe('0.08');
  });

  it('names a path that leads nowhere and an assignment without a value', () => {
    expect(() => applyPlanEdits(raw, parsePlanEdits(['decelerator.multiplier=1']))).toThrow(
      '--set: decelerator.multiplier=1: the plan has no key or item named decelerator',
    );
    expect(() => parsePlanEdits(['rate'])).toThrow('"rate" is not an assignment path=value');
  });
});

describe('modelPlans', () => {
  it('costs a flat plan at history percentiles and draws its payout curve', () => {
    const flat = plan({
      version: 1,
      name: 'flat',
      currency: 'USD',
      roles: [{ name: 'ae', ote: '120000', baseShare: '0.5', measures: ['bookings'] }],
      measures: [{ name: 'bookings', metric: 'bookings', quota: '1000', rate: '0.1' }],
    });
    const input: CompInput = {
      plan: flat,
      calendar,
      payees: [{ id: 'a', role: 'ae' }],
      deals: [],
      quotas: [],
    };
    const past = (volume: number): Statement => ({
      payee: 'a',
      role: 'ae',
      period: 'FY2026-M01',
      currency: 'USD',
      lines: [],
      attainment: [{ measure: 'bookings', metric: 'bookings', volume, quota: 100_000 }],
      total: 0 as MinorUnits,
      drawBalance: 0 as MinorUnits,
      rounding: '',
    });
    const model = modelPlans(
      { inputs: [input], period: 'FY2027-M03', history: [past(50_000), past(100_000), past(150_000)] },
      [{ name: 'p50', percentile: 0.5, attainment: null, source: 'history' }],
    );
    // p50 of 50%, 100%, 150% is 100%: $1,000.00 booked, 10% = $100.00; base $120,000 x 0.5 / 12 = $5,000.00.
    expect(model.scenarios[0]).toMatchObject({ variable: 10_000, base: 500_000, revenue: 100_000 });
    expect(model.scenarios[0]?.costOfRevenue).toBeCloseTo(5.1);
    // The curve at 200%: $2,000.00 x 10% = $200.00 per payee.
    expect(model.curve.at(-1)).toEqual({ attainment: '2.00', perPayee: { ae: 20_000 } });

    // A payee who left before the period (and one hired after it) earns nothing in it: left out of the cost and
    // the curve, and counted as such, so the curve stays what one employed payee earns ($200.00, not $200 / 3).
    const withLeavers: CompInput = {
      ...input,
      payees: [
        { id: 'a', role: 'ae' },
        { id: 'gone', role: 'ae', eligibleThrough: isoDate('2026-02-15') },
        { id: 'later', role: 'ae', eligibleFrom: isoDate('2026-06-01') },
      ],
    };
    const both = modelPlans(
      { inputs: [withLeavers], period: 'FY2027-M03', history: [past(50_000), past(100_000), past(150_000)] },
      [{ name: 'p50', percentile: 0.5, attainment: null, source: 'history' }],
    );
    expect(both.curve.at(-1)).toEqual({ attainment: '2.00', perPayee: { ae: 20_000 } });
    expect(both.scenarios[0]).toMatchObject({ variable: 10_000, base: 500_000, revenue: 100_000 });
    expect(both.scenarios[0]?.roles[0]).toMatchObject({ payees: 1, notEmployed: 2 });
  });

  it("pays a plan paid on invoice, and a manager's override on its payees, in the modelled period", () => {
    const onInvoice = plan({
      version: 1,
      name: 'AMs',
      currency: 'USD',
      roles: [{ name: 'am', measures: ['bookings'] }],
      measures: [{ name: 'bookings', metric: 'bookings', quota: '1000', rate: '0.1' }],
      payout: { on: 'invoice', invoiceLagDays: 30 },
    });
    const managers = plan({
      version: 1,
      name: 'Managers',
      currency: 'USD',
      roles: [
        { name: 'manager', measures: ['bookings'], override: { rate: '0.01', measures: ['bookings'] } },
      ],
      measures: [{ name: 'bookings', metric: 'bookings', rate: '0.04' }],
    });
    const am = { id: 'am-1', role: 'am', managerId: 'boss' };
    const boss = { id: 'boss', role: 'manager' };
    const inputs: CompInput[] = [
      { plan: onInvoice, calendar, payees: [am], otherPayees: [boss], deals: [], quotas: [] },
      {
        plan: managers,
        calendar,
        payees: [boss],
        otherPayees: [{ ...am, payout: onInvoice.payout }],
        deals: [],
        quotas: [],
      },
    ];
    const model = modelPlans({ inputs, period: 'FY2027-M03', history: [] }, [
      { name: 'at 100%', percentile: null, attainment: 1, source: 'given' },
    ]);
    // Scenario deals are booked and invoiced on the period's last day, so the invoice plan pays them in it: the AM
    // books $1,000.00 (100% of quota) and earns 10% = $100.00 (it earned $0.00 when they were invoiced 30 days on);
    // the manager's override counts the AM's deal when the AM is credited with it: 1% of it, $10.00.
    expect(model.scenarios[0]?.roles.map((role) => [role.role, role.variable])).toEqual([
      ['am', 10_000],
      ['manager', 1_000],
    ]);
  });
});
