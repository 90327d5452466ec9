/** The README's Metrics section is generated from the registry; this fails when someone forgot to regenerate it. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { metricsMarkdown, replaceMetricsSection } from '../../src/analytics/metric-docs.js';
import { METRIC_IDS } from '../../src/analytics/metric-definition.js';

const readme = readFileSync(join(import.meta.dirname, '..', '..', 'README.md'), 'utf8');

describe('README Metrics section', () => {
  it('is what `npm run docs:metrics` generates from the registry', () => {
    expect(replaceMetricsSection(readme), 'README.md is stale: run `npm run docs:metrics`').toBe(readme);
  });

  it('documents every metric', () => {
    const section = metricsMarkdown();
    for (const id of METRIC_IDS) expect(section).toContain(`| \`${id}\` |`);
  });

  it('refuses a README without the markers', () => {
    expect(() => replaceMetricsSection('# salesops\n')).toThrow('README.md has no metrics section');
  });
});
