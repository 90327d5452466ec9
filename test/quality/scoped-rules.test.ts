/**
 * The rules that compare a deal with every other (duplicate deals, amount outliers) answer a scoped audit's
 * open deals by a cheaper path (`valueDeals`, which the forecast calls): on random CRMs written through the real
 * store and random scopes, each scoped deal's finding must be the one the whole audit gives it.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { textAt, type Dataset } from '../../src/dataset/dataset.js';
import { prepareAuditInput } from '../../src/quality/audit-input.js';
import { DEFAULT_AUDIT_OPTIONS, type QualityRule } from '../../src/quality/rule.js';
import { amountOutlier } from '../../src/quality/rules/amount-rules.js';
import { duplicateOpportunity } from '../../src/quality/rules/duplicate-rules.js';
import { account, addDeal, AS_OF, baseBatch, CONFIG, datasetOf } from './audit-fixture.js';

const STAGES = ['Qualification', 'Proposal', 'Commit', 'Closed Won', 'Closed Lost'];
// Names that normalise alike ("Acme renewal" three ways) and one that does not.
const NAMES = ['Acme renewal', 'ACME Renewal.', 'acme  renewal', 'Globex expansion'];
// Mostly ordinary amounts, with zero and far outliers among them; few values, so deals repeat each other.
const AMOUNTS = [0, 1, 9_000, 10_000, 10_000, 12_000, 15_000, 20_000, 5_000_000];
// Created before the as-of date, or after it (the deal does not exist yet).
const CREATED = ['2026-01-10', '2026-03-01', '2026-05-20', '2026-07-15'];
const CLOSES = ['2026-07-31', '2026-08-31', '2026-09-30'];

const deal = fc.record({
  name: fc.constantFrom(...NAMES),
  account: fc.constantFrom('A1', 'A1', 'A2', null),
  currency: fc.constantFrom('USD', 'USD', 'EUR'),
  created: fc.constantFrom(...CREATED),
  stage: fc.constantFrom(...STAGES),
  amount: fc.constantFrom(...AMOUNTS),
  close: fc.constantFrom(...CLOSES),
  // A later change of amount and close date, before or after the as-of date.
  change: fc.option(
    fc.record({
      date: fc.constantFrom('2026-06-01', '2026-08-01'),
      amount: fc.constantFrom(...AMOUNTS),
      close: fc.constantFrom(...CLOSES),
    }),
  ),
  inScope: fc.boolean(),
});

type DealInput = typeof deal extends fc.Arbitrary<infer T> ? T : never;

async function crm(deals: readonly DealInput[]): Promise<Dataset> {
  const batch = baseBatch();
  batch.accounts.push(account('A2', 'Globex', { segment: 'Enterprise' }));
  deals.forEach((spec, index) => {
    const first = { date: spec.created, stage: spec.stage, amount: spec.amount, close: spec.close };
    const later =
      spec.change && spec.change.date > spec.created
        ? [{ date: spec.change.date, amount: spec.change.amount, close: spec.change.close }]
        : [];
    addDeal(batch, {
      id: `D${index}`,
      name: spec.name,
      account: spec.account,
      currency: spec.currency,
      states: [first, ...later],
    });
  });
  return datasetOf(batch);
}

/** The scoped open deals a rule flags: by the cheaper path, by the rule's whole check on the same input, and
 * by the whole audit's check restricted to them. */
function findings(dataset: Dataset, scope: Uint8Array, rule: QualityRule) {
  const scoped = prepareAuditInput(dataset, CONFIG, AS_OF, DEFAULT_AUDIT_OPTIONS, scope);
  const whole = prepareAuditInput(dataset, CONFIG, AS_OF, DEFAULT_AUDIT_OPTIONS);
  return {
    cheaper: Array.from(rule.valueDeals!(scoped)),
    checked: Array.from(rule.check(scoped).valueDeals),
    whole: Array.from(rule.check(whole).flagged.rows).filter((row) => scoped.open[row] === 1),
    // The cheaper path without a scope: every open deal.
    unscopedCheaper: Array.from(rule.valueDeals!(whole)),
    unscopedChecked: Array.from(rule.check(whole).valueDeals),
  };
}

describe('scoped comparison rules', () => {
  it('give each scoped open deal the finding of the whole audit', async () => {
    const flaggedSomewhere = { duplicates: 0, outliers: 0 };
    await fc.assert(
      fc.asyncProperty(fc.array(deal, { minLength: 40, maxLength: 70 }), async (deals) => {
        const dataset = await crm(deals);
        const { crmId, count } = dataset.opportunities;
        const scope = Uint8Array.from({ length: count }, (_, row) =>
          deals[Number(textAt(crmId, row).slice(1))]!.inScope ? 1 : 0,
        );
        for (const rule of [duplicateOpportunity, amountOutlier]) {
          const found = findings(dataset, scope, rule);
          expect(found.cheaper).toEqual(found.whole);
          expect(found.checked).toEqual(found.whole);
          expect(found.unscopedCheaper).toEqual(found.unscopedChecked);
          if (rule === duplicateOpportunity) flaggedSomewhere.duplicates += found.cheaper.length;
          else flaggedSomewhere.outliers += found.cheaper.length;
        }
      }),
      { seed: 20261127, numRuns: 25 },
    );
    // The random CRMs do hold scoped duplicates and outliers, so the equality above is not over empty lists.
    expect(flaggedSomewhere.duplicates).toBeGreaterThan(0);
    expect(flaggedSomewhere.outliers).toBeGreaterThan(0);
  }, 60_000);
});
