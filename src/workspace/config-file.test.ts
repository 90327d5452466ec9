import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError } from '../domain/errors.js';
import { loadConfigFile, parseConfigYaml } from './config-file.js';
import { defaultConfigYaml } from './default-config.js';

/** The message of the InputError that parsing `text` throws. */
function problemsOf(text: string): string {
  try {
    parseConfigYaml(text);
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as InputError).message;
  }
  throw new Error('expected the config to be rejected');
}

const lines = (...text: string[]) => text.join('\n') + '\n';

const HEAD = lines('company: Acme', 'currency: USD', '');
const STAGES = lines(
  'stages:', //                       line 4
  '  - name: Open', //                line 5
  '    probability: 0.5', //          line 6
  '  - name: Won', //                 line 7
  '    probability: 1', //            line 8
  '    outcome: won', //              line 9
  '  - name: Lost', //                line 10
  '    probability: 0', //            line 11
  '    outcome: lost', //             line 12
);

describe('parseConfigYaml', () => {
  it('reads a valid file', () => {
    const config = parseConfigYaml(HEAD + STAGES);
    expect(config.stages.map((stage) => stage.name)).toEqual(['Open', 'Won', 'Lost']);
    expect(config.currency).toBe('USD');
  });

  it('locates a bad probability at its key, with the value and a fix', () => {
    expect(problemsOf(HEAD + STAGES.replace('probability: 0.5', 'probability: 1.5'))).toBe(
      'salesops.yaml:6:5 stages[0].probability: must be between 0 and 1 (got 1.5)\n' +
        '  fix: write a fraction between 0 and 1, e.g. 0.25 for 25%',
    );
  });

  it('locates an unknown key and suggests the known one', () => {
    expect(
      problemsOf(HEAD + STAGES.replace('    outcome: lost', '    outcome: lost\n    probabilty: 0')),
    ).toBe(
      'salesops.yaml:13:5 stages[2].probabilty: unknown key\n' +
        '  fix: did you mean probability? (the keys allowed here are name, probability, outcome, forecastCategory)',
    );
    expect(problemsOf(HEAD + 'colour: red\n')).toBe(
      'salesops.yaml:4:1 colour: unknown key\n' +
        '  fix: remove it; the keys allowed here are company, currency, fx, fiscalYear, stages, qualification, ' +
        'segments, tiers, database, ltv, planning',
    );
  });

  it('locates a YAML syntax error', () => {
    expect(
      problemsOf(HEAD + lines('fx:', '  - currency: EUR', '    from: [2026-01-01', '    rate: "0.9"')),
    ).toBe(
      'salesops.yaml:7:5: Flow sequence in block collection must be sufficiently indented and end with a ]\n' +
        '  fix: check the indentation (spaces, nested settings under their key) and close every [ and {',
    );
    expect(problemsOf(lines('fiscalYear:', '  startMonth: 2', '\tnamedBy: end'))).toBe(
      'salesops.yaml:3:1: Tabs are not allowed as indentation\n  fix: indent with spaces, not tabs',
    );
    expect(problemsOf(lines('company: Acme', 'currency: USD', '', 'currency: EUR'))).toBe(
      'salesops.yaml:4:1: Map keys must be unique\n  fix: remove one of the two entries with this key',
    );
  });

  it('locates duplicate stage names at the second one', () => {
    expect(problemsOf(HEAD + STAGES.replace('name: Won', 'name: OPEN'))).toBe(
      'salesops.yaml:7:5 stages[1].name: duplicates the name of stages[0] "Open" (names are compared ignoring case)\n' +
        '  fix: rename or remove one of the two stages',
    );
  });

  it('locates a wrong type', () => {
    expect(problemsOf(HEAD + lines('fiscalYear:', '  startMonth: February'))).toBe(
      'salesops.yaml:5:3 fiscalYear.startMonth: must be a number (got "February")',
    );
    expect(problemsOf(HEAD + lines('stages: Open, Won, Lost'))).toBe(
      'salesops.yaml:4:1 stages: must be a list (lines starting with "- ") (got "Open, Won, Lost")',
    );
  });

  it('locates a missing key at the mapping that lacks it, and lists every problem in file order', () => {
    expect(
      problemsOf(lines('fiscalYear:', '  startMnth: 2', 'fx:', '  - currency: EUR', '    from: 2026-01-01')),
    ).toBe(
      [
        'salesops.yaml:1:1 company: is required',
        '  fix: add company: (see the default salesops.yaml)',
        'salesops.yaml:1:1 currency: is required',
        '  fix: add currency: (see the default salesops.yaml)',
        'salesops.yaml:1:1 fiscalYear.startMonth: is required',
        '  fix: add startMonth: (see the default salesops.yaml)',
        'salesops.yaml:2:3 fiscalYear.startMnth: unknown key',
        '  fix: did you mean startMonth? (the keys allowed here are startMonth, namedBy)',
        'salesops.yaml:4:5 fx[0].rate: is required',
        '  fix: add rate: (see the default salesops.yaml)',
      ].join('\n'),
    );
  });

  it('locates problems inside flow mappings and through aliases', () => {
    const text =
      HEAD +
      lines('segments:', '  rules:', '    - { name: Big, employees: { min: -5 } }', '  fallback: Small');
    expect(problemsOf(text)).toBe(
      'salesops.yaml:6:33 segments.rules[0].employees.min: must not be negative (got -5)',
    );
    const aliased =
      HEAD +
      STAGES.replace('  - name: Won', '  - &won { name: Open, probability: 0.5 }\n  - *won\n  - name: Won');
    expect(problemsOf(aliased)).toBe(
      [
        // The fix both share is said once, after the second.
        'salesops.yaml:7:12 stages[1].name: duplicates the name of stages[0] "Open" (names are compared ignoring case)',
        'salesops.yaml:8:5 stages[2].name: duplicates the name of stages[0] "Open" (names are compared ignoring case)',
        '  fix: rename or remove one of the two stages',
      ].join('\n'),
    );
  });

  it('names the file it was given', () => {
    expect(() => parseConfigYaml('currency: usd\n', 'ws/salesops.yaml')).toThrow(
      /^ws\/salesops\.yaml:1:1 company: is required/,
    );
  });

  it('rejects an empty file', () => {
    expect(problemsOf('# nothing yet\n')).toBe(
      'salesops.yaml: the config file is empty\n' +
        '  fix: write at least company: <name> and currency: <ISO code>, or start from the commented default',
    );
  });
});

describe('loadConfigFile', () => {
  const folder = mkdtempSync(join(tmpdir(), 'salesops-config-'));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('reads the file, with a byte-order mark', () => {
    const path = join(folder, 'salesops.yaml');
    writeFileSync(path, '\uFEFF' + defaultConfigYaml('Acme'));
    const config = loadConfigFile(path);
    expect(config.company).toBe('Acme');
  });

  it('says which file is missing', () => {
    const path = join(folder, 'missing.yaml');
    expect(() => loadConfigFile(path)).toThrow(`${path}: no workspace config file here`);
    expect(() => loadConfigFile(folder)).toThrow(`${folder}: is a folder, not a config file`);
  });

  it('locates problems in the named file', () => {
    const path = join(folder, 'bad.yaml');
    writeFileSync(path, 'company: Acme\ncurrency: EURO\n');
    expect(() => loadConfigFile(path)).toThrow(
      `${path}:2:1 currency: must be an ISO 4217 code such as USD (got "EURO")`,
    );
  });
});
