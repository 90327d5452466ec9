/** The `ltv` section of salesops.yaml, which the LTV metrics read. */
import { describe, expect, it } from 'vitest';
import { parseWorkspaceConfig } from '../../src/domain/workspace-config.js';
import { parseConfigYaml } from '../../src/workspace/config-file.js';
import { defaultConfigYaml } from '../../src/workspace/default-config.js';

const base = { company: 'Acme', currency: 'USD' };

describe('ltv in salesops.yaml', () => {
  it('is absent unless given', () => {
    expect(parseWorkspaceConfig(base).ltv).toBeNull();
  });

  it('derives the lifetime from the annual churn, and takes revenue per customer in major units', () => {
    expect(parseWorkspaceConfig({ ...base, ltv: { grossMargin: 0.8, annualChurn: 0.25 } }).ltv).toEqual({
      grossMargin: 0.8,
      lifetimeYears: 4,
      revenuePerCustomer: null,
    });
    expect(
      parseWorkspaceConfig({
        ...base,
        ltv: { grossMargin: 0.7, lifetimeYears: 6, revenuePerCustomer: 40000.5 },
      }).ltv,
    ).toEqual({ grossMargin: 0.7, lifetimeYears: 6, revenuePerCustomer: 4_000_050 });
  });

  it('needs exactly one of annualChurn and lifetimeYears, and fractions for margin and churn', () => {
    expect(() => parseWorkspaceConfig({ ...base, ltv: { grossMargin: 0.8 } })).toThrow(
      'ltv: needs annualChurn or lifetimeYears',
    );
    expect(() =>
      parseWorkspaceConfig({ ...base, ltv: { grossMargin: 0.8, annualChurn: 0.1, lifetimeYears: 5 } }),
    ).toThrow('ltv: gives both annualChurn and lifetimeYears');
    expect(() => parseWorkspaceConfig({ ...base, ltv: { grossMargin: 80, annualChurn: 0.1 } })).toThrow(
      'ltv.grossMargin: must be at most 1 (a fraction: 0.8 for 80%)',
    );
  });

  it('is in the default salesops.yaml as comments that parse once uncommented', () => {
    const text = defaultConfigYaml('Acme');
    expect(parseConfigYaml(text).ltv).toBeNull();
    const uncommented = text.replace(/^# ltv:\n# {2}(.*)\n# {2}(.*)\n# {2}(.*)\n/m, 'ltv:\n $1\n $2\n $3\n');
    expect(uncommented).not.toBe(text);
    expect(parseConfigYaml(uncommented).ltv).toEqual({
      grossMargin: 0.8,
      lifetimeYears: 1 / 0.15,
      revenuePerCustomer: 4_000_000,
    });
  });
});
