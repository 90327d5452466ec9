/**
 * Runs one bench step in this (child) process: `step.ts <name> <args as JSON> <result file>`. Writes the
 * step's result, with this process's peak RSS, as JSON to the result file.
 * @module
 */
import { writeFileSync } from 'node:fs';
import { STEPS, type StepName } from './steps.js';

const [name, argsJson, resultPath] = process.argv.slice(2);
if (!name || !(name in STEPS) || !argsJson || !resultPath) {
  throw new Error(`usage: step.ts <${Object.keys(STEPS).join('|')}> <args JSON> <result file>`);
}
const step = STEPS[name as StepName] as (args: unknown) => Promise<Record<string, unknown>>;
const result = await step(JSON.parse(argsJson));
// maxRSS is in kilobytes.
writeFileSync(resultPath, JSON.stringify({ ...result, peakRssMb: process.resourceUsage().maxRSS / 1024 }));
