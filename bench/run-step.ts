/**
 * Runs one bench step (bench/step.ts) in a child process of its own, so that its peak RSS is its own, and returns
 * what the step reported.
 * @module
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { StepArgs, StepName } from './steps.js';

const BENCH_DIR = dirname(fileURLToPath(import.meta.url));

export async function runStep<T>(name: StepName, args: StepArgs): Promise<T> {
  const resultPath = join(args.workspace, `result-${name}.json`);
  const child = spawn(
    process.execPath,
    [
      '--import',
      import.meta.resolve('tsx'),
      join(BENCH_DIR, 'step.ts'),
      name,
      JSON.stringify(args),
      resultPath,
    ],
    { stdio: ['ignore', 'inherit', 'inherit'] },
  );
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', resolve);
  });
  if (code !== 0) throw new Error(`bench step ${name} failed (exit code ${code})`);
  return JSON.parse(readFileSync(resultPath, 'utf8')) as T;
}
