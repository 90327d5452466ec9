import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { day, tinyDataset } from '../../test/analytics-flows/tiny-dataset.js';
import { fromDayNumber } from '../domain/dates.js';
import { InputError } from '../domain/errors.js';
import { createFxTable } from '../domain/fx.js';
import { createStageModel, DEFAULT_STAGES } from '../domain/stage-model.js';
import { corporateAmounts, OUTCOME } from './deal-facts.js';
import { dealsAsOf } from './deal-state.js';
import { dealValue, stageCodes, unknownStagesError } from './flow-basis.js';

const MODEL = createStageModel(DEFAULT_STAGES);

describe('stageCodes', () => {
  it('reads label codes met in any order through the stage model, ranking open stages then won', () => {
    // Codes as a store that met Closed Won first would number them; names matched ignoring case and spacing.
    const codes = stageCodes(['', 'Closed Won', 'proposal', 'Closed  Lost', 'Qualification'], MODEL);
    expect(Array.from(codes.outcome)).toEqual([
      OUTCOME.none,
      OUTCOME.won,
      OUTCOME.open,
      OUTCOME.lost,
      OUTCOME.open,
    ]);
    expect(Array.from(codes.progressRank)).toEqual([-1, 5, 2, -1, 0]);
    expect(codes.openStageNames).toEqual(['Qualification', 'Discovery', 'Proposal', 'Negotiation', 'Commit']);
    expect(codes.wonRank).toBe(5);
    expect(codes.name).toEqual(['', 'Closed Won', 'Proposal', 'Closed Lost', 'Qualification']);
  });

  it('refuses stages the model does not know, naming them and the fix', () => {
    const read = () => stageCodes(['', 'Discovery', 'Closed - Duplicate'], MODEL);
    expect(read).toThrow(InputError);
    expect(read).toThrow(
      'the data holds stage the stage model does not know: "Closed - Duplicate" (in the history only)',
    );
    expect(read).toThrow('add it to stages in salesops.yaml');
  });

  it('says how many deals each unknown stage holds now', () => {
    const labels = ['', 'Discovery', 'Paused', 'Closed - Duplicate'];
    expect(() => stageCodes(labels, MODEL, [2, 1, 2, 3, 1])).toThrow(
      'the data holds stages the stage model does not know: "Paused" (2 deals now), "Closed - Duplicate" (1 deal now)',
    );
    expect(unknownStagesError(['', 'Discovery', 'closed won'], MODEL)).toBeNull();
  });
});

describe('dealValue', () => {
  const config = {
    currency: 'USD',
    fxTable: createFxTable('USD', [
      { currency: 'EUR', from: '2026-01-01', rate: '0.8' },
      { currency: 'EUR', from: '2026-07-01', rate: '0.93' },
      { currency: 'JPY', from: '2026-01-01', rate: '151.7' },
    ]),
  };

  it('values each deal as corporateAmounts values every deal', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            currency: fc.constantFrom('USD', 'EUR', 'JPY'),
            amount: fc.integer({ min: 0, max: 10_000_000_000 }),
            close: fc.integer({ min: 0, max: 364 }),
          }),
          { minLength: 1, maxLength: 20 },
        ),
        (deals) => {
          const dataset = tinyDataset({
            reps: [{ name: 'Ann' }],
            deals: deals.map((deal, i) => ({
              id: `D${i}`,
              created: '2026-01-01',
              currency: deal.currency,
              changes: [
                {
                  date: '2026-01-01',
                  stage: 'Proposal',
                  amount: deal.amount,
                  close: fromDayNumber(day('2026-01-01') + deal.close),
                  owner: 'Ann',
                },
              ],
            })),
          });
          const state = dealsAsOf(dataset, day('2026-12-31'));
          const all = corporateAmounts(dataset, state, config);
          const one = dealValue(dataset, config);
          deals.forEach((_, i) => {
            expect(one(i, state.amount[i]!, state.closeDay[i]!)).toBe(all[i]);
          });
        },
      ),
      { seed: 11, numRuns: 50 },
    );
  });
});
