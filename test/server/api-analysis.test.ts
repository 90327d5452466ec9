/**
 * The HTTP API's pipeline analyses (waterfall, stage conversion, win/loss), the manager tree of a split by manager
 * (a scope that manages nobody sees its own row; rows carry their parent), and lost updates of forecast
 * adjustments refused with 409. A real server over the seeded demo workspace of ./api-fixture.ts; figures are
 * checked against SQL on its database and against the CLI's JSON.
 */
import { describe, expect, it } from 'vitest';
import { AS_OF, apiFixture } from './api-fixture.js';

const api = apiFixture();

type Row = Record<string, string | number | null>;

const repName = (rep: string) =>
  api.sql<{ name: string }>('SELECT name FROM reps WHERE crm_id = ?', rep)[0]!.name;
/** A rep's manager's CRM id (null at the top), read from the reps table. */
const managerOf = (rep: string) =>
  api.sql<{ manager: string | null }>(
    'SELECT m.crm_id AS manager FROM reps r LEFT JOIN reps m ON m.id = r.manager_id WHERE r.crm_id = ?',
    rep,
  )[0]!.manager;

/** Major units to integer minor units (the currency has 2 decimals), so that sums are exact. */
const cents = (major: unknown) => Math.round(Number(major) * 100);

const BUCKETS = [
  'created',
  'pulled_in',
  'pushed_in',
  'reopened',
  'moved_in',
  'increased',
  'won',
  'lost',
  'pushed_out',
  'pulled_out',
  'moved_out',
  'decreased',
];

/** A row's labels left out: what a total row (no labels) has. */
function withoutLabels(row: Row, ...labels: string[]): Row {
  return Object.fromEntries(Object.entries(row).filter(([key]) => !labels.includes(key)));
}

describe('pipeline changes', () => {
  interface Changes {
    from: string;
    to: string;
    periodStart: string;
    periodEnd: string;
    dimensions: string[];
    total: Row;
    rows: Row[];
    deals: Record<string, { id: string; value: number }[]>;
  }
  const path = '/api/pipeline/changes?from=2026-10-01&to=2026-11-27&period=FY2027-Q4';

  it('answers as `salesops pipeline changes --format json`, start + ins − outs = end exactly in every row', async () => {
    const { status, body } = await api.call<Changes>('admin', `${path}&by=owner`);
    expect(status).toBe(200);
    const cli = await api.cli(
      'pipeline',
      'changes',
      '--from',
      '2026-10-01',
      '--to',
      '2026-11-27',
      '--period',
      'FY2027-Q4',
      '--by',
      'owner',
      '--format',
      'json',
    );
    expect(cli.code).toBe(0);
    expect(body).toEqual(JSON.parse(cli.stdout));
    expect(body.rows.length).toBeGreaterThan(1);
    for (const row of [body.total, ...body.rows]) {
      const moved = BUCKETS.reduce((sum, bucket) => sum + cents(row[bucket]), 0);
      expect(cents(row.start) + moved).toBe(cents(row.end));
    }
    // The ins are positive and the outs negative, as documented.
    expect(Number(body.total.created)).toBeGreaterThan(0);
    expect(Number(body.total.won)).toBeLessThan(0);
  });

  it('gives a rep the waterfall of their own deals, its end the open pipeline SQL finds for them', async () => {
    const { status, body } = await api.call<Changes>('rep', path);
    expect(status).toBe(200);
    const stages = (await api.call<{ stages: string[] }>('rep', '/api/pipeline/conversion')).body.stages;
    const open = api.sql<{ deals: number; amount: number; currencies: number }>(
      `SELECT count(*) AS deals, coalesce(sum(o.amount), 0) AS amount, count(DISTINCT o.currency_code) AS currencies
         FROM opportunities o JOIN reps r ON r.id = o.owner_id
         JOIN labels s ON s.kind = 'stage' AND s.code = o.stage_code
        WHERE r.crm_id = 'REP-0011'
          AND s.value IN (${stages.map(() => '?').join(', ')})
          AND date(o.close_day * 86400, 'unixepoch') BETWEEN ? AND ?`,
      ...stages,
      body.periodStart,
      body.periodEnd,
    )[0]!;
    // `to` is the data's as-of day, so the end is the deals' current state; one currency, so no conversion.
    expect(open.currencies).toBe(1);
    expect(open.deals).toBeGreaterThan(0);
    expect([body.total.end_deals, cents(body.total.end)]).toEqual([open.deals, open.amount]);
    expect(body.rows).toEqual([body.total]);
    const own = new Set(
      api
        .sql<{ crm_id: string }>(
          `SELECT o.crm_id FROM opportunities o JOIN reps r ON r.id = o.owner_id WHERE r.crm_id = 'REP-0011'`,
        )
        .map((row) => row.crm_id),
    );
    const listed = Object.values(body.deals).flat();
    expect(listed.length).toBeGreaterThan(0);
    expect(listed.filter((deal) => !own.has(deal.id))).toEqual([]);
  });

  it('refuses dates in the wrong order or past the as-of day, at the parameter', async () => {
    const backwards = await api.call('admin', '/api/pipeline/changes?from=2026-11-20&to=2026-11-01');
    expect(backwards.status).toBe(400);
    expect(backwards.body.error.problems[0]).toMatchObject({
      message: 'from 2026-11-20 is after to 2026-11-01',
      where: 'from',
    });
    expect(backwards.body.error.problems[0]!.fix).toContain('from=2026-10-01 to=2026-10-08');
    const future = await api.call('admin', '/api/pipeline/changes?to=2026-12-31');
    expect(future.status).toBe(400);
    expect(future.body.error.problems[0]).toMatchObject({ where: 'to' });
    expect(future.body.error.problems[0]!.fix).toContain(`to=${AS_OF} or earlier`);
    const day = await api.call('admin', '/api/pipeline/changes?from=2026-02-30');
    expect(day.body.error.problems[0]).toMatchObject({ where: 'from' });
  });

  it('answers a bad date, by and period in one 400, each at its parameter with a fix', async () => {
    const all = await api.call('admin', '/api/pipeline/changes?from=2026-02-30&by=ownr&period=FY2027-Q9');
    expect(all.status).toBe(400);
    const { problems } = all.body.error;
    expect(problems.map((problem) => problem.where)).toEqual(['from', 'period', 'by']);
    expect(problems[1]!.message).toContain('not Q9');
    expect(problems[2]!.message).toContain('"ownr" is not a dimension; did you mean owner?');
    expect(problems.every((problem) => typeof problem.fix === 'string' && problem.fix !== '')).toBe(true);
  });
});

describe('stage conversion and win/loss', () => {
  it("gives a rep the company's numbers of their own deals", async () => {
    type Conversion = { rows: Row[]; total: Row[] };
    const company = (await api.call<Conversion>('revops', '/api/pipeline/conversion?period=FY2027&by=owner'))
      .body;
    const rep = await api.call<Conversion>('rep', '/api/pipeline/conversion?period=FY2027');
    expect(rep.status).toBe(200);
    const name = repName('REP-0011');
    const theirs = company.rows.filter((row) => row.owner === name).map((row) => withoutLabels(row, 'owner'));
    expect(theirs.length).toBeGreaterThan(0);
    expect(rep.body.total).toEqual(theirs);

    type WinLoss = {
      periodStart: string;
      periodEnd: string;
      overall: { won: number; lost: number };
      rows: Row[];
    };
    const byOwner = (await api.call<WinLoss>('revops', '/api/winloss?period=FY2027&by=owner')).body.rows;
    const repWinLoss = await api.call<WinLoss>('rep', '/api/winloss?period=FY2027&by=competitor;loss_reason');
    expect(repWinLoss.status).toBe(200);
    const row = byOwner.find((each) => each.owner === name)!;
    expect(repWinLoss.body.overall).toMatchObject({ won: row.won, lost: row.lost });
    const closed = api.sql<{ value: string; deals: number }>(
      `SELECT s.value, count(*) AS deals FROM opportunities o JOIN reps r ON r.id = o.owner_id
         JOIN labels s ON s.kind = 'stage' AND s.code = o.stage_code
        WHERE r.crm_id = 'REP-0011' AND date(o.close_day * 86400, 'unixepoch') BETWEEN ? AND ?
        GROUP BY s.value`,
      repWinLoss.body.periodStart,
      repWinLoss.body.periodEnd,
    );
    const won = closed.find((each) => /won/i.test(each.value))?.deals ?? 0;
    expect(repWinLoss.body.overall.won).toBe(won);
    expect(new Set(repWinLoss.body.rows.map((each) => each.breakdown))).toEqual(
      new Set(['competitor', 'loss_reason']),
    );
  });

  it('answers a bad asOf, period and by of win/loss in one 400, each at its parameter with a fix', async () => {
    const all = await api.call('rep', '/api/winloss?period=FY2027-Q9&by=competitr&asOf=2026-13-01');
    expect(all.status).toBe(400);
    const { problems } = all.body.error;
    expect(problems.map((problem) => problem.where)).toEqual(['asOf', 'period', 'by']);
    expect(problems[1]!.message).toContain('not Q9');
    expect(problems[2]!.message).toContain('"competitr" is not a dimension; did you mean competitor?');
    expect(problems.every((problem) => typeof problem.fix === 'string' && problem.fix !== '')).toBe(true);
    // In the API's words: breakdowns of one by parameter, apart by semicolons.
    expect(problems[2]!.fix).toMatch(
      /^split by any of these dimensions, commas crossing them \(by=competitor,segment\): owner, .*, stage_lost_at, .*; another semicolon-separated part of by adds a breakdown$/,
    );
    const twice = await api.call('rep', '/api/winloss?by=competitor;owner,rep');
    expect(twice.body.error.problems).toEqual([
      {
        message: 'by "owner,rep" names owner twice',
        where: 'by',
        fix: 'name each dimension once in a semicolon-separated part of by',
      },
    ]);
  });
});

describe('split by manager', () => {
  type Metrics = { rows: Row[] };
  const query = 'metric=pipeline_value,open_deals,closed_won,win_rate&period=FY2027';

  it('gives each manager row its level and parent, so that a client can draw the tree', async () => {
    const vp = managerOf('REP-0019')!;
    expect(managerOf(vp)).toBeNull();
    const rows = (await api.call<Metrics>('revops', `/api/metrics?${query}&by=manager`)).body.rows;
    const place = (rep: string) => {
      const row = rows.find((each) => each.manager === repName(rep))!;
      return { level: row.level, parent: row.parent };
    };
    expect(place(vp)).toEqual({ level: 0, parent: null });
    for (const manager of ['REP-0001', 'REP-0012', 'REP-0019'])
      expect(place(manager)).toEqual({ level: 1, parent: repName(vp) });

    // The forecast's rows split by manager carry their parent the same way.
    type Forecast = { byGroup: { by: string; rows: { group: string; parent?: string | null }[] } };
    const forecast = (await api.call<Forecast>('revops', '/api/forecast?period=FY2027-Q4&by=manager')).body;
    expect(forecast.byGroup.by).toBe('manager');
    const parents = Object.fromEntries(forecast.byGroup.rows.map((row) => [row.group, row.parent]));
    expect(parents).toMatchObject({
      [repName(vp)]: null,
      ...Object.fromEntries(['REP-0001', 'REP-0012', 'REP-0019'].map((rep) => [repName(rep), repName(vp)])),
    });
    expect(forecast.byGroup.rows.every((row) => 'parent' in row)).toBe(true);
    // A team's view starts at its manager, whose parent (the VP) has no row in it.
    const team = (await api.call<Forecast>('manager', '/api/forecast?period=FY2027-Q4&by=manager')).body;
    expect(team.byGroup.rows.map(({ group, parent }) => ({ group, parent }))).toEqual([
      { group: repName('REP-0019'), parent: repName(vp) },
    ]);
    // Split by owner, no row has one.
    const byOwner = (await api.call<Forecast>('revops', '/api/forecast?period=FY2027-Q4&by=owner')).body;
    expect(byOwner.byGroup.rows.some((row) => 'parent' in row)).toBe(false);
  });

  it("gives a rep their own row, one level under their manager, and a manager their team's only", async () => {
    const name = repName('REP-0011');
    const total = (await api.call<Metrics>('rep', `/api/metrics?${query}`)).body.rows[0]!;
    const byManager = await api.call<Metrics & { dimensions: string[] }>(
      'rep',
      `/api/metrics?${query}&by=manager`,
    );
    expect(byManager.status).toBe(200);
    expect(byManager.body.dimensions).toEqual(['manager']);
    expect(managerOf('REP-0011')).toBe('REP-0019');
    expect(byManager.body.rows).toEqual([{ manager: name, level: 2, parent: repName('REP-0019'), ...total }]);
    // Crossed with another dimension: one row per segment, each the rep's own.
    const crossed = (await api.call<Metrics>('rep', `/api/metrics?${query}&by=manager,segment`)).body.rows;
    expect(crossed.length).toBeGreaterThan(0);
    expect(crossed.every((row) => row.manager === name && row.parent === repName('REP-0019'))).toBe(true);

    const team = (await api.call<Metrics>('manager', `/api/metrics?${query}&by=manager`)).body.rows;
    const teamTotal = (await api.call<Metrics>('manager', `/api/metrics?${query}`)).body.rows[0]!;
    expect(team).toEqual([
      { manager: repName('REP-0019'), level: 1, parent: repName(managerOf('REP-0019')!), ...teamTotal },
    ]);
  });

  it('gives a rep their own row in the waterfall, conversion and win/loss split by manager', async () => {
    const name = repName('REP-0011');
    type Changes = { total: Row; rows: Row[]; deals: Record<string, Row[]> };
    const changes = (
      await api.call<Changes>('rep', '/api/pipeline/changes?from=2026-10-01&period=FY2027-Q4&by=manager')
    ).body;
    expect(changes.rows).toEqual([{ manager: name, ...changes.total }]);
    const listed = Object.values(changes.deals).flat();
    expect(listed.length).toBeGreaterThan(0);
    expect(listed.every((deal) => deal.manager === name && !('owner' in deal))).toBe(true);

    type Conversion = { rows: Row[]; total: Row[]; aging: Row[] };
    const conversion = (await api.call<Conversion>('rep', '/api/pipeline/conversion?by=manager')).body;
    expect(conversion.rows).toEqual(conversion.total.map((row) => ({ manager: name, ...row })));
    expect(conversion.aging.every((row) => row.manager === name)).toBe(true);

    type WinLoss = { overall: Row; rows: Row[] };
    const winloss = (await api.call<WinLoss>('rep', '/api/winloss?period=FY2027&by=manager')).body;
    const { overall } = winloss;
    expect(winloss.rows).toHaveLength(1);
    expect(winloss.rows[0]).toMatchObject({
      breakdown: 'manager',
      manager: name,
      won: overall.won,
      lost: overall.lost,
      rate: overall.win_rate,
      rate_low: overall.win_rate_low,
      won_value: overall.won_value,
    });

    // The forecast too: the rep's row of the split by owner, as the company's report has it.
    type Terms = Record<'closed' | 'weightedPipeline' | 'newPipeline' | 'adjustments' | 'total', number>;
    type Forecast = {
      byGroup: {
        by: string;
        rows: {
          id: string | null;
          group: string;
          closed: number;
          pipelineWeighted: number;
          forecast: number;
        }[];
      };
      totalForecast: Terms;
    };
    // The historical-conversion model, whose new-pipeline term the company has and a scope takes its share of.
    const forecast = (
      await api.call<Forecast>('rep', '/api/forecast?period=FY2027-Q4&by=manager&model=historical')
    ).body;
    const byOwner = (
      await api.call<Forecast>('revops', '/api/forecast?period=FY2027-Q4&by=owner&model=historical')
    ).body;
    expect(forecast.byGroup.by).toBe('manager');
    // Its own row is the company's row of the rep, with its parent, the rep's manager.
    expect(forecast.byGroup.rows).toEqual(
      byOwner.byGroup.rows
        .filter((row) => row.id === 'REP-0011')
        .map((row) => ({ ...row, parent: repName('REP-0019') })),
    );
    expect(forecast.byGroup.rows).toHaveLength(1);
    // Its total's terms are the rep's own (the new pipeline their share of the company's), summing to the total.
    const [own] = forecast.byGroup.rows;
    const { closed, weightedPipeline, newPipeline, adjustments, total } = forecast.totalForecast;
    expect({ closed, weightedPipeline, total }).toEqual({
      closed: own!.closed,
      weightedPipeline: own!.pipelineWeighted,
      total: own!.forecast,
    });
    expect(closed + weightedPipeline + newPipeline + adjustments).toBe(total);
    // A share, not the company's whole term: the data has new pipeline to share, and the rep is one of many.
    const company = byOwner.totalForecast.newPipeline;
    expect(newPipeline).toBeGreaterThan(0);
    expect(newPipeline).toBeLessThan(company);

    // A manager's waterfall by manager starts at them: no row of the VP above.
    const team = (
      await api.call<Changes>('manager', '/api/pipeline/changes?from=2026-10-01&period=FY2027-Q4&by=manager')
    ).body;
    expect(team.rows.map((row) => row.manager)).toEqual([repName('REP-0019')]);
    expect(withoutLabels(team.rows[0]!, 'manager')).toEqual(team.total);
  });
});

describe('forecast adjustments: lost updates', () => {
  type Adjustments = { period: string; revision: number; adjustments: { rep: string; note: string }[] };
  const read = async (login: 'revops' | 'manager' | 'rep') =>
    (await api.call<Adjustments>(login, '/api/forecast/adjustments?period=FY2027-Q4')).body;
  const adjust = (
    login: 'revops' | 'manager',
    fields: Record<string, unknown>,
    headers: Record<string, string> = {},
  ) =>
    api.call<{ revision: number }>(login, '/api/forecast/adjustments', {
      method: 'POST',
      body: { category: 'commit', period: 'FY2027-Q4', amount: 1000, ...fields },
      headers,
    });

  it('keeps the changes of two managers to two reps based on one revision; refuses (409) one to a rep and layer changed since', async () => {
    expect(await read('revops')).toEqual({ period: 'FY2027-Q4', revision: 0, adjustments: [] });
    // Two managers read revision 0 and adjust a rep of their own team each (REP-0001's on its behalf, by revops):
    // neither change touches the number the other replaces.
    const otherRep = api.sql<{ crm_id: string }>(
      "SELECT r.crm_id FROM reps r JOIN reps m ON m.id = r.manager_id WHERE m.crm_id = 'REP-0001' ORDER BY r.crm_id LIMIT 1",
    )[0]!.crm_id;
    const first = await adjust('manager', { rep: 'REP-0011', note: 'first' }, { 'If-Match': '"0"' });
    expect(first).toEqual({ status: 201, body: expect.objectContaining({ revision: 1 }) as unknown });
    const second = await adjust('revops', {
      rep: otherRep,
      manager: 'REP-0001',
      note: 'other team',
      revision: 0,
    });
    expect(second).toEqual({ status: 201, body: expect.objectContaining({ revision: 2 }) as unknown });
    // REP-0011's manager layer again, based on revision 0: it would replace the manager's change unseen.
    const lost = await adjust('revops', {
      rep: 'REP-0011',
      manager: 'REP-0019',
      note: 'based on 0',
      revision: 0,
    });
    expect(lost.status).toBe(409);
    const problem = (lost.body as unknown as { error: { status: number; problems: Row[] } }).error;
    expect(problem.status).toBe(409);
    expect(problem.problems[0]).toMatchObject({
      where: 'revision',
      message:
        'the manager layer of REP-0011 in FY2027-Q4 was adjusted after revision 0 (the adjustments are at revision 2): someone saved one meanwhile',
    });
    const after = await read('revops');
    expect(after.revision).toBe(2);
    expect(after.adjustments.map((each) => each.note)).toEqual(['first', 'other team']);
    // Read again, resent on a revision that holds the manager's change: kept.
    const resent = await adjust(
      'revops',
      { rep: 'REP-0011', manager: 'REP-0019', note: 'based on 2' },
      { 'if-match': 'W/"2"' },
    );
    expect(resent.status).toBe(201);
    expect(resent.body.revision).toBe(3);
    // Its owner layer is another number: a change of it based on revision 0 is kept.
    const owner = await adjust('revops', { rep: 'REP-0011', note: 'owner layer', revision: 0 });
    expect(owner.status).toBe(201);
    // The rep sees their own adjustments only; every view has the period's one revision.
    expect(await read('rep')).toMatchObject({
      revision: 4,
      adjustments: [
        { rep: 'REP-0011', note: 'first' },
        { rep: 'REP-0011', note: 'based on 2' },
        { rep: 'REP-0011', note: 'owner layer' },
      ],
    });
    // A revision not yet reached is a mistake of the request, not a conflict.
    const ahead = await adjust('revops', { rep: 'REP-0011', note: 'ahead', revision: 9 });
    expect(ahead.status).toBe(400);
  });

  it('documents the 409 in the OpenAPI document, for the POST only', async () => {
    type Document = { paths: Record<string, Record<string, { responses: Record<string, unknown> }>> };
    const { paths } = (await api.call<Document>(null, '/api/openapi.json')).body;
    expect(Object.keys(paths['/api/forecast/adjustments']!.post!.responses)).toContain('409');
    expect(Object.keys(paths['/api/forecast/adjustments']!.get!.responses)).not.toContain('409');
  });

  it('refuses a malformed If-Match, or one that disagrees with revision (400)', async () => {
    const malformed = await adjust('revops', { rep: 'REP-0013', note: 'x' }, { 'If-Match': '"abc"' });
    expect(malformed.status).toBe(400);
    expect((malformed.body as unknown as { error: { problems: Row[] } }).error.problems[0]).toMatchObject({
      where: 'If-Match',
    });
    const both = await adjust('revops', { rep: 'REP-0013', note: 'x', revision: 1 }, { 'If-Match': '2' });
    expect(both.status).toBe(400);
  });

  it('loses no adjustment when saves race without a revision: each is kept or refused with 409', async () => {
    const before = (await read('revops')).adjustments.length;
    const answers = await Promise.all(
      Array.from({ length: 6 }, (_, index) => adjust('revops', { rep: 'REP-0004', note: `race ${index}` })),
    );
    expect(answers.every((answer) => answer.status === 201 || answer.status === 409)).toBe(true);
    const kept = answers.filter((answer) => answer.status === 201).length;
    expect(kept).toBeGreaterThan(0);
    const stored = await read('revops');
    expect(stored.adjustments.length).toBe(before + kept);
    expect(stored.adjustments.filter((each) => each.note.startsWith('race'))).toHaveLength(kept);
  });
});
