/**
 * The Territory Plan for the terminal: the Markdown document's sections with its tables as aligned text, every line
 * within {@link NOTE_WIDTH} columns (prose wrapped under a hanging indent; the tables' last, prose columns wrapped
 * under their header).
 * @module
 */
import { asTyped, type CommandLine } from '../../domain/errors.js';
import { type Column, fitsTerminal, NOTE_WIDTH, renderTextTable, wrapLines } from '../table.js';
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

/** Prose narrower than this goes under the row rather than beside it. */
const MIN_PROSE_COLUMN = 24;

/**
 * A text table whose last column is prose (a reason, a basis, a strategy) wrapped under its header within
 * {@link NOTE_WIDTH}, so that a row's figures stay on its first line however long its prose; where the other columns
 * leave less than {@link MIN_PROSE_COLUMN}, the prose goes under its row, indented.
 */
export function textTableWrappingLast<Row>(columns: readonly Column<Row>[], rows: readonly Row[]): string {
  const last = columns.at(-1)!;
  const proseOf = (row: Row) => last.display?.(row) ?? String(last.value(row) ?? '');
  const lead = renderTextTable(columns.slice(0, -1), rows).trimEnd().split('\n');
  const leadWidth = Math.max(...lead.map((line) => line.length));
  const beside = NOTE_WIDTH - leadWidth - 2 >= MIN_PROSE_COLUMN;
  const indent = beside ? leadWidth + 2 : 4;
  const wrapped = rows.map((row) => wrapLines(proseOf(row), NOTE_WIDTH - indent));
  const proseWidth = Math.max(last.header.length, ...wrapped.flat().map((line) => line.length));
  const [header = '', rule = ''] = lead;
  const lines = beside
    ? [`${header.padEnd(leadWidth)}  ${last.header}`, `${rule}  ${'─'.repeat(proseWidth)}`]
    : [header, rule];
  wrapped.forEach((text, index) => {
    const [first = '', ...more] = text;
    const row = lead[index + 2] ?? '';
    if (beside) lines.push(`${row.padEnd(leadWidth)}  ${first}`);
    else lines.push(row, `${' '.repeat(indent)}${first}`);
    for (const line of more) lines.push(`${' '.repeat(indent)}${line}`);
  });
  return `${lines.map((line) => line.trimEnd()).join('\n')}\n`;
}

/** How a table names a rep: in full where it fits, else shortly, by id, with the name listed under it. */
export interface RepNaming<Row> {
  /** `Maria Lopez (REP-0007)`, `AE Maria Lopez`. */
  readonly label: (row: Row) => string;
  /** The label by id: `REP-0007`, `AE REP-0007`. */
  readonly short: (row: Row) => string;
  readonly id: (row: Row) => string;
  readonly name: (row: Row) => string;
}

/**
 * Tables of reps within {@link NOTE_WIDTH} columns: `render` given a Rep column of each rep's full label where what it
 * renders fits; else, where long names widen it, given their short labels (by id), and under the tables every rep's
 * id and name, the name wrapped under itself, so that no name is cut.
 */
export function textTablesNamingReps<Row>(
  render: (rep: Column<Row>) => string,
  rows: readonly Row[],
  naming: RepNaming<Row>,
): string {
  const full = render({ header: 'Rep', value: naming.label }).trimEnd();
  if (fitsTerminal(full)) return full;
  const short = render({ header: 'Rep', value: naming.short }).trimEnd();
  const idWidth = Math.max(...rows.map((row) => naming.id(row).length));
  const names = rows.flatMap((row) =>
    wrapLines(naming.name(row), NOTE_WIDTH, `  ${naming.id(row).padEnd(idWidth)}  `, ' '.repeat(idWidth + 4)),
  );
  return `${short}\n\nReps by id:\n${names.join('\n')}`;
}

const heading = (title: string): string[] => ['', title, '─'.repeat(title.length)];

/** Prose wrapped at {@link NOTE_WIDTH} under a hanging indent two spaces deeper than its first line. */
const wrapped = (text: string, first = ''): string[] => wrapLines(text, NOTE_WIDTH, first, `${first}  `);

const labelled = (lines: readonly { label: string; text: string }[]): string[] =>
  lines.flatMap((line) => wrapped(`${line.label}: ${line.text}`, '  '));

/**
 * The commands the missing steps name, as the user runs salesops (`commandLine`: the program and workspace) and
 * backticked so that wrapping never cuts one (`wrapLines`).
 */
const wholeCommands = (text: string, commandLine: CommandLine) =>
  text.replace(/\((salesops [^)]*)\)/g, (_, command: string) => `(\`${commandLine(command)}\`)`);

/** The document for the terminal; `commandLine` writes the commands it names as the user runs salesops. */
export function renderTerritoryPlanText(plan: TerritoryPlan, commandLine: CommandLine = asTyped): string {
  const out: string[] = [plan.title];
  if (plan.missing.length > 0) {
    out.push('', ...wrapped(wholeCommands(`Not yet in this plan: ${plan.missing.join('; ')}.`, commandLine)));
  }
  out.push(...heading('Territory Overview'));
  out.push(...(plan.overview ? labelled(overviewLines(plan)) : ['Not segmented yet.']));
  out.push(...heading('Account Segmentation'));
  const note = segmentationNote(plan);
  if (plan.segmentation) {
    out.push(textTableWrappingLast(segmentationColumns(plan), plan.segmentation).trimEnd());
    if (note !== null) out.push('', ...wrapped(note));
  } else out.push('Not segmented yet.');
  out.push(...heading('Sales Coverage Model'));
  if (plan.coverage && plan.coverage.lines.length > 0) {
    out.push(...coverageLines(plan).flatMap((line) => wrapped(line, '  ')), ...labelled(teamLines(plan)));
  } else out.push('No coverage model (planning.coverage in salesops.yaml).');
  if (plan.coverage && plan.coverage.uncoveredTiers.length > 0) {
    out.push(...wrapped(`Tiers without coverage: ${plan.coverage.uncoveredTiers.join(', ')}.`));
  }
  out.push(...heading('Quota Allocation'));
  if (plan.quotas) {
    out.push(...wrapped(quotaHeadline(plan)), '');
    const [repColumn, ...columns] = quotaColumns(plan);
    const { rows } = plan.quotas;
    out.push(
      textTablesNamingReps((rep) => textTableWrappingLast([rep, ...columns], rows), rows, {
        label: (row) => String(repColumn!.value(row)),
        short: (row) => `${row.role.toUpperCase()} ${row.repId}`.trim(),
        id: (row) => row.repId,
        name: (row) => row.repName,
      }),
    );
  } else out.push('Quotas not set yet.');
  out.push(...heading('Account Assignment Rules'), ...labelled(ruleLines(plan)));
  if (plan.rules.custom.length > 0) out.push('', 'Rules, by priority:', ...labelled(plan.rules.custom));
  out.push(...heading('Success Metrics'));
  out.push(
    ...plan.successMetrics.flatMap((metric) =>
      wrapped(`${metric.metric}: ${metric.target} (last 12 months: ${metric.current})`, '  '),
    ),
    '',
    ...plan.successMetrics.flatMap((metric) => wrapped(`${metric.metric}: ${metric.definition}.`)),
  );
  out.push('', ...wrapped(footerLine(plan)), '');
  return out.join('\n');
}
