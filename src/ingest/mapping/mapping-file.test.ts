import { describe, expect, it } from 'vitest';
import { InputError } from '../../domain/errors.js';
import { entriesFor, parseMappingYaml } from './mapping-file.js';

function problems(text: string): string {
  try {
    parseMappingYaml(text, 'crm.yaml');
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as InputError).message;
  }
  throw new Error('expected the mapping to be refused');
}

const VALID = `source: salesforce
dateOrder: mdy
files:
  - match: "deals*.csv"
    entity: opportunities
    columns:
      Deal: name
      ID: [id, nextStep]
      Value: { field: amount, ifEmpty: listAmount, scale: 1000 }
      Notes: null
    values:
      stage:
        Won: Closed Won
      budget:
        Y: true
    constants:
      currency: EUR
  - entity: accounts
    decimalSeparator: ","
`;

describe('parseMappingYaml', () => {
  it('reads entries: columns in every form, value maps, constants, and formats from the top', () => {
    const mapping = parseMappingYaml(VALID, 'crm.yaml');
    expect(mapping.source).toBe('salesforce');
    const [deals, accounts] = mapping.entries;
    expect(deals?.overlay.columns).toEqual([
      { header: 'Deal', field: 'name' },
      { header: 'ID', field: 'id' },
      { header: 'ID', field: 'nextStep' },
      { header: 'Value', field: 'amount', ifEmpty: 'listAmount', scale: 1000 },
      { header: 'Notes', field: null },
    ]);
    expect(deals?.overlay.values).toEqual({ stage: { Won: 'Closed Won' }, budget: { Y: 'true' } });
    expect(deals?.overlay.constants).toEqual({ currency: 'EUR' });
    expect(deals?.overlay.dateOrder).toBe('mdy');
    expect(accounts?.overlay).toMatchObject({ entity: 'accounts', decimalSeparator: ',', dateOrder: 'mdy' });
    expect('currency' in (accounts?.overlay ?? {})).toBe(false);
  });

  it('locates problems at line and column: unknown keys with a guess, unknown fields, bad choices', () => {
    expect(problems('files:\n  - entity: opportunities\n    colums:\n      A: name\n')).toBe(
      'crm.yaml:3:5 files[0].colums: unknown key\n  fix: did you mean columns? (the keys allowed here are match, entity, source, sheet, delimiter, columns, values, constants, dateOrder, decimalSeparator, currency, encoding)',
    );
    expect(problems('files:\n  - entity: opportunities\n    columns:\n      Value: amont\n')).toContain(
      'crm.yaml:4:7 files[0].columns.Value: amont is not a field of opportunities',
    );
    expect(problems('dateOrder: ymd\nfiles:\n  - entity: reps\n')).toContain(
      'crm.yaml:1:1 dateOrder: must be one of dmy, mdy (got "ymd")',
    );
    expect(problems('files:\n  - columns:\n      A: name\n')).toContain(
      'crm.yaml:2:5 files[0]: says which columns to read but not which entity the file holds',
    );
    expect(problems('files: [\n')).toMatch(/^crm\.yaml:2:1: /);
    expect(problems('')).toContain('the mapping file is empty');
  });

  it('chooses the entries for a file: matching ones, else those without a match', () => {
    const mapping = parseMappingYaml(VALID, 'crm.yaml');
    expect(entriesFor(mapping, '/x/Deals-2026.CSV').map((entry) => entry.path)).toEqual(['files[0]']);
    expect(entriesFor(mapping, '/x/companies.csv').map((entry) => entry.path)).toEqual(['files[1]']);
  });
});
