/**
 * The HTTP API end to end: a real server over a seeded demo workspace, every role against the routes. Who may
 * call what (403), what each role sees (row scoping, checked against SQL on the workspace's database), 401 for
 * missing, unknown and revoked tokens, 400 with a located fix for bad input, and tokens kept out of the log and
 * the store.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { API_ROUTES } from '../../src/server/api.js';
import type { ErrorBody } from '../../src/server/http-errors.js';
import { healthResponse } from '../../src/server/responses.js';
import { AS_OF, apiFixture, COMP_PERIOD, type Login, USERS } from './api-fixture.js';

const api = apiFixture();

interface Page {
  readonly total: number;
  readonly items: readonly { readonly id: string; readonly owner: string | null }[];
}

/** Every opportunity id a user gets from /api/opportunities, all pages, sorted. */
async function opportunityIds(login: Login, filter = ''): Promise<string[]> {
  const ids: string[] = [];
  for (let page = 1; ; page++) {
    const { status, body } = await api.call<Page>(
      login,
      `/api/opportunities?pageSize=500&page=${page}${filter}`,
    );
    expect(status).toBe(200);
    ids.push(...body.items.map((item) => item.id));
    if (ids.length >= body.total || body.items.length === 0) return ids.sort();
  }
}

/** The first problem of an error is at `where`, and its fix says `fix`. */
function expectProblem(body: ErrorBody, where: string, fix: string): void {
  expect(body.error.problems[0]?.where).toBe(where);
  expect(body.error.problems[0]?.fix).toContain(fix);
}

/**
 * Watches the routes' handlers on this thread, the server's, until the test ends. The worker thread loads the
 * routes on its own, so a handler called here is one computed on the event loop: which thread computes is seen
 * by the calls, not by how long the requests took.
 */
function watchHandlers(): { called: () => string[] } {
  const spies = API_ROUTES.map((route) => ({
    route: `${route.method} ${route.path}`,
    spy: vi.spyOn(route, 'handle'),
  }));
  return { called: () => spies.filter(({ spy }) => spy.mock.calls.length > 0).map(({ route }) => route) };
}
afterEach(() => {
  vi.restoreAllMocks();
});

const sqlIds = (query: string, ...params: unknown[]) =>
  api.sql<{ crm_id: string }>(query, ...params).map((row) => row.crm_id);

/** The deals owned now by `rep` and everyone reporting to them, directly or not. */
const teamDeals = (rep: string) =>
  sqlIds(
    `WITH RECURSIVE team(id) AS (
       SELECT id FROM reps WHERE crm_id = ?
       UNION SELECT reps.id FROM reps JOIN team ON reps.manager_id = team.id)
     SELECT crm_id FROM opportunities WHERE owner_id IN (SELECT id FROM team) ORDER BY crm_id`,
    rep,
  );
const repName = (rep: string) =>
  api.sql<{ name: string }>('SELECT name FROM reps WHERE crm_id = ?', rep)[0]!.name;

describe('authentication', () => {
  it('answers health and the OpenAPI document without a token', async () => {
    expect(await api.call(null, '/api/health')).toEqual({ status: 200, body: { ok: true } });
    const { status, body } = await api.call<{
      openapi: string;
      paths: Record<
        string,
        Record<string, { parameters?: { name: string; in: string; required: boolean }[] }>
      >;
      components: { schemas: Record<string, unknown> };
    }>(null, '/api/openapi.json');
    expect(status).toBe(200);
    expect(body.openapi).toBe('3.1.0');
    expect(Object.keys(body.paths)).toEqual(
      expect.arrayContaining(['/api/metrics', '/api/forecast/adjustments', '/api/comp/statements/{payee}']),
    );
    // Generated from the route's zod schema: metric is required, by and asOf are not.
    const metricParameters = body.paths['/api/metrics']!.get!.parameters!;
    expect(metricParameters.map((each) => [each.name, each.in, each.required])).toEqual([
      ['metric', 'query', true],
      ['period', 'query', false],
      ['by', 'query', false],
      ['asOf', 'query', false],
    ]);
    expect(body.components.schemas.Error).toBeDefined();
  });

  it('refuses a request without a token, with an unknown one, or with a revoked one (401)', async () => {
    const missing = await api.call(null, '/api/me');
    expect(missing.status).toBe(401);
    expect(missing.body.error.problems[0]!.fix).toBe(
      'send `Authorization: Bearer <token>` (an admin makes one with salesops `users add` on the server)',
    );

    const response = await fetch(`${api.server().url}/api/me`, {
      headers: { authorization: 'Bearer so_nope' },
    });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer');

    expect((await api.call('leaver', '/api/me')).status).toBe(200);
    expect((await api.cli('users', 'revoke', 'leaver')).code).toBe(0);
    const revoked = await api.call('leaver', '/api/me');
    expect(revoked.status).toBe(401);
    expect(revoked.body.error.message).toBe('the token is unknown or revoked');
    expect(revoked.body.error.problems[0]!.fix).toBe(
      'ask an admin for a new one (salesops `users add` on the server)',
    );
  });
});

describe('scoping', () => {
  it('tells each user who they are and whose data they see', async () => {
    const me = async (login: Login) => (await api.call<{ reps: unknown }>(login, '/api/me')).body;
    expect(await me('admin')).toEqual({ login: 'admin', role: 'admin', rep: null, reps: 'all' });
    expect(await me('rep')).toEqual({ login: 'rep', role: 'rep', rep: 'REP-0011', reps: ['REP-0011'] });
    const team = sqlIds(
      `WITH RECURSIVE team(id) AS (SELECT id FROM reps WHERE crm_id = 'REP-0019'
         UNION SELECT reps.id FROM reps JOIN team ON reps.manager_id = team.id)
       SELECT crm_id FROM reps WHERE id IN (SELECT id FROM team) ORDER BY crm_id`,
    );
    expect(team).toContain('REP-0011');
    expect(team).not.toContain('REP-0001');
    expect((await me('manager')).reps).toEqual(team);
  });

  it('lists the reps in scope for pickers: every rep, a manager’s subtree, a rep themself', async () => {
    interface Rep {
      readonly id: string;
      readonly managerId: string | null;
      readonly active: boolean;
    }
    const reps = async (login: Login) => (await api.call<Rep[]>(login, '/api/reps')).body;
    // REP-0011 in the demo: an ISR of the SMB AE/ISR/AM team (mostly ISRs) under REP-0019, employed since 2023-07-03.
    expect(await reps('rep')).toEqual([
      {
        id: 'REP-0011',
        name: 'Samir Chen',
        role: 'isr',
        team: 'SMB AE/ISR/AM',
        segment: 'SMB',
        managerId: 'REP-0019',
        active: true,
      },
    ]);
    const team = await reps('manager');
    expect(team.map((rep) => rep.id)).toEqual(
      (await api.call<{ reps: string[] }>('manager', '/api/me')).body.reps,
    );
    // The scope's top keeps their own manager's id; REP-0003 left on 2024-05-29.
    expect(team.find((rep) => rep.id === 'REP-0019')).toMatchObject({ managerId: 'REP-0002', active: true });
    expect(team.find((rep) => rep.id === 'REP-0003')).toMatchObject({ managerId: 'REP-0019', active: false });
    const all = sqlIds('SELECT crm_id FROM reps ORDER BY crm_id');
    expect(all).toHaveLength(33);
    for (const login of ['admin', 'revops', 'finance'] as const) {
      const listed = await reps(login);
      expect(listed.map((rep) => rep.id)).toEqual(all);
      // 24 on the sales team on the as-of day, 9 who left before it.
      expect(listed.filter((rep) => rep.active)).toHaveLength(24);
    }
  });

  it('gives a rep exactly the deals they own', async () => {
    const own = sqlIds(
      `SELECT o.crm_id FROM opportunities o JOIN reps r ON r.id = o.owner_id WHERE r.crm_id = 'REP-0011' ORDER BY o.crm_id`,
    );
    expect(own.length).toBeGreaterThan(100);
    expect(await opportunityIds('rep')).toEqual(own);
    // Asking for a colleague's deals answers as for a rep who does not exist: nothing tells them apart.
    const colleague = await api.call('rep', '/api/opportunities?owner=REP-0023');
    const nobody = await api.call('rep', '/api/opportunities?owner=REP-9999');
    expect(colleague.status).toBe(404);
    expect(colleague.body.error.problems[0]!.fix).toBe(nobody.body.error.problems[0]!.fix);
    expect(colleague.body.error.message.replace('REP-0023', 'REP-9999')).toBe(nobody.body.error.message);
  });

  it("gives a manager their subtree's deals, and revops, finance and admin every deal", async () => {
    const team = teamDeals('REP-0019');
    const all = sqlIds('SELECT crm_id FROM opportunities ORDER BY crm_id');
    expect(team.length).toBeGreaterThan(0);
    expect(team.length).toBeLessThan(all.length);
    expect(await opportunityIds('manager')).toEqual(team);
    for (const login of ['admin', 'revops', 'finance'] as const)
      expect(await opportunityIds(login)).toEqual(all);
  });

  it("computes a rep's and a manager's metrics on their own data only", async () => {
    type Metrics = { rows: Record<string, string | number | null>[] };
    const query = `metric=pipeline_value,open_deals,closed_won,win_rate,quota,activities_per_rep&period=FY2027&asOf=${AS_OF}`;
    const byOwner = (await api.call<Metrics>('revops', `/api/metrics?${query}&by=owner`)).body.rows;
    const byManager = (await api.call<Metrics>('revops', `/api/metrics?${query}&by=manager`)).body.rows;
    const repTotal = (await api.call<Metrics>('rep', `/api/metrics?${query}`)).body.rows;
    const managerTotal = (await api.call<Metrics>('manager', `/api/metrics?${query}`)).body.rows;
    const { owner: _owner, ...repRow } = byOwner.find((row) => row.owner === repName('REP-0011'))!;
    const {
      manager: _manager,
      level: _level,
      parent: _parent,
      ...teamRow
    } = byManager.find((row) => row.manager === repName('REP-0019'))!;
    expect(repRow.pipeline_value).toBeGreaterThan(0);
    expect(repTotal).toEqual([repRow]);
    expect(managerTotal).toEqual([teamRow]);
    // Split by owner, a rep's table has their own row and no colleague's.
    const repByOwner = (await api.call<Metrics>('rep', `/api/metrics?${query}&by=owner`)).body.rows;
    expect(repByOwner.map((row) => row.owner)).toEqual([repName('REP-0011')]);
  });

  it("computes a forecast off the server's event loop (a worker thread)", async () => {
    const handlers = watchHandlers();
    expect((await api.call('revops', '/api/forecast?period=FY2027-Q4')).status).toBe(200);
    // The opportunities are answered on this thread: the watch sees the calls made here.
    expect((await api.call('revops', '/api/opportunities?pageSize=1')).status).toBe(200);
    expect(handlers.called()).toEqual(['get /api/opportunities']);
  });

  it("computes metrics and the pipeline analyses off the server's event loop too", async () => {
    const handlers = watchHandlers();
    for (const path of [
      '/api/metrics?metric=pipeline_value,win_rate&period=FY2027&by=owner',
      '/api/pipeline/changes?from=2026-02-01&period=FY2027&by=owner',
      '/api/pipeline/conversion?period=FY2027&by=owner',
      '/api/winloss?period=FY2027',
    ])
      expect((await api.call('revops', path)).status, path).toBe(200);
    // The opportunities are answered on this thread: the watch sees the calls made here.
    expect((await api.call('revops', '/api/opportunities?pageSize=1')).status).toBe(200);
    expect(handlers.called()).toEqual(['get /api/opportunities']);
  });

  it("forecasts a rep's own deals", async () => {
    type Forecast = { deals: { id: string; owner: string }[]; period: { name: string } };
    const { status, body } = await api.call<Forecast>('rep', '/api/forecast?period=FY2027-Q4');
    expect(status).toBe(200);
    expect(body.period.name).toBe('FY2027-Q4');
    expect(body.deals.length).toBeGreaterThan(0);
    const own = new Set(await opportunityIds('rep'));
    expect(body.deals.filter((deal) => !own.has(deal.id))).toEqual([]);
  });

  it("gives a rep and a team the company's numbers of their reps and deals, summed over their deals", async () => {
    type Row = { group: string; id: string | null; forecast: number; closed: number };
    type Forecast = {
      totalForecast: { total: number; closed: number };
      byGroup: { rows: Row[] };
      deals: { id: string; probability: number }[];
    };
    const path = '/api/forecast?period=FY2027-Q4&by=owner&model=deal';
    const company = (await api.call<Forecast>('revops', path)).body;
    const companyRow = new Map(company.byGroup.rows.map((row) => [row.id, row]));
    const companyDeal = new Map(company.deals.map((deal) => [deal.id, deal]));
    for (const login of ['manager', 'rep'] as const) {
      const reps = (await api.call<{ reps: string[] }>(login, '/api/me')).body.reps;
      const { status, body } = await api.call<Forecast>(login, path);
      expect(status).toBe(200);
      expect(body.byGroup.rows.length).toBeGreaterThan(0);
      // Only the scope's reps, each as the company report has them (one model, trained on all the data).
      expect(body.byGroup.rows.filter((row) => !reps.includes(row.id ?? ''))).toEqual([]);
      for (const row of body.byGroup.rows) expect(row).toEqual(companyRow.get(row.id));
      // The scope's total is the sum over its reps' deals: each row's weighted pipeline is rounded to the minor
      // unit once, and the total's once, so they may differ by under a minor unit a row.
      const sum = (key: 'forecast' | 'closed') =>
        body.byGroup.rows.reduce((total, row) => total + row[key], 0);
      expect(Math.abs(body.totalForecast.total - sum('forecast'))).toBeLessThanOrEqual(
        body.byGroup.rows.length / 2,
      );
      expect(body.totalForecast.closed).toBe(sum('closed'));
      expect(body.totalForecast.total).toBeLessThan(company.totalForecast.total);
      // A deal of the scope has the company's probability.
      for (const deal of body.deals.filter((each) => companyDeal.has(each.id)))
        expect(deal.probability).toBe(companyDeal.get(deal.id)!.probability);
    }
  });

  it("starts a scoped roll-up by manager at the scope's top, not at the managers above it", async () => {
    const reps = (await api.call<{ reps: string[] }>('manager', '/api/me')).body.reps;
    const names = new Set(reps.map(repName));
    type Forecast = { byGroup: { rows: { group: string; id: string | null }[]; atRisk: string[] } };
    const forecast = (await api.call<Forecast>('manager', '/api/forecast?period=FY2027-Q4&by=manager')).body;
    expect(forecast.byGroup.rows.map((row) => row.id)).toContain('REP-0019');
    expect(forecast.byGroup.rows.filter((row) => !reps.includes(row.id ?? ''))).toEqual([]);
    expect(forecast.byGroup.atRisk.filter((name) => !names.has(name))).toEqual([]);
    const company = (await api.call<Forecast>('revops', '/api/forecast?period=FY2027-Q4&by=manager')).body;
    expect(company.byGroup.rows.map((row) => row.id)).toContain('REP-0002');
    type Metrics = { rows: { manager: string }[] };
    const metrics = (await api.call<Metrics>('manager', '/api/metrics?metric=win_rate&by=manager')).body;
    expect(metrics.rows.map((row) => row.manager)).toContain(repName('REP-0019'));
    expect(metrics.rows.filter((row) => !names.has(row.manager))).toEqual([]);
  });
});

describe('roles', () => {
  it('keeps company-wide status to admin, revops and finance', async () => {
    for (const login of ['admin', 'revops', 'finance'] as const) {
      const { status, body } = await api.call<{ counts: { opportunities: number } }>(login, '/api/status');
      expect(status).toBe(200);
      expect(body.counts.opportunities).toBe(1200);
    }
    for (const login of ['manager', 'rep'] as const) {
      const { status, body } = await api.call(login, '/api/status');
      expect(status).toBe(403);
      expect(body.error.problems[0]!.fix).toBe('it is for admin, revops, finance');
    }
    // As `salesops status --format json`, without the server's folder and store location.
    const cli = JSON.parse((await api.cli('status', '--format', 'json')).stdout) as Record<string, unknown>;
    const { workspace: _folder, store: _store, ...expected } = cli;
    expect((await api.call('admin', '/api/status')).body).toEqual(expected);
  });

  it('lists users to admin only, without tokens or their hashes', async () => {
    const { status, body } = await api.call<Record<string, unknown>[]>('admin', '/api/users');
    expect(status).toBe(200);
    expect(body.map((user) => user.login)).toEqual(Object.keys(USERS));
    expect(body.every((user) => !('tokenHash' in user))).toBe(true);
    for (const login of ['revops', 'finance', 'manager', 'rep'] as const)
      expect((await api.call(login, '/api/users')).status).toBe(403);
  });

  it('shows comp statements to finance and admin, a manager for their team, a rep for themself', async () => {
    const statement = (login: Login, payee: string) =>
      api.call<{ statement?: { payee: string }; error?: ErrorBody['error'] }>(
        login,
        `/api/comp/statements/${payee}?period=${COMP_PERIOD}`,
      );
    const own = await statement('rep', 'REP-0011');
    expect(own.status).toBe(200);
    expect(own.body.statement?.payee).toBe('REP-0011');
    expect((await statement('manager', 'REP-0011')).status).toBe(200);
    for (const login of ['finance', 'admin'] as const)
      expect((await statement(login, 'REP-0021')).status).toBe(200);
    expect((await statement('revops', 'REP-0011')).status).toBe(403);
    // Outside the scope, a colleague's statement is the same 404 as a payee who does not exist.
    const colleague = await statement('rep', 'REP-0021');
    const nobody = await statement('rep', 'REP-9999');
    expect([colleague.status, nobody.status]).toEqual([404, 404]);
    expect(colleague.body.error?.problems[0]!.fix).toBe(nobody.body.error?.problems[0]!.fix);
    expect((await statement('manager', 'REP-0021')).status).toBe(404);
  });

  it('lists the periods of the stored comp runs, the latest last, to whoever may read statements', async () => {
    const periods = (login: Login) => api.call<{ periods?: string[] }>(login, '/api/comp/runs');
    for (const login of ['finance', 'admin', 'manager', 'rep'] as const)
      expect((await periods(login)).body).toEqual({ periods: [COMP_PERIOD] });
    expect((await periods('revops')).status).toBe(403);
    // A run of an earlier month, stored after COMP_PERIOD's, comes before it.
    const earlier = await api.cli('comp', 'run', '--period', 'FY2027-M01', '--plans', 'plans');
    expect(earlier.code).toBe(0);
    expect((await periods('rep')).body).toEqual({ periods: ['FY2027-M01', COMP_PERIOD] });
  });

  it("lets a manager adjust their team's forecast and revops anyone's, kept as a layer and audited", async () => {
    const adjust = (login: Login, body: Record<string, unknown>) =>
      api.call<{ adjustment: Record<string, unknown>; revision: number }>(
        login,
        '/api/forecast/adjustments',
        {
          method: 'POST',
          body: { category: 'commit', note: 'verbal on the renewal', period: 'FY2027-Q4', ...body },
        },
      );
    const byManager = await adjust('manager', { rep: 'REP-0011', amount: '20000.50' });
    expect(byManager.status).toBe(201);
    expect(byManager.body.adjustment).toMatchObject({
      layer: 'manager',
      by: 'REP-0019',
      rep: 'REP-0011',
      amount: 2_000_050,
      madeOn: AS_OF,
      madeBy: 'manager',
    });
    // REP-0004 has a forecast of their own in FY2027-Q4 (REP-0013 has none to adjust).
    const byRevops = await adjust('revops', { rep: 'REP-0004', amount: 15000 });
    expect(byRevops.status).toBe(201);
    expect(byRevops.body).toMatchObject({ adjustment: { layer: 'owner', madeBy: 'revops' }, revision: 2 });
    // Listed with the manager's name, to the rep too (their scope, GET /api/reps, is themself); an owner layer none.
    type Listed = { adjustments: { rep: string; layer: string; by?: string; byName: string | null }[] };
    const listed = async (login: Login) =>
      (await api.call<Listed>(login, '/api/forecast/adjustments?period=FY2027-Q4')).body.adjustments.map(
        ({ rep, layer, by, byName }) => ({ rep, layer, by, byName }),
      );
    expect(await listed('rep')).toEqual([
      { rep: 'REP-0011', layer: 'manager', by: 'REP-0019', byName: 'Ananya Perez' },
    ]);
    expect(await listed('revops')).toContainEqual({
      rep: 'REP-0004',
      layer: 'owner',
      by: undefined,
      byName: null,
    });
    // Outside the manager's team: the same 404 as an unknown rep. A rep and finance may not adjust at all.
    expect((await adjust('manager', { rep: 'REP-0021', amount: 1 })).status).toBe(404);
    expect((await adjust('rep', { rep: 'REP-0011', amount: 1 })).status).toBe(403);
    expect((await adjust('finance', { rep: 'REP-0011', amount: 1 })).status).toBe(403);

    expect(
      api.sql(
        `SELECT at, actor, action, subject FROM audit_log WHERE action = 'forecast.adjust' ORDER BY sequence`,
      ),
    ).toEqual([
      { at: AS_OF, actor: 'manager', action: 'forecast.adjust', subject: 'forecast_adjustment:FY2027-Q4' },
      { at: AS_OF, actor: 'revops', action: 'forecast.adjust', subject: 'forecast_adjustment:FY2027-Q4' },
    ]);
    const forecast = await api.call<{ categories: unknown }>('manager', '/api/forecast?period=FY2027-Q4');
    expect(JSON.stringify(forecast.body.categories)).toContain('verbal on the renewal');
  });

  it('keeps adjustments of reps outside a scope out of its lists and layers', async () => {
    type Categories = {
      categories: {
        system: Record<string, number>;
        ownerLayer: Record<string, number>;
        managerLayer: Record<string, number>;
        adjustments: { rep: string; note: string }[];
      };
    };
    const path = '/api/forecast?period=FY2027-Q4';
    const views = async () => ({
      rep: (await api.call<Categories>('rep', path)).body.categories,
      manager: (await api.call<Categories>('manager', path)).body.categories,
    });
    const before = await views();
    // REP-0021 is in neither the rep's scope nor the manager's (REP-0019's team).
    const outside = { rep: 'REP-0021', period: 'FY2027-Q4', note: 'outside the team' };
    // From the top down, so that commit ≤ best case ≤ pipeline holds in each layer after each.
    for (const body of [
      { ...outside, category: 'pipeline', amount: 500_000 },
      { ...outside, category: 'best_case', amount: 500_000 },
      { ...outside, category: 'commit', amount: 400_000, manager: 'REP-0002' },
    ]) {
      expect((await api.call('revops', '/api/forecast/adjustments', { method: 'POST', body })).status).toBe(
        201,
      );
    }
    const after = await views();
    expect(JSON.stringify(after)).not.toContain('outside the team');
    // The layers are the system numbers plus the in-scope adjustments only, as before the out-of-scope ones.
    expect(after).toEqual(before);
    const me = await api.call<{ reps: string[] }>('manager', '/api/me');
    expect(after.manager.adjustments.every((each) => me.body.reps.includes(each.rep))).toBe(true);
    expect(after.manager.adjustments.map((each) => each.rep)).toContain('REP-0011');
    expect(after.rep.adjustments.every((each) => each.rep === 'REP-0011')).toBe(true);
    // The company's view carries them.
    const company = (await api.call<Categories>('revops', path)).body.categories;
    expect(company.adjustments.filter((each) => each.note === 'outside the team')).toHaveLength(3);
  });
});

describe('bad input', () => {
  it('answers a bad query with 400, where it is and how to fix it', async () => {
    const dimension = await api.call('rep', '/api/metrics?metric=win_rate&by=ownr');
    expect(dimension.status).toBe(400);
    // In the API's words: the parameter, and several dimensions as a query gives them; the fix in one line (the
    // CLI wraps it to the terminal: test/cli/metrics-by.test.ts).
    expect(dimension.body.error.problems).toEqual([
      {
        message: 'by "ownr" is not a dimension; did you mean owner?',
        where: 'by',
        fix:
          'split by any of these dimensions (several: by=owner,fiscal_quarter): owner, manager, team, segment, ' +
          'region, territory, source, type, product, size_band, stage, forecast_category, competitor, ' +
          'loss_reason, industry, tier, fiscal_month, fiscal_quarter, fiscal_year',
      },
    ]);

    const unknown = await api.call('rep', '/api/metrics?metric=win_rate&limit=5');
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.problems[0]).toEqual({
      message: 'unknown query parameter "limit"',
      where: 'limit',
      fix: 'leave it out; it takes metric, period, by, asOf (GET /api/openapi.json)',
    });

    const day = await api.call('rep', '/api/metrics?metric=win_rate&asOf=2026-02-30');
    expect(day.status).toBe(400);
    expectProblem(day.body, 'asOf', 'YYYY-MM-DD');

    // Every problem of a request in one answer: the schema's (asOf) and the workspace's (metric, by, period).
    const all = await api.call('rep', '/api/metrics?metric=win_rat&by=ownr&period=FY2027-Q9&asOf=2026-13-01');
    expect(all.status).toBe(400);
    expect(all.body.error.problems.map((problem) => problem.where)).toEqual([
      'asOf',
      'metric',
      'by',
      'period',
    ]);
    expect(all.body.error.problems[1]!.message).toContain('"win_rat" is not a metric; did you mean win_rate');
    expect(all.body.error.problems[2]!.fix).toContain('split by any of these dimensions');
    expect(all.body.error.problems[3]!.message).toContain('not Q9');
    const three = await api.call(
      'rep',
      '/api/metrics?metric=win_rate&by=ownr&period=FY2027-Q9&asOf=2026-13-01',
    );
    expect(three.body.error.problems.map((problem) => problem.where)).toEqual(['asOf', 'by', 'period']);
    const conversion = await api.call(
      'rep',
      '/api/pipeline/conversion?by=ownr&period=FY2027-Q9&asOf=2026-13-01',
    );
    expect(conversion.status).toBe(400);
    expect(conversion.body.error.problems.map((problem) => problem.where)).toEqual(['asOf', 'period', 'by']);

    const missing = await api.call('finance', '/api/comp/statements/REP-0011');
    expect(missing.status).toBe(400);
    expect(missing.body.error.problems[0]).toMatchObject({ where: 'period' });

    const range = await api.call('revops', '/api/forecast?period=2026-11-01..2026-11-30');
    expect(range.status).toBe(400);
    expectProblem(range.body, 'period', 'fiscal');
    const malformed = await api.call('revops', '/api/forecast?period=2027Q4');
    expect(malformed.status).toBe(400);
    expectProblem(malformed.body, 'period', 'FY');
  });

  it('refuses a malformed statement period (400), and says when a period has no comp run', async () => {
    const malformed = await api.call('finance', '/api/comp/statements/REP-0011?period=October');
    expect(malformed.status).toBe(400);
    expectProblem(malformed.body, 'period', 'FY');
    // The rep's own id, a well-formed period without a run: what is missing, which tells nothing of others.
    const noRun = await api.call('rep', '/api/comp/statements/REP-0011?period=FY2027-M02');
    expect(noRun.status).toBe(404);
    expect(noRun.body.error.message).toBe('no comp run is stored for FY2027-M02');
    expectProblem(
      noRun.body,
      'period',
      'ask finance or an admin to run it: salesops `comp run --period FY2027-M02` on the server',
    );
    // Someone else's statement: the same answer as a payee who does not exist.
    const other = await api.call('rep', `/api/comp/statements/REP-0021?period=${COMP_PERIOD}`);
    const nobody = await api.call('rep', `/api/comp/statements/REP-9999?period=${COMP_PERIOD}`);
    expect(other.status).toBe(404);
    expect(other.body.error.message.replace('REP-0021', 'REP-9999')).toBe(nobody.body.error.message);
    expectProblem(other.body, 'payee', 'GET /api/me');
  });

  it('matches a stage whatever its case and refuses an unknown stage or owner', async () => {
    const exact = await api.call<Page>('admin', '/api/opportunities?stage=Negotiation');
    const lower = await api.call<Page>('admin', '/api/opportunities?stage=negotiation');
    expect(exact.body.total).toBeGreaterThan(0);
    expect(lower.body).toEqual(exact.body);
    const typo = await api.call('admin', '/api/opportunities?stage=Nego');
    expect(typo.status).toBe(400);
    expectProblem(typo.body, 'stage', 'did you mean Negotiation');
    const unknown = await api.call('admin', '/api/opportunities?owner=REP-9999');
    expect(unknown.status).toBe(404);
    expectProblem(unknown.body, 'owner', 'GET /api/me');
    // A rep outside the manager's team answers as one who does not exist.
    const outside = await api.call('manager', '/api/opportunities?owner=REP-0021');
    expect(outside.status).toBe(404);
    expectProblem(outside.body, 'owner', 'GET /api/me');
  });

  it('marks an open deal overdue when its close date is before the as-of day, a closed one never', async () => {
    interface Marked {
      readonly asOf: string;
      readonly items: readonly { id: string; closeDate: string; overdue: boolean }[];
    }
    const deals = (query: string) => api.call<Marked>('revops', `/api/opportunities?${query}`);
    const open = (await deals('state=open&sort=closeDate&pageSize=4')).body;
    expect(open.asOf).toBe(AS_OF);
    // The company's open deals closing before 2026-11-27 (checked in its database), then the next one.
    expect(open.items.map((deal) => [deal.id, deal.closeDate, deal.overdue])).toEqual([
      ['OPP-0001011', '2026-10-10', true],
      ['OPP-0001116', '2026-11-21', true],
      ['OPP-0001163', '2026-11-22', true],
      ['OPP-0001105', '2026-11-28', false],
    ]);
    const won = (await deals('state=won&sort=closeDate&pageSize=3')).body.items;
    expect(won).toHaveLength(3);
    expect(won.every((deal) => deal.closeDate < AS_OF && !deal.overdue)).toBe(true);
  });

  it('sorts and filters by state: a rep’s open deals by close date, won deals by amount', async () => {
    interface Dated {
      readonly total: number;
      readonly items: readonly { id: string; closeDate: string; amountMinor: number }[];
    }
    const rep = (query: string) => api.call<Dated>('rep', `/api/opportunities?pageSize=500&${query}`);
    // REP-0011's open deals in the demo (checked in its database): the 2099-12-31 placeholder comes last.
    const open = await rep('state=open&sort=closeDate');
    expect(open.body.items.map((item) => [item.id, item.closeDate])).toEqual([
      ['OPP-0001194', '2026-12-07'],
      ['OPP-0001189', '2026-12-11'],
      ['OPP-0001188', '2026-12-15'],
      ['OPP-0001185', '2026-12-18'],
      ['OPP-0001142', '2026-12-20'],
      ['OPP-0001129', '2026-12-26'],
      ['OPP-0001100', '2099-12-31'],
    ]);
    expect((await rep('state=open&sort=-closeDate')).body.items.map((item) => item.id)).toEqual(
      open.body.items.map((item) => item.id).reverse(),
    );
    const won = await rep('state=won&sort=-amount');
    expect(won.body.items.slice(0, 3).map((item) => [item.id, item.amountMinor])).toEqual([
      ['OPP-0000463', 2_694_400],
      ['OPP-0000426', 2_310_000],
      ['OPP-0000642', 2_281_500],
    ]);
    // OPP-0000013 (won) and OPP-0000033 (lost) close the same day: a tie keeps the workspace's order.
    const closed = await rep('state=closed&sort=closeDate');
    expect(closed.body.items.slice(0, 7).map((item) => item.id)).toEqual([
      'OPP-0000005',
      'OPP-0000011',
      'OPP-0000001',
      'OPP-0000021',
      'OPP-0000024',
      'OPP-0000013',
      'OPP-0000033',
    ]);
    const lost = await rep('state=lost');
    expect(closed.body.total).toBe(won.body.total + lost.body.total);
    expect(closed.body.total + open.body.total).toBe((await rep('')).body.total);
  });

  it('gives a manager their team’s open deals by close date, as SQL orders them', async () => {
    const expected = sqlIds(
      `WITH RECURSIVE team(id) AS (
         SELECT id FROM reps WHERE crm_id = 'REP-0019'
         UNION SELECT reps.id FROM reps JOIN team ON reps.manager_id = team.id)
       SELECT o.crm_id FROM opportunities o JOIN labels s ON s.kind = 'stage' AND s.code = o.stage_code
       WHERE o.owner_id IN (SELECT id FROM team) AND s.value NOT IN ('Closed Won', 'Closed Lost')
       ORDER BY o.close_day, o.id`,
    );
    const { body } = await api.call<Page>(
      'manager',
      '/api/opportunities?state=open&sort=closeDate&pageSize=500',
    );
    expect(expected.length).toBeGreaterThan(10);
    expect(body.items.map((item) => item.id)).toEqual(expected);
  });

  it('refuses an unknown state or sort key at its parameter', async () => {
    const state = await api.call('manager', '/api/opportunities?state=pending');
    expect(state.status).toBe(400);
    expectProblem(state.body, 'state', 'open');
    const sort = await api.call('manager', '/api/opportunities?sort=-amout');
    expect(sort.status).toBe(400);
    expectProblem(sort.body, 'sort', 'did you mean amount');
    expect(sort.body.error.message).toContain('"-amout"');
    const empty = await api.call('manager', '/api/opportunities?sort=closeDate,');
    expect(empty.status).toBe(400);
    expectProblem(empty.body, 'sort', 'closeDate, createdDate, amount');
  });

  it('says what a value should be, in the API’s own words', async () => {
    const page = await api.call('admin', '/api/opportunities?page=abc');
    expect(page.body.error.problems[0]).toMatchObject({
      where: 'page',
      message: 'page: "abc" is not a number',
    });
    expectProblem(page.body, 'page', 'give page: the page, from 1');
    const missing = await api.call('admin', '/api/metrics');
    expect(missing.body.error.message).toBe('metric: missing');
    const model = await api.call('admin', '/api/forecast?model=best');
    expect(model.body.error.message).toMatch(/^model: not one of "auto", "stage_weighted"/);
    // The library's messages name the API's parameter, not a command-line flag.
    const period = await api.call('admin', '/api/metrics?metric=win_rate&period=FY27-Q4');
    expect(period.body.error.message).toMatch(/^period "FY27-Q4"/);
  });

  it('answers a method a route does not take with 405 and Allow', async () => {
    const response = await fetch(`${api.server().url}/api/forecast/adjustments`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${api.tokens().revops}` },
    });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, POST');
    const statement = await fetch(`${api.server().url}/api/comp/statements/REP-0011`, { method: 'DELETE' });
    expect(statement.headers.get('allow')).toBe('GET');
    expect((await api.call('admin', '/api/nothing')).status).toBe(404);
  });

  it('refuses a repeated parameter rather than drop one of its values', async () => {
    const twice = await api.call('admin', '/api/metrics?metric=win_rate&metric=pipeline_value');
    expect(twice.status).toBe(400);
    expectProblem(twice.body, 'metric', 'metric=win_rate,pipeline_value');
  });

  it('refuses an empty parameter at its name, saying to leave it out for its default', async () => {
    const asOf = await api.call('rep', '/api/forecast?period=FY2027-Q4&asOf=');
    expect(asOf.status).toBe(400);
    expect(asOf.body.error.problems).toEqual([
      {
        message: 'asOf is empty',
        where: 'asOf',
        fix: 'leave asOf out for its default, or give asOf: the day to look from, YYYY-MM-DD (default: the server’s as-of day, else today)',
      },
    ]);
    // Every empty one in one answer; a parameter the route must have is not left out.
    const deals = await api.call('manager', '/api/opportunities?owner=&state=open');
    expect(deals.body.error.problems.map(({ where }) => where)).toEqual(['owner']);
    const metric = await api.call('manager', '/api/metrics?metric=&by=');
    expect(metric.body.error.problems.map(({ message }) => message)).toEqual([
      'metric is empty',
      'by is empty',
    ]);
    expect(metric.body.error.problems[0]?.fix).toBe(
      'give metric: metric ids, comma-separated, e.g. win_rate,pipeline_value (`salesops metrics list` lists them)',
    );
  });

  it("says that cac's costs are company figures outside a scoped view", async () => {
    const scoped = await api.call('manager', '/api/metrics?metric=cac');
    expect(scoped.status).toBe(400);
    expect(scoped.body.error.message).toContain("company's sales and marketing costs");
    expectProblem(scoped.body, 'metric', 'ask RevOps');
  });

  it('answers a bad body with 400 at the field', async () => {
    const post = (body: unknown) => api.call('revops', '/api/forecast/adjustments', { method: 'POST', body });
    const amount = await post({ rep: 'REP-0011', category: 'commit', amount: '20k', note: 'x' });
    expect(amount.status).toBe(400);
    expectProblem(amount.body, 'amount', '1234.56');
    const category = await post({ rep: 'REP-0011', category: 'upside', amount: 1, note: 'x' });
    expectProblem(category.body, 'category', 'category');
    const response = await fetch(`${api.server().url}/api/forecast/adjustments`, {
      method: 'POST',
      headers: { authorization: `Bearer ${api.tokens().revops}`, 'content-type': 'application/json' },
      body: '{not json',
    });
    expect(response.status).toBe(400);
    const array = await post([]);
    expect(array.status).toBe(400);
    expectProblem(array.body, 'body', 'send a JSON object; it takes rep, category');
    const notManager = await post({
      rep: 'REP-0011',
      category: 'commit',
      amount: 1,
      note: 'x',
      manager: 'REP-0011',
    });
    expect(notManager.status).toBe(400);
    // The fix names the rep's manager as the body's field, not the CLI's flag.
    expectProblem(notManager.body, 'manager', 'give manager=REP-0019');
    const unknownRep = await post({ rep: 'REP-9999', category: 'commit', amount: 1, note: 'x' });
    expect(unknownRep.status).toBe(404);
    expectProblem(unknownRep.body, 'rep', 'GET /api/me');
    const closed = await post({
      rep: 'REP-0011',
      category: 'commit',
      amount: 1,
      note: 'x',
      period: 'FY2025-Q1',
    });
    expect(closed.status).toBe(400);
    expectProblem(closed.body, 'period', 'adjust an open or future period');
    expect(closed.body.error.message).toContain('FY2025-Q1 ended on');
    // The engine's check against the stored layers names the body's fields, not the CLI's flags.
    const aboveBestCase = await post({ rep: 'REP-0011', category: 'commit', amount: 99_000_000, note: 'x' });
    expect(aboveBestCase.status).toBe(400);
    expectProblem(aboveBestCase.body, 'amount', '(category=best_case amount=99000000.00)');
    const large = await post({ rep: 'REP-0011', category: 'commit', amount: 1, note: 'x'.repeat(70_000) });
    expect(large.status).toBe(413);
    expect(large.body.error.problems[0]?.where).toBe('body');
  });
});

describe('the day of an adjustment', () => {
  it("is the server's: a body's asOf may not backdate one into a period that has ended", async () => {
    // FY2026-Q1 (2025-02-01 to 2025-04-30) ended before the server's day, 2026-11-27; 2025-03-01 is inside it.
    const body = { rep: 'REP-0011', category: 'commit', amount: 1, note: 'x', period: 'FY2026-Q1' };
    const backdated = await api.call('manager', '/api/forecast/adjustments', {
      method: 'POST',
      body: { ...body, asOf: '2025-03-01' },
    });
    expect(backdated.status).toBe(400);
    expect(backdated.body.error.problems).toEqual([
      {
        message:
          "asOf 2025-03-01 is not the server's day (2026-11-27): an adjustment is made on the day it is saved",
        where: 'asOf',
        fix: 'leave asOf out of the body (GET /api/forecast?period=…&asOf=YYYY-MM-DD still shows a forecast as of another day)',
      },
    ]);
    // Left out, the period is checked against the server's day, and has ended.
    const onTheDay = await api.call('manager', '/api/forecast/adjustments', { method: 'POST', body });
    expect(onTheDay.status).toBe(400);
    expectProblem(onTheDay.body, 'period', 'adjust an open or future period');
    const stored = await api.call('manager', '/api/forecast/adjustments?period=FY2026-Q1');
    expect(stored.body).toEqual({ period: 'FY2026-Q1', revision: 0, adjustments: [] });
  });
});

describe('a body with several problems', () => {
  const post = (body: unknown, headers: Record<string, string> = {}) =>
    api.call('revops', '/api/forecast/adjustments', { method: 'POST', body, headers });
  const problems = (body: ErrorBody) =>
    body.error.problems.map(({ where, fix }) => ({ where, fix: typeof fix === 'string' && fix.length > 0 }));

  it('answers every problem of its values in one 400, each at its field with a fix', async () => {
    const bad = await post(
      {
        rep: 'REP-0011',
        category: 'commit',
        amount: '20k',
        note: 'x',
        period: 'FY2027-Q9',
      },
      { 'If-Match': 'latest' },
    );
    expect(bad.status).toBe(400);
    expect(problems(bad.body)).toEqual([
      { where: 'period', fix: true },
      { where: 'amount', fix: true },
      { where: 'If-Match', fix: true },
    ]);
    // Nothing was saved.
    const stored = await api.call<{ adjustments: unknown[] }>(
      'revops',
      '/api/forecast/adjustments?period=FY2027-Q4',
    );
    expect(stored.body.adjustments.filter((each) => JSON.stringify(each).includes('20k'))).toEqual([]);
  });

  it('answers every problem of its shape in one 400 too', async () => {
    const bad = await post({ rep: 'REP-0011', category: 'upside', amount: 1, revision: -1 });
    expect(bad.status).toBe(400);
    expect(
      problems(bad.body)
        .map(({ where }) => where)
        .sort(),
    ).toEqual(['category', 'note', 'revision']);
  });
});

describe('users add', () => {
  it('warns of a manager who manages nobody and of a rep who has left, and reads well for every role', async () => {
    // REP-0003 manages nobody and left in 2024 (the demo's data).
    const left = api.sql<{ end: string }>(
      "SELECT date(end_day * 86400, 'unixepoch') AS end FROM reps WHERE crm_id = 'REP-0003'",
    )[0]!.end;
    const slip = await api.cli('users', 'add', 'slip', '--role', 'manager', '--rep', 'REP-0003');
    expect(slip.code).toBe(0);
    expect(slip.stderr).toContain('warning: REP-0003 has no reports');
    expect(slip.stderr).toContain('did you mean --role rep?');
    expect(slip.stderr).toContain(`warning: REP-0003 left on ${left}`);
    const fine = await api.cli('users', 'add', 'fine', '--role', 'manager', '--rep', 'REP-0019');
    expect(fine.stderr).not.toContain('warning');
    const admin = await api.cli('users', 'add', 'boss', '--role', 'admin', '--rep', 'REP-0001');
    expect(admin.stderr).toContain('an admin sees all data');
    const unknown = await api.cli('users', 'add', 'who', '--role', 'rep', '--rep', 'X-1');
    expect(unknown.stderr).toMatch(/give the CRM id of a rep in the workspace, e\.g\. REP-\d{4} \(/);
  });
});

interface ShownUser {
  readonly login: string;
  readonly role: string;
  readonly rep: string | null;
  readonly createdBy: string;
  readonly revokedOn: string | null;
  readonly expiresOn: string | null;
}

/** A request with a token that is not one of the fixture's. */
const callWith = async (token: string, path: string) => {
  const response = await fetch(`${api.server().url}${path}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  return { status: response.status, body: await response.json() };
};

const auditOf = (login: string) =>
  api.sql<{ actor: string; action: string; at: string }>(
    'SELECT actor, action, at FROM audit_log WHERE subject = ? ORDER BY sequence',
    `api_user:${login}`,
  );

describe('users from the API', () => {
  it('adds a user whose token is in the answer only, and revokes them; the audit names the admin', async () => {
    const added = await api.call<{ user: ShownUser; token: string; warnings: string[] }>(
      'admin',
      '/api/users',
      { method: 'POST', body: { login: 'web-dana', role: 'manager', rep: 'REP-0019', expiresIn: '12w' } },
    );
    expect(added.status).toBe(201);
    // REP-0019 manages a team and is employed: nothing to warn of.
    expect(added.body.warnings).toEqual([]);
    expect(added.body.user).toEqual({
      login: 'web-dana',
      role: 'manager',
      rep: 'REP-0019',
      createdOn: AS_OF,
      createdBy: 'admin',
      revokedOn: null,
      // 12 weeks after 2026-11-27.
      expiresOn: '2027-02-19',
    });
    const { token } = added.body;
    expect(token).toMatch(/^so_[\w-]{43}$/);
    // The token works, as the manager it names.
    expect(await callWith(token, '/api/me')).toMatchObject({
      status: 200,
      body: { login: 'web-dana', role: 'manager', rep: 'REP-0019' },
    });
    const listed = await api.call<ShownUser[]>('admin', '/api/users');
    expect(listed.body.find((user) => user.login === 'web-dana')).toEqual(added.body.user);
    expect(JSON.stringify(listed.body)).not.toContain(token);
    expect(api.log.some((line) => line.startsWith('POST /api/users 201 ') && line.endsWith(' admin'))).toBe(
      true,
    );

    const revoked = await api.call<ShownUser>('admin', '/api/users/web-dana/revoke', { method: 'POST' });
    expect(revoked).toEqual({ status: 200, body: { ...added.body.user, revokedOn: AS_OF } });
    expect((await callWith(token, '/api/me')).status).toBe(401);
    expect(auditOf('web-dana')).toEqual([
      { actor: 'admin', action: 'user.add', at: AS_OF },
      { actor: 'admin', action: 'user.revoke', at: AS_OF },
    ]);
    expect(api.log.join('\n')).not.toContain(token);
    // Revoked already: nothing to revoke.
    const again = await api.call('admin', '/api/users/web-dana/revoke', { method: 'POST' });
    expect(again.status).toBe(400);
    expectProblem(again.body, 'login', 'GET /api/users');
  });

  it('warns, as users add does, of a manager who manages nobody and of a rep who has left, and adds them', async () => {
    const add = (body: unknown) =>
      api.call<{ user: ShownUser; token: string; warnings: string[] }>('admin', '/api/users', {
        method: 'POST',
        body,
      });
    // REP-0003 manages nobody and left on 2024-05-29 (the demo's data; the scoping test reads it too).
    const slip = await add({ login: 'web-slip', role: 'manager', rep: 'REP-0003' });
    expect(slip.status).toBe(201);
    expect(slip.body.warnings).toEqual([
      'REP-0003 has no reports: as a manager they see their own data only; did you mean role=rep?',
      'REP-0003 left on 2024-05-29: their data stops there',
    ]);
    expect(slip.body.user).toMatchObject({ login: 'web-slip', role: 'manager', rep: 'REP-0003' });
    // As a rep, only the leaving is worth a warning.
    const leaver = await add({ login: 'web-left', role: 'rep', rep: 'REP-0003' });
    expect(leaver.body.warnings).toEqual(['REP-0003 left on 2024-05-29: their data stops there']);
    // A manager of nobody who is still employed: REP-0011, an ISR of REP-0019's team.
    const lone = await add({ login: 'web-lone', role: 'manager', rep: 'REP-0011' });
    expect(lone.body.warnings).toEqual([
      'REP-0011 has no reports: as a manager they see their own data only; did you mean role=rep?',
    ]);
    expect((await add({ login: 'web-fin', role: 'finance' })).body.warnings).toEqual([]);
  });

  it('answers bad input in the API’s words, every field at its place', async () => {
    const add = (body: unknown) => api.call('admin', '/api/users', { method: 'POST', body });
    const schema = await add({ login: 'x', role: 'boss', extra: 1 });
    expect(schema.status).toBe(400);
    expect(schema.body.error.problems.map(({ where }) => where).sort()).toEqual(['extra', 'role']);
    const plain = await add({ login: 'no spaces', role: 'revops' });
    expect(plain.status).toBe(400);
    expectProblem(plain.body, 'login', 'letters, digits');
    const noRep = await add({ login: 'norep', role: 'rep' });
    expect(noRep.status).toBe(400);
    expectProblem(noRep.body, 'rep', 'e.g. rep=REP-0003');
    const extraRep = await add({ login: 'fin2', role: 'finance', rep: 'REP-0019' });
    expect(extraRep.body.error).toMatchObject({
      status: 400,
      message: 'rep is for managers and reps; a finance sees every payee',
      problems: [{ where: 'rep', fix: 'leave rep out, or give role=manager or role=rep' }],
    });
    const lifetime = await add({ login: 'forever', role: 'finance', expiresIn: '90' });
    expect(lifetime.status).toBe(400);
    expectProblem(lifetime.body, 'expiresIn', 'expiresIn=90d');
    // An unknown rep, as users add refuses it: at rep, with the reps it probably meant, by id or name.
    const typo = await add({ login: 'who', role: 'rep', rep: 'samir chen' });
    expect(typo.body.error).toMatchObject({
      status: 400,
      message: 'unknown rep "samir chen"',
      problems: [{ where: 'rep', fix: 'give a rep id; did you mean REP-0011 (Samir Chen)?' }],
    });
    const unknown = await add({ login: 'who', role: 'rep', rep: 'X-1', expiresIn: 'soon' });
    expect(unknown.status).toBe(400);
    // With the lifetime's problem, in one answer.
    expect(unknown.body.error.problems.map(({ where }) => where)).toEqual(['rep', 'expiresIn']);
    expect(unknown.body.error.problems[0]?.fix).toBe(
      'give the CRM id of a rep in the workspace, e.g. REP-0001 (Diego Gupta), REP-0002 (Farah Novak), ' +
        'REP-0003 (Thomas Fischer), REP-0004 (Wei Meyer), REP-0005 (Leo Smith) (GET /api/reps lists them)',
    );
    const taken = await add({ login: 'revops', role: 'revops' });
    expect(taken.status).toBe(400);
    expectProblem(taken.body, 'login', 'revoke the old one first: POST /api/users/revops/revoke');
    const logins = (await api.call<ShownUser[]>('admin', '/api/users')).body.map((user) => user.login);
    expect(logins).not.toEqual(expect.arrayContaining(['x', 'norep', 'fin2', 'forever', 'who']));
  });

  it('refuses an admin revoking themself, saying why and who can', async () => {
    const self = await api.call('admin', '/api/users/admin/revoke', { method: 'POST' });
    expect(self.status).toBe(400);
    expect(self.body.error.message).toBe(
      'admin is the user you are signed in as: revoking your own token would lock you out',
    );
    expectProblem(
      self.body,
      'login',
      'ask another admin to revoke it, or run salesops `users revoke admin` on the server',
    );
    expect((await api.call('admin', '/api/me')).status).toBe(200);
  });

  it('is for admins only: every other role gets 403, and nothing changes', async () => {
    for (const login of ['revops', 'finance', 'manager', 'rep'] as const) {
      const add = await api.call(login, '/api/users', {
        method: 'POST',
        body: { login: `by-${login}`, role: 'admin' },
      });
      expect(add.status, login).toBe(403);
      expect(add.body.error.problems[0]?.fix).toBe('it is for admin');
      const revoke = await api.call(login, '/api/users/finance/revoke', { method: 'POST' });
      expect(revoke.status, login).toBe(403);
    }
    const users = (await api.call<ShownUser[]>('admin', '/api/users')).body;
    expect(users.some((user) => user.login.startsWith('by-'))).toBe(false);
    expect(users.find((user) => user.login === 'finance')?.revokedOn).toBeNull();
    expect((await api.call('finance', '/api/me')).status).toBe(200);
  });
});

describe('secrets', () => {
  it('never writes a token to the log, the store or `users list`', async () => {
    const tokens = Object.values(api.tokens());
    expect(tokens.every((token) => /^so_[\w-]{43}$/.test(token))).toBe(true);
    await api.call('admin', '/api/me');
    expect(api.log.some((line) => line.startsWith('GET /api/me 200 ') && line.endsWith(' admin'))).toBe(true);
    const log = api.log.join('\n');
    // The database file and its write-ahead log, as bytes.
    const store = readdirSync(api.folder())
      .filter((name) => name.startsWith('salesops.db'))
      .map((name) => readFileSync(join(api.folder(), name)).toString('latin1'))
      .join('');
    const list = (await api.cli('users', 'list', '--format', 'json')).stdout;
    for (const token of tokens) {
      expect(log).not.toContain(token);
      expect(store).not.toContain(token);
      expect(list).not.toContain(token);
    }
  });
});

describe('responses', () => {
  it('answers every route as its OpenAPI schema says', async () => {
    const requests: Record<string, { path: string; login: Login; body?: unknown }> = {
      'get /api/me': { path: '/api/me', login: 'manager' },
      'get /api/reps': { path: '/api/reps', login: 'manager' },
      'get /api/status': { path: '/api/status', login: 'admin' },
      'get /api/opportunities': { path: '/api/opportunities?pageSize=5', login: 'admin' },
      'get /api/metrics': {
        path: '/api/metrics?metric=win_rate,pipeline_value&by=manager&period=FY2027-Q4',
        login: 'admin',
      },
      'get /api/forecast': { path: '/api/forecast?period=FY2027-Q4&model=all', login: 'revops' },
      'get /api/forecast/adjustments': {
        path: '/api/forecast/adjustments?period=FY2027-Q4',
        login: 'manager',
      },
      'get /api/pipeline/changes': {
        path: '/api/pipeline/changes?from=2026-10-01&period=FY2027-Q4&by=manager',
        login: 'admin',
      },
      'get /api/pipeline/conversion': { path: '/api/pipeline/conversion?by=segment', login: 'manager' },
      'get /api/winloss': { path: '/api/winloss', login: 'rep' },
      'post /api/forecast/adjustments': {
        path: '/api/forecast/adjustments',
        login: 'manager',
        body: { rep: 'REP-0011', category: 'commit', amount: 1000, note: 'schema', period: 'FY2027-Q4' },
      },
      'get /api/comp/runs': { path: '/api/comp/runs', login: 'rep' },
      'get /api/comp/statements/:payee': {
        path: `/api/comp/statements/REP-0011?period=${COMP_PERIOD}`,
        login: 'finance',
      },
      'get /api/users': { path: '/api/users', login: 'admin' },
      'post /api/users': {
        path: '/api/users',
        login: 'admin',
        body: { login: 'schema', role: 'rep', rep: 'REP-0011' },
      },
      'post /api/users/:login/revoke': { path: '/api/users/schema/revoke', login: 'admin' },
    };
    expect(Object.keys(requests).sort()).toEqual(
      API_ROUTES.map((each) => `${each.method} ${each.path}`).sort(),
    );
    type Document = { paths: Record<string, Record<string, { responses: Record<string, unknown> }>> };
    const document = (await api.call<Document>(null, '/api/openapi.json')).body;
    for (const route of API_ROUTES) {
      const request = requests[`${route.method} ${route.path}`]!;
      const { status, body } = await api.call<unknown>(request.login, request.path, {
        method: route.method.toUpperCase(),
        ...(request.body === undefined ? {} : { body: request.body }),
      });
      expect(status).toBe(route.status);
      const parsed = route.response.safeParse(body);
      expect(parsed.error?.issues ?? [], route.path).toEqual([]);
      // The document describes the answer: an object or array schema, not `{}`.
      const documented = document.paths[route.path.replace(/:(\w+)/, '{$1}')]![route.method]!;
      expect(JSON.stringify(documented.responses[String(route.status)])).toMatch(/"type":"(object|array)"/);
    }
    expect(healthResponse.safeParse((await api.call(null, '/api/health')).body).success).toBe(true);
  });
});

describe('token expiry', () => {
  it('refuses a token from the day it expires on, saying to ask for a new one (401)', async () => {
    // Added on three days with a week's lifetime: expired before AS_OF, on AS_OF, and the day after.
    const tokens: Record<string, string> = {};
    for (const [login, day] of [
      ['lapsed', '2026-11-01'],
      ['today', '2026-11-20'],
      ['valid', '2026-11-21'],
    ] as const) {
      const run = await api.cliOn(day, 'users', 'add', login, '--role', 'revops', '--expires-in', '7d');
      expect(run.code).toBe(0);
      tokens[login] = run.stdout.trim();
    }
    const me = (login: string) =>
      fetch(`${api.server().url}/api/me`, { headers: { authorization: `Bearer ${tokens[login] ?? ''}` } });
    const lapsed = await me('lapsed');
    expect(lapsed.status).toBe(401);
    expect(lapsed.headers.get('www-authenticate')).toBe('Bearer');
    expect(await lapsed.json()).toMatchObject({
      error: {
        message: 'the token of lapsed expired on 2026-11-08',
        problems: [
          {
            fix: 'ask an admin for a new one: salesops `users revoke lapsed` on the server, then salesops `users add lapsed --role revops --expires-in 90d` on the server',
          },
        ],
      },
    });
    expect((await me('today')).status).toBe(401);
    expect((await me('valid')).status).toBe(200);
    const listed = JSON.parse((await api.cli('users', 'list', '--format', 'json')).stdout) as {
      login: string;
      expiresOn: string | null;
    }[];
    expect(listed.filter((user) => user.login in tokens || user.login === 'admin')).toEqual([
      expect.objectContaining({ login: 'admin', expiresOn: null }),
      expect.objectContaining({ login: 'lapsed', expiresOn: '2026-11-08' }),
      expect.objectContaining({ login: 'today', expiresOn: '2026-11-27' }),
      expect.objectContaining({ login: 'valid', expiresOn: '2026-11-28' }),
    ]);
    const weeks = await api.cli('users', 'add', 'quarter', '--role', 'finance', '--expires-in', '12w');
    expect(weeks.stderr).toContain('It is refused from 2027-02-19 on.');
    const bad = await api.cli('users', 'add', 'forever', '--role', 'finance', '--expires-in', '90');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--expires-in 90d');
  });
});
