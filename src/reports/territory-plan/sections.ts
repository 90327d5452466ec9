/**
 * The Territory Plan's tables and lines, shared by the Markdown and HTML renderers: one definition of each
 * column and sentence, so that the formats say the same thing.
 * @module
 */
import type { CurrencyCode } from '../../domain/money.js';
import { plural } from '../../domain/plural.js';
import type { GroupTotals } from '../../planning/segmentation.js';
import { percent, wholeMoney } from '../sales-forecast/format.js';
import type { Column } from '../table.js';
import type { QuotaRow, TerritoryPlan } from './model.js';

type Tier = NonNullable<TerritoryPlan['segmentation']>[number];
type CoverageLine = NonNullable<TerritoryPlan['coverage']>['lines'][number];

const tierName = (tier: Tier) => (tier.label ? `${tier.tier} (${tier.label})` : tier.tier);

export function overviewLines(plan: TerritoryPlan): { label: string; text: string }[] {
  const { overview } = plan;
  if (!overview) return [];
  const money = (minor: number) => wholeMoney(minor, plan.currency);
  const list = (entries: readonly { name: string; accounts: number }[]) =>
    entries.length > 0
      ? entries.map((entry) => `${entry.name} (${entry.accounts.toLocaleString('en-US')})`).join(', ')
      : 'n/a (no territories yet)';
  return [
    {
      label: 'Geography',
      text: list(overview.geography.map((entry) => ({ name: entry.region, accounts: entry.accounts }))),
    },
    {
      label: 'Segment',
      text: list(overview.segments.map((entry) => ({ name: entry.segment, accounts: entry.accounts }))),
    },
    { label: 'Account Count', text: `${overview.accountCount.toLocaleString('en-US')} companies` },
    { label: 'Market Potential', text: `${money(overview.marketPotential)} ARR` },
    {
      label: 'Current Penetration',
      text: `${percent(overview.penetration, 1)} (${money(overview.currentArr)} ARR)`,
    },
  ];
}

export function segmentationColumns(plan: TerritoryPlan): Column<Tier>[] {
  const money = (minor: number) => wholeMoney(minor, plan.currency);
  return [
    { header: 'Tier', value: tierName },
    { header: 'Count', value: (row) => row.count },
    { header: 'Potential ARR', value: (row) => row.potential, display: (row) => money(row.potential) },
    { header: 'Current ARR', value: (row) => row.currentArr, display: (row) => money(row.currentArr) },
    { header: 'Whitespace', value: (row) => row.whitespace, display: (row) => money(row.whitespace) },
    { header: 'Strategy', value: (row) => row.strategy },
  ];
}

/**
 * The Whitespace column's definition, printed under every table that shows it (plan segment, the Territory Plan):
 * a group's whitespace is the sum of its accounts' max(0, potential - current ARR), so it exceeds the group's
 * Potential ARR - Current ARR by the ARR its accounts pay above their potential.
 */
export function whitespaceNote(
  total: Pick<GroupTotals, 'potential' | 'currentArr' | 'whitespace'>,
  currency: CurrencyCode,
): string {
  const money = (minor: number) => wholeMoney(minor, currency);
  const difference = total.potential - total.currentArr;
  const above = total.whitespace - difference;
  const definition = "Whitespace = the sum of each account's potential above its current ARR";
  return above > 0
    ? `${definition}; accounts paying more than their potential add nothing, so its total, ${money(total.whitespace)}, exceeds Potential ARR - Current ARR (${money(difference)}) by ${money(above)}.`
    : `${definition}; no account pays more than its potential, so its total equals Potential ARR - Current ARR (${money(total.whitespace)}).`;
}

/** The Territory Plan's whitespace note under its segmentation table (null before the plan is segmented). */
export function segmentationNote(plan: TerritoryPlan): string | null {
  const { overview } = plan;
  if (!overview) return null;
  return whitespaceNote(
    { potential: overview.marketPotential, currentArr: overview.currentArr, whitespace: overview.whitespace },
    plan.currency,
  );
}

/** "Tier 1: 1 AM per 25 accounts (3 AMs needed)" per coverage line. */
export function coverageLines(plan: TerritoryPlan): string[] {
  return (plan.coverage?.lines ?? []).map((line: CoverageLine) => {
    const role = line.role.toUpperCase();
    const ratio =
      line.accountsPerRep === null ? 'Digital coverage' : `1 ${role} per ${line.accountsPerRep} accounts`;
    const overflow = line.overflowReps > 0 ? ` + ${line.overflowReps} ${role} overflow` : '';
    return `${line.tier}: ${ratio}${overflow} (${line.accounts.toLocaleString('en-US')} accounts, ${plural(line.needed, role)} needed)`;
  });
}

export function teamLines(plan: TerritoryPlan): { label: string; text: string }[] {
  const roles = plan.coverage?.roles ?? [];
  if (roles.length === 0) return [];
  const gaps = roles.filter((role) => role.gap !== 0);
  // A role with no coverage line (AEs who hunt new logos, say) is not sized by the model: not a surplus of it.
  const modelled = new Set(plan.coverage?.lines.map((line) => line.role.trim().toLowerCase()));
  return [
    {
      label: 'Current Team',
      text: roles.map((role) => plural(role.current, role.role.toUpperCase())).join(', '),
    },
    {
      label: 'Gap',
      text:
        gaps.length === 0
          ? 'None: the team matches the coverage model'
          : gaps
              .map((role) =>
                role.gap > 0
                  ? `need ${plural(role.gap, `additional ${role.role.toUpperCase()}`)}`
                  : modelled.has(role.role.trim().toLowerCase())
                    ? `${plural(-role.gap, role.role.toUpperCase())} above the model`
                    : `${plural(-role.gap, role.role.toUpperCase())} outside it (no ${role.role.toUpperCase()} coverage line)`,
              )
              .join('; '),
    },
  ];
}

export function quotaColumns(plan: TerritoryPlan): Column<QuotaRow>[] {
  const money = (minor: number) => wholeMoney(minor, plan.currency);
  return [
    { header: 'Rep', value: (row) => `${row.role.toUpperCase()} ${row.repName}`.trim() },
    { header: 'Tier Focus', value: (row) => row.tierFocus },
    { header: 'Account Count', value: (row) => row.accountCount },
    { header: 'Quota', value: (row) => row.quota, display: (row) => money(row.quota) },
    {
      header: 'Quota Basis',
      value: (row) => `${row.basis}${row.newHire ? ' (new hire)' : ''}`,
    },
  ];
}

export function quotaHeadline(plan: TerritoryPlan): string {
  if (!plan.quotas) return '';
  const money = (minor: number) => wholeMoney(minor, plan.currency);
  const target =
    plan.quotas.target === null
      ? ''
      : ` (target ${money(plan.quotas.target)} plus the over-assignment buffer)`;
  return `Total Territory Quota: ${money(plan.quotas.total)}${target}${plan.quotas.method ? `, method ${plan.quotas.method}` : ''}`;
}

export function ruleLines(plan: TerritoryPlan): { label: string; text: string }[] {
  const named = plan.rules.namedAccounts;
  return plan.rules.standing.map((rule) =>
    rule.label === 'Named accounts' && named > 0
      ? { ...rule, text: `${rule.text} (${named.toLocaleString('en-US')} pinned in this plan)` }
      : rule,
  );
}

export function footerLine(plan: TerritoryPlan): string {
  return `${plan.company} · plan ${plan.plan} (${plan.state}) for ${plan.fiscalYear} · data as of ${plan.asOf} · last 12 months: ${plan.trailing.from}..${plan.trailing.to} · amounts in ${plan.currency}`;
}
