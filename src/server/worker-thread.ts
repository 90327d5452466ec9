/**
 * The route worker thread: opens the server's workspace once (its own store connection), keeps the dataset of the
 * current data version, and answers {@link RouteJob}s with the route's own handler, so that the seconds a
 * forecast, a metrics table or a waterfall computes on a large workspace do not stop the server's event loop.
 * @module
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openWorkspace } from '../workspace/workspace.js';
import { API_ROUTES } from './api.js';
import {
  failureOf,
  type RouteJob,
  type WorkerAnswer,
  type WorkerData,
  type WorkerMessage,
} from './route-workers.js';
import { WorkspaceData } from '../services/workspace-data.js';

const { folder, databaseUrl } = workerData as WorkerData;
const port = parentPort!;
const opened = openWorkspace(folder, { databaseUrl });
// A workspace that cannot be opened fails each job with its error (the server opened it, so this is rare).
opened.catch(() => undefined);
const data = opened.then((workspace) => new WorkspaceData(workspace));

const routes = new Map(API_ROUTES.map((route) => [`${route.method} ${route.path}`, route]));

async function answer(id: number, job: RouteJob): Promise<WorkerAnswer> {
  try {
    const route = routes.get(`${job.method} ${job.path}`);
    if (!route) throw new Error(`no route ${job.method} ${job.path} in the worker`);
    // The server's thread validated the query; parsing it again here gives the route its typed values.
    const result = await route.handle({
      query: route.query.parse(job.query),
      body: job.body,
      params: job.params,
      header: () => undefined,
      user: job.user,
      data: await data,
      asOf: job.asOf,
    });
    return { id, ok: true, json: JSON.stringify(result) };
  } catch (error) {
    return { id, ok: false, failure: failureOf(error) };
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
