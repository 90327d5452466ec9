/**
 * Forecasts off the event loop: a worker thread (src/server/forecast-worker.ts) that runs the API's forecast
 * jobs one at a time, started on the first job. Its errors come back as they were thrown: an InputError with its
 * problems (a 400), anything else an Error.
 * @module
 */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { InputError, type Problem } from '../domain/errors.js';
import type { ForecastDocument } from '../reports/sales-forecast/json.js';
import type { ForecastJob } from './forecast-job.js';

export interface WorkerData {
  readonly folder: string;
  readonly databaseUrl: string | undefined;
}

export type WorkerMessage =
  { readonly kind: 'job'; readonly id: number; readonly job: ForecastJob } | { readonly kind: 'close' };

export type WorkerAnswer =
  | { readonly id: number; readonly ok: true; readonly result: ForecastDocument }
  | {
      readonly id: number;
      readonly ok: false;
      readonly problems: readonly Problem[] | null;
      readonly message: string;
    };

/** Runs forecast jobs; the server's is {@link ForecastWorkers}. */
export interface ForecastRunner {
  run(job: ForecastJob): Promise<ForecastDocument>;
  close(): Promise<void>;
}

/** tsx's `tsx/esm/api` for `import`, from its package.json (require.resolve would give the CommonJS one). */
function tsxEsmApi(): string {
  const require = createRequire(import.meta.url);
  const manifest = require('tsx/package.json') as {
    exports: Record<string, { import: { default: string } }>;
  };
  return manifest.exports['./esm/api']!.import.default;
}

/**
 * The worker thread: the script beside this module. Run from the TypeScript source (tests, tsx), the thread
 * first registers tsx's loader, as the main thread has it; run from dist, the script is plain JavaScript.
 */
function startWorker(data: WorkerData): Worker {
  const fromSource = import.meta.url.endsWith('.ts');
  const script = new URL(`./forecast-worker.${fromSource ? 'ts' : 'js'}`, import.meta.url);
  if (!fromSource) return new Worker(script, { workerData: data });
  const tsx = new URL(tsxEsmApi(), pathToFileURL(createRequire(import.meta.url).resolve('tsx/package.json')))
    .href;
  const boot = `import(${JSON.stringify(tsx)}).then((api) => api.register()).then(() => import(${JSON.stringify(script.href)}))`;
  return new Worker(boot, { eval: true, workerData: data });
}

export class ForecastWorkers implements ForecastRunner {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly pending = new Map<
    number,
    { resolve: (result: ForecastDocument) => void; reject: (error: Error) => void }
  >();

  constructor(private readonly data: WorkerData) {}

  private started(): Worker {
    if (this.worker) return this.worker;
    const worker = startWorker(this.data);
    worker.on('message', (answer: WorkerAnswer) => {
      const job = this.pending.get(answer.id);
      this.pending.delete(answer.id);
      if (!job) return;
      if (answer.ok) job.resolve(answer.result);
      else job.reject(answer.problems ? new InputError(answer.problems) : new Error(answer.message));
    });
    // A worker that dies fails the jobs it held; the next job starts a new one.
    const fail = (error: Error) => {
      if (this.worker === worker) this.worker = undefined;
      for (const job of this.pending.values()) job.reject(error);
      this.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`the forecast worker stopped (exit code ${code})`)));
    this.worker = worker;
    return worker;
  }

  run(job: ForecastJob): Promise<ForecastDocument> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.started().postMessage({ kind: 'job', id, job } satisfies WorkerMessage);
    });
  }

  /** Lets the worker close its workspace and exit. */
  async close(): Promise<void> {
    const worker = this.worker;
    if (!worker) return;
    const exited = new Promise((resolve) => worker.once('exit', resolve));
    worker.postMessage({ kind: 'close' } satisfies WorkerMessage);
    await exited;
  }
}
