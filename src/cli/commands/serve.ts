/**
 * `salesops serve`: the HTTP API over the workspace, and the web dashboard when it is built, until SIGINT or
 * SIGTERM. A log line per request goes to stderr (method, path, status, time, login; never a token).
 * @module
 */
import { Command } from 'commander';
import { InputError } from '../../domain/errors.js';
import { type RunningServer, startServer } from '../../server/server.js';
import type { CommandContext } from '../context.js';
import { parseCount, resolveAsOf } from '../io.js';

function portOption(text: string): number {
  const port = parseCount('--port', text, 0, 8080);
  if (port > 65535) {
    throw new InputError({
      message: `--port must be at most 65535 (got ${port})`,
      location: { field: '--port' },
      fix: 'pass e.g. --port 8080 (0 picks a free port)',
    });
  }
  return port;
}

/** What `serve` says once it listens: where the API is, and where the dashboard is or how to build it. */
export function servingLines(folder: string, server: Pick<RunningServer, 'url' | 'dashboard'>): string[] {
  return [
    `Serving the HTTP API of ${folder} at ${server.url} (Ctrl-C stops)`,
    server.dashboard
      ? `The web dashboard is at ${server.url}/ (sign in with a token from salesops users add)`
      : 'The web dashboard is not built: `npm run build` in the salesops package builds it (dist/web); restart serve after',
  ];
}

/** Resolves on the first SIGINT or SIGTERM. */
function stopSignal(): Promise<string> {
  return new Promise((resolve) => {
    const stop = (signal: string) => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve(signal);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

export function serveCommand(context: CommandContext): Command {
  return new Command('serve')
    .description('the HTTP API (JSON, bearer tokens from `salesops users add`), scoped by role')
    .option('--port <port>', 'the port (0: any free port)', portOption, 8080)
    .option('--host <host>', 'the address to listen on (0.0.0.0 for every interface)', '127.0.0.1')
    .addHelpText(
      'after',
      `
Every request but GET /api/health and /api/openapi.json needs Authorization: Bearer <token>. --as-of fixes the
day requests without asOf look from (default: today). docs/api.md describes the routes and roles.

Examples:
  $ salesops serve --workspace acme
  $ salesops serve --workspace acme --host 0.0.0.0 --port 9000
  $ curl -H "Authorization: Bearer $TOKEN" localhost:8080/api/me`,
    )
    .action(async (options: { port: number; host: string }, command: Command) => {
      const globals = context.globals(command);
      const workspace = await context.openWorkspace(command);
      const server = await startServer({
        workspace,
        databaseUrl: context.io.env.DATABASE_URL || undefined,
        port: options.port,
        host: options.host,
        log: (line) => context.note(line),
        asOf: () => resolveAsOf(globals, context.io),
        version: command.parent?.version() ?? '',
      }).catch(async (error: unknown) => {
        await workspace.close();
        throw error;
      });
      for (const line of servingLines(workspace.folder, server)) context.note(line);
      const signal = await stopSignal();
      await server.close();
      context.note(`Stopped (${signal}).`);
    });
}
