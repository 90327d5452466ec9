/**
 * A comp run's summary (`comp run`) and its payroll file (`comp payroll`): one row per payee with credits,
 * attainment and earnings, and the payroll CSV with amounts as exact decimals of the currency.
 * @module
 */
import { money } from '../../comp/exact.js';
import { ROUNDING_CODE, type Statement } from '../../comp/statement.js';
import { type PayeeInfo } from '../../comp/workspace-input.js';
import { minorToDecimalString, sumMoney } from '../../domain/money.js';
import { type Column, renderCsv, renderMarkdownTable, renderTextTable, wrapNote } from '../table.js';
import { readableHeaders } from './headers.js';
import { stackedColumns, stackedLines } from './stacked.js';
import { attainmentLines, overrideLines, ownAttainmentLines } from './statement.js';

/** What a stored comp run holds (the `comp_run` document's body, keyed by period). */
export interface CompRunBody {
  readonly period: string;
  readonly asOf: string;
  readonly plans: readonly { readonly name: string; readonly file: string; readonly timing: string }[];
  readonly payees: readonly PayeeInfo[];
  readonly statements: readonly Statement[];
  readonly closed: { readonly at: string; readonly by: string } | null;
}

interface Row {
  readonly payee: PayeeInfo;
  readonly statement: Statement;
}

function rows(run: CompRunBody): Row[] {
  const payees = new Map(run.payees.map((payee) => [payee.id, payee]));
  return run.statements.map((statement) => ({
    statement,
    payee: payees.get(statement.payee) ?? { id: statement.payee, name: '', role: statement.role, plan: '' },
  }));
}

export type RunFormat = 'table' | 'md' | 'csv' | 'json';

/**
 * What the Lines column counts: an AM with renewals but no expansion in the month has one line, another with
 * both has two, and the rows looked inconsistent without it.
 */
const LINES_LEGEND =
  "Lines: the payee's statement lines; a measure with nothing credited in the period has no line of its own.";

export function renderRunSummary(run: CompRunBody, format: RunFormat): string {
  const currency = run.statements[0]?.currency ?? 'USD';
  const plain = format === 'csv' || format === 'json';
  const columns: Column<Row>[] = [
    { header: 'payee', value: (row) => row.payee.id },
    { header: 'name', value: (row) => row.payee.name },
    { header: 'role', value: (row) => row.payee.role },
    { header: 'plan', value: (row) => row.payee.plan },
    {
      header: 'attainment',
      value: (row) => attainmentLines(row.statement).join('; '),
      // A manager's override bases are listed under the table: beside each rep they made every row too wide to read.
      display: (row) => ownAttainmentLines(row.statement).join('; '),
    },
    { header: 'lines', value: (row) => row.statement.lines.length },
    {
      header: 'earnings',
      value: (row) => (plain ? minorToDecimalString(row.statement.total, currency) : row.statement.total),
      display: (row) => money(row.statement.total, currency),
      align: 'right',
    },
  ];
  const all = rows(run);
  const total = sumMoney(run.statements.map((statement) => statement.total));
  if (format === 'json') {
    const body = {
      period: run.period,
      asOf: run.asOf,
      closed: run.closed,
      currency,
      plans: run.plans,
      total: minorToDecimalString(total, currency),
      payees: all.map((row) =>
        Object.fromEntries(columns.map((column) => [column.header, column.value(row)])),
      ),
    };
    return `${JSON.stringify(body, null, 2)}\n`;
  }
  if (format === 'csv') return renderCsv(columns, all);
  const head = `Comp run ${run.period} as of ${run.asOf}: ${all.length} payees, total ${money(total, currency)}${run.closed ? ` (closed ${run.closed.at} by ${run.closed.by})` : ''}`;
  const rule = `Rounding: ${run.statements[0]?.rounding ?? ''}`;
  const readable = readableHeaders(columns);
  const overrides = all.flatMap((row) =>
    overrideLines(row.statement).map(
      (line) => `${row.payee.name || row.payee.id} (${row.payee.id}): ${line}`,
    ),
  );
  const overrideNote =
    overrides.length === 0 ? [] : ['Manager overrides:', ...overrides.map((line) => `- ${line}`), ''];
  if (format === 'md') {
    return [
      `# ${head}`,
      '',
      renderMarkdownTable(readable, all),
      LINES_LEGEND,
      '',
      ...overrideNote,
      rule,
      '',
    ].join('\n');
  }
  return [
    head,
    ...wrapNote(plansNote(all)),
    '',
    // One line per measure of a payee's own attainment: an AM's expansion and renewals side by side made every
    // row over 170 characters.
    renderTextTable(
      stackedColumns(
        readable.filter((column) => column.header !== 'Plan'),
        'Attainment',
      ),
      stackedLines(all, (row) => ownAttainmentLines(row.statement)),
    ),
    ...wrapNote(LINES_LEGEND),
    '',
    ...overrideNote,
    ...wrapNote(rule),
    '',
  ].join('\n');
}

/**
 * Each plan of the run with the roles it pays, in the order of the rows: the terminal table leaves out the Plan
 * column, which made every row over 110 columns wide.
 */
function plansNote(all: readonly Row[]): string {
  const roles = new Map<string, Set<string>>();
  for (const { payee } of all) {
    const plan = payee.plan || '(no plan)';
    roles.set(plan, (roles.get(plan) ?? new Set()).add(payee.role));
  }
  const plans = [...roles].map(([plan, planRoles]) => `${plan} (${[...planRoles].join(', ')})`);
  return `Plans: ${plans.join('; ')}`;
}

/**
 * The payroll file: one row per payee of the run, $0.00 included (a payroll export that leaves a payee out cannot
 * be told from one that lost them), amounts as exact decimals of the currency, and the rounding rule as a short
 * code (`half-away-from-zero`); the CLI states the whole rule on stderr.
 */
export function renderPayrollCsv(run: CompRunBody): string {
  const currency = run.statements[0]?.currency ?? 'USD';
  const columns: Column<Row>[] = [
    { header: 'payee_id', value: (row) => row.payee.id },
    { header: 'name', value: (row) => row.payee.name },
    { header: 'role', value: (row) => row.payee.role },
    { header: 'plan', value: (row) => row.payee.plan },
    { header: 'period', value: (row) => row.statement.period },
    { header: 'currency', value: () => currency },
    { header: 'amount', value: (row) => minorToDecimalString(row.statement.total, currency) },
    { header: 'draw_balance', value: (row) => minorToDecimalString(row.statement.drawBalance, currency) },
    { header: 'status', value: () => (run.closed ? 'closed' : 'open') },
    { header: 'rounding', value: () => ROUNDING_CODE },
  ];
  return renderCsv(columns, rows(run));
}
