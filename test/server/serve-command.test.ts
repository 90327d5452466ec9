/**
 * `salesops serve` in a process of its own, as a user runs it: it says where it listens, logs each request with
 * the login and without the token, and stops cleanly on SIGTERM.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { servingLines } from '../../src/cli/commands/serve.js';
import { DASHBOARD_FOLDER } from '../../src/server/dashboard.js';
import { runCli, scratchFolder } from '../cli/run-cli.js';

const scratch = scratchFolder();
afterAll(() => scratch.remove());

describe('salesops serve', () => {
  it('serves the workspace until SIGTERM, logging requests without tokens', async () => {
    const cli = (...args: string[]) =>
      runCli([...args, '--workspace', 'acme', '--as-of', '2026-11-27'], { cwd: scratch.path });
    expect((await cli('init')).code).toBe(0);
    const token = (await cli('users', 'add', 'ops', '--role', 'admin')).stdout.trim();

    const { DATABASE_URL: _url, ...env } = process.env;
    const server = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        join(import.meta.dirname, 'cli-entry.ts'),
        'serve',
        '--port',
        '0',
        '--workspace',
        join(scratch.path, 'acme'),
      ],
      // From the repository, where `--import tsx` finds tsx.
      { cwd: join(import.meta.dirname, '..', '..'), env, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stderr = '';
    const exited = new Promise<number | null>((resolve) => server.on('exit', (code) => resolve(code)));
    const url = await new Promise<string>((resolve, reject) => {
      server.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        const match = / at (http:\/\/[\d.]+:\d+) /.exec(stderr);
        if (match) resolve(match[1]!);
      });
      void exited.then(() => reject(new Error(`serve exited before listening: ${stderr}`)));
    });
    expect(stderr).toContain(`Serving the HTTP API of ${join(scratch.path, 'acme')} at ${url}`);
    // Whether this checkout has built the dashboard decides the second line (the browser test builds it).
    const built = existsSync(join(DASHBOARD_FOLDER, 'index.html'));
    await expect
      .poll(() => stderr)
      .toContain(
        built ? `The web dashboard is at ${url}/` : 'The web dashboard is not built: `npm run build`',
      );
    const root = await fetch(`${url}/`);
    expect(root.status).toBe(built ? 200 : 404);
    await root.arrayBuffer();

    const me = await fetch(`${url}/api/me`, { headers: { authorization: `Bearer ${token}` } });
    expect(me.status).toBe(200);
    expect(await me.json()).toEqual({ login: 'ops', role: 'admin', rep: null, reps: 'all' });
    expect((await fetch(`${url}/api/status`)).status).toBe(401);

    server.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(stderr).toMatch(/^GET \/api\/me 200 [\d.]+ms ops$/m);
    expect(stderr).toMatch(/^GET \/api\/status 401 [\d.]+ms -$/m);
    expect(stderr).toContain('Stopped (SIGTERM).');
    expect(stderr).not.toContain(token);
  }, 30_000);

  it('names the dashboard’s address when it is built, and how to build it when not', () => {
    const server = { url: 'http://127.0.0.1:8080' };
    expect(servingLines('/srv/acme', { ...server, dashboard: true })).toEqual([
      'Serving the HTTP API of /srv/acme at http://127.0.0.1:8080 (Ctrl-C stops)',
      'The web dashboard is at http://127.0.0.1:8080/ (sign in with a token from salesops users add)',
    ]);
    expect(servingLines('/srv/acme', { ...server, dashboard: false })[1]).toBe(
      'The web dashboard is not built: `npm run build` in the salesops package builds it (dist/web); restart serve after',
    );
  });
});
