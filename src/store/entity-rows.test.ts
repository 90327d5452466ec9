import { describe, expect, it } from 'vitest';
import { isoDate } from '../domain/dates.js';
import { InputError } from '../domain/errors.js';
import type { MinorUnits } from '../domain/money.js';
import { DayEncoder } from './encode.js';
import { RowEncoder } from './entity-rows.js';
import { HistoryColumns } from './history.js';
import { LabelDictionary } from './label-dictionary.js';
import { columnsOf, ID_TABLES, type IdTable, type TableName } from './schema.js';

const ids = Object.fromEntries(
  ID_TABLES.map((table) => [table, new Map([[`${table}-1`, 1]])]),
) as unknown as Record<IdTable, Map<string, number>>;
const encoder = () => new RowEncoder(ids, new LabelDictionary([]), new DayEncoder());
const money = (value: number) => value as MinorUnits;

/** Row objects must list their properties in column order: the writer sends `Object.values(row)`. */
function expectColumnOrder(table: TableName, row: object): void {
  expect(Object.keys(row)).toEqual(columnsOf(table));
}

describe('RowEncoder', () => {
  it('produces rows in the column order of each table', () => {
    const rows = encoder();
    const state = { stage: 'Discovery', amount: money(5), closeDate: isoDate('2025-03-01') };
    const current = new HistoryColumns();
    current.push(1, 20_000, 0, 1, 5, 20_100, 1, 1);
    expectColumnOrder(
      'reps',
      rows.rep(
        {
          id: 'reps-1',
          name: 'A',
          email: null,
          role: 'ae',
          managerId: 'reps-1',
          team: 'T',
          segment: null,
          region: null,
          hireDate: null,
          endDate: null,
        },
        { list: 'reps', index: 0 },
      ),
    );
    expectColumnOrder(
      'accounts',
      rows.account(
        {
          id: 'accounts-1',
          name: 'A',
          industry: null,
          employees: null,
          annualRevenue: null,
          region: null,
          country: null,
          segment: null,
          tier: null,
          potential: null,
          ownerId: null,
          territoryId: 'territories-1',
          parentId: null,
          createdDate: null,
        },
        { list: 'accounts', index: 0 },
      ),
    );
    expectColumnOrder(
      'territories',
      rows.territory({
        id: 'territories-1',
        name: 'T',
        ownerId: null,
        parentId: null,
        segment: null,
        region: null,
      }),
    );
    expectColumnOrder(
      'opportunities',
      rows.opportunity(
        {
          id: 'opportunities-1',
          name: 'O',
          accountId: null,
          currency: 'USD',
          type: null,
          source: null,
          createdDate: isoDate('2025-01-01'),
          listAmount: null,
          competitor: null,
          lossReason: null,
          nextStep: null,
          qualification: { budget: null, authority: null, need: null, timeline: null },
          ...state,
          forecastCategory: 'pipeline',
          ownerId: 'reps-1',
        },
        { list: 'opportunities', index: 0 },
        current,
        0,
      ),
    );
    expectColumnOrder(
      'activities',
      rows.activity(
        {
          id: 'activities-1',
          type: 'call',
          date: isoDate('2025-01-02'),
          repId: 'reps-1',
          opportunityId: null,
          accountId: null,
          leadId: 'leads-1',
        },
        { list: 'activities', index: 0 },
      ),
    );
    expectColumnOrder(
      'leads',
      rows.lead(
        {
          id: 'leads-1',
          createdDate: isoDate('2025-01-01'),
          source: null,
          status: 'new',
          mqlDate: null,
          sqlDate: null,
          convertedDate: null,
          convertedOpportunityId: null,
          convertedAccountId: null,
          ownerId: null,
          segment: null,
          region: null,
        },
        { list: 'leads', index: 0 },
      ),
    );
    expectColumnOrder(
      'quotas',
      rows.quota(
        { ownerKind: 'rep', ownerId: 'reps-1', period: 'FY2025', amount: money(1) },
        { list: 'quotas', index: 0 },
      ),
    );
    expectColumnOrder(
      'costs',
      rows.cost({ period: 'FY2025', category: 'sales', amount: money(1) }, { list: 'costs', index: 0 }),
    );
  });

  it('keys a quota by its rep id or its team code', () => {
    const rows = encoder();
    expect(
      rows.quota(
        { ownerKind: 'team', ownerId: 'East', period: 'FY2025', amount: money(9) },
        { list: 'quotas', index: 0 },
      ),
    ).toEqual({ owner_kind: 'team', rep_id: null, team_code: 1, period: 'FY2025', amount: 9, owner_ref: 1 });
  });

  it('encodes BANT answers as 1, 0 or null and dates as day numbers', () => {
    const current = new HistoryColumns();
    current.push(1, 20_000, 0, 1, 5, 20_100, 1, 1);
    const row = encoder().opportunity(
      {
        id: 'opportunities-1',
        name: 'O',
        accountId: 'accounts-1',
        currency: 'USD',
        type: 'renewal',
        source: null,
        createdDate: isoDate('1970-01-11'),
        listAmount: null,
        competitor: null,
        lossReason: null,
        nextStep: null,
        qualification: { budget: true, authority: false, need: null, timeline: true },
        stage: 'x',
        amount: money(5),
        closeDate: isoDate('2025-01-01'),
        forecastCategory: 'pipeline',
        ownerId: 'reps-1',
      },
      { list: 'opportunities', index: 0 },
      current,
      0,
    );
    expect(row).toMatchObject({
      account_id: 1,
      created_day: 10,
      bant_budget: 1,
      bant_authority: 0,
      bant_need: null,
    });
    expect(row).toMatchObject({ bant_timeline: 1, state_from: 20_000, state_sequence: 0 });
  });

  it('refuses an impossible date, a fractional amount and a negative sequence, naming the field', () => {
    const rows = encoder();
    const lead = {
      id: 'leads-1',
      createdDate: isoDate('2025-01-01'),
      source: null,
      status: 'new' as const,
      mqlDate: '2025-02-29' as never,
      sqlDate: null,
      convertedDate: null,
      convertedOpportunityId: null,
      convertedAccountId: null,
      ownerId: null,
      segment: null,
      region: null,
    };
    expect(() => rows.lead(lead, { list: 'leads', index: 4, id: 'leads-1' })).toThrow(InputError);
    expect(() => rows.lead(lead, { list: 'leads', index: 4, id: 'leads-1' })).toThrow(
      'leads[4].mqlDate: lead "leads-1": "2025-02-29" is not a date',
    );
    expect(() =>
      rows.cost({ period: 'FY2025', category: 'sales', amount: money(1.5) }, { list: 'costs', index: 0 }),
    ).toThrow('costs[0].amount');
    const change = {
      opportunityId: 'opportunities-1',
      date: isoDate('2025-01-01'),
      sequence: -1,
      stage: 'x',
      amount: money(1),
      closeDate: isoDate('2025-01-01'),
      forecastCategory: 'pipeline' as const,
      ownerId: 'reps-1',
    };
    expect(() => rows.pushChange(new HistoryColumns(), change, 2)).toThrow('opportunityChanges[2].sequence');
  });
});
