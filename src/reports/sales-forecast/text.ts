/**
 * The Sales Forecast for the terminal: the same sections as the Markdown report, tables as aligned text, and
 * optionally compact (the first rows of the long tables, for `npm start`).
 * @module
 */
import { MODEL_SHORT_NAMES, type SalesForecast } from '../../forecast/sales-forecast.js';
import { NOTE_WIDTH, renderTextTable, wrapLines } from '../table.js';
import { count } from './format.js';
import type { ForecastRenderOptions } from './markdown.js';
import {
  adjustmentColumns,
  atRiskLine,
  concernLine,
  confidenceHeadline,
  GROUP_TITLE,
  groupColumns,
  groupRows,
  layerColumns,
  layerRows,
  methodsLines,
  modelLine,
  modelColumns,
  noteLines,
  pipelineColumns,
  pipelineRows,
  riskImpactText,
  segmentColumns,
  summaryLines,
  totalLines,
  upsideLine,
} from './sections.js';

export interface TextRenderOptions extends ForecastRenderOptions {
  /** Rows shown of Forecast by Rep and names of the at-risk list (default: all). */
  readonly groupLimit?: number;
  /** Leave out the confidence reasons, the category layers and the Methods footnote (the quickstart's form). */
  readonly compact?: boolean;
  /** The command that shows every row, named where `groupLimit` cuts them (default: `salesops forecast`). */
  readonly fullReport?: string;
}

const heading = (title: string): string[] => ['', title, '─'.repeat(title.length)];

/** Prose wrapped at {@link NOTE_WIDTH}, its continuation lines indented under its text (`- `, `3. `). */
const wrapped = (text: string, first: string, rest = ' '.repeat(first.length)): string[] =>
  wrapLines(text, NOTE_WIDTH, first, rest);

/**
 * The Pipeline Snapshot's row of deals closing outside the period, labelled no wider than a stage name ('Total' is
 * one too), so that its explanation, a note under the table, does not widen the Stage column.
 */
const CLOSING_LATER_ROW = 'Other';

function closingLaterNote(forecast: SalesForecast): string[] {
  const later = forecast.pipelineSnapshot.closingLater;
  if (later === null) return [];
  const deals = `${count(later.count)} open ${later.count === 1 ? 'deal' : 'deals'}`;
  return wrapped(
    `${CLOSING_LATER_ROW}: not in the total: ${deals} closing outside ${forecast.period.name} (later, overdue ` +
      `or none), which the ${MODEL_SHORT_NAMES[forecast.model.id]} model weights too (Methods says why).`,
    '',
    '  ',
  );
}

export function renderForecastText(forecast: SalesForecast, options: TextRenderOptions = {}): string {
  const limit = options.groupLimit ?? Infinity;
  const out = [
    `${forecast.title} (${forecast.period.start}..${forecast.period.end}), as of ${forecast.asOf}, amounts in ${forecast.currency}`,
  ];
  for (const note of noteLines(forecast)) out.push(...wrapLines(`note: ${note}`, NOTE_WIDTH, '', '      '));
  out.push(...heading('Executive Summary'));
  const summary = summaryLines(forecast);
  const width = Math.max(...summary.map((line) => line.label.length));
  for (const line of summary) out.push(...wrapped(line.text, `  ${`${line.label}:`.padEnd(width + 1)} `));
  out.push(
    ...heading('Pipeline Snapshot'),
    renderTextTable(pipelineColumns(forecast), pipelineRows(forecast, CLOSING_LATER_ROW)).trimEnd(),
    ...closingLaterNote(forecast),
    '',
  );
  for (const line of totalLines(forecast)) out.push(...wrapped(line.text, `${line.label}: `, '  '));
  const group = GROUP_TITLE[forecast.byGroup.by];
  const rows = groupRows(forecast, options.managerLevels);
  out.push(...heading(group.heading));
  if (rows.length > 0) {
    out.push(renderTextTable(groupColumns(forecast, options.managerLevels), rows.slice(0, limit)).trimEnd());
  } else out.push('(no open or won deals in the period)');
  if (rows.length > limit) {
    out.push(`… ${rows.length - limit} more (${options.fullReport ?? 'salesops forecast'} shows them all)`);
  }
  out.push(...wrapped(atRiskLine(forecast, Math.min(limit, 8)), 'At Risk: ', '  '));
  out.push(
    ...heading('Forecast by Segment'),
    renderTextTable(segmentColumns(forecast), forecast.bySegment.rows),
  );
  out.push(...wrapped(concernLine(forecast), 'Concern: ', '  '));
  out.push(...heading('Risk Factors'));
  if (forecast.risks.length === 0) out.push('No risk factor found.');
  for (const risk of forecast.risks) {
    out.push(
      ...wrapped(`${risk.risk}: ${riskImpactText(forecast, risk)}`, '- '),
      ...wrapped(risk.mitigation, '    mitigation: ', '      '),
    );
  }
  out.push(...heading('Upside Opportunities'));
  if (forecast.upside.length === 0) out.push('None found.');
  for (const upside of forecast.upside) out.push(...wrapped(upsideLine(forecast, upside), '- '));
  out.push(...heading('Recommendations'));
  if (forecast.recommendations.length === 0) out.push('No action needed beyond the plan.');
  forecast.recommendations.forEach((recommendation, index) =>
    out.push(...wrapped(recommendation.text, `${index + 1}. `)),
  );
  out.push(...heading('Confidence Level'), ...wrapped(confidenceHeadline(forecast), '', '  '));
  // The compact form leaves out the reasons: they repeat the risks just listed.
  if (!options.compact)
    for (const reason of forecast.confidence.reasons) out.push(...wrapped(reason.text, '- '));
  if (!options.compact) {
    out.push(...heading('Forecast Categories and Adjustments'));
    out.push(renderTextTable(layerColumns(forecast), layerRows(forecast)).trimEnd());
    if (forecast.categories.adjustments.length > 0) {
      out.push('', renderTextTable(adjustmentColumns(forecast), forecast.categories.adjustments).trimEnd());
    }
  }
  if (options.allModels) {
    // The models by their short names, each full name (what it is) in a note under the table: the full names
    // would widen the table past the terminal.
    out.push(
      ...heading('Models Side by Side'),
      renderTextTable(
        modelColumns(forecast, (row) => MODEL_SHORT_NAMES[row.model]),
        forecast.models,
      ).trimEnd(),
      ...wrapped(`The models: ${forecast.models.map((row) => row.name).join('; ')}.`, '', '  '),
    );
  }
  if (!options.compact) {
    out.push(...heading('Methods'));
    for (const line of methodsLines(forecast, options.commandLine)) out.push(...wrapped(line, '- '));
    for (const definition of forecast.methods.definitions)
      out.push(...wrapped(`${definition.term}: ${definition.definition}`, '- '));
  } else {
    out.push('', ...wrapped(modelLine(forecast.model), '', '  '));
  }
  // A CRM name holding terminal control sequences must not drive the terminal: controls are dropped.
  // eslint-disable-next-line no-control-regex
  const text = out.join('\n').replace(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/g, '');
  return `${text
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n')}\n`;
}
