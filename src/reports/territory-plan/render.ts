/**
 * The Territory Plan rendered as Markdown (the role's template), one self-contained HTML page (inline CSS, no
 * script or network; every CRM string escaped) or JSON (the document's data, money in minor units).
 * @module
 */
import { element, htmlPage, join, type Html } from '../sales-forecast/html.js';
import { renderMarkdownTable, type Column } from '../table.js';
import type { TerritoryPlan } from './model.js';
import {
  coverageLines,
  footerLine,
  overviewLines,
  quotaColumns,
  quotaHeadline,
  ruleLines,
  segmentationColumns,
  segmentationNote,
  teamLines,
} from './sections.js';

const bold = (lines: readonly { label: string; text: string }[]) =>
  lines.map((line) => `- **${line.label}**: ${line.text}`);

/** Markdown text from CRM data: characters that would start markup are escaped. */
const md = (text: string) => text.replace(/([\\`*_[\]<>|#])/g, '\\$1');
/** The same for a table cell, whose pipes renderMarkdownTable escapes itself. */
const mdCell = (text: string) => text.replace(/([\\`*_[\]<>#])/g, '\\$1');
const mdLines = (lines: readonly { label: string; text: string }[]) =>
  lines.map((line) => ({ label: md(line.label), text: md(line.text) }));

export function renderTerritoryPlanMarkdown(plan: TerritoryPlan): string {
  const out: string[] = [`# ${md(plan.title)}`, ''];
  if (plan.missing.length > 0) out.push(`> Not yet in this plan: ${md(plan.missing.join('; '))}.`, '');
  out.push('## Territory Overview');
  out.push(...(plan.overview ? bold(mdLines(overviewLines(plan))) : ['Not segmented yet.']), '');
  out.push('## Account Segmentation');
  const note = segmentationNote(plan);
  out.push(
    plan.segmentation
      ? renderMarkdownTable(mdColumns(segmentationColumns(plan)), plan.segmentation).trimEnd()
      : 'Not segmented yet.',
    ...(plan.segmentation && note !== null ? ['', `<sub>${md(note)}</sub>`] : []),
    '',
  );
  out.push('## Sales Coverage Model');
  if (plan.coverage && plan.coverage.lines.length > 0) {
    out.push(...coverageLines(plan).map((line) => `- ${md(line)}`), '');
    out.push(...teamLines(plan).map((line) => `**${line.label}**: ${md(line.text)}  `));
  } else out.push('No coverage model (planning.coverage in salesops.yaml).');
  if (plan.coverage && plan.coverage.uncoveredTiers.length > 0) {
    out.push('', `Tiers without coverage: ${md(plan.coverage.uncoveredTiers.join(', '))}.`);
  }
  out.push('', '## Quota Allocation');
  if (plan.quotas) {
    out.push(`**${md(quotaHeadline(plan))}**`, '');
    out.push(renderMarkdownTable(mdColumns(quotaColumns(plan)), plan.quotas.rows).trimEnd());
  } else out.push('Quotas not set yet.');
  out.push('', '## Account Assignment Rules');
  out.push(...bold(mdLines(ruleLines(plan))));
  if (plan.rules.custom.length > 0) {
    out.push(
      '',
      'Rules, by priority:',
      ...plan.rules.custom.map((rule) => `${md(rule.label)}: ${md(rule.text)}  `),
    );
  }
  out.push('', '## Success Metrics');
  out.push(
    ...plan.successMetrics.map(
      (metric) => `- **${md(metric.metric)}**: ${md(metric.target)} (last 12 months: ${md(metric.current)})`,
    ),
  );
  out.push(
    '',
    ...plan.successMetrics.map((metric) => `<sub>${md(metric.metric)}: ${md(metric.definition)}.</sub>  `),
  );
  out.push('', `<sub>${md(footerLine(plan))}</sub>`, '');
  return out.join('\n');
}

/** Columns whose text cells are escaped for Markdown. */
function mdColumns<Row>(columns: readonly Column<Row>[]): Column<Row>[] {
  return columns.map((column) => ({
    ...column,
    display: (row: Row) => {
      if (column.display) return mdCell(column.display(row));
      const value = column.value(row);
      return value === null ? '' : typeof value === 'number' ? value.toLocaleString('en-US') : mdCell(value);
    },
  }));
}

const CSS = `
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1f2328; margin: 0; background: #f6f7f9; }
main { max-width: 980px; margin: 0 auto; padding: 24px 28px 48px; background: #fff; }
h1 { font-size: 26px; margin: 0 0 12px; }
h2 { font-size: 18px; margin: 28px 0 10px; padding-bottom: 4px; border-bottom: 1px solid #e3e6ea; }
.note { background: #fff8e1; border-left: 4px solid #d4a017; padding: 8px 12px; margin: 8px 0; }
table { border-collapse: collapse; width: 100%; margin: 8px 0 12px; font-variant-numeric: tabular-nums; }
th, td { padding: 5px 8px; border-bottom: 1px solid #e3e6ea; vertical-align: top; text-align: left; }
th { background: #f0f2f5; font-weight: 600; }
td.num, th.num { text-align: right; white-space: nowrap; }
.definitions { color: #6b7280; font-size: 12px; }
footer { color: #6b7280; font-size: 12px; margin-top: 32px; }
`;

function htmlTable<Row>(columns: readonly Column<Row>[], rows: readonly Row[]): Html {
  const numeric = columns.map((column) => {
    const first = rows.find((row) => column.value(row) !== null);
    return first !== undefined && typeof column.value(first) === 'number';
  });
  const text = (column: Column<Row>, row: Row) => {
    if (column.display) return column.display(row);
    const value = column.value(row);
    return value === null ? '' : typeof value === 'number' ? value.toLocaleString('en-US') : value;
  };
  return element(
    'table',
    {},
    element(
      'thead',
      {},
      element(
        'tr',
        {},
        columns.map((column, index) =>
          element('th', { class: numeric[index] ? 'num' : undefined }, column.header),
        ),
      ),
    ),
    element(
      'tbody',
      {},
      rows.map((row) =>
        element(
          'tr',
          {},
          columns.map((column, index) =>
            element('td', { class: numeric[index] ? 'num' : undefined }, text(column, row)),
          ),
        ),
      ),
    ),
  );
}

const labelled = (lines: readonly { label: string; text: string }[]) =>
  element(
    'ul',
    {},
    lines.map((line) => element('li', {}, element('strong', {}, line.label), ': ', line.text)),
  );

export function renderTerritoryPlanHtml(plan: TerritoryPlan): string {
  const note = segmentationNote(plan);
  const body = element(
    'main',
    {},
    element('h1', {}, plan.title),
    plan.missing.length > 0
      ? element('p', { class: 'note' }, `Not yet in this plan: ${plan.missing.join('; ')}.`)
      : null,
    element('h2', {}, 'Territory Overview'),
    plan.overview ? labelled(overviewLines(plan)) : element('p', {}, 'Not segmented yet.'),
    element('h2', {}, 'Account Segmentation'),
    plan.segmentation
      ? join(
          htmlTable(segmentationColumns(plan), plan.segmentation),
          note === null ? null : element('p', { class: 'definitions' }, note),
        )
      : element('p', {}, 'Not segmented yet.'),
    element('h2', {}, 'Sales Coverage Model'),
    plan.coverage && plan.coverage.lines.length > 0
      ? join(
          element(
            'ul',
            {},
            coverageLines(plan).map((line) => element('li', {}, line)),
          ),
          labelled(teamLines(plan)),
        )
      : element('p', {}, 'No coverage model (planning.coverage in salesops.yaml).'),
    element('h2', {}, 'Quota Allocation'),
    plan.quotas
      ? join(
          element('p', {}, element('strong', {}, quotaHeadline(plan))),
          htmlTable(quotaColumns(plan), plan.quotas.rows),
        )
      : element('p', {}, 'Quotas not set yet.'),
    element('h2', {}, 'Account Assignment Rules'),
    labelled(ruleLines(plan)),
    plan.rules.custom.length > 0
      ? join(element('p', {}, 'Rules, by priority:'), labelled(plan.rules.custom))
      : null,
    element('h2', {}, 'Success Metrics'),
    element(
      'ul',
      {},
      plan.successMetrics.map((metric) =>
        element(
          'li',
          {},
          element('strong', {}, metric.metric),
          `: ${metric.target} (last 12 months: ${metric.current})`,
        ),
      ),
    ),
    element(
      'div',
      { class: 'definitions' },
      plan.successMetrics.map((metric) => element('p', {}, `${metric.metric}: ${metric.definition}.`)),
    ),
    element('footer', {}, footerLine(plan)),
  );
  return htmlPage(plan.title, CSS, body);
}

export function renderTerritoryPlanJson(plan: TerritoryPlan): string {
  return `${JSON.stringify({ ...plan, moneyUnit: 'minor' }, null, 2)}\n`;
}
