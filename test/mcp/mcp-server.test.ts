/**
 * `salesops mcp` as an assistant meets it: a real process on a seeded demo workspace (12 reps, 1,500 deals, as of
 * 2026-11-27), the SDK's client over stdio. Every tool's figures are the CLI's `--format json` figures for the same
 * arguments and asOf; bad arguments are tool errors naming the argument and the fix; the comp tools exist only with
 * --allow-comp.
 */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IsoDate } from '../../src/domain/dates.js';
import { FORECAST_AS_OF, forecastWorkspace, type ForecastWorkspace } from '../cli/forecast-workspace.js';
import { WorkspaceData } from '../../src/services/workspace-data.js';
import { type OpportunityQuery, opportunityPage } from '../../src/services/opportunities.js';
import { openWorkspace } from '../../src/workspace/workspace.js';
import { MCP_ENV, mcpProcess, startMcp, textOf, type McpSession } from './mcp-client.js';

const AS_OF = FORECAST_AS_OF;
const READ_ONLY_TOOLS = [
  'salesops_audit',
  'salesops_forecast',
  'salesops_list_metrics',
  'salesops_metrics',
  'salesops_opportunities',
  'salesops_pipeline_changes',
  'salesops_pipeline_conversion',
  'salesops_status',
  'salesops_winloss',
];
const COMP_TOOLS = ['salesops_comp_run', 'salesops_comp_statement'];
const COMP_PERIOD = 'FY2027-M03';

let workspace: ForecastWorkspace;
let mcp: McpSession;

/** The CLI's JSON for `args` on the workspace, as of {@link AS_OF}. */
async function cliJson(...args: string[]): Promise<Record<string, unknown>> {
  const run = await workspace.cli([...args, '--format', 'json']);
  expect(run.code, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as Record<string, unknown>;
}

/** A tool's structured answer without the tool's own additions (whether asOf was defaulted, the money unit). */
function answerOf(structured: unknown, ...added: string[]): Record<string, unknown> {
  const answer = { ...(structured as Record<string, unknown>) };
  for (const key of ['asOfDefaulted', ...added]) delete answer[key];
  return answer;
}

beforeAll(async () => {
  workspace = await forecastWorkspace();
  const run = await workspace.cli([
    'comp',
    'run',
    '--period',
    COMP_PERIOD,
    '--plans',
    resolve('examples/comp'),
  ]);
  expect(run.code, run.stderr).toBe(0);
  mcp = await startMcp(['--workspace', workspace.folder]);
}, 180_000);

afterAll(async () => {
  await mcp?.close();
  workspace?.remove();
});

describe('salesops mcp: the tools', () => {
  it('lists the read-only tools, each with a description, described arguments and read-only annotations', async () => {
    const { tools } = await mcp.client.listTools();
    expect(tools.map((tool) => tool.name).sort()).toEqual(READ_ONLY_TOOLS);
    for (const tool of tools) {
      expect(tool.description?.length, tool.name).toBeGreaterThan(100);
      expect(tool.annotations?.readOnlyHint, tool.name).toBe(true);
      for (const [name, property] of Object.entries(tool.inputSchema.properties ?? {}))
        expect((property as { description?: string }).description, `${tool.name}.${name}`).toBeTruthy();
    }
    const metrics = tools.find((tool) => tool.name === 'salesops_metrics')!;
    expect(metrics.inputSchema.required).toEqual(['metrics']);
    expect(metrics.description).toContain('major units');
    expect(Object.keys(metrics.outputSchema?.properties ?? {})).toEqual(
      expect.arrayContaining(['asOf', 'asOfDefaulted', 'period', 'currency', 'metrics', 'rows']),
    );
    for (const tool of tools) expect(tool.outputSchema?.type, tool.name).toBe('object');
    expect(tools.find((tool) => tool.name === 'salesops_forecast')!.description).toContain('MINOR units');
  });

  it('logs each call on stderr only: stdout carries nothing but the protocol', async () => {
    await mcp.call('salesops_status');
    expect(mcp.stderr()).toContain('salesops mcp: serving');
    expect(mcp.stderr()).toMatch(/salesops mcp: salesops_status: ok, \d+ ms/);
  });
});

describe('salesops mcp: the session', () => {
  it('answers on stdout with JSON-RPC only, and exits 0 with the workspace closed when the assistant closes stdin', async () => {
    const { command, args, cwd } = mcpProcess(['--workspace', workspace.folder]);
    const child = spawn(command, args, { cwd, env: MCP_ENV, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const initialize = {
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
    };
    child.stdin.end(`${JSON.stringify(initialize)}\n`);
    const code = await new Promise<number | null>((done) => child.on('close', done));
    expect(code, stderr).toBe(0);
    const lines = stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const answer = JSON.parse(lines[0]!) as { id: number; result: { serverInfo: { name: string } } };
    expect(answer.id).toBe(1);
    expect(answer.result.serverInfo.name).toBe('salesops');
  });
});

describe('salesops mcp: answers equal the CLI’s JSON', () => {
  it('salesops_status is `salesops status --format json`', async () => {
    const result = await mcp.call('salesops_status');
    expect(result.isError).toBeFalsy();
    const status = await cliJson('status');
    expect(result.structuredContent).toEqual(status);
    const counts = status.counts as Record<string, number>;
    expect(counts.opportunities).toBe(1500);
    expect(textOf(result)).toContain('1,500 opportunities');
  });

  it('salesops_list_metrics is `salesops metrics list --format json`', async () => {
    const result = await mcp.call('salesops_list_metrics');
    const { metrics } = result.structuredContent as { metrics: unknown[] };
    expect(metrics).toEqual(await cliJson('metrics', 'list'));
    expect(textOf(result)).toContain('win_rate');
  });

  it('salesops_metrics is `salesops metrics ... --format json` for the same metrics, split, period and asOf', async () => {
    const result = await mcp.call('salesops_metrics', {
      metrics: ['win_rate', 'pipeline_value'],
      by: ['owner'],
      period: 'FY2027-Q4',
      asOf: AS_OF,
    });
    expect(result.isError).toBeFalsy();
    const cli = await cliJson(
      'metrics',
      'win_rate',
      'pipeline_value',
      '--by',
      'owner',
      '--period',
      'FY2027-Q4',
    );
    expect(answerOf(result.structuredContent)).toEqual(cli);
    expect(result.structuredContent?.asOfDefaulted).toBe(false);
    const rows = (cli.rows as unknown[]).length;
    expect(rows).toBeGreaterThan(1);
    expect(textOf(result)).toContain(
      `FY2027-Q4 (2026-11-01..2027-01-31), as of ${AS_OF}, ${rows} rows by owner`,
    );
  });

  it('salesops_metrics without asOf looks from today and says so', async () => {
    const result = await mcp.call('salesops_metrics', { metrics: ['win_rate'] });
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent?.asOfDefaulted).toBe(true);
    expect(textOf(result)).toContain('(today; pass asOf for another day)');
  });

  it('salesops_forecast is `salesops forecast --format json` for the same period, split and model', async () => {
    const result = await mcp.call('salesops_forecast', {
      period: 'FY2027-Q4',
      by: 'manager',
      model: 'stage_weighted',
      asOf: AS_OF,
    });
    expect(result.isError, textOf(result)).toBeFalsy();
    const cli = await cliJson(
      'forecast',
      '--period',
      'FY2027-Q4',
      '--by',
      'manager',
      '--model',
      'stage_weighted',
    );
    expect(answerOf(result.structuredContent)).toEqual(cli);
    expect(cli.moneyUnit).toBe('minor');
    expect(textOf(result)).toContain('Stage-weighted');
  });

  it('salesops_forecast says its confidence as the report does: the exact figure, its band, the quota apart', async () => {
    const result = await mcp.call('salesops_forecast', { period: 'FY2027-Q4', asOf: AS_OF });
    expect(result.isError, textOf(result)).toBeFalsy();
    const { confidence, distribution } = result.structuredContent as {
      confidence: { level: string; probability: number };
      distribution: { probabilityOfQuota: number };
    };
    const bands: Record<string, string> = { green: 'High: 85% or more', yellow: 'Moderate: 70-85%' };
    const claim =
      `${Math.round(confidence.probability * 100)}% likely to reach at least 90% of the forecast ` +
      `(${bands[confidence.level] ?? 'Low: under 70%'})`;
    // The demo's chance of quota is 99.96%: not a certainty, which "100%" would claim.
    expect(distribution.probabilityOfQuota).toBeGreaterThan(0.999);
    expect(distribution.probabilityOfQuota).toBeLessThan(1);
    const ending = `; forecast confidence: ${claim}; chance of quota: over 99.9%`;
    expect(textOf(result).slice(-ending.length)).toBe(ending);
    // The same claim as the terminal report's Executive Summary.
    const report = await workspace.cli(['forecast', '--period', 'FY2027-Q4']);
    expect(report.stdout.replace(/\s+/g, ' ')).toContain(claim);
  });

  it('salesops_audit is `salesops audit --format json` with the same thresholds, money marked as minor units', async () => {
    const result = await mcp.call('salesops_audit', {
      staleDays: 45,
      pushThreshold: 2,
      examples: 1,
      asOf: AS_OF,
    });
    expect(result.isError).toBeFalsy();
    expect(answerOf(result.structuredContent, 'moneyUnit')).toEqual(
      await cliJson('audit', '--stale-days', '45', '--push-threshold', '2', '--examples', '1'),
    );
    expect(result.structuredContent?.moneyUnit).toBe('minor');
    expect(textOf(result)).toMatch(/^Data quality \d+(\.\d)? \/ 100 as of 2026-11-27;/);
  });

  it('salesops_audit without asOf reads the data as of the latest import, as `salesops audit` does', async () => {
    const result = await mcp.call('salesops_audit', { examples: 1 });
    expect(result.isError).toBeFalsy();
    expect(answerOf(result.structuredContent, 'moneyUnit', 'asOfDefaulted')).toEqual(
      await cliJson('audit', '--examples', '1'),
    );
    expect(textOf(result)).toMatch(
      /^Data quality \d+(\.\d)? \/ 100 as of \d{4}-\d\d-\d\d \(the latest import's as-of; pass asOf/,
    );
  });

  it('salesops_pipeline_changes is `salesops pipeline changes --format json`, and start + buckets = end', async () => {
    const args = { from: '2026-10-01', to: '2026-10-08', by: ['owner'], asOf: AS_OF };
    const result = await mcp.call('salesops_pipeline_changes', args);
    expect(result.isError).toBeFalsy();
    const cli = await cliJson(
      'pipeline',
      'changes',
      '--from',
      '2026-10-01',
      '--to',
      '2026-10-08',
      '--by',
      'owner',
    );
    expect(answerOf(result.structuredContent)).toEqual(cli);
    // In cents, so that the sum is exact: the buckets are signed (outs negative).
    const total = cli.total as Record<string, number>;
    const cents = (value: number) => Math.round(value * 100);
    const buckets = Object.keys(total).filter(
      (key) => !key.endsWith('_deals') && key !== 'start' && key !== 'end',
    );
    expect(buckets).toHaveLength(12);
    expect(cents(total.start!) + buckets.reduce((sum, key) => sum + cents(total[key]!), 0)).toBe(
      cents(total.end!),
    );
  });

  it('salesops_pipeline_conversion is `salesops pipeline conversion --format json`', async () => {
    const result = await mcp.call('salesops_pipeline_conversion', { period: 'FY2027', asOf: AS_OF });
    expect(result.isError).toBeFalsy();
    expect(answerOf(result.structuredContent)).toEqual(
      await cliJson('pipeline', 'conversion', '--period', 'FY2027'),
    );
  });

  it('salesops_winloss is `salesops winloss --format json`, breakdowns and crossed dimensions included', async () => {
    const result = await mcp.call('salesops_winloss', {
      period: 'FY2027',
      by: ['competitor', 'loss_reason,segment'],
      asOf: AS_OF,
    });
    expect(result.isError).toBeFalsy();
    const cli = await cliJson(
      'winloss',
      '--period',
      'FY2027',
      '--by',
      'competitor',
      '--by',
      'loss_reason,segment',
    );
    expect(answerOf(result.structuredContent)).toEqual(cli);
    expect(cli.by).toEqual(['competitor', 'loss_reason,segment']);
  });

  it('salesops_opportunities pages the deals: every one once, a stage filter a part of them', async () => {
    const first = await mcp.call('salesops_opportunities', { pageSize: 500 });
    const page = first.structuredContent as { total: number; items: { id: string; stage: string }[] };
    expect(page.total).toBe(1500);
    expect(page.items).toHaveLength(500);
    expect(textOf(first)).toBe('1,500 opportunities match; 1-500 shown; pass page 2 for more');
    const ids = new Set(page.items.map((item) => item.id));
    for (const number of [2, 3]) {
      const next = await mcp.call('salesops_opportunities', { pageSize: 500, page: number });
      for (const item of (next.structuredContent as typeof page).items) ids.add(item.id);
    }
    expect(ids.size).toBe(1500);
    const stage = page.items[0]!.stage;
    const inStage = await mcp.call('salesops_opportunities', { stage: stage.toUpperCase(), pageSize: 500 });
    const filtered = inStage.structuredContent as typeof page;
    expect(filtered.total).toBeGreaterThan(0);
    expect(filtered.total).toBeLessThan(1500);
    expect(new Set(filtered.items.map((item) => item.stage))).toEqual(new Set([stage]));
  });
});

describe('salesops mcp: opportunities by state, sorted', () => {
  interface Page {
    total: number;
    items: {
      id: string;
      stage: string;
      amountMinor: number | null;
      currency: string;
      closeDate: string | null;
    }[];
  }

  /**
   * The service's page for the same query on the same workspace (what `GET /api/opportunities` answers), and the
   * names of the stages of each outcome.
   */
  async function serviceAnswer(query: OpportunityQuery) {
    const opened = await openWorkspace(workspace.folder);
    try {
      const { stages } = opened.config.stageModel;
      return {
        page: opportunityPage(await new WorkspaceData(opened).dataset(), query, opened.config),
        stagesOf: (outcome: string) =>
          new Set(stages.filter((stage) => stage.outcome === outcome).map((stage) => stage.name)),
        currency: opened.config.currency,
      };
    } finally {
      await opened.close();
    }
  }

  const call = async (args: Record<string, unknown>) => {
    const result = await mcp.call('salesops_opportunities', { pageSize: 500, ...args });
    expect(result.isError, textOf(result)).toBeFalsy();
    return result.structuredContent as unknown as Page & Record<string, unknown>;
  };

  it('state open, by close date: open stages only, the next to close first, the undated last', async () => {
    const page = await call({ state: 'open', sort: ['closeDate'] });
    const service = await serviceAnswer({
      page: 1,
      pageSize: 500,
      state: 'open',
      sort: [{ field: 'closeDate', descending: false }],
    });
    expect(page).toEqual({ ...service.page, asOf: null, moneyUnit: 'minor' });
    expect(page.total).toBeGreaterThan(0);
    const open = service.stagesOf('open');
    for (const item of page.items) expect(open.has(item.stage), item.stage).toBe(true);
    const dates = page.items.map((item) => item.closeDate);
    const dated = dates.filter((date) => date !== null);
    expect(dates.slice(0, dated.length)).toEqual(dated);
    expect(dated).toEqual([...dated].sort());
  });

  it('state won, the largest first: won stages only, amounts in the corporate currency falling', async () => {
    const page = await call({ state: 'won', sort: ['-amount', 'closeDate'] });
    const service = await serviceAnswer({
      page: 1,
      pageSize: 500,
      state: 'won',
      sort: [
        { field: 'amount', descending: true },
        { field: 'closeDate', descending: false },
      ],
    });
    expect(page).toEqual({ ...service.page, asOf: null, moneyUnit: 'minor' });
    const won = service.stagesOf('won');
    for (const item of page.items) expect(won.has(item.stage), item.stage).toBe(true);
    const amounts = page.items
      .filter((item) => item.currency === service.currency && item.amountMinor !== null)
      .map((item) => item.amountMinor!);
    expect(amounts.length).toBeGreaterThan(1);
    expect(amounts).toEqual([...amounts].sort((a, b) => b - a));
  });

  it('as of an earlier day: its deals in their state then, the open ones closing in its quarter as `salesops metrics open_deals --as-of` counts them', async () => {
    const day = '2026-08-15' as IsoDate;
    const first = await call({ state: 'open', asOf: day });
    expect(first.asOf).toBe(day);
    const service = await serviceAnswer({ page: 1, pageSize: 500, state: 'open', asOf: day });
    expect(first).toEqual({ ...service.page, asOf: day, moneyUnit: 'minor' });
    const items = [...first.items];
    for (let page = 2; items.length < first.total; page++)
      items.push(...(await call({ state: 'open', asOf: day, page })).items);
    expect(items).toHaveLength(first.total);
    // The day's open pipeline is not today's.
    const now = await call({ state: 'open', pageSize: 1 });
    expect(now.asOf).toBeNull();
    expect(now.total).not.toBe(first.total);
    // The CLI's open deals of the day's fiscal quarter: open then, closing in it, with a positive amount.
    const cli = (await cliJson('metrics', 'open_deals', '--as-of', day)) as {
      periodStart: string;
      periodEnd: string;
      rows: { open_deals: number }[];
    };
    const inQuarter = items.filter(
      (item) =>
        item.closeDate !== null &&
        item.closeDate >= cli.periodStart &&
        item.closeDate <= cli.periodEnd &&
        (item.amountMinor ?? 0) > 0,
    );
    expect(inQuarter.length).toBeGreaterThan(0);
    expect(inQuarter.length).toBe(cli.rows[0]!.open_deals);
  });

  it('an asOf that is not a calendar date, at asOf', async () => {
    const result = await mcp.call('salesops_opportunities', { asOf: '2026-13-01' });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(
      /^asOf: must be a calendar date YYYY-MM-DD \(got "2026-13-01"\)\n {2}fix: /,
    );
  });

  it('state closed is the won and the lost deals together', async () => {
    const [closed, won, lost] = await Promise.all(
      ['closed', 'won', 'lost'].map((state) => call({ state, pageSize: 1 })),
    );
    expect(won!.total).toBeGreaterThan(0);
    expect(lost!.total).toBeGreaterThan(0);
    expect(closed!.total).toBe(won!.total + lost!.total);
  });

  it('a sort key that is not a field, at sort with the closest and the array sort takes', async () => {
    const result = await mcp.call('salesops_opportunities', { sort: ['-amont'] });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toBe(
      'sort: key "-amont" is not a field opportunities sort by\n  fix: did you mean amount? sort by closeDate, createdDate, amount, one to an entry, each with - before it for descending (e.g. ["-amount", "closeDate"])',
    );
  });
});

describe('salesops mcp: bad arguments are tool errors with the argument and the fix', () => {
  it('arguments of the wrong type or out of range, every one at once, in our words rather than the SDK’s', async () => {
    const result = await mcp.call('salesops_opportunities', { page: 0, pageSize: 'ten', state: 'gone' });
    expect(result.isError).toBe(true);
    const lines = textOf(result).split('\n');
    expect(lines.filter((line) => !line.startsWith('  fix: '))).toEqual([
      'state: not one of "open", "won", "lost", "closed"',
      'page: 0 is below 1, the least it takes',
      'pageSize: "ten" is not a number',
    ]);
    expect(lines.filter((line) => line.startsWith('  fix: '))).toEqual([
      expect.stringMatching(/^ {2}fix: give state: only deals now open, won, lost, or closed/),
      '  fix: give page: the page, from 1',
      '  fix: give pageSize: opportunities a page, 1 to 500',
    ]);
    expect(result.structuredContent).toBeUndefined();
    // A string for an array, and a number for a date.
    const metrics = await mcp.call('salesops_metrics', { metrics: 'win_rate', asOf: 20261127 });
    expect(metrics.isError).toBe(true);
    expect(textOf(metrics)).toMatch(/^metrics: "win_rate" is not an array\n {2}fix: give metrics: /);
    expect(textOf(metrics)).toContain(
      '\nasOf: 20261127 is not a string\n  fix: give asOf: the day to look from',
    );
    expect(mcp.stderr()).toMatch(/salesops_metrics: bad input/);
  });

  it('a period that does not exist', async () => {
    const result = await mcp.call('salesops_metrics', {
      metrics: ['win_rate'],
      period: 'FY2027-Q5',
      asOf: AS_OF,
    });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/^period: "FY2027-Q5" .*\n {2}fix: write a fiscal year, quarter/);
    expect(textOf(result)).toContain('FY2026-Q3');
    // Text only: the output schema describes answers, and the client checks any structured content against it.
    expect(result.structuredContent).toBeUndefined();
  });

  it('an asOf that is not a calendar date', async () => {
    const result = await mcp.call('salesops_audit', { asOf: '2026-02-30' });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toBe(
      'asOf: must be a calendar date YYYY-MM-DD (got "2026-02-30")\n  fix: pass a day that exists, e.g. "asOf": "2026-10-01", or leave asOf out for today',
    );
  });

  it('an unknown metric, at metrics with the closest ids and the tool that lists them', async () => {
    const result = await mcp.call('salesops_metrics', { metrics: ['win_rat'], asOf: AS_OF });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toBe(
      'metrics: "win_rat" is not a metric; did you mean win_rate, win_rate_value, win_rate_created?\n  fix: salesops_list_metrics lists every metric',
    );
  });

  it('an unknown dimension, at by, named once, with several given as the array by takes', async () => {
    const result = await mcp.call('salesops_metrics', { metrics: ['win_rate'], by: ['ownr'], asOf: AS_OF });
    expect(result.isError).toBe(true);
    // The fix in one line (the terminal's width is the CLI's to wrap at: test/cli/metrics-by.test.ts).
    expect(textOf(result).split('\n')).toEqual([
      'by: "ownr" is not a dimension; did you mean owner?',
      '  fix: split by any of these dimensions (several: "by": ["owner", "fiscal_quarter"]): owner, manager, ' +
        'team, segment, region, territory, source, type, product, size_band, stage, forecast_category, ' +
        'competitor, loss_reason, industry, tier, fiscal_month, fiscal_quarter, fiscal_year',
    ]);
  });

  it('a waterfall ending after asOf, in the tool’s words', async () => {
    const result = await mcp.call('salesops_pipeline_changes', { to: '2026-12-01', asOf: AS_OF });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toBe(
      'to: 2026-12-01 is after the as-of date 2026-11-27: the data does not know that day yet\n  fix: pass "to": "2026-11-27" or earlier, or a later asOf',
    );
  });

  it('a forecast of a date range, an unknown stage and an unknown owner', async () => {
    const range = await mcp.call('salesops_forecast', { period: '2026-10-01..2026-12-31', asOf: AS_OF });
    expect(range.isError).toBe(true);
    expect(textOf(range)).toMatch(
      /^period: 2026-10-01\.\.2026-12-31 is a date range; forecasts are of fiscal periods\n {2}fix: give a fiscal quarter/,
    );
    const stage = await mcp.call('salesops_opportunities', { stage: 'Negotiaton' });
    expect(stage.isError).toBe(true);
    expect(textOf(stage)).toMatch(
      /^stage: "Negotiaton" is not a stage of the stage model\n {2}fix: use one of: /,
    );
    const owner = await mcp.call('salesops_opportunities', { owner: 'REP-00O7' });
    expect(owner.isError).toBe(true);
    expect(textOf(owner)).toMatch(
      /^owner: unknown rep "REP-00O7"\n {2}fix: give a rep id; did you mean REP-0007 \(/,
    );
    // None close: the workspace's first five reps by CRM id and name, the ids `owner` takes.
    const nobody = await mcp.call('salesops_opportunities', { owner: 'XQZ' });
    expect(nobody.isError).toBe(true);
    expect(textOf(nobody)).toBe(
      'owner: unknown rep "XQZ"\n  fix: give the CRM id of a rep in the workspace, e.g. REP-0001 (Kai Sato), ' +
        'REP-0002 (Olivia Jansen), REP-0003 (Dara Costa), REP-0004 (Ananya Kaur), REP-0005 (Ananya Kim)',
    );
  });

  it('a forecast period read as `salesops forecast --period` reads it: the same problem and fix', async () => {
    for (const period of ['FY2027-Q9', '2026-10-01..2026-12-31', 'fy27']) {
      const cli = await workspace.cli(['forecast', '--period', period]);
      expect(cli.code, period).toBe(2);
      const tool = await mcp.call('salesops_forecast', { period, asOf: AS_OF });
      expect(tool.isError, period).toBe(true);
      // The CLI names the flag in the message, the tool places the problem at its argument.
      expect(textOf(tool)).toBe(cli.stderr.replace(/^error: --period /, 'period: ').trimEnd());
    }
  });

  it('several bad arguments in one call, each with its fix, in the order of the tool’s arguments', async () => {
    const metrics = await mcp.call('salesops_metrics', {
      metrics: ['win_rat'],
      by: ['ownr'],
      period: 'FY2027-Q9',
      asOf: '2026-02-30',
    });
    expect(metrics.isError).toBe(true);
    expect(
      textOf(metrics)
        .split('\n')
        .filter((line) => !line.startsWith('  ')),
    ).toEqual([
      'metrics: "win_rat" is not a metric; did you mean win_rate, win_rate_value, win_rate_created?',
      'by: "ownr" is not a dimension; did you mean owner?',
      'asOf: must be a calendar date YYYY-MM-DD (got "2026-02-30")',
      expect.stringMatching(/^period: "FY2027-Q9" /),
    ]);
    const changes = await mcp.call('salesops_pipeline_changes', {
      from: '2026-10-32',
      by: ['segmnt'],
      asOf: AS_OF,
    });
    expect(changes.isError).toBe(true);
    expect(textOf(changes)).toMatch(
      /^from: must be a calendar date YYYY-MM-DD \(got "2026-10-32"\)\n {2}fix: pass a day that exists, e\.g\. "from": "2026-10-01"\nby: "segmnt" is not a dimension; did you mean segment\?\n/,
    );
    const forecast = await mcp.call('salesops_forecast', {
      period: '2026-10-01..2026-12-31',
      asOf: '2026-11-31',
    });
    expect(forecast.isError).toBe(true);
    expect(textOf(forecast)).toMatch(
      /^asOf: must be a calendar date YYYY-MM-DD \(got "2026-11-31"\)\n.*\nperiod: 2026-10-01\.\.2026-12-31 is a date range; forecasts are of fiscal periods\n/,
    );
    const opportunities = await mcp.call('salesops_opportunities', {
      owner: 'REP-00O7',
      stage: 'Negotiaton',
      sort: ['clos'],
    });
    expect(opportunities.isError).toBe(true);
    expect(textOf(opportunities)).toMatch(
      /^owner: unknown rep "REP-00O7"\n {2}fix: .*\nstage: "Negotiaton" .*\n {2}fix: .*\nsort: key "clos" .*\n {2}fix: /,
    );
  });

  it('a wrong type or range and the tool’s own problems together, every argument named as the call writes it', async () => {
    /** The problems of a call's error, without their fixes. */
    const problemLines = (text: string) => text.split('\n').filter((line) => !line.startsWith('  fix: '));
    const opportunities = await mcp.call('salesops_opportunities', {
      page: 0,
      asOf: '2026-13-01',
      owner: 'REP-00O7',
      sort: ['clos'],
    });
    expect(opportunities.isError).toBe(true);
    expect(problemLines(textOf(opportunities))).toEqual([
      'page: 0 is below 1, the least it takes',
      'asOf: must be a calendar date YYYY-MM-DD (got "2026-13-01")',
      'owner: unknown rep "REP-00O7"',
      'sort: key "clos" is not a field opportunities sort by',
    ]);
    const forecast = await mcp.call('salesops_forecast', {
      model: 'magic',
      period: 'FY2027-Q9',
      asOf: '2026-02-30',
    });
    expect(forecast.isError).toBe(true);
    expect(problemLines(textOf(forecast))).toEqual([
      'model: not one of "auto", "stage_weighted", "category", "commit", "best_case", "historical", "deal"',
      'asOf: must be a calendar date YYYY-MM-DD (got "2026-02-30")',
      'period: "FY2027-Q9" is not a period: a fiscal year has quarters Q1-Q4, not Q9',
    ]);
    const audit = await mcp.call('salesops_audit', { staleDays: 0, asOf: '2026-02-30' });
    expect(audit.isError).toBe(true);
    expect(problemLines(textOf(audit))).toEqual([
      'staleDays: 0 is below 1, the least it takes',
      'asOf: must be a calendar date YYYY-MM-DD (got "2026-02-30")',
    ]);
    const winloss = await mcp.call('salesops_winloss', {
      period: '2026-10-01..2026-09-30',
      by: ['competitor,competitor'],
      asOf: '2026-11-31',
    });
    expect(winloss.isError).toBe(true);
    expect(textOf(winloss)).toBe(
      [
        'asOf: must be a calendar date YYYY-MM-DD (got "2026-11-31")',
        '  fix: pass a day that exists, e.g. "asOf": "2026-10-01", or leave asOf out for today',
        'period: "2026-10-01..2026-09-30" ends before it starts',
        '  fix: write a fiscal year, quarter or month (FY2026, FY2026-Q3, FY2026-M07) or dates 2026-07-01..2026-09-30',
        'by: "competitor,competitor" names competitor twice',
        '  fix: name each dimension once in an entry of "by"',
      ].join('\n'),
    );
    // No flag of the command line among them but a suggested command's workspace: arguments are given in JSON.
    for (const result of [opportunities, forecast, audit, winloss])
      expect(textOf(result)).not.toMatch(/--(?!workspace )/);
  });

  it('a wrong type is refused by the schema, and the server keeps serving', async () => {
    const result = await mcp.call('salesops_opportunities', { page: 0 });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain('page');
    expect((await mcp.call('salesops_status')).isError).toBeFalsy();
  });
});

describe('salesops mcp: compensation only with --allow-comp', () => {
  it('without it the comp tools are neither listed nor callable', async () => {
    const result = await mcp.call('salesops_comp_statement', { payee: 'REP-0001', period: COMP_PERIOD });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain('salesops_comp_statement not found');
  });

  it('with it, a statement is the one `salesops comp statement --format json` prints, money in minor units', async () => {
    const comp = await startMcp(['--workspace', workspace.folder, '--allow-comp']);
    try {
      expect(comp.stderr()).toContain('compensation tools included (--allow-comp)');
      const { tools } = await comp.client.listTools();
      expect(tools.map((tool) => tool.name).sort()).toEqual([...READ_ONLY_TOOLS, ...COMP_TOOLS].sort());
      const run = await comp.call('salesops_comp_run', { period: COMP_PERIOD });
      expect(run.isError, textOf(run)).toBeFalsy();
      const payees = (run.structuredContent as { payees: { payee: string; total: number }[] }).payees;
      expect(payees.length).toBeGreaterThan(0);
      const { payee, total } = payees[0]!;
      const result = await comp.call('salesops_comp_statement', { payee, period: COMP_PERIOD });
      expect(result.isError, textOf(result)).toBeFalsy();
      const cli = await cliJson('comp', 'statement', payee, '--period', COMP_PERIOD);
      const statement = (
        result.structuredContent as {
          statement: { total: number; attainment: unknown; lines: { amount: number }[] };
        }
      ).statement;
      // The CLI's JSON writes money as decimal strings of major units, the tool as integer minor units (USD: cents).
      const cents = (decimal: unknown) => Math.round(Number(decimal) * 100);
      const cliLines = cli.lines as { amount: string }[];
      expect(statement.lines.map((line) => line.amount)).toEqual(cliLines.map((line) => cents(line.amount)));
      expect(statement.total).toBe(cents(cli.total));
      expect(statement.attainment).toEqual(cli.attainment);
      expect(statement.total).toBe(total);
      expect(statement.lines.reduce((sum, line) => sum + line.amount, 0)).toBe(statement.total);
      const missing = await comp.call('salesops_comp_statement', { payee, period: 'FY2027-M04' });
      expect(missing.isError).toBe(true);
      expect(textOf(missing)).toBe(
        `period: there is no comp run for FY2027-M04\n  fix: run it first: \`salesops comp run --period FY2027-M04 --workspace ${workspace.folder}\`, ` +
          'adding --plans and the folder of your plan files (the workspace has no comp-plans folder)',
      );
      const malformed = await comp.call('salesops_comp_run', { period: 'FY2027 M04' });
      expect(malformed.isError).toBe(true);
      expect(textOf(malformed)).toBe(
        'period: "FY2027 M04" is not a fiscal period\n' +
          '  fix: write FY2027 (a fiscal year), FY2027-Q1 (a quarter) or FY2027-M01 (month 1 of the fiscal year)',
      );
    } finally {
      await comp.close();
    }
  });
});
