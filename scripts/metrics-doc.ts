/**
 * `npm run docs:metrics`: rewrites the "Metrics" section of README.md (between its markers) from the metric
 * registry. `--check` only reports whether it is up to date (exit code 1 when stale), for CI.
 * @module
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { replaceMetricsSection } from '../src/analytics/metric-docs.js';

const readmePath = join(dirname(fileURLToPath(import.meta.url)), '..', 'README.md');
const readme = readFileSync(readmePath, 'utf8');
const updated = replaceMetricsSection(readme);
if (process.argv.includes('--check')) {
  if (updated !== readme) {
    process.stderr.write('README.md: the Metrics section is stale; run `npm run docs:metrics`\n');
    process.exitCode = 1;
  }
} else if (updated !== readme) {
  writeFileSync(readmePath, updated);
  process.stdout.write('README.md: Metrics section rewritten from the registry\n');
} else {
  process.stdout.write('README.md: Metrics section already up to date\n');
}
