import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { DEFAULT_STAGES } from '../domain/stage-model.js';
import { parseConfigYaml } from './config-file.js';
import { defaultConfigYaml } from './default-config.js';

const text = defaultConfigYaml('Acme Corp');
const commentLines = (yaml: string) => yaml.split('\n').filter((line) => line.trimStart().startsWith('#'));

describe('defaultConfigYaml', () => {
  it('parses into the role defaults', () => {
    const config = parseConfigYaml(text);
    expect(config.company).toBe('Acme Corp');
    expect(config.currency).toBe('USD');
    expect(config.stages).toEqual(DEFAULT_STAGES);
    expect(config.fx.map((rate) => rate.currency)).toEqual(['EUR', 'EUR', 'GBP']);
    expect(config.fiscalYear).toEqual({ startMonth: 2, namedBy: 'end' });
    expect(config.fiscalCalendar.periodStart('FY2027')).toBe('2026-02-01');
    expect(config.fiscalCalendar.periodEnd('FY2027')).toBe('2027-01-31');
    expect(config.qualification.map((requirement) => requirement.field)).toEqual([
      'budget',
      'authority',
      'need',
      'timeline',
    ]);
    expect(config.segments).toEqual({
      fallback: 'SMB',
      rules: [
        { name: 'Enterprise', employees: { min: 1000 } },
        { name: 'Mid-Market', employees: { min: 100, max: 999 } },
        { name: 'SMB', employees: { max: 99 } },
      ],
    });
    expect(config.tiers?.map((tier) => `${tier.name} ${tier.label}: ${tier.strategy}`)).toEqual([
      'Tier 1 Strategic: High-touch, AM assigned',
      'Tier 2 Target: Inside sales, regular outreach',
      'Tier 3 Develop: Low-touch, digital nurture',
    ]);
    expect(config.database.postgresSchema).toBe('salesops');
  });

  it('explains every section in a comment above it', () => {
    const lines = text.split('\n');
    const sections = lines.filter((line) => /^[a-zA-Z]+:/.test(line)).map((line) => line.split(':')[0]);
    expect(sections).toEqual([
      'company',
      'currency',
      'fx',
      'fiscalYear',
      'stages',
      'qualification',
      'segments',
      'tiers',
      'planning',
      'database',
    ]);
    for (const section of sections) {
      const index = lines.findIndex((line) => line.startsWith(`${section}:`));
      expect(lines[index - 1], section).toMatch(/^# /);
    }
  });

  it('keeps its comments through a YAML round trip and an edit', () => {
    const document = parseDocument(text);
    expect(document.toString()).toBe(text);
    document.setIn(['company'], 'Globex');
    const edited = document.toString();
    expect(commentLines(edited)).toEqual(commentLines(text));
    expect(commentLines(text).length).toBeGreaterThan(30);
    expect(parseConfigYaml(edited).company).toBe('Globex');
  });

  it('writes any company name so that it reads back unchanged', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 40, unit: 'binary' }), (name) => {
        fc.pre(name.trim() !== '');
        expect(parseConfigYaml(defaultConfigYaml(name)).company).toBe(name.trim());
      }),
      { numRuns: 200 },
    );
  });
});
