import { describe, expect, it } from 'vitest';
import type { IsoDate } from '../../domain/dates.js';
import type { MinorUnits } from '../../domain/money.js';
import { startPlanVersion, type PlanVersion } from '../../planning/plan-version.js';
import type { TierSummary } from '../../planning/segmentation.js';
import { rosterRep } from '../../../test/fixtures/planning/roster.js';
import { wholeMoney } from '../sales-forecast/format.js';
import { buildTerritoryPlan, type TerritoryPlanInput } from './model.js';
import { renderTerritoryPlanHtml, renderTerritoryPlanMarkdown } from './render.js';

const cents = (dollars: number) => (dollars * 100) as MinorUnits;

const tier = (name: string, potential: number, currentArr: number): TierSummary => ({
  tier: name,
  label: null,
  strategy: 'High-touch',
  count: 10,
  potential: cents(potential),
  currentArr: cents(currentArr),
  whitespace: cents(potential - currentArr),
  customers: 2,
  penetration: currentArr / potential,
});

function input(plan: PlanVersion, target: number | null): TerritoryPlanInput {
  const tiers = [tier('Tier 1', 5_000_000, 300_000), tier('Tier 2', 5_300_000, 0)];
  return {
    plan: { ...plan, inputs: { ...plan.inputs, target: target === null ? null : cents(target) } },
    company: 'Acme',
    currency: 'USD',
    asOf: '2026-11-27' as IsoDate,
    segmentation: {
      tiers,
      segments: [],
      total: {
        count: 20,
        potential: cents(10_300_000),
        currentArr: cents(300_000),
        // 4,700,000 + 5,300,000
        whitespace: cents(10_000_000),
        customers: 2,
        penetration: 300_000 / 10_300_000,
      },
    },
    coverage: null,
    rules: [],
    trailing: {
      from: '2025-11-28' as IsoDate,
      to: '2026-11-27' as IsoDate,
      wonRevenue: cents(1_000_000),
      expansionRevenue: cents(200_000),
      newCustomers: 40,
      winRate: 0.25,
    },
    quotaTotal: null,
    quotaMethod: null,
  };
}

const money = (minor: number) => wholeMoney(minor, 'USD');

describe('the Territory Plan success metrics', () => {
  it('scale the last 12 months by growth = target / won revenue (hand-computed)', () => {
    const plan = buildTerritoryPlan(input(startPlanVersion('FY2027', 'FY2027', null), 1_500_000), money);
    // growth 1.5: 40 x 1.5 = 60 new logos; $200,000 x 1.5 = $300,000 expansion; Tier 1 reaches
    // ($300,000 + $1,500,000 x 4.7M/10M) / $5M = ($300,000 + $705,000) / $5M = 20.1%.
    expect(plan.successMetrics.map((metric) => [metric.metric, metric.current, metric.target])).toEqual([
      ['New logo target', '40 new customers', '60 new customers'],
      ['Expansion target', '$200,000', '$300,000'],
      ['Tier 1 penetration', '6.0%', '6.0% to 20.1%'],
      ['Win rate', '25.0%', 'maintain 25.0%+'],
    ]);
  });

  it('say what is missing rather than inventing targets', () => {
    const plan = buildTerritoryPlan(input(startPlanVersion('FY2027', 'FY2027', null), null), money);
    expect(plan.successMetrics[0]?.target).toBe('n/a (no target: plan capacity --target)');
    expect(plan.missing).toEqual([
      'revenue target and capacity (salesops plan capacity FY2027 --target ...)',
      'territories (salesops plan territories FY2027)',
      'quotas (salesops plan quotas FY2027)',
    ]);
    const markdown = renderTerritoryPlanMarkdown(plan);
    expect(markdown).toContain('> Not yet in this plan: revenue target and capacity');
    expect(markdown).toContain('Quotas not set yet.');
  });
});

describe('the Territory Plan renderers', () => {
  it('escape CRM text in Markdown tables and HTML', () => {
    const base = startPlanVersion('FY2027', 'FY2027', null);
    const plan: PlanVersion = {
      ...base,
      inputs: { ...base.inputs, roster: [rosterRep('R1', 'am', { name: 'Ann | <script>x</script>' })] },
      assignments: [],
      quotaLines: [{ repId: 'R1', annual: cents(100), quarters: [], basis: 'even' }],
    };
    const document = buildTerritoryPlan(input(plan, 1_500_000), money);
    const markdown = renderTerritoryPlanMarkdown(document);
    expect(markdown).toContain('| AM Ann \\| \\<script\\>x\\</script\\> | - | 0 | $100 | even |');
    const html = renderTerritoryPlanHtml(document);
    expect(html).toContain('AM Ann | &lt;script&gt;x&lt;/script&gt;');
    expect(html).not.toContain('<script>');
  });
});

describe('the Territory Plan segmentation', () => {
  it('defines Whitespace under the table, in Markdown and HTML', () => {
    const base = input(startPlanVersion('FY2027', 'FY2027', null), null);
    // Whitespace 10,500,000 against potential 10,300,000 - current ARR 300,000 = 10,000,000: accounts pay
    // 500,000 above their potential.
    const segmentation = {
      ...base.segmentation!,
      total: { ...base.segmentation!.total, whitespace: cents(10_500_000) },
    };
    const document = buildTerritoryPlan({ ...base, segmentation }, money);
    const note =
      "Whitespace = the sum of each account's potential above its current ARR; accounts paying more than their potential add nothing, so its total, $10,500,000, exceeds Potential ARR - Current ARR ($10,000,000) by $500,000.";
    expect(renderTerritoryPlanMarkdown(document)).toContain(
      `| Tier 2 | 10 | $5,300,000 | $0 | $5,300,000 | High-touch |\n\n<sub>${note}</sub>\n\n## Sales Coverage Model`,
    );
    expect(renderTerritoryPlanHtml(document)).toContain(
      `</table><p class="definitions">${note.replace("'", '&#39;')}</p>`,
    );
  });

  it('has no note before the plan is segmented', () => {
    const document = buildTerritoryPlan(
      { ...input(startPlanVersion('FY2027', 'FY2027', null), null), segmentation: null },
      money,
    );
    expect(renderTerritoryPlanMarkdown(document)).not.toContain('Whitespace =');
    expect(renderTerritoryPlanHtml(document)).not.toContain('Whitespace =');
  });
});

describe('the Territory Plan coverage model', () => {
  it('calls reps of a role the model has no line for outside it, not above it', () => {
    const base = input(startPlanVersion('FY2027', 'FY2027', null), null);
    const line = { tier: 'Tier 1', role: 'am', accounts: 50, accountsPerRep: 25, overflowReps: 0 };
    const coverage = {
      lines: [{ ...line, needed: 2, current: 3, gap: -1 }],
      roles: [
        { role: 'am', needed: 2, current: 3, gap: -1 },
        { role: 'isr', needed: 0, current: 1, gap: -1 },
        { role: 'ae', needed: 0, current: 4, gap: -4 },
      ],
      uncoveredTiers: ['Tier 2'],
    };
    const markdown = renderTerritoryPlanMarkdown(buildTerritoryPlan({ ...base, coverage }, money));
    expect(markdown).toContain(
      '**Gap**: 1 AM above the model; 1 ISR outside it (no ISR coverage line); 4 AEs outside it (no AE coverage line)',
    );
  });
});

describe('the Territory Plan without assignment rules', () => {
  it('claims no majority tier as focus, and says rules are what tie tiers to roles', () => {
    const base = startPlanVersion('FY2027', 'FY2027', null);
    const assignment = (repId: string, tierName: string) => ({
      accountId: `A-${repId}`,
      accountName: 'Account',
      repId,
      previousRepId: null,
      basis: 'assigned' as const,
      reason: 'balanced',
      customer: false,
      potential: cents(1_000_000),
      tier: tierName,
      segment: null,
      region: null,
    });
    const plan: PlanVersion = {
      ...base,
      inputs: {
        ...base.inputs,
        roster: [rosterRep('I1', 'isr'), rosterRep('A1', 'am', { tiers: ['Tier 1'] })],
      },
      // Balanced without rules: the ISR's book happens to hold Tier 1.
      assignments: [assignment('I1', 'Tier 1'), assignment('A1', 'Tier 1')],
      quotaLines: [
        { repId: 'I1', annual: cents(100), quarters: [], basis: 'even' },
        { repId: 'A1', annual: cents(100), quarters: [], basis: 'even' },
      ],
    };
    const document = buildTerritoryPlan(input(plan, 1_500_000), money);
    expect(document.quotas?.rows.map((row) => [row.repId, row.tierFocus])).toEqual([
      ['I1', 'any (no rules)'],
      ['A1', 'Tier 1'],
    ]);
    expect(document.missing).toContain(
      'assignment rules, so each role holds the tiers the coverage model gives it (salesops plan territories FY2027 --rules rules.yaml)',
    );
  });
});
