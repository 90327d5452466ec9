/**
 * The HTTP API on PostgreSQL: the same seeded workspace served from the embedded SQLite file and from a
 * PostgreSQL schema of its own (dropped after), and the same requests answered the same by both, for
 * authentication, scoping, metrics, forecasts (in the worker, which opens PostgreSQL itself) and adjustments,
 * their revisions and 409s included. Skipped when no PostgreSQL answers, unless SALESOPS_REQUIRE_PG is set
 * (.ci/run sets it), as the store's contract suite is.
 */
import { describe, expect, it } from 'vitest';
import { type ApiFixture, apiFixture, type Login, POSTGRES_URL, postgresReachable } from './api-fixture.js';

const reachable = await postgresReachable();

/** Requests each login makes, compared between the two servers. */
const READS: readonly [Login, string][] = [
  ['admin', '/api/me'],
  ['manager', '/api/me'],
  ['rep', '/api/opportunities?pageSize=500'],
  ['manager', '/api/opportunities?pageSize=500&stage=negotiation'],
  ['revops', '/api/opportunities?owner=REP-0013&page=2&pageSize=50'],
  ['manager', '/api/metrics?metric=pipeline_value,win_rate,quota,activities_per_rep&by=manager'],
  ['rep', '/api/metrics?metric=pipeline_value,closed_won&period=FY2027&by=fiscal_quarter'],
  ['finance', '/api/metrics?metric=cac,win_rate&period=FY2027&by=segment'],
  ['rep', '/api/forecast?period=FY2027-Q4'],
  ['manager', '/api/forecast?period=FY2027-Q4&by=manager&model=deal'],
  ['revops', '/api/forecast?period=FY2027-Q4&model=all'],
  ['manager', '/api/pipeline/changes?from=2026-10-01&by=owner'],
  ['rep', '/api/comp/statements/REP-0011?period=FY2027-M03'],
  ['manager', '/api/comp/statements/REP-0021?period=FY2027-M03'],
  ['rep', '/api/status'],
];

if (reachable) {
  const sqlite = apiFixture();
  const postgres = apiFixture({ postgres: true });

  /** A request's answer from both servers: status and body. */
  const both = async (login: Login | null, path: string, init?: Parameters<ApiFixture['call']>[2]) => {
    const [fromSqlite, fromPostgres] = [
      await sqlite.call<unknown>(login, path, init),
      await postgres.call<unknown>(login, path, init),
    ];
    return { fromSqlite, fromPostgres };
  };

  describe('the HTTP API on PostgreSQL', () => {
    it('keeps its data in PostgreSQL', async () => {
      const status = await postgres.call<{ dialect: string; counts: { opportunities: number } }>(
        'admin',
        '/api/status',
      );
      expect(status.body).toMatchObject({ dialect: 'postgres', counts: { opportunities: 1200 } });
    });

    it('answers every read as the SQLite server does, scoped the same', async () => {
      for (const [login, path] of READS) {
        const { fromSqlite, fromPostgres } = await both(login, path);
        expect(fromPostgres, `${login} ${path}`).toEqual(fromSqlite);
      }
    });

    it('refuses missing, unknown and revoked tokens (401)', async () => {
      expect((await postgres.call(null, '/api/me')).status).toBe(401);
      const unknown = await fetch(`${postgres.server().url}/api/me`, {
        headers: { authorization: 'Bearer so_nope' },
      });
      expect(unknown.status).toBe(401);
      expect((await postgres.call('leaver', '/api/me')).status).toBe(200);
      expect((await postgres.cli('users', 'revoke', 'leaver')).code).toBe(0);
      expect((await postgres.call('leaver', '/api/me')).status).toBe(401);
    });

    it('keeps adjustments with their revisions, and refuses a lost update of a rep and layer (409)', async () => {
      const adjust = (fixture: ApiFixture, login: Login, fields: Record<string, unknown>) =>
        fixture.call(login, '/api/forecast/adjustments', {
          method: 'POST',
          body: { category: 'commit', period: 'FY2027-Q4', amount: '20000.50', note: 'verbal', ...fields },
        });
      for (const fixture of [sqlite, postgres]) {
        expect((await adjust(fixture, 'manager', { rep: 'REP-0011', revision: 0 })).status).toBe(201);
        // Another rep from the same revision: no conflict. The same rep and layer: a lost update, refused.
        expect((await adjust(fixture, 'revops', { rep: 'REP-0004', revision: 0 })).status).toBe(201);
        const sameLayer = { rep: 'REP-0011', manager: 'REP-0019' };
        expect((await adjust(fixture, 'revops', { ...sameLayer, revision: 0 })).status).toBe(409);
        expect((await adjust(fixture, 'revops', { ...sameLayer, revision: 2 })).status).toBe(201);
        expect((await adjust(fixture, 'manager', { rep: 'REP-0021' })).status).toBe(404);
      }
      for (const [login, path] of [
        ['rep', '/api/forecast/adjustments?period=FY2027-Q4'],
        ['revops', '/api/forecast/adjustments?period=FY2027-Q4'],
        ['manager', '/api/forecast?period=FY2027-Q4'],
      ] as const) {
        const { fromSqlite, fromPostgres } = await both(login, path);
        expect(fromPostgres, `${login} ${path}`).toEqual(fromSqlite);
      }
      const stored = await postgres.call<{ revision: number; adjustments: unknown[] }>(
        'revops',
        '/api/forecast/adjustments?period=FY2027-Q4',
      );
      expect(stored.body).toMatchObject({
        revision: 3,
        adjustments: [{ rep: 'REP-0011' }, { rep: 'REP-0004' }, { rep: 'REP-0011', by: 'REP-0019' }],
      });
    });
  });
} else {
  describe.skip(`the HTTP API on PostgreSQL: not reachable at ${POSTGRES_URL}; set SALESOPS_TEST_PG_URL`, () => {
    it('runs the API suite on PostgreSQL', () => undefined);
  });
}
