/**
 * Plan cost models (`comp model`) and what-if comparisons (`comp whatif`) as text, Markdown, HTML (with the
 * payout curve per role as an inline SVG chart), CSV and JSON. Money in CSV and JSON is a decimal string in
 * major units of the currency.
 * @module
 */
import { money } from '../../comp/exact.js';
import { type PlanModel, type ScenarioCost } from '../../comp/modelling.js';
import { type WhatIfRow } from '../../comp/what-if.js';
import { minorToDecimalString, type MinorUnits } from '../../domain/money.js';
import { element, empty, htmlPage, join, type Html } from '../sales-forecast/html.js';
import { axisTicks, CHART_COLORS } from '../sales-forecast/svg-charts.js';
import { type Column, renderCsv, renderMarkdownTable, renderTextTable, wrapNote } from '../table.js';
import { readableHeaders } from './headers.js';
import { stackedColumns, stackedLines } from './stacked.js';

export type ModelFormat = 'table' | 'md' | 'html' | 'csv' | 'json';

interface CostRow {
  readonly scenario: string;
  readonly source: string;
  readonly role: string;
  readonly plan: string;
  readonly payees: number;
  /** Each measure's attainment, `expansion 4.2%`. */
  readonly measures: readonly string[];
  readonly variable: MinorUnits;
  readonly base: MinorUnits;
  readonly revenue: MinorUnits;
  readonly share: number | null;
}

const percent = (share: number | null) => (share === null ? 'n/a' : `${(100 * share).toFixed(1)}%`);

const measuresOf = (attainment: Readonly<Record<string, string>>): string[] =>
  Object.entries(attainment).map(([measure, value]) => `${measure} ${(100 * Number(value)).toFixed(1)}%`);

function costRows(scenarios: readonly ScenarioCost[]): CostRow[] {
  return scenarios.flatMap((scenario) => [
    ...scenario.roles.map((role) => ({
      scenario: scenario.scenario,
      source: scenario.source,
      role: role.role,
      plan: role.plan,
      payees: role.payees,
      measures: measuresOf(role.attainment),
      variable: role.variable,
      base: role.base,
      revenue: role.revenue,
      share: role.revenue > 0 ? (role.variable + role.base) / role.revenue : null,
    })),
    {
      scenario: scenario.scenario,
      source: scenario.source,
      role: 'all',
      plan: '',
      payees: scenario.roles.reduce((sum, role) => sum + role.payees, 0),
      measures: [],
      variable: scenario.variable,
      base: scenario.base,
      revenue: scenario.revenue,
      share: scenario.costOfRevenue,
    },
  ]);
}

/**
 * How the cost table is laid out: `table` for the terminal, within 110 columns (the cost share headed `Cost %`,
 * which a legend under the table explains: its long header made an AM plan's table 122 columns wide); `document`
 * for Markdown and HTML, under readable headers; `data` for CSV and JSON, under lowercase keys with the source of
 * each scenario as a field.
 */
type CostLayout = 'table' | 'document' | 'data';

function costColumns(currency: string, layout: CostLayout): Column<CostRow>[] {
  const plain = layout === 'data';
  const amount = (header: string, pick: (row: CostRow) => MinorUnits): Column<CostRow> => ({
    header,
    value: (row) => (plain ? minorToDecimalString(pick(row), currency) : pick(row)),
    display: (row) => money(pick(row), currency),
    align: 'right',
  });
  const columns: Column<CostRow>[] = [
    { header: 'scenario', value: (row) => row.scenario },
    // The source is one sentence per scenario: a field in CSV and JSON, a line above the table in text.
    ...(plain ? [{ header: 'source', value: (row: CostRow) => row.source }] : []),
    { header: 'role', value: (row) => row.role },
    { header: 'payees', value: (row) => row.payees },
    { header: 'attainment', value: (row) => row.measures.join(', ') },
    amount('variable pay', (row) => row.variable),
    amount('base salary', (row) => row.base),
    amount('revenue', (row) => row.revenue),
    {
      header: layout === 'table' ? 'cost %' : 'comp cost % of revenue',
      value: (row) => (plain ? row.share : percent(row.share)),
      display: (row) => percent(row.share),
      align: 'right',
    },
  ];
  return plain ? columns : readableHeaders(columns);
}

interface CurveRow {
  readonly attainment: string;
  readonly perPayee: Readonly<Record<string, MinorUnits>>;
}

function curveColumns(model: PlanModel, plain: boolean): Column<CurveRow>[] {
  const roles = [...new Set(model.curve.flatMap((point) => Object.keys(point.perPayee)))];
  const columns = [
    {
      header: 'attainment',
      value: (row: CurveRow) => (plain ? row.attainment : `${(100 * Number(row.attainment)).toFixed(0)}%`),
    },
    ...roles.map((role): Column<CurveRow> => ({
      header: plain ? `${role} pay per payee` : `pay per payee (${role})`,
      value: (row) =>
        plain
          ? minorToDecimalString(row.perPayee[role] ?? (0 as MinorUnits), model.currency)
          : (row.perPayee[role] ?? 0),
      display: (row) => money(row.perPayee[role] ?? 0, model.currency),
      align: 'right',
    })),
  ];
  return plain ? columns : readableHeaders(columns);
}

function heading(model: PlanModel): string[] {
  const samples = Object.entries(model.samples)
    .map(([role, count]) => `${role} ${count}`)
    .join(', ');
  return [
    `Plan cost in ${model.period} (${model.currency}) under each scenario's attainment`,
    ...model.scenarios.map((scenario) => `Scenario ${scenario.scenario}: ${scenario.source}`),
    `History: ${samples || 'none (history scenarios fall back to 100% of quota)'} payee-periods per role`,
    ...leftOut(model),
    `Rounding: ${model.rounding}`,
  ];
}

/** Payees of the run not employed on the period's last day: named per role, since they change the per-payee figures. */
function leftOut(model: PlanModel): string[] {
  const roles = model.scenarios[0]?.roles.filter((role) => role.notEmployed > 0) ?? [];
  if (roles.length === 0) return [];
  const list = roles.map((role) => `${role.role} ${role.notEmployed}`).join(', ');
  return [
    `Left out: payees not employed on the period's last day (left, or not yet hired), who earn nothing in it: ${list}`,
  ];
}

const CHART = { width: 640, height: 320, left: 70, right: 120, top: 20, bottom: 40 } as const;
const LINE_COLORS = [
  CHART_COLORS.weighted,
  CHART_COLORS.quota,
  CHART_COLORS.low,
  CHART_COLORS.medium,
  '#6b21a8',
];

/** The payout curve: pay per payee of each role against attainment, one line per role. */
export function payoutCurveChart(model: PlanModel): Html {
  const roles = [...new Set(model.curve.flatMap((point) => Object.keys(point.perPayee)))];
  const max = Math.max(1, ...model.curve.flatMap((point) => Object.values(point.perPayee)));
  const ticks = axisTicks(max);
  const top = ticks.at(-1) ?? max;
  const plotWidth = CHART.width - CHART.left - CHART.right;
  const plotHeight = CHART.height - CHART.top - CHART.bottom;
  const lastAttainment = Number(model.curve.at(-1)?.attainment ?? 2);
  const x = (attainment: number) => CHART.left + (plotWidth * attainment) / lastAttainment;
  const y = (amount: number) => CHART.top + plotHeight - (plotHeight * amount) / top;
  const fixed = (value: number) => (Math.round(value * 10) / 10).toFixed(1);
  const grid = ticks.map((tick) =>
    join(
      empty('line', {
        x1: CHART.left,
        x2: CHART.left + plotWidth,
        y1: fixed(y(tick)),
        y2: fixed(y(tick)),
        stroke: CHART_COLORS.grid,
      }),
      element(
        'text',
        { x: CHART.left - 6, y: fixed(y(tick) + 4), 'text-anchor': 'end', 'font-size': 11 },
        money(tick, model.currency),
      ),
    ),
  );
  const xLabels = model.curve.map((point) =>
    element(
      'text',
      {
        x: fixed(x(Number(point.attainment))),
        y: CHART.top + plotHeight + 16,
        'text-anchor': 'middle',
        'font-size': 11,
      },
      `${(100 * Number(point.attainment)).toFixed(0)}%`,
    ),
  );
  const lines = roles.map((role, index) => {
    const color = LINE_COLORS[index % LINE_COLORS.length] ?? CHART_COLORS.forecast;
    const points = model.curve
      .map((point) => `${fixed(x(Number(point.attainment)))},${fixed(y(point.perPayee[role] ?? 0))}`)
      .join(' ');
    const last = model.curve.at(-1);
    return join(
      empty('polyline', { points, fill: 'none', stroke: color, 'stroke-width': 2 }),
      element(
        'text',
        {
          x: fixed(x(Number(last?.attainment ?? 0)) + 6),
          y: fixed(y(last?.perPayee[role] ?? 0) + 4),
          'font-size': 12,
          fill: color,
        },
        role,
      ),
    );
  });
  return element(
    'svg',
    {
      xmlns: 'http://www.w3.org/2000/svg',
      viewBox: `0 0 ${CHART.width} ${CHART.height}`,
      width: CHART.width,
      height: CHART.height,
      role: 'img',
      'aria-label': 'Payout curve: variable pay per payee by attainment, per role',
    },
    grid,
    xLabels,
    element(
      'text',
      { x: CHART.left + plotWidth / 2, y: CHART.height - 6, 'text-anchor': 'middle', 'font-size': 12 },
      'attainment of quota',
    ),
    lines,
  );
}

const CSS = `body{font-family:system-ui,sans-serif;margin:2rem;color:#111}table{border-collapse:collapse}
th,td{border-bottom:1px solid #e3e6ea;padding:.3rem .6rem;text-align:left;font-size:.9rem}
td.amount,th.amount{text-align:right}.note{color:#4b5563}`;

function htmlTable<Row>(columns: readonly Column<Row>[], rows: readonly Row[]): Html {
  const cls = (column: Column<Row>) => (column.align === 'right' ? { class: 'amount' } : {});
  return element(
    'table',
    {},
    element(
      'thead',
      {},
      element(
        'tr',
        {},
        columns.map((column) => element('th', cls(column), column.header)),
      ),
    ),
    element(
      'tbody',
      {},
      rows.map((row) =>
        element(
          'tr',
          {},
          columns.map((column) =>
            element(
              'td',
              cls(column),
              column.display ? column.display(row) : String(column.value(row) ?? ''),
            ),
          ),
        ),
      ),
    ),
  );
}

export function renderPlanModel(model: PlanModel, format: ModelFormat): string {
  const rows = costRows(model.scenarios);
  if (format === 'json') {
    const body = {
      period: model.period,
      currency: model.currency,
      samples: model.samples,
      rounding: model.rounding,
      scenarios: rows.map((row) =>
        Object.fromEntries(costColumns(model.currency, 'data').map((c) => [c.header, c.value(row)])),
      ),
      payoutCurve: model.curve.map((row) =>
        Object.fromEntries(curveColumns(model, true).map((column) => [column.header, column.value(row)])),
      ),
    };
    return `${JSON.stringify(body, null, 2)}\n`;
  }
  if (format === 'csv') return renderCsv(costColumns(model.currency, 'data'), rows);
  const title = `Plan cost model, ${model.period}`;
  if (format === 'html') {
    return htmlPage(
      title,
      CSS,
      join(
        element('h1', {}, title),
        heading(model).map((line) => element('p', { class: 'note' }, line)),
        element('h2', {}, 'Cost by scenario'),
        htmlTable(costColumns(model.currency, 'document'), rows),
        element('h2', {}, 'Payout curve per role'),
        payoutCurveChart(model),
        htmlTable(curveColumns(model, false), model.curve),
      ),
    );
  }
  if (format === 'md') {
    return [
      `# ${title}`,
      '',
      ...heading(model).map((line) => `${line}  `),
      '',
      '## Cost by scenario',
      '',
      renderMarkdownTable(costColumns(model.currency, 'document'), rows),
      '## Payout curve per role',
      '',
      renderMarkdownTable(curveColumns(model, false), model.curve),
    ].join('\n');
  }
  return [
    title,
    ...heading(model).flatMap(wrapNote),
    '',
    // One line per measure's attainment: an SDR's two side by side made the table over 110 columns wide.
    renderTextTable(
      stackedColumns(costColumns(model.currency, 'table'), 'Attainment'),
      stackedLines(rows, (row) => row.measures),
    ),
    ...wrapNote('Cost %: comp cost (variable pay + base salary) as a share of revenue.'),
    '',
    'Payout curve (variable pay per payee, everyone at the same attainment)',
    renderTextTable(curveColumns(model, false), model.curve),
  ].join('\n');
}

/** A what-if comparison: each figure for the base plan and the changed one, side by side. */
export function renderWhatIf(
  rows: readonly WhatIfRow[],
  heading: {
    readonly title: string;
    readonly edits: readonly string[];
    readonly currency: string;
    /** Where each scenario's attainment came from: `p10: forecast P10: ...`. */
    readonly sources: readonly string[];
    /** What explains a figure that did not move (what-if.ts unreachedTierNotes), said under the table. */
    readonly notes: readonly string[];
  },
  format: ModelFormat,
): string {
  const show = (row: WhatIfRow, value: number | null) =>
    value === null ? 'n/a' : row.unit === 'share' ? percent(value) : money(value, heading.currency);
  const plainValue = (row: WhatIfRow, value: number | null) =>
    value === null
      ? null
      : row.unit === 'share'
        ? value
        : minorToDecimalString(value as MinorUnits, heading.currency);
  const change = (row: WhatIfRow) =>
    row.base === null || row.whatIf === null ? null : row.whatIf - row.base;
  const plain = format === 'csv' || format === 'json';
  const columns: Column<WhatIfRow>[] = [
    { header: 'figure', value: (row) => row.label },
    ...(['base', 'whatIf'] as const).map((key): Column<WhatIfRow> => ({
      header: key === 'base' ? 'base plan' : 'what-if',
      value: (row) => (plain ? plainValue(row, row[key]) : row[key]),
      display: (row) => show(row, row[key]),
      align: 'right',
    })),
    {
      header: 'change',
      value: (row) => (plain ? plainValue(row, change(row)) : change(row)),
      display: (row) => {
        const value = change(row);
        return value === null ? 'n/a' : `${value > 0 ? '+' : ''}${show(row, value)}`;
      },
      align: 'right',
    },
  ];
  if (format === 'json') {
    const body = {
      title: heading.title,
      edits: heading.edits,
      currency: heading.currency,
      scenarios: heading.sources,
      notes: heading.notes,
      rows: rows.map((row) =>
        Object.fromEntries(columns.map((column) => [column.header, column.value(row)])),
      ),
    };
    return `${JSON.stringify(body, null, 2)}\n`;
  }
  if (format === 'csv') return renderCsv(columns, rows);
  const readable = readableHeaders(columns);
  const notes = [
    `Changes: ${heading.edits.join('; ')}`,
    ...heading.sources.map((source) => `Scenario ${source}`),
  ];
  if (format === 'html') {
    return htmlPage(
      heading.title,
      CSS,
      join(
        element('h1', {}, heading.title),
        notes.map((note) => element('p', { class: 'note' }, note)),
        htmlTable(readable, rows),
        heading.notes.map((note) => element('p', { class: 'note' }, note)),
      ),
    );
  }
  if (format === 'md') {
    return [
      `# ${heading.title}`,
      '',
      ...notes.map((note) => `${note}  `),
      '',
      renderMarkdownTable(readable, rows),
      ...heading.notes.flatMap((note) => [note, '']),
    ].join('\n');
  }
  return [
    heading.title,
    ...notes.flatMap(wrapNote),
    '',
    renderTextTable(readable, rows),
    ...heading.notes.flatMap(wrapNote),
    ...(heading.notes.length > 0 ? [''] : []),
  ].join('\n');
}
