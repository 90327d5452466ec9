/**
 * CPU time per thread as the kernel counts it (Linux), for the tests that check which thread computes: unlike
 * wall-clock time or event-loop utilisation, a thread's CPU time does not grow while other processes hold the
 * cores, so it gives the same answer under any load.
 * @module
 */
import { existsSync, readFileSync } from 'node:fs';

const SCHEDSTAT = '/proc/thread-self/schedstat';

interface ThreadUsage {
  readonly userCpuSeconds: number;
  readonly kernelCpuSeconds: number;
}

interface Report {
  readonly workers: readonly { readonly uvthreadResourceUsage?: ThreadUsage }[];
}

/** Whether this system gives a thread's own CPU time, this one's and the worker threads'. */
export const THREAD_CPU_COUNTED = existsSync(SCHEDSTAT);

/** The CPU time this thread has run, in milliseconds (schedstat's first field: nanoseconds on a CPU). */
export function threadCpuMs(): number {
  return Number(readFileSync(SCHEDSTAT, 'utf8').split(' ')[0]) / 1e6;
}

/**
 * The CPU time this process's worker threads have run, in milliseconds: from Node's diagnostic report, whose
 * section of each worker that worker writes itself, with its own thread's resource usage.
 */
export function workerThreadsCpuMs(): number {
  const report = process.report.getReport() as unknown as Report;
  return report.workers
    .map(({ uvthreadResourceUsage: usage }) => (usage ? usage.userCpuSeconds + usage.kernelCpuSeconds : 0))
    .reduce((sum, seconds) => sum + seconds * 1000, 0);
}
