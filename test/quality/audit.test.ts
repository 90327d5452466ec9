/**
 * The audit as a whole on a tiny CRM: every rule reported in registry order, the quality score by its stated
 * formula, and the open pipeline value in doubt, all worked out by hand.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Dataset } from '../../src/dataset/dataset.js';
import { emptyBatch } from '../../src/domain/entities.js';
import { InputError } from '../../src/domain/errors.js';
import { QUALITY_RULE_IDS } from '../../src/quality/rules.js';
import { addDeal, audit, baseBatch, cents, datasetOf } from './audit-fixture.js';

describe('runAudit', () => {
  let dataset: Dataset;
  beforeAll(async () => {
    const batch = baseBatch();
    const recent = { date: '2026-06-20', close: '2026-09-30' };
    // An error (zero amount), a warning (no account), an info (lost without a reason) and two clean deals,
    // one of them in EUR (EUR 800 is $1,000 at 0.8 EUR per USD).
    addDeal(batch, { id: 'ERROR', states: [{ ...recent, amount: 0 }] });
    addDeal(batch, { id: 'WARNING', account: null, states: [{ ...recent, amount: 2000 }] });
    addDeal(batch, {
      id: 'INFO',
      states: [
        { ...recent, amount: 3000 },
        { date: '2026-06-25', stage: 'Closed Lost', close: '2026-06-25' },
      ],
    });
    addDeal(batch, { id: 'CLEAN', states: [{ ...recent, amount: 8000 }] });
    addDeal(batch, { id: 'EURO', currency: 'EUR', states: [{ ...recent, amount: 800 }] });
    dataset = await datasetOf(batch);
  });

  it('reports every rule of the registry, in its order, with counts', () => {
    const report = audit(dataset);
    expect(report.rules.map((rule) => rule.id)).toEqual(QUALITY_RULE_IDS);
    const flagged = report.rules.filter((rule) => rule.count > 0).map((rule) => [rule.id, rule.count]);
    expect(flagged).toEqual([
      ['amount-not-positive', 1],
      ['lost-without-reason', 1],
      ['account-missing', 1],
    ]);
    expect(report.rules.find((rule) => rule.id === 'stale-deal')!.description).toContain('30 days or more');
  });

  it('scores 100 x (1 - weighted share of flagged records)', () => {
    const report = audit(dataset);
    // 5 deals and 1 account; weights error 1 + warning 0.5 + info 0.1 = 1.6; 100 x (1 - 1.6 / 6) = 73.33.
    expect(report.records).toEqual({
      opportunities: 5,
      accounts: 1,
      flagged: { error: 1, warning: 1, info: 1 },
    });
    expect(report.score).toBe(73.3);
    expect(report.scoreFormula).toContain('error 1, warning 0.5, info 0.1');
  });

  it('sums the open pipeline and the part of it the flagged deals hold', () => {
    const { openPipeline } = audit(dataset);
    // ERROR's zero amount is not pipeline: out of the count as of the value (WARNING, CLEAN, EURO remain).
    expect(openPipeline).toEqual({
      deals: 3,
      value: cents(2000 + 8000 + 1000),
      affectedDeals: 1,
      affectedValue: cents(2000),
      affectedShare: 2000 / 11_000,
      unconvertedDeals: 0,
    });
  });

  it('scores an empty workspace 100 and refuses impossible options', async () => {
    const empty = await datasetOf(emptyBatch());
    expect(audit(empty).score).toBe(100);
    expect(() => audit(dataset, { staleDays: 0 })).toThrow(InputError);
    expect(() => audit(dataset, { outlierIqrs: -1, pushThreshold: 1.5 })).toThrow(
      /pushThreshold must be a whole number >= 1 \(got 1.5\)[\s\S]*outlierIqrs must be greater than 0/,
    );
  });
});
