/**
 * A payee's commission statement for one period as text, Markdown, self-contained HTML, CSV or JSON. Every line
 * shows its trace (the deals, the rule, the rate or tier, the formula with its numbers); the total is the sum of
 * the lines as the engine computed them (never re-rounded), and the rounding rule is stated on every format (in
 * CSV as its short code, the CLI giving the sentence once).
 * Money in CSV and JSON is a decimal string in major units of the currency ("1234.50"), exact.
 * @module
 */
import { formatAttainment, money, ratio } from '../../comp/exact.js';
import { type MeasureMetric } from '../../comp/plan.js';
import { ROUNDING_CODE, type Statement, type StatementLine } from '../../comp/statement.js';
import { listFirst } from '../../domain/listing.js';
import { minorToDecimalString, type MinorUnits } from '../../domain/money.js';
import { element, htmlPage, join } from '../sales-forecast/html.js';
import { type Column, NOTE_WIDTH, renderCsv, renderMarkdownTable, wrapLines, wrapNote } from '../table.js';

/** What a statement is rendered from: the engine's statement and who and when it is for. */
export interface StatementDocument {
  readonly statement: Statement;
  readonly payeeName: string;
  readonly plan: string;
  /** The as-of date of the run the statement comes from. */
  readonly asOf: string;
  /** How the plan times payouts (payout-timing.ts describeTiming). */
  readonly timing: string;
  /** Set when the period is closed. */
  readonly closed: { readonly at: string; readonly by: string } | null;
}

/** How many deal ids the terminal table lists per line before summarising the rest. */
const TABLE_DEALS = 8;

const KIND_TITLE: Readonly<Record<StatementLine['kind'], string>> = {
  commission: 'Commission',
  spif: 'SPIF',
  override: 'Override',
  clawback: 'Clawback',
  trueUp: 'True-up',
  drawTopUp: 'Draw top-up',
  drawRecovery: 'Draw recovery',
  adjustment: 'Adjustment',
};

function title(document: StatementDocument): string {
  const { statement } = document;
  return `Commission statement: ${document.payeeName} (${statement.payee}), ${statement.period}`;
}

function headerLines(document: StatementDocument): string[] {
  const { statement } = document;
  const closed = document.closed
    ? `; closed ${document.closed.at} by ${document.closed.by}`
    : '; open period';
  return [
    `Role: ${statement.role}; plan: ${document.plan}; amounts in ${statement.currency}; as of ${document.asOf}${closed}`,
    `Payout timing: ${document.timing}`,
  ];
}

/**
 * `bookings: $123,747.00 of $46,000.00 quota = 269.0%`; logos as counts; no quota: the volume alone. A manager's
 * override follows as its base: `override on bookings: $373,066.00 team credit × 1%`.
 */
export function attainmentLines(statement: Statement): string[] {
  return [...ownAttainmentLines(statement), ...overrideLines(statement)];
}

/** A measure's volume as the statement shows it: logos as a count, anything else as money. */
function shownVolume(statement: Statement, metric: MeasureMetric, value: number): string {
  return metric === 'newLogos' ? `${value} logo${value === 1 ? '' : 's'}` : money(value, statement.currency);
}

/**
 * The payee's own attainment per measure (see {@link attainmentLines}). A manager paid an override who has no
 * quota and no deal of their own credited gets one line saying so (`bookings, renewals: no deals of their own
 * credited`): `bookings: $0.00 credited (no quota)` beside their pay read as if their team had booked nothing.
 */
export function ownAttainmentLines(statement: Statement): string[] {
  const { attainment } = statement;
  const overridden = (statement.overrides ?? []).length > 0;
  if (overridden && attainment.length > 0 && attainment.every((e) => e.volume === 0 && e.quota <= 0)) {
    return [`${attainment.map((entry) => entry.measure).join(', ')}: no deals of their own credited`];
  }
  return attainment.map((entry) => {
    const volume = shownVolume(statement, entry.metric, entry.volume);
    if (entry.quota <= 0) return `${entry.measure}: ${volume} credited (no quota)`;
    const attainment = formatAttainment(ratio(entry.volume, entry.quota));
    return `${entry.measure}: ${volume} of ${shownVolume(statement, entry.metric, entry.quota)} quota = ${attainment}`;
  });
}

/** A manager's override bases (see {@link attainmentLines}); none for a payee without overrides. */
export function overrideLines(statement: Statement): string[] {
  return (statement.overrides ?? []).map(
    (entry) =>
      `override on ${entry.measure}: ${shownVolume(statement, entry.metric, entry.volume)} team credit × ${entry.rate}`,
  );
}

const decimal = (statement: Statement, amount: number) =>
  minorToDecimalString(amount as MinorUnits, statement.currency);

function dealsText(line: StatementLine, limit: number | null): string {
  const deals = line.trace.deals;
  if (limit === null || deals.length <= limit) return deals.join(' ');
  return `${listFirst(deals, limit, ' ')} (all in --format json)`;
}

function lineColumns(statement: Statement, dealLimit: number | null): Column<StatementLine>[] {
  return [
    { header: 'Kind', value: (line) => KIND_TITLE[line.kind] },
    { header: 'Measure', value: (line) => line.measure ?? '' },
    { header: 'Rule', value: (line) => line.trace.rule },
    { header: 'Rate or tier', value: (line) => line.trace.rate ?? '' },
    { header: 'Formula', value: (line) => line.trace.formula },
    { header: 'Deals', value: (line) => dealsText(line, dealLimit) },
    {
      header: 'Amount',
      value: (line) => line.amount,
      display: (line) => money(line.amount, statement.currency),
      align: 'right',
    },
  ];
}

/** `a`, `a or b`, `a, b or c`. */
function orList(names: readonly string[]): string {
  return names.length < 2 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} or ${names.at(-1) ?? ''}`;
}

/**
 * Why a measure of the payee's role has no commission line: nothing was credited to it in the period (an AM
 * without renewals that month), so that a statement with one measure's line only is not read as missing one;
 * null when every measure has its line, or the statement has no lines at all.
 */
export function uncreditedNote(statement: Statement): string | null {
  // A statement without lines already says nothing was earned or paid.
  if (statement.lines.length === 0) return null;
  const commissioned = new Set(
    statement.lines.filter((line) => line.kind === 'commission').map((line) => line.measure),
  );
  const missing = statement.attainment
    .filter((entry) => entry.volume === 0 && !commissioned.has(entry.measure))
    .map((entry) => entry.measure);
  if (missing.length === 0) return null;
  const them = missing.length === 1 ? 'it' : 'them';
  return `No commission line for ${orList(missing)}: nothing credited to ${them} in ${statement.period}.`;
}

/** The total, as the sum of the lines when there are two or more (one line's amount is the total itself). */
function totalLine(statement: Statement): string {
  const total = money(statement.total, statement.currency);
  if (statement.lines.length < 2) return `Total: ${total}`;
  const parts = statement.lines.map((line) => money(line.amount, statement.currency));
  return `Total: ${parts.join(' + ')} = ${total}`;
}

function footerLines(statement: Statement): string[] {
  const lines = [totalLine(statement), `Rounding: ${statement.rounding}`];
  if (statement.drawBalance !== 0) {
    lines.push(
      `Recoverable draw balance carried forward: ${money(statement.drawBalance, statement.currency)}`,
    );
  }
  return lines;
}

/** A trace's field under its label, wrapped at {@link NOTE_WIDTH} with its text aligned under the first line's. */
function traceField(label: string, text: string): string[] {
  const first = `   ${`${label}:`.padEnd(8)} `;
  return wrapLines(text, NOTE_WIDTH, first, ' '.repeat(first.length));
}

/** The terminal table: one block per line (so long formulas stay readable), then the total. */
export function renderStatementTable(document: StatementDocument): string {
  const { statement } = document;
  const out = [
    ...[title(document), ...headerLines(document)].flatMap(wrapNote),
    '',
    ...attainmentLines(statement).flatMap(wrapNote),
    '',
  ];
  if (statement.lines.length === 0) out.push('(no lines: nothing earned or paid this period)');
  statement.lines.forEach((line, index) => {
    out.push(
      `${index + 1}. ${KIND_TITLE[line.kind]}${line.measure ? ` (${line.measure})` : ''}: ${money(line.amount, statement.currency)}`,
      ...traceField('rule', line.trace.rule),
      ...(line.trace.rate ? traceField('rate', line.trace.rate) : []),
      ...traceField('formula', line.trace.formula),
      ...(line.trace.deals.length > 0 ? traceField('deals', dealsText(line, TABLE_DEALS)) : []),
      ...(line.trace.linkedTo
        ? traceField(
            'corrects',
            `${line.trace.linkedTo.deal ? `${line.trace.linkedTo.deal} of ` : ''}${line.trace.linkedTo.period}`,
          )
        : []),
    );
  });
  const uncredited = uncreditedNote(statement);
  if (uncredited) out.push('', ...wrapNote(uncredited));
  out.push('', ...footerLines(statement).flatMap(wrapNote), '');
  return out.join('\n');
}

export function renderStatementMarkdown(document: StatementDocument): string {
  const { statement } = document;
  const lines = [
    `# ${title(document)}`,
    '',
    ...headerLines(document).map((line) => `${line}  `),
    '',
    '## Attainment',
    '',
    ...attainmentLines(statement).map((line) => `- ${line}`),
    '',
    '## Lines',
    '',
    statement.lines.length === 0
      ? 'No lines: nothing earned or paid this period.\n'
      : renderMarkdownTable(lineColumns(statement, null), statement.lines),
    ...[uncreditedNote(statement)].flatMap((note) => (note ? [note, ''] : [])),
    ...footerLines(statement).map(
      (line) => `**${line.split(':')[0]}:**${line.slice(line.indexOf(':') + 1)}  `,
    ),
    '',
  ];
  return lines.join('\n');
}

const CSS = `body{font-family:system-ui,sans-serif;margin:2rem;color:#111}table{border-collapse:collapse;width:100%}
th,td{border-bottom:1px solid #e3e6ea;padding:.35rem .5rem;text-align:left;vertical-align:top;font-size:.9rem}
td.amount,th.amount{text-align:right;white-space:nowrap}tfoot td{font-weight:600}.note{color:#4b5563}`;

export function renderStatementHtml(document: StatementDocument): string {
  const { statement } = document;
  const columns = lineColumns(statement, null);
  const cell = (column: Column<StatementLine>, line: StatementLine) =>
    element(
      'td',
      column.align === 'right' ? { class: 'amount' } : {},
      column.display ? column.display(line) : String(column.value(line) ?? ''),
    );
  const table = element(
    'table',
    {},
    element(
      'thead',
      {},
      element(
        'tr',
        {},
        columns.map((column) =>
          element('th', column.align === 'right' ? { class: 'amount' } : {}, column.header),
        ),
      ),
    ),
    element(
      'tbody',
      {},
      statement.lines.map((line) =>
        element(
          'tr',
          {},
          columns.map((column) => cell(column, line)),
        ),
      ),
    ),
    element(
      'tfoot',
      {},
      element(
        'tr',
        {},
        element('td', { colspan: columns.length - 1 }, 'Total (sum of the lines)'),
        element('td', { class: 'amount' }, money(statement.total, statement.currency)),
      ),
    ),
  );
  const body = join(
    element('h1', {}, title(document)),
    headerLines(document).map((line) => element('p', { class: 'note' }, line)),
    element('h2', {}, 'Attainment'),
    element(
      'ul',
      {},
      attainmentLines(statement).map((line) => element('li', {}, line)),
    ),
    element('h2', {}, 'Lines'),
    statement.lines.length === 0 ? element('p', {}, 'No lines: nothing earned or paid this period.') : table,
    [uncreditedNote(statement)].flatMap((note) => (note ? [element('p', { class: 'note' }, note)] : [])),
    footerLines(statement).map((line) => element('p', { class: 'note' }, line)),
  );
  return htmlPage(title(document), CSS, body);
}

/**
 * The statement's lines as CSV, like the payroll file: the rounding rule as its short code in a column
 * (`half-away-from-zero`), the whole sentence stated once by the CLI on stderr.
 */
export function renderStatementCsv(document: StatementDocument): string {
  const { statement } = document;
  const columns: Column<StatementLine>[] = [
    { header: 'payee', value: (line) => line.payee },
    { header: 'period', value: (line) => line.period },
    { header: 'kind', value: (line) => line.kind },
    { header: 'measure', value: (line) => line.measure },
    { header: 'amount', value: (line) => decimal(statement, line.amount) },
    { header: 'currency', value: () => statement.currency },
    { header: 'rule', value: (line) => line.trace.rule },
    { header: 'rate', value: (line) => line.trace.rate },
    { header: 'formula', value: (line) => line.trace.formula },
    { header: 'deals', value: (line) => line.trace.deals.join(' ') },
    { header: 'corrects_period', value: (line) => line.trace.linkedTo?.period ?? null },
    { header: 'rounding', value: () => ROUNDING_CODE },
  ];
  return renderCsv(columns, statement.lines);
}

export function renderStatementJson(document: StatementDocument): string {
  const { statement } = document;
  const body = {
    payee: statement.payee,
    name: document.payeeName,
    role: statement.role,
    plan: document.plan,
    period: statement.period,
    asOf: document.asOf,
    closed: document.closed,
    payoutTiming: document.timing,
    currency: statement.currency,
    attainment: statement.attainment,
    ...(statement.overrides ? { overrides: statement.overrides } : {}),
    lines: statement.lines.map((line) => ({ ...line, amount: decimal(statement, line.amount) })),
    total: decimal(statement, statement.total),
    drawBalance: decimal(statement, statement.drawBalance),
    rounding: statement.rounding,
  };
  return `${JSON.stringify(body, null, 2)}\n`;
}

export type StatementFormat = 'table' | 'md' | 'html' | 'csv' | 'json';

export function renderStatement(document: StatementDocument, format: StatementFormat): string {
  switch (format) {
    case 'md':
      return renderStatementMarkdown(document);
    case 'html':
      return renderStatementHtml(document);
    case 'csv':
      return renderStatementCsv(document);
    case 'json':
      return renderStatementJson(document);
    case 'table':
      return renderStatementTable(document);
  }
}
