/**
 * The forecast worker thread: opens the server's workspace once (its own store connection), keeps the dataset of
 * the current data version, and answers {@link ForecastJob}s, so that a forecast's seconds of computing on a
 * large workspace do not stop the server's event loop.
 * @module
 */
import { parentPort, workerData } from 'node:worker_threads';
import { InputError } from '../domain/errors.js';
import { openWorkspace } from '../workspace/workspace.js';
import { type ForecastJob, runForecastJob } from './forecast-job.js';
import type { WorkerAnswer, WorkerData, WorkerMessage } from './forecast-workers.js';
import { WorkspaceData } from './workspace-data.js';

const { folder, databaseUrl } = workerData as WorkerData;
const port = parentPort!;
const opened = openWorkspace(folder, { databaseUrl });
// A workspace that cannot be opened fails each job with its error (the server opened it, so this is rare).
opened.catch(() => undefined);
const data = opened.then((workspace) => new WorkspaceData(workspace));

async function answer(id: number, job: ForecastJob): Promise<WorkerAnswer> {
  try {
    return { id, ok: true, result: await runForecastJob(await data, job) };
  } catch (error) {
    if (error instanceof InputError)
      return { id, ok: false, problems: error.problems, message: error.message };
    return {
      id,
      ok: false,
      problems: null,
      message: error instanceof Error ? (error.stack ?? error.message) : String(error),
    };
  }
}

port.on('message', (message: WorkerMessage) => {
  if (message.kind === 'close') {
    void opened
      .then((workspace) => workspace.close())
      .catch(() => undefined)
      .finally(() => port.close());
    return;
  }
  void answer(message.id, message.job).then((reply) => port.postMessage(reply));
});
