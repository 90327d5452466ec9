/**
 * What the benches over a generated demo workspace share: their command-line options and their timer.
 * @module
 */
import { parseArgs } from 'node:util';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

export interface DemoBenchOptions {
  readonly opportunities: number;
  readonly seed: number;
  readonly repetitions: number;
  /** A workspace folder to keep (or reuse) instead of a temporary one. */
  readonly workspace: string | undefined;
  readonly keep: boolean;
}

/** `--opportunities N` (or `--quick`: 50,000), `--seed`, `--repetitions`, `--workspace`, `--keep`. */
export function parseDemoBenchOptions(defaultRepetitions: number): DemoBenchOptions {
  const { values } = parseArgs({
    options: {
      opportunities: { type: 'string', default: '1000000' },
      quick: { type: 'boolean', default: false },
      seed: { type: 'string', default: '7' },
      repetitions: { type: 'string', default: String(defaultRepetitions) },
      workspace: { type: 'string' },
      keep: { type: 'boolean', default: false },
    },
  });
  const opportunities = values.quick
    ? 50_000
    : Number(values.opportunities.replaceAll('_', '').replaceAll(',', ''));
  if (!Number.isSafeInteger(opportunities) || opportunities < 1) {
    throw new Error(`--opportunities must be a whole number >= 1 (got ${values.opportunities})`);
  }
  return {
    opportunities,
    seed: Number(values.seed),
    repetitions: Math.max(1, Number(values.repetitions)),
    workspace: values.workspace,
    keep: values.keep || values.workspace !== undefined,
  };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/**
 * A full garbage collection, so that each timed run starts from a clean heap as a `salesops` process does,
 * rather than paying for the garbage of the runs before it. Not timed.
 */
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

/**
 * Median wall time, and median CPU time of the whole process (every thread: DuckDB's workers, V8's GC), which
 * other work on a shared machine disturbs less.
 */
export interface Timed<T> {
  readonly seconds: number;
  readonly cpuSeconds: number;
  readonly result: T;
}

/** One untimed warm-up, then the median of `repetitions` timed runs (each after a full GC), in seconds. */
export async function timed<T>(repetitions: number, run: () => T | Promise<T>): Promise<Timed<T>> {
  let result = await run();
  const times: number[] = [];
  const cpuTimes: number[] = [];
  for (let i = 0; i < repetitions; i++) {
    collectGarbage();
    const start = performance.now();
    const cpuStart = process.cpuUsage();
    result = await run();
    const cpu = process.cpuUsage(cpuStart);
    times.push((performance.now() - start) / 1000);
    cpuTimes.push((cpu.user + cpu.system) / 1e6);
  }
  return { seconds: median(times), cpuSeconds: median(cpuTimes), result };
}
