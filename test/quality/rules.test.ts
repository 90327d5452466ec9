/**
 * Each data-quality rule on a tiny CRM written through the real SQLite store, with the records it must flag
 * worked out by hand, as of 2026-06-30 (AS_OF) unless a test says otherwise.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { textAt, type Dataset } from '../../src/dataset/dataset.js';
import { isoDate } from '../../src/domain/dates.js';
import {
  amountNotPositive,
  amountOutlier,
  currencyWithoutRate,
} from '../../src/quality/rules/amount-rules.js';
import {
  closeDateImplausible,
  closeDatePast,
  closeDatePushed,
  closedDealCloseDate,
} from '../../src/quality/rules/close-date-rules.js';
import { duplicateAccount, duplicateOpportunity } from '../../src/quality/rules/duplicate-rules.js';
import { accountMissing, ownerInactive, staleDeal } from '../../src/quality/rules/engagement-rules.js';
import {
  categoryContradictsStage,
  categoryFarFromStage,
  lostWithoutReason,
  stageSkippedOrBackward,
  stageUnknown,
} from '../../src/quality/rules/stage-rules.js';
import { prepareAuditInput } from '../../src/quality/audit-input.js';
import { DEFAULT_AUDIT_OPTIONS } from '../../src/quality/rule.js';
import {
  account,
  activity,
  addDeal,
  AS_OF,
  baseBatch,
  cents,
  check,
  CONFIG,
  datasetOf,
  rep,
} from './audit-fixture.js';

describe('close-date rules', () => {
  let dataset: Dataset;
  beforeAll(async () => {
    const batch = baseBatch();
    const open = (id: string, close: string, created = '2026-01-10') =>
      addDeal(batch, { id, states: [{ date: created, close, amount: 1000 }] });
    open('PAST', '2026-06-15');
    open('DUE-TODAY', '2026-06-30');
    open('FUTURE', '2026-07-01');
    open('BEFORE-CREATED', '2025-03-01', '2026-03-01');
    open('PLACEHOLDER', '2099-12-31');
    open('AT-HORIZON', '2028-06-29'); // 2026-06-30 + 730 days
    open('PAST-HORIZON', '2028-06-30');
    open('NOT-YET-CREATED', '2026-07-20', '2026-07-10');
    // As of 2026-06-30 this deal is due 2026-06-01; the push to September happens later.
    addDeal(batch, {
      id: 'PUSHED-LATER',
      states: [
        { date: '2026-01-01', close: '2026-06-01', amount: 500 },
        { date: '2026-07-05', close: '2026-09-30' },
      ],
    });
    addDeal(batch, {
      id: 'WON-IN-FUTURE',
      states: [{ date: '2026-01-10' }, { date: '2026-06-20', stage: 'Closed Won', close: '2026-07-15' }],
    });
    addDeal(batch, {
      id: 'LOST-OK',
      states: [{ date: '2026-01-10' }, { date: '2026-05-01', stage: 'Closed Lost', close: '2026-05-01' }],
      lossReason: 'Price',
    });
    addDeal(batch, {
      id: 'LOST-BEFORE-CREATED',
      states: [{ date: '2026-01-10' }, { date: '2026-02-01', stage: 'Closed Lost', close: '2025-12-01' }],
      lossReason: 'Price',
    });
    dataset = await datasetOf(batch);
  });

  it('flags open deals due before the as-of date, read from the history as of that date', () => {
    const finding = check(dataset, closeDatePast);
    expect(finding.ids).toEqual(['PAST', 'PUSHED-LATER']);
    expect(finding.affectedValue).toBe(cents(1000 + 500));
    expect(finding.affectedOpenDeals).toBe(2);
    expect(finding.examples.map((example) => [example.id, example.value])).toEqual([
      ['PAST', 'close date 2026-06-15, 15 days before 2026-06-30'],
      ['PUSHED-LATER', 'close date 2026-06-01, 29 days before 2026-06-30'],
    ]);
  });

  it('flags open deals whose close date is before creation or beyond the horizon, not as past due', () => {
    expect(check(dataset, closeDateImplausible).ids).toEqual([
      'BEFORE-CREATED',
      'PLACEHOLDER',
      'PAST-HORIZON',
    ]);
    expect(check(dataset, closeDateImplausible, { closeHorizonDays: 731 }).ids).toEqual([
      'BEFORE-CREATED',
      'PLACEHOLDER',
    ]);
    expect(check(dataset, closeDateImplausible).examples[1]).toMatchObject({
      id: 'PLACEHOLDER',
      value: 'close date 2099-12-31 (created 2026-01-10)',
    });
  });

  it('flags won and lost deals closing after the as-of date or before they were created', () => {
    const finding = check(dataset, closedDealCloseDate);
    expect(finding.ids).toEqual(['WON-IN-FUTURE', 'LOST-BEFORE-CREATED']);
    expect(finding.affectedValue).toBe(0);
    expect(finding.examples[0]!.value).toBe('won with close date 2026-07-15 (created 2026-01-10)');
  });

  it('reads every deal as of another date', () => {
    // On 2026-06-10 the first two were not due yet; PUSHED-LATER (due 06-01) was.
    expect(check(dataset, closeDatePast, {}, isoDate('2026-06-10')).ids).toEqual(['PUSHED-LATER']);
    // On 2026-07-25 PUSHED-LATER has been pushed, and NOT-YET-CREATED exists (and is past due).
    expect(check(dataset, closeDatePast, {}, isoDate('2026-07-25')).ids).toEqual([
      'PAST',
      'DUE-TODAY',
      'FUTURE',
      'NOT-YET-CREATED',
    ]);
  });
});

describe('close-date-pushed', () => {
  let dataset: Dataset;
  beforeAll(async () => {
    const batch = baseBatch();
    addDeal(batch, {
      id: 'THREE-PUSHES',
      states: [
        { date: '2026-01-01', close: '2026-03-31' },
        { date: '2026-03-25', close: '2026-04-30' },
        { date: '2026-04-28', close: '2026-05-31' },
        { date: '2026-05-30', close: '2026-07-31' },
      ],
    });
    addDeal(batch, {
      id: 'TWO-PUSHES-ONE-PULL',
      states: [
        { date: '2026-01-01', close: '2026-03-31' },
        { date: '2026-03-25', close: '2026-05-31' },
        { date: '2026-04-01', close: '2026-04-30' },
        { date: '2026-04-28', close: '2026-08-31' },
      ],
    });
    addDeal(batch, {
      id: 'WON-AFTER-THREE',
      states: [
        { date: '2026-01-01', close: '2026-03-31' },
        { date: '2026-03-25', close: '2026-04-30' },
        { date: '2026-04-28', close: '2026-05-31' },
        { date: '2026-05-30', close: '2026-06-30' },
        { date: '2026-06-29', stage: 'Closed Won', close: '2026-06-29' },
      ],
    });
    dataset = await datasetOf(batch);
  });

  it('flags open deals pushed at least the threshold number of times', () => {
    const finding = check(dataset, closeDatePushed);
    expect(finding.ids).toEqual(['THREE-PUSHES']);
    // 30 + 31 + 61 days.
    expect(finding.examples[0]!.value).toBe('pushed 3 times, 122 days in all');
    expect(check(dataset, closeDatePushed, { pushThreshold: 2 }).ids).toEqual([
      'THREE-PUSHES',
      'TWO-PUSHES-ONE-PULL',
    ]);
    expect(check(dataset, closeDatePushed, { pushThreshold: 4 }).ids).toEqual([]);
  });
});

describe('amount rules', () => {
  let dataset: Dataset;
  beforeAll(async () => {
    const batch = baseBatch();
    batch.accounts.push(
      account('ENT', 'Big Corp', { segment: 'Enterprise' }),
      account('SMB', 'Small Shop', { segment: 'SMB' }),
    );
    addDeal(batch, { id: 'ZERO', states: [{ date: '2026-01-01', amount: 0 }] });
    addDeal(batch, { id: 'NEGATIVE', states: [{ date: '2026-01-01', amount: -500 }] });
    addDeal(batch, {
      id: 'WON-ZERO',
      states: [
        { date: '2026-01-01', amount: 0 },
        { date: '2026-02-01', stage: 'Closed Won', close: '2026-02-01' },
      ],
    });
    addDeal(batch, {
      id: 'LOST-ZERO',
      lossReason: 'Price',
      states: [
        { date: '2026-01-01', amount: 0 },
        { date: '2026-02-01', stage: 'Closed Lost', close: '2026-02-01' },
      ],
    });
    // Enterprise: 24 deals of $10,000 to $33,000 in $1,000 steps and the four below, 28 with a rate. The
    // quartiles of their logs sit at about $15,740 and $28,250 (IQR 0.585 in logs)...
    for (let k = 0; k < 24; k++) {
      addDeal(batch, {
        id: `ENT-${k}`,
        account: 'ENT',
        states: [{ date: '2026-01-01', amount: 10_000 + 1000 * k }],
      });
    }
    // ... so the fences, 3 IQR beyond, are about $2,720 and $163,000.
    addDeal(batch, { id: 'ENT-TYPO', account: 'ENT', states: [{ date: '2026-01-01', amount: 20_000_000 }] });
    addDeal(batch, { id: 'ENT-CENTS', account: 'ENT', states: [{ date: '2026-01-01', amount: 5 }] });
    addDeal(batch, { id: 'ENT-BIG', account: 'ENT', states: [{ date: '2026-01-01', amount: 150_000 }] });
    // EUR 20,000 is USD 25,000 at 0.8 EUR per USD: inside the range.
    addDeal(batch, {
      id: 'ENT-EUR',
      account: 'ENT',
      currency: 'EUR',
      states: [{ date: '2026-01-01', amount: 20_000 }],
    });
    // CHF and JPY have no rate; SMB has too few deals to judge even a $1M one.
    addDeal(batch, {
      id: 'CHF',
      account: 'ENT',
      currency: 'CHF',
      states: [{ date: '2026-01-01', amount: 9_000_000 }],
    });
    addDeal(batch, {
      id: 'JPY-WON',
      currency: 'JPY',
      states: [{ date: '2026-01-01' }, { date: '2026-03-01', stage: 'Closed Won', close: '2026-03-01' }],
    });
    for (let k = 0; k < 5; k++) {
      addDeal(batch, {
        id: `SMB-${k}`,
        account: 'SMB',
        states: [{ date: '2026-01-01', amount: k === 4 ? 1e6 : 2000 }],
      });
    }
    dataset = await datasetOf(batch);
  });

  it('flags open and won deals with a zero or negative amount, which hold no pipeline value', () => {
    const finding = check(dataset, amountNotPositive);
    expect(finding.ids).toEqual(['ZERO', 'NEGATIVE', 'WON-ZERO']);
    expect(finding.affectedOpenDeals).toBe(2);
    expect(finding.affectedValue).toBe(0);
    expect(finding.examples.map((example) => example.value)).toEqual([
      'amount $0.00',
      'amount -$500.00',
      'amount $0.00',
    ]);
  });

  it("flags amounts outside Tukey's fences on the log amounts of the segment, in the corporate currency", () => {
    const finding = check(dataset, amountOutlier);
    expect(finding.ids).toEqual(['ENT-TYPO', 'ENT-CENTS']);
    expect(finding.affectedValue).toBe(cents(20_000_000 + 5));
    // The median of the 28 is halfway (in logs) between the 14th and 15th, sqrt($22,000 x $23,000).
    expect(finding.examples[0]!.value).toBe('amount $20,000,000.00; median of Enterprise deals $22,494.44');
    // Fences 1 IQR beyond the quartiles ($8,770 and $50,700) reach the $150,000 deal too.
    expect(check(dataset, amountOutlier, { outlierIqrs: 1 }).ids).toEqual([
      'ENT-TYPO',
      'ENT-CENTS',
      'ENT-BIG',
    ]);
  });

  it('flags deals in a currency without a rate, whose value cannot be counted', () => {
    const finding = check(dataset, currencyWithoutRate);
    expect(finding.ids).toEqual(['CHF', 'JPY-WON']);
    expect(finding.affectedOpenDeals).toBe(1);
    expect(finding.affectedValue).toBe(0);
    expect(finding.examples[0]!.value).toBe('amount CHF\u00a09,000,000.00: no CHF rate on 2026-06-30');
  });
});

describe('stage rules', () => {
  let dataset: Dataset;
  beforeAll(async () => {
    const batch = baseBatch();
    const won = (id: string, category: 'closed' | 'commit') =>
      addDeal(batch, {
        id,
        states: [
          { date: '2026-01-01' },
          { date: '2026-03-01', stage: 'Closed Won', close: '2026-03-01', category },
        ],
      });
    won('WON-OK', 'closed');
    won('WON-IN-COMMIT', 'commit');
    addDeal(batch, {
      id: 'LOST-IN-PIPELINE',
      lossReason: 'Timing',
      states: [
        { date: '2026-01-01' },
        { date: '2026-03-01', stage: 'Closed Lost', close: '2026-03-01', category: 'pipeline' },
      ],
    });
    addDeal(batch, { id: 'OPEN-CLOSED', states: [{ date: '2026-01-01', category: 'closed' }] });
    addDeal(batch, { id: 'QUAL-COMMIT', states: [{ date: '2026-01-01', category: 'commit' }] });
    addDeal(batch, { id: 'QUAL-BEST', states: [{ date: '2026-01-01', category: 'best_case' }] });
    addDeal(batch, {
      id: 'COMMIT-PIPELINE',
      states: [{ date: '2026-01-01', stage: 'Commit', category: 'pipeline' }],
    });
    addDeal(batch, {
      id: 'PROPOSAL-OMITTED',
      states: [{ date: '2026-01-01', stage: 'Proposal', category: 'omitted' }],
    });
    addDeal(batch, {
      id: 'DISCOVERY-OMITTED',
      states: [{ date: '2026-01-01', stage: 'Discovery', category: 'omitted' }],
    });
    addDeal(batch, { id: 'UNKNOWN', states: [{ date: '2026-01-01', stage: 'Negotiating' }] });
    // Stage paths.
    addDeal(batch, {
      id: 'IN-ORDER',
      states: [
        { date: '2026-01-01' },
        { date: '2026-02-01', stage: 'Discovery' },
        { date: '2026-03-01', stage: 'Proposal' },
      ],
    });
    addDeal(batch, {
      id: 'SKIP',
      states: [{ date: '2026-01-01' }, { date: '2026-02-01', stage: 'Proposal' }],
    });
    addDeal(batch, {
      id: 'BACK',
      states: [
        { date: '2026-01-01', stage: 'Discovery' },
        { date: '2026-02-01', stage: 'Qualification' },
      ],
    });
    addDeal(batch, { id: 'STARTS-LATE', states: [{ date: '2026-01-01', stage: 'Proposal' }] });
    addDeal(batch, {
      id: 'CLOSES-FROM-NEGOTIATION',
      states: [
        { date: '2026-01-01', stage: 'Negotiation' },
        { date: '2026-02-01', stage: 'Closed Won', close: '2026-02-01' },
      ],
    });
    addDeal(batch, {
      id: 'BACK-AFTER-AS-OF',
      states: [
        { date: '2026-01-01', stage: 'Proposal' },
        { date: '2026-07-02', stage: 'Discovery' },
      ],
    });
    addDeal(batch, {
      id: 'LOST-NO-REASON',
      states: [{ date: '2026-01-01' }, { date: '2026-03-01', stage: 'Closed Lost', close: '2026-03-01' }],
    });
    dataset = await datasetOf(batch);
  });

  it('flags stages the stage model does not have', () => {
    const finding = check(dataset, stageUnknown);
    expect(finding.ids).toEqual(['UNKNOWN']);
    expect(finding.examples[0]!.value).toBe('stage "Negotiating"');
  });

  it('flags categories that contradict the stage outcome', () => {
    const finding = check(dataset, categoryContradictsStage);
    expect(finding.ids).toEqual(['WON-IN-COMMIT', 'LOST-IN-PIPELINE', 'OPEN-CLOSED']);
    expect(finding.examples.map((example) => example.value)).toEqual([
      'stage Qualification in category closed',
      'stage Closed Won in category commit',
      'stage Closed Lost in category pipeline',
    ]);
  });

  it('flags open deals two or more steps from the stage default category', () => {
    const finding = check(dataset, categoryFarFromStage);
    expect(finding.ids).toEqual(['QUAL-COMMIT', 'COMMIT-PIPELINE', 'PROPOSAL-OMITTED']);
    expect(finding.examples.find((example) => example.id === 'QUAL-COMMIT')!.value).toBe(
      'Qualification (default pipeline) in commit',
    );
  });

  it('flags moves back to an earlier open stage or past an open stage, up to the as-of date', () => {
    const finding = check(dataset, stageSkippedOrBackward);
    expect(finding.ids).toEqual(['SKIP', 'BACK']);
    expect(finding.examples.map((example) => example.value)).toEqual([
      'Qualification to Proposal on 2026-02-01',
      'Discovery to Qualification on 2026-02-01',
    ]);
    expect(check(dataset, stageSkippedOrBackward, {}, isoDate('2026-07-02')).ids).toEqual([
      'SKIP',
      'BACK',
      'BACK-AFTER-AS-OF',
    ]);
  });

  it('flags lost deals without a loss reason', () => {
    expect(check(dataset, lostWithoutReason).ids).toEqual(['LOST-NO-REASON']);
  });
});

describe('engagement rules', () => {
  let dataset: Dataset;
  beforeAll(async () => {
    const batch = baseBatch();
    batch.reps.push(
      rep('LEFT', { name: 'Lee Left', endDate: isoDate('2026-05-31') }),
      rep('FUTURE', { name: 'Fay Future', hireDate: isoDate('2026-08-01') }),
    );
    const deal = (id: string, created: string, more: { date: string; amount?: number }[] = []) =>
      addDeal(batch, { id, states: [{ date: created, amount: 1000 }, ...more] });
    deal('SILENT-60', '2026-05-01');
    deal('CALLED-20', '2026-05-01');
    batch.activities.push(activity('ACT-1', 'CALLED-20', '2026-06-10'));
    deal('CHANGED-30', '2026-05-01', [{ date: '2026-05-31', amount: 1200 }]);
    deal('NEW-29', '2026-06-01');
    deal('CALLED-AFTER', '2026-05-01');
    batch.activities.push(activity('ACT-2', 'CALLED-AFTER', '2026-07-02'));
    addDeal(batch, {
      id: 'LOST-SILENT',
      lossReason: 'Price',
      states: [{ date: '2026-01-01' }, { date: '2026-02-01', stage: 'Closed Lost', close: '2026-02-01' }],
    });
    addDeal(batch, { id: 'OWNED-BY-LEAVER', states: [{ date: '2026-05-01', owner: 'LEFT', amount: 700 }] });
    addDeal(batch, { id: 'OWNED-BY-NEWCOMER', states: [{ date: '2026-05-01', owner: 'FUTURE' }] });
    addDeal(batch, {
      id: 'HANDED-OVER',
      states: [
        { date: '2026-05-01', owner: 'LEFT' },
        { date: '2026-06-15', owner: 'R1' },
      ],
    });
    addDeal(batch, {
      id: 'LOST-BY-LEAVER',
      lossReason: 'Price',
      states: [
        { date: '2026-01-01', owner: 'LEFT' },
        { date: '2026-02-01', stage: 'Closed Lost', close: '2026-02-01' },
      ],
    });
    addDeal(batch, { id: 'NO-ACCOUNT', account: null, states: [{ date: '2026-06-20', amount: 300 }] });
    dataset = await datasetOf(batch);
  });

  it('flags open deals with no activity or change for the stale days or more', () => {
    const finding = check(dataset, staleDeal);
    expect(finding.ids).toEqual([
      'SILENT-60',
      'CHANGED-30',
      'CALLED-AFTER',
      'OWNED-BY-LEAVER',
      'OWNED-BY-NEWCOMER',
    ]);
    expect(finding.examples.find((example) => example.id === 'CHANGED-30')!.value).toBe(
      'nothing for 30 days (last on 2026-05-31)',
    );
    expect(check(dataset, staleDeal, { staleDays: 61 }).ids).toEqual([]);
    expect(check(dataset, staleDeal, { staleDays: 20 }).ids).toContain('CALLED-20');
  });

  it('flags open deals whose owner was not employed on the as-of date', () => {
    const finding = check(dataset, ownerInactive);
    expect(finding.ids).toEqual(['OWNED-BY-LEAVER', 'OWNED-BY-NEWCOMER']);
    expect(finding.examples.map((example) => example.value)).toEqual([
      'owner Fay Future joins on 2026-08-01',
      'owner Lee Left left on 2026-05-31',
    ]);
    // On 2026-06-10 the hand-over had not happened yet.
    expect(check(dataset, ownerInactive, {}, isoDate('2026-06-10')).ids).toEqual([
      'OWNED-BY-LEAVER',
      'OWNED-BY-NEWCOMER',
      'HANDED-OVER',
    ]);
  });

  it('flags deals without an account', () => {
    const finding = check(dataset, accountMissing);
    expect(finding.ids).toEqual(['NO-ACCOUNT']);
    expect(finding.affectedValue).toBe(cents(300));
  });
});

describe('duplicate rules', () => {
  let dataset: Dataset;
  beforeAll(async () => {
    const batch = baseBatch();
    batch.accounts = [
      account('A1', 'Acme Analytics, Inc.'),
      account('A2', 'ACME ANALYTICS LLC'),
      account('A3', 'Acme Analytcs'),
      account('A4', 'The Blue Harbor Co.'),
      account('A5', 'BlueHarbor'),
      account('A6', 'Zeta Inc'),
      account('A7', 'Zetta'),
      account('A8', 'Zürich Re'),
      account('A9', 'Zurich Re AG'),
      account('A10', 'Acme Analytics', { createdDate: isoDate('2026-08-01') }),
    ];
    addDeal(batch, { id: 'ON-A2', account: 'A2', states: [{ date: '2026-01-01', amount: 4000 }] });
    addDeal(batch, {
      id: 'ON-A3-LOST',
      account: 'A3',
      lossReason: 'Price',
      states: [{ date: '2026-01-01' }, { date: '2026-02-01', stage: 'Closed Lost', close: '2026-02-01' }],
    });
    const same = { date: '2026-02-01', amount: 5000, close: '2026-08-31' };
    addDeal(batch, { id: 'FIRST', name: 'Acme - New Business', account: 'A1', states: [same] });
    addDeal(batch, {
      id: 'COPY',
      name: 'ACME - new business',
      account: 'A1',
      states: [{ ...same, date: '2026-02-03' }],
    });
    addDeal(batch, {
      id: 'OTHER-AMOUNT',
      name: 'Acme - New Business',
      account: 'A1',
      states: [{ ...same, amount: 5001 }],
    });
    addDeal(batch, {
      id: 'IN-EUR',
      name: 'Acme - New Business',
      account: 'A1',
      currency: 'EUR',
      states: [same],
    });
    addDeal(batch, { id: 'LOOSE', name: 'Loose deal', account: null, states: [same] });
    addDeal(batch, { id: 'LOOSE-COPY', name: 'Loose Deal', account: null, states: [same] });
    addDeal(batch, {
      id: 'LATE-COPY',
      name: 'Loose deal',
      account: null,
      states: [{ ...same, date: '2026-07-01' }],
    });
    dataset = await datasetOf(batch);
  });

  it('flags accounts whose names match an earlier account, exactly or one edit apart', () => {
    const finding = check(dataset, duplicateAccount);
    expect(finding.ids).toEqual(['A2', 'A3', 'A5', 'A9']);
    expect(finding.affectedOpenDeals).toBe(1);
    expect(finding.affectedValue).toBe(cents(4000));
    expect(finding.examples.map((example) => [example.id, example.value])).toEqual([
      ['A2', 'same name as A1 "Acme Analytics, Inc."'],
      ['A3', 'similar name to A1 "Acme Analytics, Inc."'],
      ['A5', 'same name as A4 "The Blue Harbor Co."'],
      ['A9', 'same name as A8 "Zürich Re"'],
    ]);
  });

  it('flags deals repeating an earlier deal’s account, name, currency, amount and close date', () => {
    const finding = check(dataset, duplicateOpportunity);
    expect(finding.ids).toEqual(['COPY', 'LOOSE-COPY']);
    expect(finding.affectedValue).toBe(cents(10_000));
    expect(finding.examples[0]!.value).toBe('same as FIRST (closing 2026-08-31)');
    // From 2026-07-01 the late copy exists too.
    expect(check(dataset, duplicateOpportunity, {}, isoDate('2026-07-01')).ids).toEqual([
      'COPY',
      'LOOSE-COPY',
      'LATE-COPY',
    ]);
  });

  it('with a scope, counts only its deals as open, still comparing them with every deal', () => {
    const { crmId, count } = dataset.opportunities;
    const row = (id: string) =>
      Array.from({ length: count }, (_, i) => i).find((i) => textAt(crmId, i) === id)!;
    // A forecast's scope holding COPY alone: FIRST, the deal it repeats, is outside it.
    const scope = new Uint8Array(count);
    scope[row('COPY')] = 1;
    const input = prepareAuditInput(dataset, CONFIG, AS_OF, DEFAULT_AUDIT_OPTIONS, scope);
    expect(Array.from(input.open.keys()).filter((i) => input.open[i] === 1)).toEqual([row('COPY')]);
    const finding = duplicateOpportunity.check(input);
    expect(Array.from(finding.flagged.rows, (i) => textAt(crmId, i))).toEqual(['COPY', 'LOOSE-COPY']);
    expect(Array.from(finding.valueDeals)).toEqual([row('COPY')]);
    expect(finding.affectedValue).toBe(cents(5000));
  });
});
