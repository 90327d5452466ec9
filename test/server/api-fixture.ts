/**
 * A real API server on an ephemeral port over a small seeded demo workspace (24 reps on the team, 1,200 deals,
 * seed 5, as of 2026-11-27; managers REP-0001, REP-0012 and REP-0019 under the VP REP-0002), with a stored comp
 * run of FY2027-M03 and one user per role, tokens from `salesops users add` as an admin would get them. The
 * server's log lines are kept for the tests to read. On the embedded SQLite file, or on PostgreSQL in a schema of
 * its own, dropped after the tests.
 * @module
 */
import { randomBytes } from 'node:crypto';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
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
  /** salesops on the workspace, as of another day. */
  readonly cliOn: (day: string, ...args: string[]) => Promise<CliRun>;
  /** A request as `login` (or without a token for null); the JSON body parsed. */
  readonly call: <Body = ErrorBody>(
    login: Login | null,
    path: string,
    init?: { method?: string; body?: unknown; headers?: Record<string, string> },
  ) => Promise<{ status: number; body: Body }>;
  /** A read-only SQL query on the workspace's SQLite file (not on PostgreSQL): an oracle independent of the dataset. */
  readonly sql: <Row>(query: string, ...params: unknown[]) => Row[];
}

/** The PostgreSQL server the tests may use: SALESOPS_TEST_PG_URL, or a local default. */
export const POSTGRES_URL = process.env.SALESOPS_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/**
 * Whether {@link POSTGRES_URL} answers, as the store's contract suite finds out; unreachable with
 * SALESOPS_REQUIRE_PG set (as .ci/run sets it) is an error rather than a skip.
 */
export async function postgresReachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 1500 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    if (process.env.SALESOPS_REQUIRE_PG) throw new Error(`PostgreSQL at ${POSTGRES_URL} does not answer`);
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function dropSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  await client.connect();
  try {
    await client.query(`drop schema if exists ${schema} cascade`);
  } finally {
    await client.end();
  }
}

/**
 * Creates the workspace, the users and the server before the file's tests, and removes them after. With
 * `postgres`, the workspace keeps its data in PostgreSQL ({@link POSTGRES_URL}) in a schema of its own.
 */
export function apiFixture(options: { readonly postgres?: boolean } = {}): ApiFixture {
  const scratch = scratchFolder();
  const folder = join(scratch.path, 'acme');
  const log: string[] = [];
  let server: RunningServer | undefined;
  const tokens: Partial<Record<Login, string>> = {};
  const databaseUrl = options.postgres ? POSTGRES_URL : undefined;
  const schema = `salesops_api_test_${randomBytes(6).toString('hex')}`;
  const run = (args: readonly string[], env: Record<string, string>, day = AS_OF) =>
    runCli([...args, '--workspace', folder, '--as-of', day], {
      cwd: scratch.path,
      env: { SALESOPS_USER: 'it-admin', ...env },
    });
  const storeEnv: Record<string, string> = databaseUrl === undefined ? {} : { DATABASE_URL: databaseUrl };
  const cli = (...args: string[]) => run(args, storeEnv);
  const cliOn = (day: string, ...args: string[]) => run(args, storeEnv, day);
  const must = async (...args: string[]) => {
    const run = await cli(...args);
    if (run.code !== 0) throw new Error(`salesops ${args.join(' ')} failed: ${run.stderr}`);
    return run;
  };
  beforeAll(async () => {
    // Made on the embedded file first: on PostgreSQL, init would create the default schema before the
    // configuration names this workspace's own.
    const init = await run(['init'], {});
    if (init.code !== 0) throw new Error(`salesops init failed: ${init.stderr}`);
    if (databaseUrl !== undefined) {
      const config = join(folder, 'salesops.yaml');
      writeFileSync(
        config,
        readFileSync(config, 'utf8').replace('postgresSchema: salesops', `postgresSchema: ${schema}`),
      );
      await dropSchema(schema);
    }
    await must('demo', '--reps', '24', '--opportunities', '1200', '--seed', '5');
    mkdirSync(join(scratch.path, 'plans'));
    cpSync(resolve('examples/comp'), join(scratch.path, 'plans'), { recursive: true });
    await must('comp', 'run', '--period', COMP_PERIOD, '--plans', 'plans');
    for (const [login, user] of Object.entries(USERS)) {
      const rep = user.rep === null ? [] : ['--rep', user.rep];
      tokens[login as Login] = (await must('users', 'add', login, '--role', user.role, ...rep)).stdout.trim();
    }
    server = await startServer({
      workspace: await openWorkspace(folder, { databaseUrl }),
      databaseUrl,
      port: 0,
      host: '127.0.0.1',
      log: (line) => log.push(line),
      asOf: () => AS_OF as IsoDate,
      version: 'test',
    });
  }, 120_000);
  afterAll(async () => {
    await server?.close();
    if (databaseUrl !== undefined) await dropSchema(schema);
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
    cliOn,
    call,
    sql,
  };
}
