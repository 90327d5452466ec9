/**
 * The Sales Forecast as Markdown, section for section as the sales-operations role writes it. CRM text is
 * escaped so that a name cannot open HTML or Markdown markup in whatever renders the file.
 * @module
 */
import type { ForecastCommandLine, SalesForecast } from '../../forecast/sales-forecast.js';
import { type Column, renderMarkdownTable } from '../table.js';
import {
  adjustmentColumns,
  atRiskLine,
  concernLine,
  confidenceHeadline,
  dealColumns,
  GROUP_TITLE,
  groupColumns,
  groupRows,
  type ManagerLevels,
  NO_BREAK_SPACE,
  layerColumns,
  layerRows,
  methodsLines,
  modelColumns,
  noteLines,
  pipelineColumns,
  pipelineRows,
  riskColumns,
  segmentColumns,
  summaryLines,
  totalLines,
  upsideLine,
} from './sections.js';

export interface ForecastRenderOptions {
  /** Show every model's total side by side (`--model all`). */
  readonly allModels?: boolean;
  /**
   * The managers' places in the rep hierarchy, for a report split by manager: its rows then show each manager
   * indented beneath the one they report to (the caller reads them from the dataset, as metrics does).
   */
  readonly managerLevels?: ManagerLevels;
  /**
   * How the forecast was asked for, as given to the engine (its notes' commands are written with it): Methods
   * names salesops's commands the same way, so that one report never shows two ways to run salesops. Default:
   * `salesops` as typed, no options.
   */
  readonly commandLine?: ForecastCommandLine;
}

/** Text safe in Markdown: HTML-significant characters as entities, Markdown emphasis and links escaped. */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_[\]#])/g, '\\$1');
}

/**
 * Prose of ours that names salesops commands in backticks, run as the user runs salesops (`salesops ...`,
 * `npx salesops ...`, `node bin/salesops.js ...`): those spans stay code (a command holds no markup characters),
 * everything else is escaped as by {@link escapeMarkdown}, so a CRM name still cannot open markup.
 */
export function escapeMarkdownProse(text: string): string {
  return text
    .split(/(`(?:npx |node [^`<>&\n]*)?salesops(?:\.js'?)? [^`<>&\n]*`)/)
    .map((part, index) => (index % 2 === 1 ? part : escapeMarkdown(part)))
    .join('');
}

/** The same columns with every cell escaped. */
export function escapedColumns<Row>(columns: readonly Column<Row>[]): Column<Row>[] {
  return columns.map((column) => ({
    ...column,
    header: escapeMarkdown(column.header),
    display: (row: Row) => {
      if (column.display) return escapeMarkdown(column.display(row));
      const value = column.value(row);
      if (value === null) return '';
      return typeof value === 'number' ? value.toLocaleString('en-US') : escapeMarkdown(value);
    },
  }));
}

const table = <Row>(columns: readonly Column<Row>[], rows: readonly Row[]): string =>
  renderMarkdownTable(escapedColumns(columns), rows);

export function renderForecastMarkdown(forecast: SalesForecast, options: ForecastRenderOptions = {}): string {
  const e = escapeMarkdown;
  const prose = escapeMarkdownProse;
  const out: string[] = [
    `# ${e(forecast.title)}`,
    '',
    `As of ${forecast.asOf}; period ${forecast.period.start} to ${forecast.period.end}; amounts in ${forecast.currency}.`,
    '',
  ];
  const notes = noteLines(forecast);
  // Each note a quote of its own: adjacent quoted lines would run into one paragraph.
  for (const note of notes) out.push(`> **Note**: ${prose(note)}`, '');
  out.push('## Executive Summary');
  for (const line of summaryLines(forecast)) out.push(`- **${line.label}**: ${e(line.text)}`);
  out.push('', '## Pipeline Snapshot', table(pipelineColumns(forecast), pipelineRows(forecast)));
  for (const line of totalLines(forecast)) out.push(`**${line.label}**: ${e(line.text)}  `);
  const group = GROUP_TITLE[forecast.byGroup.by];
  out.push('', `## ${group.heading}`);
  out.push(
    forecast.byGroup.rows.length > 0
      ? table(
          groupColumns(forecast, options.managerLevels, NO_BREAK_SPACE),
          groupRows(forecast, options.managerLevels),
        )
      : '(no open or won deals in the period)\n',
  );
  out.push(`**At Risk**: ${e(atRiskLine(forecast))}`, '');
  out.push('## Forecast by Segment', table(segmentColumns(forecast), forecast.bySegment.rows));
  out.push(`**Concern**: ${e(concernLine(forecast))}`, '');
  out.push('## Risk Factors');
  out.push(
    forecast.risks.length > 0 ? table(riskColumns(forecast), forecast.risks) : 'No risk factor found.\n',
  );
  out.push('## Upside Opportunities');
  if (forecast.upside.length === 0) out.push('- None found.');
  for (const upside of forecast.upside) out.push(`- ${e(upsideLine(forecast, upside))}`);
  out.push('', '## Recommendations');
  if (forecast.recommendations.length === 0) out.push('No action needed beyond the plan.');
  forecast.recommendations.forEach((recommendation, index) =>
    out.push(`${index + 1}. ${prose(recommendation.text)}`),
  );
  out.push('', '## Confidence Level', `**${e(confidenceHeadline(forecast))}**`);
  for (const reason of forecast.confidence.reasons) out.push(`- ${prose(reason.text)}`);
  out.push('', '## Forecast Categories and Adjustments', table(layerColumns(forecast), layerRows(forecast)));
  if (forecast.categories.adjustments.length > 0) {
    out.push(table(adjustmentColumns(forecast), forecast.categories.adjustments));
  } else {
    out.push('No owner or manager adjustments.', '');
  }
  if (forecast.deals.length > 0) {
    out.push('## Largest Open Deals', table(dealColumns(forecast), forecast.deals));
  }
  if (options.allModels) out.push('## Models Side by Side', table(modelColumns(forecast), forecast.models));
  out.push('## Methods');
  for (const line of methodsLines(forecast, options.commandLine)) out.push(`- ${prose(line)}`);
  for (const definition of forecast.methods.definitions) {
    out.push(`- **${e(definition.term)}**: ${e(definition.definition)}`);
  }
  return `${out.join('\n')}\n`;
}
