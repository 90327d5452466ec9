/**
 * What `salesops audit` must report on a demo: every rule's count, read from the generated records themselves
 * (entity records and ISO dates, not the store or the columnar dataset), with the audit's default options, as
 * of the demo's asOf. Many defects occur naturally in the simulation (past-due and stale deals, pushed close
 * dates, skipped stages); the planted ones come on top, and this tally counts both. It is a second, independent
 * reading of the rule definitions in docs/data-quality.md, so that a test can hold the audit to it.
 *
 * Duplicate accounts are the exception: finding near-identical names is the audit's job, and the demo's names
 * are built never to match one another (test/quality/demo-names.test.ts), so the planted copies are all there is.
 * And the tally cannot know the workspace's FX rates: it counts every deal outside the corporate currency as
 * one without a rate (the demo writes none).
 * @module
 */
import { toDayNumber, type IsoDate } from '../domain/dates.js';
import type { EntityBatch, ForecastCategory, Opportunity, OpportunityChange } from '../domain/entities.js';
import type { Stage } from '../domain/stage-model.js';
import type { DemoOptions } from './demo-options.js';
import type { DefectCounts } from './defects.js';
import { generateDemo } from './generate-demo.js';

/** The audit's default options, as the tally applies them. */
export const TALLIED_AUDIT_OPTIONS = {
  staleDays: 30,
  pushThreshold: 3,
  closeHorizonDays: 730,
  outlierIqrs: 3,
  outlierMinimumDeals: 20,
} as const;

/** Rules the tally counts from deal records. */
const DEAL_RULES = [
  'close-date-past',
  'close-date-implausible',
  'closed-deal-close-date',
  'close-date-pushed',
  'amount-not-positive',
  'amount-outlier',
  'currency-without-rate',
  'stage-unknown',
  'category-contradicts-stage',
  'category-far-from-stage',
  'stage-skipped-or-backward',
  'lost-without-reason',
  'stale-deal',
  'owner-inactive',
  'account-missing',
  'duplicate-opportunity',
] as const;
type DealRule = (typeof DEAL_RULES)[number];

const CONFIDENCE: Readonly<Partial<Record<ForecastCategory, number>>> = {
  omitted: 0,
  pipeline: 1,
  best_case: 2,
  commit: 3,
};

/** Counts, batch by batch, the deals each audit rule flags. */
export class AuditTally {
  private readonly counts = Object.fromEntries(DEAL_RULES.map((rule) => [rule, 0])) as Record<
    DealRule,
    number
  >;
  private readonly asOfDay: number;
  private readonly stageIndex: ReadonlyMap<string, number>;
  private readonly employment = new Map<string, { hire: string | null; end: string | null }>();
  private readonly segmentOfAccount = new Map<string, string>();
  /** Log amounts of deals with a positive amount, by account segment ('' for none). */
  private readonly logAmounts = new Map<string, number[]>();
  /** Deals per duplicate key. */
  private readonly dealKeys = new Map<string, number>();

  constructor(
    private readonly asOf: IsoDate,
    private readonly stages: readonly Stage[],
    private readonly currency: string,
  ) {
    this.asOfDay = toDayNumber(asOf);
    this.stageIndex = new Map(stages.map((stage, index) => [stage.name, index]));
  }

  add(batch: EntityBatch): void {
    for (const rep of batch.reps) this.employment.set(rep.id, { hire: rep.hireDate, end: rep.endDate });
    for (const account of batch.accounts) this.segmentOfAccount.set(account.id, account.segment ?? '');
    const lastActivity = new Map<string, IsoDate>();
    for (const activity of batch.activities) {
      const id = activity.opportunityId;
      if (id !== null && activity.date <= this.asOf && activity.date > (lastActivity.get(id) ?? '')) {
        lastActivity.set(id, activity.date);
      }
    }
    const changesOf = new Map<string, OpportunityChange[]>();
    for (const change of batch.opportunityChanges) {
      const list = changesOf.get(change.opportunityId) ?? [];
      list.push(change);
      changesOf.set(change.opportunityId, list);
    }
    for (const deal of batch.opportunities) {
      this.addDeal(deal, changesOf.get(deal.id) ?? [], lastActivity.get(deal.id) ?? null);
    }
  }

  /** Every rule's count so far; the outlier and duplicate counts need every deal, so call this at the end. */
  result(): Record<DealRule, number> {
    let duplicates = 0;
    for (const count of this.dealKeys.values()) duplicates += count - 1;
    return { ...this.counts, 'amount-outlier': this.outliers(), 'duplicate-opportunity': duplicates };
  }

  private flag(rule: DealRule, when: boolean): void {
    if (when) this.counts[rule]++;
  }

  private addDeal(
    deal: Opportunity,
    changes: readonly OpportunityChange[],
    lastActivity: IsoDate | null,
  ): void {
    const index = this.stageIndex.get(deal.stage);
    const stage = index === undefined ? undefined : this.stages[index];
    const outcome = stage?.outcome;
    const open = outcome === 'open';
    const closed = outcome === 'won' || outcome === 'lost';
    const created = toDayNumber(deal.createdDate);
    const close = toDayNumber(deal.closeDate);
    const implausible = close < created || close > this.asOfDay + TALLIED_AUDIT_OPTIONS.closeHorizonDays;

    this.flag('close-date-past', open && !implausible && close < this.asOfDay);
    this.flag('close-date-implausible', open && implausible);
    this.flag('closed-deal-close-date', closed && (close > this.asOfDay || close < created));
    this.flag('close-date-pushed', open && pushes(changes) >= TALLIED_AUDIT_OPTIONS.pushThreshold);
    this.flag('amount-not-positive', (open || outcome === 'won') && deal.amount <= 0);
    this.flag('currency-without-rate', deal.currency !== this.currency);
    this.flag('stage-unknown', stage === undefined);
    this.flag(
      'category-contradicts-stage',
      outcome !== undefined && contradicts(outcome, deal.forecastCategory),
    );
    const called = CONFIDENCE[deal.forecastCategory];
    const byDefault = stage ? CONFIDENCE[stage.forecastCategory] : undefined;
    this.flag(
      'category-far-from-stage',
      open && called !== undefined && byDefault !== undefined && Math.abs(called - byDefault) >= 2,
    );
    this.flag('stage-skipped-or-backward', this.movesBadly(changes));
    this.flag('lost-without-reason', outcome === 'lost' && deal.lossReason === null);
    const lastChange = changes.at(-1)?.date ?? deal.createdDate;
    const lastTouch = lastActivity !== null && lastActivity > lastChange ? lastActivity : lastChange;
    this.flag('stale-deal', open && this.asOfDay - toDayNumber(lastTouch) >= TALLIED_AUDIT_OPTIONS.staleDays);
    const owner = this.employment.get(deal.ownerId);
    const employed =
      owner !== undefined &&
      (owner.hire === null || owner.hire <= this.asOf) &&
      (owner.end === null || owner.end >= this.asOf);
    this.flag('owner-inactive', open && !employed);
    this.flag('account-missing', deal.accountId === null);

    if (deal.amount > 0) {
      const segment = deal.accountId === null ? '' : (this.segmentOfAccount.get(deal.accountId) ?? '');
      const list = this.logAmounts.get(segment) ?? [];
      list.push(Math.log(deal.amount));
      this.logAmounts.set(segment, list);
    }
    // The demo names a deal after its account and type, so equal names on one account are equal normal forms.
    const key = [deal.accountId, deal.name, deal.currency, deal.amount, deal.closeDate].join('|');
    this.dealKeys.set(key, (this.dealKeys.get(key) ?? 0) + 1);
  }

  /** True when a stage change goes back to an earlier open stage or past an open stage. */
  private movesBadly(changes: readonly OpportunityChange[]): boolean {
    for (let i = 1; i < changes.length; i++) {
      const from = this.stageIndex.get(changes[i - 1]!.stage);
      const to = this.stageIndex.get(changes[i]!.stage);
      if (from === undefined || to === undefined || from === to) continue;
      if (this.stages[from]!.outcome !== 'open' || this.stages[to]!.outcome !== 'open') continue;
      if (to < from) return true;
      for (let between = from + 1; between < to; between++) {
        if (this.stages[between]!.outcome === 'open') return true;
      }
    }
    return false;
  }

  /** Deals outside Tukey's fences on the log amounts of their segment. */
  private outliers(): number {
    const { outlierIqrs, outlierMinimumDeals } = TALLIED_AUDIT_OPTIONS;
    let count = 0;
    for (const values of this.logAmounts.values()) {
      const sorted = Float64Array.from(values).sort();
      if (sorted.length < outlierMinimumDeals) continue;
      const q1 = quantile(sorted, 0.25);
      const q3 = quantile(sorted, 0.75);
      const iqr = q3 - q1;
      if (!(iqr > 0)) continue;
      const low = q1 - outlierIqrs * iqr;
      const high = q3 + outlierIqrs * iqr;
      for (const value of sorted) if (value < low || value > high) count++;
    }
    return count;
  }
}

/** Changes that moved the close date later. */
function pushes(changes: readonly OpportunityChange[]): number {
  let count = 0;
  for (let i = 1; i < changes.length; i++) if (changes[i]!.closeDate > changes[i - 1]!.closeDate) count++;
  return count;
}

function contradicts(outcome: Stage['outcome'], category: ForecastCategory): boolean {
  if (outcome === 'won') return category !== 'closed';
  if (outcome === 'lost') return category !== 'omitted';
  return category === 'closed';
}

/** Linear interpolation between closest ranks (R type 7), as the audit computes quartiles. */
function quantile(sorted: Float64Array, p: number): number {
  const position = (sorted.length - 1) * p;
  const below = Math.floor(position);
  const low = sorted[below]!;
  if (below + 1 >= sorted.length) return low;
  return low + (position - below) * (sorted[below + 1]! - low);
}

/**
 * Generates the demo of `options` and returns the defects it planted and what `salesops audit` (default
 * options, as of the demo's asOf, with the demo's stages and currency) must count for each rule.
 */
export function expectedAuditCounts(options: DemoOptions): {
  planted: DefectCounts;
  expected: Record<string, number>;
} {
  const tally = new AuditTally(options.asOf, options.stages, options.currency);
  const run = generateDemo(options);
  for (let step = run.next(); ; step = run.next()) {
    if (step.done) {
      const planted = step.value;
      return { planted, expected: { ...tally.result(), 'duplicate-account': planted['duplicate-account'] } };
    }
    tally.add(step.value);
  }
}
