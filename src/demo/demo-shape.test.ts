/**
 * The shape of the demo CRM (docs/demo-data.md), checked on a 20,000-opportunity sample with explicit
 * tolerances. The sample is seeded, so a failure here means the generator's behaviour changed, not bad luck.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { addDays, toDayNumber, type IsoDate } from '../domain/dates.js';
import {
  emptyBatch,
  type EntityBatch,
  type Opportunity,
  type OpportunityChange,
} from '../domain/entities.js';
import { createFiscalCalendar } from '../domain/fiscal-calendar.js';
import { DEFAULT_STAGES } from '../domain/stage-model.js';
import { demoFiscalPeriods, generateDemo, type DemoOptions } from './generate-demo.js';

const asOf = '2026-06-15' as IsoDate;
const demo: DemoOptions = {
  seed: 7,
  reps: 120,
  opportunities: 20_000,
  asOf,
  stages: DEFAULT_STAGES,
  currency: 'USD',
  ...demoFiscalPeriods(createFiscalCalendar({ startMonth: 2 }), asOf),
};
const OPEN = ['Qualification', 'Discovery', 'Proposal', 'Negotiation', 'Commit'];
const WON = 'Closed Won';
const LOST = 'Closed Lost';

let data: EntityBatch;
let history: Map<string, OpportunityChange[]>;
let segmentOf: (opportunity: Opportunity) => string;

const share = <T>(list: readonly T[], test: (item: T) => boolean): number =>
  list.filter(test).length / list.length;
const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
};
const quantile = (values: readonly number[], q: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(q * (sorted.length - 1))]!;
};
const days = (from: string, to: string): number => toDayNumber(to as IsoDate) - toDayNumber(from as IsoDate);
const isClosed = (opportunity: Opportunity): boolean =>
  opportunity.stage === WON || opportunity.stage === LOST;
const winRate = (list: readonly Opportunity[]): number =>
  share(list.filter(isClosed), (opportunity) => opportunity.stage === WON);
const dollars = (minor: number): number => minor / 100;

beforeAll(() => {
  data = emptyBatch();
  for (const batch of generateDemo(demo)) {
    for (const key of Object.keys(data) as (keyof EntityBatch)[]) {
      const target = data[key] as unknown[];
      for (const record of batch[key] as unknown[]) target.push(record);
    }
  }
  history = new Map();
  for (const change of data.opportunityChanges) {
    const list = history.get(change.opportunityId) ?? [];
    list.push(change);
    history.set(change.opportunityId, list);
  }
  const accountSegment = new Map(data.accounts.map((account) => [account.id, account.segment!]));
  segmentOf = (opportunity) => accountSegment.get(opportunity.accountId!)!;
});

describe('the organisation', () => {
  it('has one VP, managers with six to ten reps each, and every kind of seat', () => {
    const vps = data.reps.filter((rep) => rep.role === 'vp');
    expect(vps).toHaveLength(1);
    const active = data.reps.filter((rep) => rep.endDate === null);
    expect(active).toHaveLength(120);
    const managers = data.reps.filter((rep) => rep.role === 'manager');
    for (const manager of managers) {
      expect(manager.managerId).toBe(vps[0]!.id);
      const team = active.filter((rep) => rep.managerId === manager.id);
      expect(team.length).toBeGreaterThanOrEqual(6);
      expect(team.length).toBeLessThanOrEqual(10);
    }
    const seats = new Set(active.map((rep) => `${rep.role} ${rep.segment}`));
    for (const seat of ['ae Enterprise', 'ae Mid-Market', 'ae SMB', 'isr SMB', 'am Enterprise', 'sdr SMB']) {
      expect(seats).toContain(seat);
    }
  });

  it('hired 15-20% of the team within the last year, and has leavers', () => {
    const active = data.reps.filter((rep) => rep.endDate === null);
    expect(share(active, (rep) => days(rep.hireDate!, asOf) < 365)).toBeGreaterThanOrEqual(0.13);
    expect(share(active, (rep) => days(rep.hireDate!, asOf) < 365)).toBeLessThanOrEqual(0.22);
    const hireYears = new Set(data.reps.map((rep) => rep.hireDate!.slice(0, 4)));
    expect(hireYears.size).toBeGreaterThanOrEqual(5);
    expect(share(data.reps, (rep) => rep.endDate !== null)).toBeGreaterThan(0.05);
    expect(share(data.reps, (rep) => rep.endDate !== null)).toBeLessThan(0.35);
  });

  it('ramps new hires: fewer deals and a lower win rate in their first five months', () => {
    const hire = new Map(data.reps.map((rep) => [rep.id, rep.hireDate!]));
    const creator = (opportunity: Opportunity): string => history.get(opportunity.id)![0]!.ownerId;
    const ramping = (opportunity: Opportunity): boolean =>
      days(hire.get(creator(opportunity))!, opportunity.createdDate) < 150;
    const early = data.opportunities.filter(ramping);
    const later = data.opportunities.filter((opportunity) => !ramping(opportunity));
    expect(winRate(early) / winRate(later)).toBeLessThan(0.9);

    // Deals per day of AEs hired during the history: first five months against the rest of their time.
    const historyStart = addDays(asOf, -1095);
    const hiredInWindow = data.reps.filter(
      (rep) => rep.role === 'ae' && rep.hireDate! > historyStart && days(rep.hireDate!, asOf) > 400,
    );
    let earlyDeals = 0;
    let laterDeals = 0;
    let laterDays = 0;
    const byCreator = new Map<string, Opportunity[]>();
    for (const opportunity of data.opportunities) {
      const list = byCreator.get(creator(opportunity)) ?? [];
      list.push(opportunity);
      byCreator.set(creator(opportunity), list);
    }
    for (const rep of hiredInWindow) {
      const since = (opportunity: Opportunity): number => days(rep.hireDate!, opportunity.createdDate);
      const own = byCreator.get(rep.id) ?? [];
      earlyDeals += own.filter((opportunity) => since(opportunity) < 150).length;
      laterDeals += own.filter((opportunity) => since(opportunity) >= 150).length;
      laterDays += days(addDays(rep.hireDate!, 150), rep.endDate ?? asOf);
    }
    expect(hiredInWindow.length).toBeGreaterThan(5);
    expect(earlyDeals / (150 * hiredInWindow.length) / (laterDeals / laterDays)).toBeLessThan(0.8);
  });
});

describe('segments', () => {
  const expected = [
    { segment: 'Enterprise', deal: 120_000, cycle: 120, winRate: [0.15, 0.27] },
    { segment: 'Mid-Market', deal: 30_000, cycle: 60, winRate: [0.19, 0.32] },
    { segment: 'SMB', deal: 8_000, cycle: 30, winRate: [0.24, 0.36] },
  ] as const;

  it.each(expected)(
    '$segment: deal size, cycle length and win rate',
    ({ segment, deal, cycle, winRate: range }) => {
      const deals = data.opportunities.filter((opportunity) => segmentOf(opportunity) === segment);
      const newDeals = deals.filter((opportunity) => opportunity.type === 'new');
      const listPrices = newDeals.map((opportunity) => dollars(opportunity.listAmount!));
      expect(median(listPrices) / deal).toBeGreaterThan(0.75);
      expect(median(listPrices) / deal).toBeLessThan(1.25);
      const won = newDeals.filter((opportunity) => opportunity.stage === WON);
      const cycles = won.map((opportunity) => days(opportunity.createdDate, opportunity.closeDate));
      expect(median(cycles) / cycle).toBeGreaterThan(0.8);
      expect(median(cycles) / cycle).toBeLessThan(1.2);
      expect(winRate(deals)).toBeGreaterThanOrEqual(range[0]);
      expect(winRate(deals)).toBeLessThanOrEqual(range[1]);
    },
  );

  it('wins 20-30% overall, Enterprise least', () => {
    expect(winRate(data.opportunities)).toBeGreaterThanOrEqual(0.2);
    expect(winRate(data.opportunities)).toBeLessThanOrEqual(0.3);
    const bySegment = (segment: string): number =>
      winRate(data.opportunities.filter((opportunity) => segmentOf(opportunity) === segment));
    expect(bySegment('Enterprise')).toBeLessThan(bySegment('SMB'));
  });
});

describe('accounts and leads', () => {
  it('segments accounts by employees and gives them region, tier, potential and owner', () => {
    const band = { Enterprise: [1000, Infinity], 'Mid-Market': [100, 999], SMB: [1, 99] } as const;
    const outOfBand = data.accounts.filter((account) => {
      const [low, high] = band[account.segment as keyof typeof band];
      return !(account.employees! >= low && account.employees! <= high);
    });
    expect(outOfBand).toEqual([]);
    expect(data.accounts.every((account) => account.potential! > 0 && account.ownerId !== null)).toBe(true);
    expect(new Set(data.accounts.map((account) => account.region))).toEqual(
      new Set(['NA-East', 'NA-West', 'EMEA', 'APAC']),
    );
    expect(new Set(data.accounts.map((account) => account.tier))).toEqual(
      new Set(['Tier 1', 'Tier 2', 'Tier 3']),
    );
  });

  it('turns a share of accounts into customers, who alone get expansions and renewals', () => {
    const firstWin = new Map<string, string>();
    for (const opportunity of data.opportunities) {
      if (opportunity.stage !== WON) continue;
      const known = firstWin.get(opportunity.accountId!);
      if (!known || opportunity.closeDate < known)
        firstWin.set(opportunity.accountId!, opportunity.closeDate);
    }
    expect(firstWin.size / data.accounts.length).toBeGreaterThan(0.05);
    expect(firstWin.size / data.accounts.length).toBeLessThan(0.7);
    const existing = data.opportunities.filter((opportunity) => opportunity.type !== 'new');
    expect(share(existing, (opportunity) => opportunity.type === 'renewal')).toBeGreaterThan(0.1);
    expect(existing.length / data.opportunities.length).toBeGreaterThan(0.03);
    for (const opportunity of existing) {
      expect(firstWin.get(opportunity.accountId!)! <= opportunity.createdDate).toBe(true);
    }
  });

  it('converts leads MQL -> SQL -> opportunity, and leaves others new, stalled or disqualified', () => {
    const statuses = new Set(data.leads.map((lead) => lead.status));
    expect(statuses).toEqual(new Set(['new', 'mql', 'sql', 'converted', 'disqualified']));
    expect(share(data.leads, (lead) => lead.status === 'disqualified')).toBeGreaterThan(0.1);
    expect(share(data.leads, (lead) => lead.status === 'disqualified')).toBeLessThan(0.5);
    const fromLeads = data.opportunities.filter(
      (opportunity) =>
        opportunity.type === 'new' && ['Inbound', 'SDR Outbound', 'Event'].includes(opportunity.source!),
    );
    const converted = data.leads.filter((lead) => lead.status === 'converted');
    expect(converted).toHaveLength(fromLeads.length);
    const inbound = converted.filter((lead) => lead.source === 'Inbound');
    expect(inbound.every((lead) => lead.mqlDate !== null && lead.sqlDate !== null)).toBe(true);
  });
});

describe('opportunity history', () => {
  it('spans about three years before asOf, with open pipeline closing after it', () => {
    const created = data.opportunities.map((opportunity) => days(opportunity.createdDate, asOf));
    expect(Math.max(...created)).toBeGreaterThan(1000);
    expect(Math.max(...created)).toBeLessThanOrEqual(1095);
    const open = data.opportunities.filter((opportunity) => !isClosed(opportunity));
    expect(open.length / data.opportunities.length).toBeGreaterThan(0.02);
    const pastDue = share(open, (opportunity) => opportunity.closeDate < asOf);
    expect(pastDue).toBeGreaterThan(0);
    expect(pastDue).toBeLessThan(0.2);
    expect(new Set(open.map((opportunity) => opportunity.stage))).toEqual(new Set(OPEN));
  });

  it('pushes close dates (some deals several times), skips and reverses stages, changes amounts and owners', () => {
    const pushes: number[] = [];
    let backward = 0;
    let skipped = 0;
    let amountChanged = 0;
    let ownerChanged = 0;
    for (const changes of history.values()) {
      let count = 0;
      for (let i = 1; i < changes.length; i++) {
        const [before, after] = [changes[i - 1]!, changes[i]!];
        const [from, to] = [OPEN.indexOf(before.stage), OPEN.indexOf(after.stage)];
        if (to >= 0 && from >= 0 && after.closeDate > before.closeDate) count++;
        if (to >= 0 && from >= 0 && to < from) backward++;
        if (to >= 0 && from >= 0 && to > from + 1) skipped++;
      }
      pushes.push(count);
      if (new Set(changes.map((change) => change.amount)).size > 1) amountChanged++;
      if (new Set(changes.map((change) => change.ownerId)).size > 1) ownerChanged++;
    }
    const deals = history.size;
    expect(share(pushes, (count) => count >= 1)).toBeGreaterThan(0.2);
    expect(share(pushes, (count) => count >= 1)).toBeLessThan(0.6);
    expect(pushes.filter((count) => count >= 3).length).toBeGreaterThan(10);
    expect(backward / deals).toBeGreaterThan(0.02);
    expect(backward / deals).toBeLessThan(0.1);
    expect(skipped / deals).toBeGreaterThan(0.03);
    expect(amountChanged / deals).toBeGreaterThan(0.3);
    expect(ownerChanged / deals).toBeGreaterThan(0.005);
    expect(ownerChanged / deals).toBeLessThan(0.08);
  });

  it('loses deals at every stage, with reasons and competitors who win differently', () => {
    const lost = data.opportunities.filter((opportunity) => opportunity.stage === LOST);
    const lostAt = lost.map((opportunity) => history.get(opportunity.id)!.at(-2)!.stage);
    for (const stage of OPEN) expect(share(lostAt, (at) => at === stage)).toBeGreaterThan(0.02);
    expect(new Set(lost.map((opportunity) => opportunity.lossReason)).size).toBeGreaterThanOrEqual(6);
    const against = (competitor: string): number =>
      winRate(data.opportunities.filter((opportunity) => opportunity.competitor === competitor));
    expect(against('Vantage Cloud')).toBeLessThan(against('Dealstack') * 0.75);
  });

  it('sells a product on every deal, the platform editions by segment', () => {
    expect(data.opportunities.every((opportunity) => typeof opportunity.product === 'string')).toBe(true);
    const productShare = (segment: string, product: string): number => {
      const deals = data.opportunities.filter((opportunity) => segmentOf(opportunity) === segment);
      return share(deals, (opportunity) => opportunity.product === product);
    };
    expect(productShare('Enterprise', 'Platform Enterprise')).toBeGreaterThan(0.45);
    expect(productShare('Enterprise', 'Platform Starter')).toBe(0);
    expect(productShare('Mid-Market', 'Platform Professional')).toBeGreaterThan(0.4);
    expect(productShare('SMB', 'Platform Starter')).toBeGreaterThan(0.4);
    expect(productShare('SMB', 'Platform Enterprise')).toBe(0);
    expect(productShare('SMB', 'Analytics Add-on')).toBeGreaterThan(0.1);
  });

  it('discounts most won deals below list, and sources deals several ways', () => {
    const won = data.opportunities.filter((opportunity) => opportunity.stage === WON);
    const discounted = won.filter((opportunity) => opportunity.listAmount! > opportunity.amount);
    expect(discounted.length / won.length).toBeGreaterThan(0.4);
    expect(discounted.length / won.length).toBeLessThan(0.85);
    const discount = median(
      discounted.map((opportunity) => 1 - opportunity.amount / opportunity.listAmount!),
    );
    expect(discount).toBeGreaterThan(0.03);
    expect(discount).toBeLessThan(0.25);
    expect(new Set(data.opportunities.map((opportunity) => opportunity.source)).size).toBeGreaterThanOrEqual(
      6,
    );
    expect(share(data.opportunities, (opportunity) => opportunity.type === 'new')).toBeGreaterThan(0.7);
  });

  it('fills BANT as deals progress, and sets forecast categories by stage with rep judgement', () => {
    const won = data.opportunities.filter((opportunity) => opportunity.stage === WON);
    expect(won.every((opportunity) => Object.values(opportunity.qualification).every((value) => value))).toBe(
      true,
    );
    const open = data.opportunities.filter((opportunity) => !isClosed(opportunity));
    const early = open.filter((opportunity) => opportunity.stage === 'Qualification');
    expect(early.every((opportunity) => opportunity.qualification.timeline === null)).toBe(true);
    const ladder = ['pipeline', 'best_case', 'commit'];
    const stepsFromDefault = open.map((opportunity) => {
      const stage = DEFAULT_STAGES.find((candidate) => candidate.name === opportunity.stage)!;
      return Math.abs(ladder.indexOf(opportunity.forecastCategory) - ladder.indexOf(stage.forecastCategory));
    });
    expect(share(stepsFromDefault, (steps) => steps === 0)).toBeGreaterThan(0.7);
    expect(share(stepsFromDefault, (steps) => steps === 0)).toBeLessThan(0.97);
    expect(Math.max(...stepsFromDefault)).toBe(1);
  });
});

describe('activities', () => {
  it('are calls, emails, meetings and demos, more on deals that progress', () => {
    const perDeal = new Map<string, number>();
    for (const activity of data.activities) {
      if (activity.opportunityId)
        perDeal.set(activity.opportunityId, (perDeal.get(activity.opportunityId) ?? 0) + 1);
    }
    const mean = (list: Opportunity[]): number =>
      list.reduce((sum, opportunity) => sum + (perDeal.get(opportunity.id) ?? 0), 0) / list.length;
    const won = data.opportunities.filter((opportunity) => opportunity.stage === WON);
    const lostEarly = data.opportunities.filter(
      (opportunity) => opportunity.stage === LOST && history.get(opportunity.id)!.at(-2)!.stage === OPEN[0],
    );
    expect(mean(won)).toBeGreaterThan(2 * mean(lostEarly));
    const types = new Set(data.activities.map((activity) => activity.type));
    for (const type of ['call', 'email', 'meeting', 'demo']) expect(types).toContain(type);
    expect(data.activities.some((activity) => activity.leadId !== null)).toBe(true);
    expect(
      data.activities.some((activity) => activity.opportunityId === null && activity.accountId !== null),
    ).toBe(true);
  });
});

describe('quotas and costs', () => {
  it('size quotas so attainment spreads: median 70-105%, a share above 100%', () => {
    const quarters = demo.fiscalQuarters.filter((quarter) => quarter.end <= asOf);
    const bookings = new Map<string, number>();
    for (const opportunity of data.opportunities) {
      if (opportunity.stage !== WON) continue;
      const quarter = quarters.find(
        (q) => q.start <= opportunity.closeDate && opportunity.closeDate <= q.end,
      );
      if (!quarter) continue;
      const key = `${opportunity.ownerId} ${quarter.period}`;
      bookings.set(key, (bookings.get(key) ?? 0) + opportunity.amount);
    }
    const attainment = data.quotas
      .filter(
        (quota) => quota.ownerKind === 'rep' && quarters.some((quarter) => quarter.period === quota.period),
      )
      .map((quota) => (bookings.get(`${quota.ownerId} ${quota.period}`) ?? 0) / quota.amount);
    expect(attainment.length).toBeGreaterThan(400);
    expect(median(attainment)).toBeGreaterThan(0.7);
    expect(median(attainment)).toBeLessThan(1.05);
    expect(share(attainment, (value) => value >= 1)).toBeGreaterThan(0.2);
    expect(share(attainment, (value) => value >= 1)).toBeLessThan(0.55);
    expect(quantile(attainment, 0.9)).toBeGreaterThan(1.2);
  });

  it('ramps new hires, and gives every selling team a quota each quarter', () => {
    const recent = data.reps.filter((rep) => rep.role === 'ae' && days(rep.hireDate!, asOf) < 300);
    const periodOf = (date: string): string =>
      demo.fiscalQuarters.find((quarter) => quarter.start <= date && date <= quarter.end)!.period;
    let compared = 0;
    for (const rep of recent) {
      const period = periodOf(rep.hireDate!);
      const own = data.quotas.find((quota) => quota.ownerId === rep.id && quota.period === period);
      const peers = data.quotas
        .filter((quota) => quota.period === period && quota.ownerKind === 'rep')
        .filter((quota) => data.reps.find((peer) => peer.id === quota.ownerId)?.segment === rep.segment)
        .map((quota) => quota.amount);
      if (own && peers.length > 2) {
        expect(own.amount).toBeLessThan(median(peers));
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(0);
    // Every team that has quota carriers (SDR teams book no revenue).
    const carriers = data.reps.filter((rep) => ['ae', 'am', 'isr'].includes(rep.role));
    const teams = new Set(carriers.map((rep) => rep.team));
    const periods = new Set(data.quotas.map((quota) => quota.period));
    for (const period of periods) {
      const teamQuotas = data.quotas.filter((quota) => quota.ownerKind === 'team' && quota.period === period);
      for (const team of teams) expect(teamQuotas.map((quota) => quota.ownerId)).toContain(team);
    }
  });

  it('costs sales and marketing every month, for a plausible acquisition cost', () => {
    const months = demo.fiscalMonths.filter(
      (month) => month.start <= asOf && month.end >= addDays(asOf, -1095),
    );
    for (const month of months) {
      const costs = data.costs.filter((cost) => cost.period === month.period);
      expect(costs.map((cost) => cost.category).sort()).toEqual(['marketing', 'sales']);
      expect(costs.every((cost) => cost.amount > 0)).toBe(true);
    }
    // CAC over the last year: sales and marketing cost per new customer, against a new customer's first deal.
    const yearStart = addDays(asOf, -365);
    const spent = data.costs
      .filter((cost) => months.some((month) => month.period === cost.period && month.start >= yearStart))
      .reduce((sum, cost) => sum + cost.amount, 0);
    const firstDeals = new Map<string, Opportunity>();
    for (const opportunity of data.opportunities) {
      if (opportunity.stage !== WON || opportunity.type !== 'new') continue;
      const known = firstDeals.get(opportunity.accountId!);
      if (!known || opportunity.closeDate < known.closeDate)
        firstDeals.set(opportunity.accountId!, opportunity);
    }
    const newCustomers = [...firstDeals.values()].filter((opportunity) => opportunity.closeDate >= yearStart);
    const acquisitionCost = spent / newCustomers.length;
    const firstDeal =
      newCustomers.reduce((sum, opportunity) => sum + opportunity.amount, 0) / newCustomers.length;
    expect(acquisitionCost / firstDeal).toBeGreaterThan(0.4);
    expect(acquisitionCost / firstDeal).toBeLessThan(2);
  });
});
