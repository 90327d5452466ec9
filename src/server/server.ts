/**
 * Starts the HTTP API on a port over an open workspace (Node's http server through @hono/node-server), and stops
 * it: closing the server waits for requests in flight, then the workspace closes.
 * @module
 */
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { IsoDate } from '../domain/dates.js';
import type { Workspace } from '../workspace/workspace.js';
import { createApp } from './app.js';
import { loadDashboard } from './dashboard.js';
import { RouteWorkers } from './route-workers.js';
import { WorkspaceData } from '../services/workspace-data.js';

export interface ServeOptions {
  readonly workspace: Workspace;
  /** The PostgreSQL database the workspace was opened on, for the forecast worker to open it too. */
  readonly databaseUrl: string | undefined;
  /** 0 for any free port (tests). */
  readonly port: number;
  readonly host: string;
  readonly log: (line: string) => void;
  readonly asOf: () => IsoDate;
  readonly version: string;
}

export interface RunningServer {
  /** `http://host:port`, with the port actually bound. */
  readonly url: string;
  readonly port: number;
  /** Whether the web dashboard is served at `url` (false when dist/web is not built: `npm run build`). */
  readonly dashboard: boolean;
  /** Stops taking connections, finishes the requests in flight, stops the forecast worker, closes the workspace. */
  close(): Promise<void>;
}

export function startServer(options: ServeOptions): Promise<RunningServer> {
  const workers = new RouteWorkers({
    folder: options.workspace.folder,
    databaseUrl: options.databaseUrl,
  });
  const dashboard = loadDashboard();
  const app = createApp({ ...options, data: new WorkspaceData(options.workspace), workers, dashboard });
  return new Promise((resolve, reject) => {
    const server = serve(
      { fetch: app.fetch, port: options.port, hostname: options.host },
      (info: AddressInfo) => {
        const host = info.family === 'IPv6' ? `[${info.address}]` : info.address;
        resolve({
          url: `http://${host}:${info.port}`,
          port: info.port,
          dashboard: dashboard !== null,
          close: () =>
            new Promise<void>((done, fail) => {
              server.close((error) => (error ? fail(error) : done()));
              // Keep-alive connections with no request in flight would hold close() open.
              if ('closeIdleConnections' in server) server.closeIdleConnections();
            })
              .then(() => workers.close())
              .finally(() => options.workspace.close()),
        });
      },
    );
    server.once('error', reject);
  });
}
