/**
 * The Sales Forecast as one self-contained HTML file: inline CSS, inline SVG charts (the outcome distribution
 * against quota, pipeline by stage, forecast against quota by rep), no script and no network, so it can be
 * mailed or archived as it is. Every CRM string is escaped (src/reports/sales-forecast/html.ts).
 * @module
 */
import type { Confidence, SalesForecast } from '../../forecast/sales-forecast.js';
import type { Column } from '../table.js';
import { attainmentPercent, compactMoney, probabilityPercent } from './format.js';
import { element, htmlPage, join, type Html } from './html.js';
import type { ForecastRenderOptions } from './markdown.js';
import {
  adjustmentColumns,
  atRiskLine,
  CONFIDENCE_LABEL,
  concernLine,
  confidenceClaim,
  confidenceSentence,
  dealColumns,
  GROUP_TITLE,
  groupColumns,
  groupRows,
  NO_BREAK_SPACE,
  layerColumns,
  layerRows,
  methodsLines,
  modelColumns,
  moneyOf,
  noteLines,
  pipelineColumns,
  weightedValueHeader,
  pipelineRows,
  riskColumns,
  segmentColumns,
  totalLines,
  upsideLine,
} from './sections.js';
import { distributionChart, repChart, stageChart } from './svg-charts.js';

const CSS = `
:root { color-scheme: light; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1f2328; margin: 0;
  background: #f6f7f9; }
main { max-width: 980px; margin: 0 auto; padding: 24px 28px 48px; background: #fff; }
h1 { font-size: 26px; margin: 0 0 4px; }
h2 { font-size: 18px; margin: 28px 0 10px; padding-bottom: 4px; border-bottom: 1px solid #e3e6ea; }
.meta { color: #6b7280; margin: 0 0 16px; }
.note { background: #fff8e1; border-left: 4px solid #d4a017; padding: 8px 12px; margin: 8px 0; }
.cards { display: flex; flex-wrap: wrap; gap: 12px; margin: 12px 0; }
.card { flex: 1 1 200px; border: 1px solid #e3e6ea; border-radius: 8px; padding: 10px 14px; }
.card .label { color: #6b7280; font-size: 12px; text-transform: uppercase; letter-spacing: .04em; }
.card .value { font-size: 22px; font-weight: 600; }
.card .detail { color: #4b5563; font-size: 13px; }
.dot { display: inline-block; width: 10px; height: 10px; border-radius: 50%; margin-right: 5px; }
.dot.green { background: #1b7f3b; } .dot.yellow { background: #d4a017; } .dot.red { background: #c0392b; }
.badge { display: inline-block; padding: 1px 8px; border-radius: 10px; font-weight: 600; color: #fff; }
.badge.green { background: #1b7f3b; } .badge.yellow { background: #b7860b; } .badge.red { background: #c0392b; }
table { border-collapse: collapse; width: 100%; margin: 8px 0 12px; font-variant-numeric: tabular-nums; }
th, td { padding: 5px 8px; border-bottom: 1px solid #e3e6ea; vertical-align: top; }
th { background: #f0f2f5; text-align: left; font-weight: 600; }
td.num, th.num { text-align: right; white-space: nowrap; }
td.date { white-space: nowrap; }
tr.total td { font-weight: 600; border-top: 2px solid #c9ced6; }
svg.chart { display: block; width: 100%; max-width: 900px; height: auto; margin: 8px 0; }
svg.chart text { font: 12px system-ui, sans-serif; fill: #1f2328; }
svg.chart text.tick { fill: #6b7280; font-size: 11px; }
ul.methods li { margin: 2px 0; }
footer { color: #6b7280; font-size: 12px; margin-top: 32px; }
`;

function cellText<Row>(column: Column<Row>, row: Row): string {
  if (column.display) return column.display(row);
  const value = column.value(row);
  if (value === null) return '';
  return typeof value === 'number' ? value.toLocaleString('en-US') : value;
}

const SIGNAL_CLASS: Readonly<Record<string, Confidence>> = { '🟢': 'green', '🟡': 'yellow', '🔴': 'red' };

/** A confidence badge's attributes: its level's colour, grey where none is claimed (no data for the period). */
const badge = (level: Confidence): Record<string, string> =>
  level === 'none' ? { class: 'badge', style: 'background: #6b7280' } : { class: `badge ${level}` };

/**
 * Cell text with its traffic-light signs (🟢 🟡 🔴, as the text and Markdown reports write them) drawn as
 * coloured dots: a browser without an emoji font would show empty boxes.
 */
function signalled(text: string): Html {
  return join(
    text.split(/(🟢|🟡|🔴)/u).map((part) => {
      const signal = SIGNAL_CLASS[part];
      return signal === undefined ? part : element('span', { class: `dot ${signal}`, title: signal }, '');
    }),
  );
}

/** A table of the shared columns; numeric columns right-aligned; the rows `isTotal` picks are marked as totals. */
function htmlTable<Row>(
  columns: readonly Column<Row>[],
  rows: readonly Row[],
  isTotal: (row: Row) => boolean = () => false,
): Html {
  const numeric = columns.map((column) => {
    if (column.align) return column.align === 'right';
    const first = rows.find((row) => column.value(row) !== null);
    return first !== undefined && typeof column.value(first) === 'number';
  });
  const className = (index: number) => (numeric[index] ? 'num' : undefined);
  return element(
    'table',
    {},
    element(
      'thead',
      {},
      element(
        'tr',
        {},
        columns.map((column, index) => element('th', { class: className(index) }, column.header)),
      ),
    ),
    element(
      'tbody',
      {},
      rows.map((row) =>
        element(
          'tr',
          { class: isTotal(row) ? 'total' : undefined },
          columns.map((column, index) => {
            const text = cellText(column, row);
            // A date must not break at its hyphens.
            const date = /^\d{4}-\d{2}-\d{2}$/.test(text) ? 'date' : undefined;
            return element('td', { class: className(index) ?? date }, signalled(text));
          }),
        ),
      ),
    ),
  );
}

const section = (title: string, ...children: (Html | Html[])[]): Html =>
  element('section', {}, element('h2', {}, title), ...children);

const paragraph = (label: string, text: string): Html =>
  element('p', {}, element('strong', {}, `${label}: `), text);

function card(label: string, value: Html | string, detail: string): Html {
  return element(
    'div',
    { class: 'card' },
    element('div', { class: 'label' }, label),
    element('div', { class: 'value' }, value),
    element('div', { class: 'detail' }, detail),
  );
}

function executiveSummary(forecast: SalesForecast): Html {
  const money = moneyOf(forecast);
  const compact = (minor: number) => compactMoney(minor, forecast.currency);
  const summary = forecast.executiveSummary;
  const { distribution } = forecast;
  const cards = [
    card(
      'Quota',
      summary.quota === null ? 'none' : money(summary.quota),
      `${forecast.period.name}, all reps`,
    ),
    card(
      'Forecast',
      money(summary.forecast),
      summary.percentOfQuota === null
        ? 'no quota to compare'
        : `${attainmentPercent(summary.percentOfQuota)} of quota`,
    ),
    card(
      'Forecast confidence',
      element('span', badge(summary.confidence), CONFIDENCE_LABEL[summary.confidence].word),
      confidenceClaim(forecast) ?? forecast.confidence.basis,
    ),
    card(
      'Chance of quota',
      probabilityPercent(distribution.probabilityOfQuota),
      `P10 ${compact(distribution.p10)} · P50 ${compact(distribution.p50)} · P90 ${compact(distribution.p90)}`,
    ),
  ];
  return section(
    'Executive Summary',
    element('div', { class: 'cards' }, cards),
    distributionChart({
      closed: forecast.closedThisPeriod,
      p10: distribution.p10,
      p50: distribution.p50,
      p90: distribution.p90,
      forecast: summary.forecast,
      quota: summary.quota,
      format: compact,
    }),
  );
}

export function renderForecastHtml(forecast: SalesForecast, options: ForecastRenderOptions = {}): string {
  const format = (minor: number) => compactMoney(minor, forecast.currency);
  const group = GROUP_TITLE[forecast.byGroup.by];
  const parts: Html[] = [
    element('h1', {}, forecast.title),
    element(
      'p',
      { class: 'meta' },
      `As of ${forecast.asOf}; period ${forecast.period.start} to ${forecast.period.end}; amounts in ${forecast.currency}.`,
    ),
    join(noteLines(forecast).map((note) => element('div', { class: 'note' }, note))),
    executiveSummary(forecast),
    section(
      'Pipeline Snapshot',
      htmlTable(pipelineColumns(forecast), pipelineRows(forecast), (row) => row.stage === 'Total'),
      stageChart(
        forecast.pipelineSnapshot.stages.map((stage) => ({
          label: stage.stage,
          value: stage.value,
          weighted: stage.weightedValue,
        })),
        format,
        weightedValueHeader(forecast),
      ),
      totalLines(forecast).map((line) => paragraph(line.label, line.text)),
    ),
    section(
      group.heading,
      repChart(
        forecast.byGroup.rows.map((row) => ({
          label: row.group,
          closed: row.closed,
          forecast: row.forecast,
          quota: row.quota,
          risk: row.risk,
        })),
        format,
      ),
      htmlTable(
        groupColumns(forecast, options.managerLevels, NO_BREAK_SPACE),
        groupRows(forecast, options.managerLevels),
      ),
      paragraph('At Risk', atRiskLine(forecast)),
    ),
    section(
      'Forecast by Segment',
      htmlTable(segmentColumns(forecast), forecast.bySegment.rows),
      paragraph('Concern', concernLine(forecast)),
    ),
    section(
      'Risk Factors',
      forecast.risks.length > 0
        ? htmlTable(riskColumns(forecast), forecast.risks)
        : element('p', {}, 'No risk factor found.'),
    ),
    section(
      'Upside Opportunities',
      element(
        'ul',
        {},
        forecast.upside.length === 0 ? element('li', {}, 'None found.') : '',
        forecast.upside.map((upside) => element('li', {}, upsideLine(forecast, upside))),
      ),
    ),
    section(
      'Recommendations',
      forecast.recommendations.length === 0
        ? element('p', {}, 'No action needed beyond the plan.')
        : element(
            'ol',
            {},
            forecast.recommendations.map((item) => element('li', {}, item.text)),
          ),
    ),
    section(
      'Confidence Level',
      element(
        'p',
        {},
        element('span', badge(forecast.confidence.level), CONFIDENCE_LABEL[forecast.confidence.level].word),
        ' ',
        element('strong', {}, confidenceSentence(forecast)),
      ),
      element(
        'ul',
        {},
        forecast.confidence.reasons.map((reason) => element('li', {}, reason.text)),
      ),
    ),
    section(
      'Forecast Categories and Adjustments',
      htmlTable(layerColumns(forecast), layerRows(forecast)),
      forecast.categories.adjustments.length > 0
        ? htmlTable(adjustmentColumns(forecast), forecast.categories.adjustments)
        : element('p', {}, 'No owner or manager adjustments.'),
    ),
  ];
  if (forecast.deals.length > 0) {
    parts.push(section('Largest Open Deals', htmlTable(dealColumns(forecast), forecast.deals)));
  }
  if (options.allModels) {
    parts.push(section('Models Side by Side', htmlTable(modelColumns(forecast), forecast.models)));
  }
  parts.push(
    section(
      'Methods',
      element(
        'ul',
        { class: 'methods' },
        methodsLines(forecast, options.commandLine).map((line) => element('li', {}, line)),
        forecast.methods.definitions.map((definition) =>
          element('li', {}, element('strong', {}, `${definition.term}: `), definition.definition),
        ),
      ),
    ),
    element('footer', {}, `Generated by salesops from the workspace data as of ${forecast.asOf}.`),
  );
  return htmlPage(forecast.title, CSS, element('main', {}, parts));
}
