/**
 * A real API server on an ephemeral port over a small seeded demo workspace (24 reps on the team, 1,200 deals,
 * seed 5, as of 2026-11-27; managers REP-0001, REP-0012 and REP-0019 under the VP REP-0002), with a stored comp
 * run of FY2027-M03 and one user per role, tokens from `salesops users add` as an admin would get them. The
 * server's log lines are kept for the tests to read.
 * @module
 */
import { cpSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll } from 'vitest';
import type { IsoDate } from '../../src/domain/dates.js';
import type { ErrorBody } from '../../src/server/http-errors.js';
import { startServer, type RunningServer } from '../../src/server/server.js';
import { openWorkspace } from '../../src/workspace/workspace.js';
import { type CliRun, runCli, scratchFolder } from '../cli/run-cli.js';

export const AS_OF = '2026-11-27';
export const COMP_PERIOD = 'FY2027-M03';

/** The users the fixture adds: login, role and (managers and reps) the rep they are. */
export const USERS = {
  admin: { role: 'admin', rep: null },
  revops: { role: 'revops', rep: null },
  finance: { role: 'finance', rep: null },
  /** Manager of the inside sales and account managers team. */
  manager: { role: 'manager', rep: 'REP-0019' },
  /** An ISR of REP-0019's team with a statement in the comp run. */
  rep: { role: 'rep', rep: 'REP-0011' },
  /** Revoked by a test. */
  leaver: { role: 'rep', rep: 'REP-0021' },
} as const;
export type Login = keyof typeof USERS;

export interface ApiFixture {
  readonly server: () => RunningServer;
  readonly folder: () => string;
  readonly tokens: () => Readonly<Record<Login, string>>;
  readonly log: string[];
  /** salesops on the workspace, as of {@link AS_OF}. */
  readonly cli: (...args: string[]) => Promise<CliRun>;
  /** A request as `login` (or without a token for null); the JSON body parsed. */
  readonly call: <Body = ErrorBody>(
    login: Login | null,
    path: string,
    init?: { method?: string; body?: unknown; headers?: Record<string, string> },
  ) => Promise<{ status: number; body: Body }>;
  /** A read-only SQL query on the workspace's SQLite file: an oracle independent of the dataset. */
  readonly sql: <Row>(query: string, ...params: unknown[]) => Row[];
}

/** Creates the workspace, the users and the server before the file's tests, and removes them after. */
export function apiFixture(): ApiFixture {
  const scratch = scratchFolder();
  const folder = join(scratch.path, 'acme');
  const log: string[] = [];
  let server: RunningServer | undefined;
  const tokens: Partial<Record<Login, string>> = {};
  const cli = (...args: string[]) =>
    runCli([...args, '--workspace', folder, '--as-of', AS_OF], {
      cwd: scratch.path,
      env: { SALESOPS_USER: 'it-admin' },
    });
  const must = async (...args: string[]) => {
    const run = await cli(...args);
    if (run.code !== 0) throw new Error(`salesops ${args.join(' ')} failed: ${run.stderr}`);
    return run;
  };
  beforeAll(async () => {
    await must('init');
    await must('demo', '--reps', '24', '--opportunities', '1200', '--seed', '5');
    mkdirSync(join(scratch.path, 'plans'));
    cpSync(resolve('examples/comp'), join(scratch.path, 'plans'), { recursive: true });
    await must('comp', 'run', '--period', COMP_PERIOD, '--plans', 'plans');
    for (const [login, user] of Object.entries(USERS)) {
      const rep = user.rep === null ? [] : ['--rep', user.rep];
      tokens[login as Login] = (await must('users', 'add', login, '--role', user.role, ...rep)).stdout.trim();
    }
    server = await startServer({
      workspace: await openWorkspace(folder),
      databaseUrl: undefined,
      port: 0,
      host: '127.0.0.1',
      log: (line) => log.push(line),
      asOf: () => AS_OF as IsoDate,
      version: 'test',
    });
  }, 120_000);
  afterAll(async () => {
    await server?.close();
    scratch.remove();
  });
  const call: ApiFixture['call'] = async <Body>(
    login: Login | null,
    path: string,
    init: { method?: string; body?: unknown; headers?: Record<string, string> } = {},
  ) => {
    const headers: Record<string, string> = { ...init.headers };
    if (login !== null) headers.authorization = `Bearer ${tokens[login] ?? ''}`;
    if (init.body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${server?.url ?? ''}${path}`, {
      method: init.method ?? 'GET',
      headers,
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    });
    return { status: response.status, body: (await response.json()) as Body };
  };
  const sql = <Row>(query: string, ...params: unknown[]): Row[] => {
    const db = new Database(join(folder, 'salesops.db'), { readonly: true });
    try {
      return db.prepare(query).all(...params) as Row[];
    } finally {
      db.close();
    }
  };
  return {
    server: () => server!,
    folder: () => folder,
    tokens: () => tokens as Record<Login, string>,
    log,
    cli,
    call,
    sql,
  };
}
