import { beforeAll, describe, expect, it } from 'vitest';
import { namedDataset, rowsBy, totalRow } from '../../test/analytics/named-dataset.js';
import type { Dataset } from '../dataset/dataset.js';

let dataset: Dataset;
beforeAll(async () => {
  dataset = await namedDataset();
});

describe('funnel metrics, FY2026-Q3 cohort as of 2026-09-15', () => {
  // Cohort: L1 (MQL, SQL, converted to O7, open), L3 (MQL only), L4 (SQL without MQL, not converted).
  it('follows the leads created in the period through MQL, SQL, opportunity and win', () => {
    expect(
      totalRow(dataset, [
        'leads_created',
        'mql_to_sql',
        'sql_to_opportunity',
        'lead_to_win',
        'lead_days_to_convert',
      ]),
    ).toEqual({
      leads_created: 3,
      mql_to_sql: 1 / 2,
      sql_to_opportunity: 1 / 2,
      lead_to_win: 0,
      lead_days_to_convert: 3,
    });
  });

  it('splits by lead source', () => {
    expect(rowsBy(dataset, ['leads_created', 'mql_to_sql', 'sql_to_opportunity'], 'source')).toEqual({
      Inbound: { source: 'Inbound', leads_created: 2, mql_to_sql: 0.5, sql_to_opportunity: 1 },
      'SDR Outbound': { source: 'SDR Outbound', leads_created: 1, mql_to_sql: null, sql_to_opportunity: 0 },
    });
  });

  it('a cohort whose converted deal was won counts toward lead_to_win (Q2: L2 became O4, won)', () => {
    expect(
      totalRow(dataset, ['leads_created', 'lead_to_win', 'lead_days_to_convert'], { period: 'FY2026-Q2' }),
    ).toEqual({
      leads_created: 1,
      lead_to_win: 1,
      lead_days_to_convert: 11,
    });
  });

  it('sees the funnel as it stood on an earlier day', () => {
    // As of 2026-07-04, L1 was an MQL but not yet an SQL.
    expect(totalRow(dataset, ['mql_to_sql'], { asOf: '2026-07-04' }).mql_to_sql).toBe(0);
  });
});
