import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { openTable } from '../readers/open-table.js';
import { createColumnProfiler, profileColumn, type ColumnProfile } from './column-profile.js';

const fixtures = fileURLToPath(new URL('../../../test/fixtures/ingest/', import.meta.url));

describe('profileColumn', () => {
  it('finds money with its sign and separator, accounting negatives and zero dashes included', () => {
    const profile = profileColumn([' $22,050.00 ', ' $(1,901.00)', ' $-   ', '']);
    expect(profile).toMatchObject({
      kind: 'money',
      values: 3,
      nulls: 1,
      fit: 1,
      decimalSeparator: '.',
      currencySigns: ['$'],
      maxDecimals: 2,
      problems: [],
    });
  });

  it('finds European money and its comma decimals', () => {
    expect(profileColumn(['1.234,56 €', '12.500,00 €', '-980,00 €'])).toMatchObject({
      kind: 'money',
      decimalSeparator: ',',
      currencySigns: ['€'],
    });
  });

  it('calls plain numbers integers or decimals, not money', () => {
    expect(profileColumn(['28549', '40,857', '-3']).kind).toBe('integer');
    expect(profileColumn(['119373.34', '15065.74', '0.5'])).toMatchObject({
      kind: 'decimal',
      maxDecimals: 2,
    });
  });

  it('finds dates and decides their order from the whole column', () => {
    expect(profileColumn(['03/04/2026', '05/06/2026', '13/06/2026'])).toMatchObject({
      kind: 'date',
      dateOrder: 'dmy',
    });
    expect(profileColumn(['3/4/2026', '12/31/2026'])).toMatchObject({ kind: 'date', dateOrder: 'mdy' });
    expect(profileColumn(['2020-12-22T21:16:01Z', '2021-01-19T00:30:44Z'])).toMatchObject({
      kind: 'date',
      dateOrder: null,
      problems: [],
    });
    expect(profileColumn(['01.02.2026', '03.04.2026'])).toMatchObject({ kind: 'date', dateOrder: 'dmy' });
  });

  it('asks for the order of a date column nothing decides', () => {
    const profile = profileColumn(['03/04/2026', '05/06/2026']);
    expect(profile.kind).toBe('date');
    expect(profile.dateOrder).toBeNull();
    expect(profile.problems[0]?.fix).toContain('--date-order');
  });

  it('finds booleans, percentages and ids', () => {
    expect(profileColumn(['Yes', 'no', 'Y', '']).kind).toBe('boolean');
    expect(profileColumn(['1', '0', '1']).kind).toBe('boolean');
    expect(profileColumn(['25%', '12.5%', '100%']).kind).toBe('percent');
    expect(profileColumn(['0065e00000AbCdE', '0065e00000BcDeF']).kind).toBe('id');
    expect(profileColumn(['00042', '00123', '7']).kind).toBe('id');
    expect(profileColumn(['Acme', 'Globex']).kind).toBe('text');
    expect(profileColumn(['', 'NULL', '-'])).toMatchObject({ kind: 'empty', values: 0, nulls: 3, fit: 1 });
  });

  it('tolerates a few misfits and names them with their lines', () => {
    const values = [...Array.from({ length: 39 }, (_, index) => `${(index % 12) + 1}/15/2026`), 'TBD'];
    const profile = profileColumn(
      values,
      values.map((_, index) => index + 2),
    );
    expect(profile).toMatchObject({ kind: 'date', dateOrder: 'mdy', fit: 39 / 40 });
    expect(profile.exceptions).toEqual([{ line: 41, value: 'TBD' }]);
    expect(profileColumn(values, undefined, { minFit: 1 }).kind).toBe('text');
  });

  it('reports a column that mixes decimal separators', () => {
    const profile = profileColumn(['1,234.56', '1.234,56']);
    expect(profile.kind).toBe('decimal');
    expect(profile.problems[0]?.message).toBe(
      'the column mixes decimal separators: "1,234.56" has ".", "1.234,56" has ","',
    );
  });
});

async function profileFile(name: string): Promise<Record<string, ColumnProfile>> {
  const table = await openTable(join(fixtures, name));
  const profilers = table.headers.map(() => createColumnProfiler());
  for await (const row of table.rows()) {
    if (row.cells.length !== table.headers.length) continue; // footer lines
    row.cells.forEach((cell, column) => profilers[column]?.add(cell, row.line));
  }
  return Object.fromEntries(
    table.headers.map((header, column) => [header.trim(), profilers[column]!.finish()]),
  );
}

describe('profiling real exports', () => {
  it('profiles the Salesforce report export', async () => {
    const kinds = Object.fromEntries(
      Object.entries(await profileFile('salesforce-report.csv')).map(([h, p]) => [h, p.kind]),
    );
    expect(kinds).toEqual({
      'Opportunity ID': 'id',
      'Opportunity Name': 'text',
      'Account Name': 'text',
      'Amount Currency': 'text',
      Amount: 'decimal',
      'Close Date': 'date',
      Stage: 'text',
      'Probability (%)': 'integer',
      'Opportunity Owner': 'text',
      'Next Step': 'text',
      'Created Date': 'date',
    });
  });

  it('profiles the hostile apex-recipes export', async () => {
    const profiles = await profileFile('apex-recipes-opportunities.csv');
    expect(profiles['amount']).toMatchObject({ kind: 'decimal', decimalSeparator: '.', maxDecimals: 2 });
    expect(profiles['closedate']).toMatchObject({ kind: 'date', dateOrder: null, problems: [] });
    expect(profiles['description']?.kind).toBe('text');
    expect(profiles['StageName']?.kind).toBe('text');
  });

  it('profiles the European export', async () => {
    const profiles = await profileFile('european-export.csv');
    expect(profiles['Betrag']).toMatchObject({ kind: 'money', decimalSeparator: ',', currencySigns: ['€'] });
    expect(profiles['Schlusstermin']).toMatchObject({ kind: 'date', dateOrder: 'dmy' });
  });
});
