import { describe, expect, it } from 'vitest';
import { isoDate } from './dates.js';
import { InputError } from './errors.js';
import { minorUnits } from './money.js';
import { DEFAULT_STAGES } from './stage-model.js';
import {
  formatConfigPath,
  parseWorkspaceConfig,
  validateWorkspaceConfig,
  type ConfigIssue,
} from './workspace-config.js';

const minimal = { company: 'Acme', currency: 'USD' };

/** The issues of an invalid config, as `path: message [fix]` lines. */
function issues(input: unknown): string[] {
  const result = validateWorkspaceConfig(input);
  if (result.ok) throw new Error('expected the config to be invalid');
  return result.issues.map(
    (issue: ConfigIssue) =>
      `${formatConfigPath(issue.path)}: ${issue.message}${issue.fix ? ` [${issue.fix}]` : ''}`,
  );
}

describe('defaults', () => {
  it('fills every optional section', () => {
    const config = parseWorkspaceConfig(minimal);
    expect(config.company).toBe('Acme');
    expect(config.fx).toEqual([]);
    expect(config.fiscalYear).toEqual({ startMonth: 1, namedBy: 'end' });
    expect(config.stages).toEqual(DEFAULT_STAGES);
    expect(config.qualification).toEqual([]);
    expect(config.segments).toBeNull();
    expect(config.tiers).toEqual([]);
    expect(config.database).toEqual({ postgresSchema: 'salesops' });
  });

  it('builds the stage model, fiscal calendar and FX table', () => {
    const config = parseWorkspaceConfig({
      ...minimal,
      fx: [{ currency: 'EUR', from: '2026-01-01', rate: 0.92 }],
      fiscalYear: { startMonth: 2 },
    });
    expect(config.stageModel.indexOf('commit')).toBe(4);
    expect(config.fiscalCalendar.periodStart('FY2027')).toBe('2026-02-01');
    expect(config.fxTable.toCorporate(minorUnits(10000), 'EUR', isoDate('2026-03-01'))).toBe(10870);
    expect(config.fx).toEqual([{ currency: 'EUR', from: '2026-01-01', rate: '0.92' }]);
  });

  it('derives forecast category and outcome of a stage when left out', () => {
    const config = parseWorkspaceConfig({
      ...minimal,
      stages: [
        { name: 'Open', probability: 0.3 },
        { name: 'Won', probability: 1, outcome: 'won' },
        { name: 'Lost', probability: 0, outcome: 'lost' },
      ],
    });
    expect(config.stages.map((stage) => `${stage.outcome}/${stage.forecastCategory}`)).toEqual([
      'open/pipeline',
      'won/closed',
      'lost/omitted',
    ]);
  });
});

describe('sections', () => {
  it('turns amounts into minor units of the corporate currency', () => {
    const segments = {
      rules: [{ name: 'Enterprise', annualRevenue: { min: 50000000.5 }, regions: ['EMEA'] }],
      fallback: 'Other',
    };
    const tiers = [{ name: 'Big', minPotential: 100000 }, { name: 'Rest' }];
    const usd = parseWorkspaceConfig({ ...minimal, segments, tiers });
    expect(usd.segments).toEqual({
      fallback: 'Other',
      rules: [{ name: 'Enterprise', annualRevenue: { min: 5000000050 }, regions: ['EMEA'] }],
    });
    expect(usd.tiers?.map((tier) => tier.rule)).toEqual([
      { kind: 'minPotential', minPotential: 10000000 },
      { kind: 'rest' },
    ]);
    const yen = parseWorkspaceConfig({ ...minimal, currency: 'JPY', tiers });
    expect(yen.tiers?.[0]?.rule).toEqual({ kind: 'minPotential', minPotential: 100000 });
    expect(issues({ ...minimal, currency: 'JPY', segments })).toEqual([
      'segments.rules[0].annualRevenue.min: "50000000.5" has more decimal places than JPY has (0) [round it to 0 decimal places]',
    ]);
  });

  it('names qualification stages as the stage model writes them', () => {
    const config = parseWorkspaceConfig({
      ...minimal,
      qualification: [{ field: 'budget', requiredFromStage: 'discovery' }],
    });
    expect(config.qualification).toEqual([
      { field: 'budget', label: 'Budget', requiredFromStage: 'Discovery' },
    ]);
  });

  it('reads tier share rules, labels and strategies', () => {
    const config = parseWorkspaceConfig({
      ...minimal,
      tiers: [
        { name: 'Tier 1', label: 'Strategic', share: 0.1, strategy: 'High-touch' },
        { name: 'Tier 2', share: 0.3 },
        { name: 'Tier 3' },
      ],
    });
    expect(config.tiers).toEqual([
      { name: 'Tier 1', label: 'Strategic', strategy: 'High-touch', rule: { kind: 'share', share: 0.1 } },
      { name: 'Tier 2', label: null, strategy: '', rule: { kind: 'share', share: 0.3 } },
      { name: 'Tier 3', label: null, strategy: '', rule: { kind: 'rest' } },
    ]);
  });
});

describe('problems', () => {
  it('reports wrong types, missing keys, unknown keys and bad values in salesops words', () => {
    expect(
      issues({
        company: 'Acme',
        currency: 'usd',
        fiscalYear: { startMonth: '2', namedBy: 'End', statMonth: 2 },
        database: { postgresSchema: 'Sales-Ops' },
        colour: 'red',
      }),
    ).toEqual([
      'currency: must be an ISO 4217 code such as USD (got "usd") [write three capital letters, such as USD, EUR or JPY]',
      'fiscalYear.startMonth: must be a number (got "2") [remove the quotes around the number]',
      'fiscalYear.namedBy: must be one of start, end (got "End") [did you mean end?]',
      'fiscalYear.statMonth: unknown key [did you mean startMonth? (the keys allowed here are startMonth, namedBy)]',
      'database.postgresSchema: must be a lower-case SQL name (letters, digits, _), at most 63 long (got "Sales-Ops")',
      'colour: unknown key [remove it; the keys allowed here are company, currency, fx, fiscalYear, stages, qualification, segments, tiers, database, ltv, planning]',
    ]);
  });

  it('reports a wrong currency once, at its key, not again at each amount read in it', () => {
    expect(
      issues({
        ...minimal,
        currency: 'usdd',
        tiers: [{ name: 'A', minPotential: 100_000 }, { name: 'B' }],
        ltv: { revenuePerCustomer: 12_000, grossMargin: 0.7, lifetimeYears: 5 },
        planning: { potential: { seatsPerEmployee: 0.5, pricePerSeat: 1_200 } },
      }),
    ).toEqual([
      'currency: must be an ISO 4217 code such as USD (got "usdd") [write three capital letters, such as USD, EUR or JPY]',
    ]);
  });

  it('reports stage model problems at the stage', () => {
    const stages = DEFAULT_STAGES.map((stage) => ({ ...stage }));
    stages[3] = { ...stages[3]!, probability: 1.5 };
    stages[4] = { ...stages[4]!, name: 'proposal' };
    expect(issues({ ...minimal, stages })).toEqual([
      'stages[3].probability: must be between 0 and 1 (got 1.5) [write a fraction between 0 and 1, e.g. 0.25 for 25%]',
      'stages[4].name: duplicates the name of stages[2] "Proposal" (names are compared ignoring case) [rename or remove one of the two stages]',
    ]);
  });

  it('checks references between sections', () => {
    expect(
      issues({
        ...minimal,
        fx: [{ currency: 'USD', from: '2026-01-01', rate: '1.1' }],
        qualification: [
          { field: 'need', requiredFromStage: 'Demo' },
          { field: 'need', requiredFromStage: 'Proposal' },
        ],
      }),
    ).toEqual([
      'fx[0].rate: the corporate currency USD always has rate 1 (got "1.1") [remove this entry; rates of other currencies are given per 1 USD]',
      'qualification[0].requiredFromStage: is not a stage of this workspace (got "Demo") [use one of: Qualification, Discovery, Proposal, Negotiation, Commit, Closed Won, Closed Lost]',
      'qualification[1].field: lists need a second time [keep one entry]',
    ]);
  });

  it('checks segment rules', () => {
    expect(
      issues({
        ...minimal,
        segments: {
          rules: [
            { name: 'Mid', employees: { min: 1000, max: 100 } },
            { name: 'mid', regions: [] },
            { name: 'Any' },
          ],
          fallback: 'SMB',
        },
      }),
    ).toEqual([
      'segments.rules[0].employees: min must not be greater than max',
      'segments.rules[1].regions: must list at least one region (got an empty list)',
      'segments.rules[1].name: repeats the name "Mid" of an earlier entry (ignoring case) [rename one of them]',
      'segments.rules[2]: has no condition [give employees, annualRevenue or regions; accounts that match no rule go to fallback]',
    ]);
  });

  it('checks tier rules', () => {
    expect(
      issues({
        ...minimal,
        tiers: [
          { name: 'A', share: 0.6 },
          { name: 'B', minPotential: 10 },
          { name: 'C', share: 0.5 },
          { name: 'D', share: 0.1 },
        ],
      }),
    ).toEqual([
      "tiers[1].minPotential: is a different kind of rule from the first tier's share [use share]",
      'tiers[3].share: the last tier takes every remaining account, so it has no rule [remove it]',
      'tiers: the shares add up to 1.1, leaving no accounts for the last tier [make them sum below 1]',
    ]);
    expect(
      issues({ ...minimal, tiers: [{ name: 'A', share: 0.7 }, { name: 'B', share: 0.3 }, { name: 'C' }] }),
    ).toEqual([
      'tiers: the shares add up to 1, leaving no accounts for the last tier [make them sum below 1]',
    ]);
    expect(
      issues({
        ...minimal,
        tiers: [{ name: 'A', minPotential: 10 }, { name: 'B', minPotential: 20 }, { name: 'C' }],
      }),
    ).toEqual([
      "tiers[1].minPotential: must be below the tier above's minPotential 10 (got 20) [order tiers from the highest threshold down]",
    ]);
  });

  it('parseWorkspaceConfig throws one InputError with the fields', () => {
    expect(() => parseWorkspaceConfig({ ...minimal, currency: 'usd', extra: 1 })).toThrow(InputError);
    expect(() => parseWorkspaceConfig({ ...minimal, currency: 'usd' })).toThrow(
      'currency: must be an ISO 4217 code such as USD (got "usd")',
    );
    expect(() => parseWorkspaceConfig(null)).toThrow('must be a mapping (key: value lines) (got nothing)');
  });
});

describe('formatConfigPath', () => {
  it('writes paths as in the file', () => {
    expect(formatConfigPath(['stages', 3, 'probability'])).toBe('stages[3].probability');
    expect(formatConfigPath(['segments', 'rules', 0])).toBe('segments.rules[0]');
    expect(formatConfigPath([])).toBe('');
  });
});
