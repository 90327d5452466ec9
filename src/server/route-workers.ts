/**
 * Heavy routes off the event loop: a worker thread (src/server/worker-thread.ts) that answers the requests of the
 * routes marked `offThread` (forecasts, metrics, the pipeline analyses), started on the first. An answer comes
 * back as its JSON text, serialised there, so that the server's thread only writes it. Its errors come back as
 * they were thrown: an InputError with its problems (a 400), an HttpError with its status, and anything
 * else an Error.
 * @module
 */
import type { Worker } from 'node:worker_threads';
import { startThreadScript } from '../platform/thread-script.js';
import type { IsoDate } from '../domain/dates.js';
import { InputError, type Problem } from '../domain/errors.js';
import { HttpError } from './http-errors.js';
import type { ApiUser } from './users.js';

export interface WorkerData {
  readonly folder: string;
  readonly databaseUrl: string | undefined;
}

/** One request of an `offThread` route, as plain data, so that it crosses to the worker thread as it is. */
export interface RouteJob {
  readonly method: 'get' | 'post';
  /** The route's path pattern (`/api/metrics`), which names the route. */
  readonly path: string;
  /** The query as sent, each parameter once; the worker validates it with the route's schema again. */
  readonly query: Readonly<Record<string, string>>;
  readonly body: unknown;
  readonly params: Readonly<Record<string, string>>;
  readonly user: ApiUser;
  readonly asOf: IsoDate;
}

export type WorkerMessage =
  { readonly kind: 'job'; readonly id: number; readonly job: RouteJob } | { readonly kind: 'close' };

/** How a job failed, as plain data. */
export type WorkerFailure =
  | { readonly kind: 'input'; readonly problems: readonly Problem[] }
  | {
      readonly kind: 'http';
      readonly status: HttpError['status'];
      readonly message: string;
      readonly fix: string;
      readonly where: string | null;
    }
  | { readonly kind: 'error'; readonly message: string };

export type WorkerAnswer =
  | { readonly id: number; readonly ok: true; readonly json: string }
  | { readonly id: number; readonly ok: false; readonly failure: WorkerFailure };

/** An error as it crosses back from the worker. */
export function failureOf(error: unknown): WorkerFailure {
  if (error instanceof InputError) return { kind: 'input', problems: error.problems };
  if (error instanceof HttpError) {
    const { status, message, fix, where } = error;
    return { kind: 'http', status, message, fix, where };
  }
  return { kind: 'error', message: error instanceof Error ? (error.stack ?? error.message) : String(error) };
}

/** The error a failure was, rebuilt on the server's thread. */
function errorOf(failure: WorkerFailure): Error {
  switch (failure.kind) {
    case 'input':
      return new InputError(failure.problems);
    case 'http':
      return new HttpError(failure.status, failure.message, failure.fix, failure.where);
    case 'error':
      return new Error(failure.message);
  }
}

/** Runs jobs of `offThread` routes; the server's is {@link RouteWorkers}. */
export interface RouteRunner {
  /** The route's answer as JSON text. */
  run(job: RouteJob): Promise<string>;
  close(): Promise<void>;
}

/** The worker thread: the script beside this module (src/platform/thread-script.ts: from source or dist). */
function startWorker(data: WorkerData): Worker {
  return startThreadScript(import.meta.url, 'worker-thread', data);
}

export class RouteWorkers implements RouteRunner {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly pending = new Map<
    number,
    { resolve: (json: string) => void; reject: (error: Error) => void }
  >();

  constructor(private readonly data: WorkerData) {}

  private started(): Worker {
    if (this.worker) return this.worker;
    const worker = startWorker(this.data);
    worker.on('message', (answer: WorkerAnswer) => {
      const job = this.pending.get(answer.id);
      this.pending.delete(answer.id);
      if (!job) return;
      if (answer.ok) job.resolve(answer.json);
      else job.reject(errorOf(answer.failure));
    });
    // A worker that dies fails the jobs it held; the next job starts a new one.
    const fail = (error: Error) => {
      if (this.worker === worker) this.worker = undefined;
      for (const job of this.pending.values()) job.reject(error);
      this.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`the route worker stopped (exit code ${code})`)));
    this.worker = worker;
    return worker;
  }

  run(job: RouteJob): Promise<string> {
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
