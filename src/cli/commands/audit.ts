/**
 * `salesops audit`: the data-quality audit of a workspace as of a date, as a terminal summary, JSON, CSV (one
 * row per rule) or a Markdown report an analyst pastes into a document.
 * @module
 */
import { auditDay } from '../../services/audit-day.js';
import { Command } from 'commander';
import { formatMoney, minorToDecimalString, type MinorUnits } from '../../domain/money.js';
import { plural } from '../../domain/plural.js';
import { runAudit, type AuditReport, type RuleReport } from '../../quality/audit.js';
import { DEFAULT_AUDIT_OPTIONS, type RuleExample } from '../../quality/rule.js';
import {
  type Column,
  NOTE_WIDTH,
  renderCsv,
  renderMarkdownTable,
  renderTextTable,
  wrapLines,
  wrapNote,
} from '../../reports/table.js';
import type { CommandContext } from '../context.js';
import { parseCount } from '../io.js';

/** Money in whole units of the corporate currency, as every other command's tables print it. */
function money(report: AuditReport, minor: MinorUnits): string {
  return formatMoney(minor, report.currency, { whole: true });
}

/** The rule whose open deals the audit's open pipeline leaves out (see {@link summaryLines}). */
const NOT_POSITIVE_RULE = 'amount-not-positive';

function percent(share: number): string {
  return `${(100 * share).toFixed(1)}%`;
}

function summaryLines(report: AuditReport): string[] {
  const { openPipeline: pipeline, records } = report;
  const lines = [
    `Open pipeline, any close date: ${money(report, pipeline.value)} in ${plural(pipeline.deals, 'deal')} ` +
      `with a positive amount; ` +
      `flagged records hold ${money(report, pipeline.affectedValue)} (${percent(pipeline.affectedShare)}) ` +
      `of it, in ${plural(pipeline.affectedDeals, 'deal')}.`,
    `Records audited: ${plural(records.opportunities, 'deal')} and ` +
      `${plural(records.accounts, 'account')}; flagged, by their worst finding: ` +
      `${records.flagged.error.toLocaleString('en-US')} error, ` +
      `${records.flagged.warning.toLocaleString('en-US')} warning, ` +
      `${records.flagged.info.toLocaleString('en-US')} info.`,
  ];
  // The open pipeline leaves out deals with a zero or negative amount: a bad amount never shrinks the value in doubt.
  const notPositive = report.rules.find((rule) => rule.id === NOT_POSITIVE_RULE)?.affectedOpenDeals ?? 0;
  if (notPositive > 0) {
    lines.push(
      `${plural(notPositive, 'open deal has', 'open deals have')} a zero or ` +
        `negative amount (${NOT_POSITIVE_RULE}): left out of the open pipeline above, in its count and its ` +
        `value, as \`salesops metrics\`, \`pipeline changes\` and the forecast leave such deals out.`,
    );
  }
  if (pipeline.unconvertedDeals > 0) {
    lines.push(
      `${plural(pipeline.unconvertedDeals, 'open deal is', 'open deals are')} in currencies without an FX rate: left out of the open pipeline above.`,
    );
  }
  return lines;
}

/**
 * The rules table's columns. The terminal's heads the value `Open value` so that the table fits 110 columns
 * beside the longest rule title; the Markdown report keeps the long header and adds the fix.
 */
function ruleColumns(report: AuditReport, withFix: boolean): Column<RuleReport>[] {
  const columns: Column<RuleReport>[] = [
    { header: 'Rule', value: (rule) => rule.id, display: (rule) => `${rule.title} (${rule.id})` },
    { header: 'Severity', value: (rule) => rule.severity },
    { header: 'Count', value: (rule) => rule.count },
    { header: 'Open deals', value: (rule) => rule.affectedOpenDeals },
    {
      header: withFix ? 'Open value affected' : 'Open value',
      value: (rule) => rule.affectedValue,
      display: (rule) => money(report, rule.affectedValue),
    },
  ];
  if (withFix) columns.push({ header: 'Fix', value: (rule) => rule.fix });
  return columns;
}

function exampleText(report: AuditReport, example: RuleExample): string {
  const value = example.openValue === null ? '' : `; ${money(report, example.openValue)} open`;
  return `${example.id} ${example.name}: ${example.value}${value}`;
}

export function renderAuditTable(report: AuditReport): string {
  const lines = [
    `Data quality as of ${report.asOf}: ${report.score} / 100`,
    ...wrapLines(report.scoreFormula, NOTE_WIDTH, '  '),
    ...summaryLines(report).flatMap(wrapNote),
    '',
    renderTextTable(ruleColumns(report, false), report.rules),
  ];
  for (const rule of report.rules.filter((candidate) => candidate.count > 0)) {
    lines.push(...wrapLines(`${rule.id}: ${rule.fix}`, NOTE_WIDTH, '', '    '));
    for (const example of rule.examples)
      lines.push(...wrapLines(exampleText(report, example), NOTE_WIDTH, '  ', '    '));
  }
  return `${lines.join('\n')}\n`;
}

/** The report a RevOps analyst pastes into a document: score, rules table, examples, definitions. */
export function renderAuditMarkdown(report: AuditReport, company: string): string {
  const escape = (text: string): string => text.replace(/\|/g, '\\|');
  const exampleColumns: Column<RuleExample>[] = [
    { header: 'Record', value: (example) => example.id },
    { header: 'Name', value: (example) => example.name },
    { header: 'Finding', value: (example) => example.value },
    {
      header: 'Open value',
      value: (example) => example.openValue,
      display: (example) => (example.openValue === null ? '' : money(report, example.openValue)),
      align: 'right',
    },
  ];
  const lines = [
    `# Data-quality audit: ${company}, as of ${report.asOf}`,
    '',
    `**Quality score: ${report.score} / 100.** ${report.scoreFormula}`,
    '',
    ...summaryLines(report).map((line) => `${line}  `),
    '',
    renderMarkdownTable(ruleColumns(report, true), report.rules),
  ];
  const flagged = report.rules.filter((rule) => rule.count > 0);
  if (flagged.length > 0) lines.push('## Examples', '');
  for (const rule of flagged) {
    const shown = rule.examples.length < rule.count ? ` (${rule.examples.length} of ${rule.count})` : '';
    lines.push(`### ${escape(rule.title)} (\`${rule.id}\`)${shown}`, '');
    lines.push(renderMarkdownTable(exampleColumns, rule.examples));
  }
  lines.push('## Rule definitions', '');
  for (const rule of report.rules) lines.push(`- **${rule.id}** (${rule.severity}): ${rule.description}`);
  return `${lines.join('\n')}\n`;
}

export function renderAuditCsv(report: AuditReport): string {
  const columns: Column<RuleReport>[] = [
    { header: 'rule', value: (rule) => rule.id },
    { header: 'title', value: (rule) => rule.title },
    { header: 'severity', value: (rule) => rule.severity },
    { header: 'count', value: (rule) => rule.count },
    { header: 'open_deals', value: (rule) => rule.affectedOpenDeals },
    { header: 'open_value', value: (rule) => minorToDecimalString(rule.affectedValue, report.currency) },
    { header: 'currency', value: () => report.currency },
    { header: 'fix', value: (rule) => rule.fix },
    { header: 'examples', value: (rule) => rule.examples.map((example) => example.id).join(' ') },
  ];
  return renderCsv(columns, report.rules);
}

interface AuditFlags {
  readonly staleDays: string;
  readonly pushThreshold: string;
  readonly examples: string;
}

export function auditCommand(context: CommandContext): Command {
  return context
    .withAsOfInArguments(new Command('audit'))
    .description('data-quality audit: rules with counts, open pipeline value affected, examples and fixes')
    .option(
      '--stale-days <days>',
      'an open deal with no activity or change for this many days is stale',
      String(DEFAULT_AUDIT_OPTIONS.staleDays),
    )
    .option(
      '--push-threshold <count>',
      'flag open deals whose close date was pushed this many times',
      String(DEFAULT_AUDIT_OPTIONS.pushThreshold),
    )
    .option('--examples <count>', 'example records shown per rule', String(DEFAULT_AUDIT_OPTIONS.examples))
    .addHelpText(
      'after',
      `
The score is 100 x (1 - weighted share of flagged records), each deal and account weighing by its
worst finding (error 1, warning 0.5, info 0.1). Values are open pipeline in the corporate currency.
Without --as-of the audit reads the data as of the latest import's --as-of (the day the export was
taken; today when nothing was imported), and says so.

Examples:
  $ salesops audit --workspace acme
  $ salesops audit --workspace acme --as-of 2026-10-01 --stale-days 45 --push-threshold 2
  $ salesops audit --workspace acme --format md > audit.md`,
    )
    .action(async (flags: AuditFlags, command: Command) => {
      const globals = context.globals(command);
      // Every argument checked, --as-of too, and all their problems reported at once.
      const { asOf, ...options } = context.checkArgumentsAndAsOf(command, {
        staleDays: () => parseCount('--stale-days', flags.staleDays, 1),
        pushThreshold: () => parseCount('--push-threshold', flags.pushThreshold, 1),
        examples: () => parseCount('--examples', flags.examples, 0),
      });
      await context.withWorkspace(command, async (workspace) => {
        const { asOf: auditAsOf, from: latest } = await auditDay(
          workspace.store,
          globals.asOf === undefined ? undefined : asOf,
          asOf,
        );
        if (latest !== null && auditAsOf !== asOf) {
          const written = latest.source === 'demo' ? 'the demo data' : `the latest import (${latest.source})`;
          const today = context.commandLine(command)(`salesops audit --as-of ${asOf}`);
          context.note(
            `note: audited as of ${auditAsOf}, the --as-of of ${written}; pass --as-of to audit another ` +
              `day, e.g. \`${today}\` for today.`,
          );
        }
        const dataset = await context.loadDataset(workspace);
        const report = runAudit(dataset, workspace.config, auditAsOf, options);
        if (report.records.opportunities === 0 && report.records.accounts === 0) {
          // A score of 100 over no records is no news about the data: say so, and how to get some.
          context.note(
            `note: no deals or accounts exist on ${auditAsOf}, so the score of 100 audits nothing. ` +
              `Import CRM exports with \`salesops import <files> --workspace ${workspace.folder}\` ` +
              '(or pass an --as-of within the data).',
          );
        }
        if (globals.format === 'json') context.out(`${JSON.stringify(report, null, 2)}\n`);
        else if (globals.format === 'csv') context.out(renderAuditCsv(report));
        else if (globals.format === 'md') context.out(renderAuditMarkdown(report, workspace.config.company));
        else context.out(renderAuditTable(report));
      });
    });
}
