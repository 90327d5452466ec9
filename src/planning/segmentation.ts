/**
 * Segmentation: each account's potential (the ARR it could buy), its current ARR, whitespace and penetration,
 * its segment (by the workspace's segment rules) and its tier (by potential share or threshold), and per tier
 * the count, potential, current ARR, whitespace and coverage strategy of the Territory Plan's "Account
 * Segmentation" table.
 *
 * Definitions (docs/planning.md):
 * - potential = the imported figure, or employees x seatsPerEmployee x pricePerSeat (rounded once, half away
 *   from zero), as `planning.potential.source` says;
 * - current ARR = the corporate amount of the account's deals won in the 365 days up to the as-of day, unless
 *   the caller passes imported figures;
 * - whitespace = max(0, potential - current ARR): a customer paying more than its estimate has none left; a
 *   group's is the sum over its accounts, so it exceeds the group's potential - current ARR by what its accounts
 *   pay above their potential;
 * - penetration = current ARR / potential (null where potential is 0).
 * @module
 */
import { OUTCOME, dealFacts, type DealConfig } from '../analytics/deal-facts.js';
import { NO_DAY, NO_INDEX, textAt, type Dataset } from '../dataset/dataset.js';
import type { DayNumber } from '../domain/dates.js';
import { minorUnits, multiplyByRate, sumMoney, type MinorUnits } from '../domain/money.js';
import type { PotentialModel } from '../domain/planning-config.js';
import type { Segmentation as SegmentRules, TierDefinition } from '../domain/workspace-config.js';

/** What planning reads about an account. Amounts are corporate minor units. */
export interface PlanningAccount {
  readonly id: string;
  readonly name: string;
  readonly employees: number | null;
  readonly annualRevenue: MinorUnits | null;
  readonly region: string | null;
  /** The segment the CRM gives (kept where the workspace has no segment rules). */
  readonly segment: string | null;
  /** The tier the CRM gives (kept where the workspace defines no tiers). */
  readonly tier: string | null;
  /** The CRM's potential figure, if any. */
  readonly importedPotential: MinorUnits | null;
  /** Current ARR: won deals of the trailing year, or an imported figure. */
  readonly currentArr: MinorUnits;
  /** The rep who owns the account now (rep id), if any. */
  readonly ownerId: string | null;
}

/** Where an account's potential came from; `none`: neither an imported figure nor the formula's inputs. */
export type PotentialOrigin = 'imported' | 'formula' | 'none';

export interface SegmentedAccount {
  /** Index into the input accounts. */
  readonly index: number;
  readonly id: string;
  readonly segment: string;
  readonly tier: string;
  readonly potential: MinorUnits;
  readonly potentialOrigin: PotentialOrigin;
  readonly currentArr: MinorUnits;
  readonly whitespace: MinorUnits;
  /** Current ARR / potential; null where potential is 0. */
  readonly penetration: number | null;
}

/** Totals of a group of accounts (a tier, a segment, the whole book). */
export interface GroupTotals {
  readonly count: number;
  readonly potential: MinorUnits;
  readonly currentArr: MinorUnits;
  readonly whitespace: MinorUnits;
  /** Accounts with current ARR above 0. */
  readonly customers: number;
  /** Current ARR / potential of the group; null where potential is 0. */
  readonly penetration: number | null;
}

export interface TierSummary extends GroupTotals {
  readonly tier: string;
  readonly label: string | null;
  readonly strategy: string;
}

export interface SegmentSummary extends GroupTotals {
  readonly segment: string;
}

export interface SegmentationResult {
  readonly accounts: readonly SegmentedAccount[];
  /** In the workspace's tier order (or first appearance of CRM tiers). */
  readonly tiers: readonly TierSummary[];
  readonly segments: readonly SegmentSummary[];
  readonly total: GroupTotals;
  /** Ids of accounts whose potential is unknown (counted at 0): import it or give the formula's inputs. */
  readonly withoutPotential: readonly string[];
}

export interface SegmentationOptions {
  readonly potential: PotentialModel;
  /** Segment rules; null: keep the CRM's segment. */
  readonly segments: SegmentRules | null;
  /** Tier definitions; empty: keep the CRM's tier. */
  readonly tiers: readonly TierDefinition[];
}

/** The label of accounts without a tier or segment from the CRM. */
export const UNASSIGNED = 'Unassigned';

/** An account's potential by the model: the imported figure and/or the formula, with where it came from. */
export function accountPotential(
  account: Pick<PlanningAccount, 'employees' | 'importedPotential'>,
  model: PotentialModel,
): { readonly potential: MinorUnits; readonly origin: PotentialOrigin } {
  if (model.source !== 'formula' && account.importedPotential !== null) {
    return { potential: account.importedPotential, origin: 'imported' };
  }
  if (
    model.source !== 'imported' &&
    model.seatsPerEmployee !== null &&
    model.pricePerSeat !== null &&
    account.employees !== null
  ) {
    // employees x price is exact (integers); the seat ratio is applied once, rounding by the one rule.
    const perEmployee = minorUnits(Math.round(account.employees) * model.pricePerSeat);
    return { potential: multiplyByRate(perEmployee, model.seatsPerEmployee), origin: 'formula' };
  }
  return { potential: minorUnits(0), origin: 'none' };
}

function inBounds(value: number | null, bounds: { min?: number; max?: number } | undefined): boolean {
  if (!bounds) return true;
  if (value === null) return false;
  return (
    (bounds.min === undefined || value >= bounds.min) && (bounds.max === undefined || value <= bounds.max)
  );
}

/** The segment of an account: the first rule whose conditions all hold, else the fallback. */
export function segmentOf(
  account: Pick<PlanningAccount, 'employees' | 'annualRevenue' | 'region'>,
  rules: SegmentRules,
): string {
  const region = account.region?.trim().toLowerCase() ?? null;
  for (const rule of rules.rules) {
    if (!inBounds(account.employees, rule.employees)) continue;
    if (!inBounds(account.annualRevenue, rule.annualRevenue)) continue;
    if (rule.regions && (region === null || !rule.regions.some((name) => name.toLowerCase() === region))) {
      continue;
    }
    return rule.name;
  }
  return rules.fallback;
}

/**
 * The tier of each account (by index) under tier definitions, applied from the first tier down: a `share`
 * tier takes round(share x all accounts) of the highest potentials not yet tiered (ties by input order), a
 * `minPotential` tier the accounts at or above the threshold, the last tier the rest.
 */
export function assignTiers(potentials: readonly MinorUnits[], tiers: readonly TierDefinition[]): string[] {
  const result = new Array<string>(potentials.length);
  const byPotential = potentials
    .map((_, index) => index)
    .sort((a, b) => potentials[b]! - potentials[a]! || a - b);
  let next = 0; // the first index of byPotential not yet tiered (share tiers take a prefix)
  for (const tier of tiers) {
    const { rule } = tier;
    if (rule.kind === 'share') {
      const take = Math.min(Math.round(rule.share * potentials.length), byPotential.length - next);
      for (let k = 0; k < take; k++) result[byPotential[next + k]!] = tier.name;
      next += take;
    } else {
      // Thresholds go down, so a threshold tier's accounts are a prefix of those left in potential order.
      while (next < byPotential.length) {
        const index = byPotential[next]!;
        if (rule.kind === 'minPotential' && potentials[index]! < rule.minPotential) break;
        result[index] = tier.name;
        next++;
      }
    }
  }
  return result;
}

function totals(accounts: readonly SegmentedAccount[]): GroupTotals {
  const potential = sumMoney(accounts.map((account) => account.potential));
  const currentArr = sumMoney(accounts.map((account) => account.currentArr));
  return {
    count: accounts.length,
    potential,
    currentArr,
    whitespace: sumMoney(accounts.map((account) => account.whitespace)),
    customers: accounts.filter((account) => account.currentArr > 0).length,
    penetration: potential > 0 ? currentArr / potential : null,
  };
}

function groupBy(accounts: readonly SegmentedAccount[], key: (account: SegmentedAccount) => string) {
  const groups = new Map<string, SegmentedAccount[]>();
  for (const account of accounts) {
    const name = key(account);
    const group = groups.get(name);
    if (group) group.push(account);
    else groups.set(name, [account]);
  }
  return groups;
}

/** Segments and tiers accounts and sums them per tier and segment. */
export function segmentAccounts(
  accounts: readonly PlanningAccount[],
  options: SegmentationOptions,
): SegmentationResult {
  const potentials = accounts.map((account) => accountPotential(account, options.potential));
  const tierNames =
    options.tiers.length > 0
      ? assignTiers(
          potentials.map((entry) => entry.potential),
          options.tiers,
        )
      : accounts.map((account) => account.tier ?? UNASSIGNED);
  const segmented = accounts.map((account, index): SegmentedAccount => {
    const { potential, origin } = potentials[index]!;
    return {
      index,
      id: account.id,
      segment: options.segments ? segmentOf(account, options.segments) : (account.segment ?? UNASSIGNED),
      tier: tierNames[index]!,
      potential,
      potentialOrigin: origin,
      currentArr: account.currentArr,
      whitespace: minorUnits(Math.max(0, potential - account.currentArr)),
      penetration: potential > 0 ? account.currentArr / potential : null,
    };
  });
  const byTier = groupBy(segmented, (account) => account.tier);
  const definitions = new Map(options.tiers.map((tier) => [tier.name, tier]));
  const tierOrder = options.tiers.length > 0 ? options.tiers.map((tier) => tier.name) : [...byTier.keys()];
  return {
    accounts: segmented,
    tiers: tierOrder.map((tier) => ({
      tier,
      label: definitions.get(tier)?.label ?? null,
      strategy: definitions.get(tier)?.strategy ?? '',
      ...totals(byTier.get(tier) ?? []),
    })),
    segments: [...groupBy(segmented, (account) => account.segment)].map(([segment, group]) => ({
      segment,
      ...totals(group),
    })),
    total: totals(segmented),
    withoutPotential: segmented
      .filter((account) => account.potentialOrigin === 'none')
      .map((account) => account.id),
  };
}

/** Days of the trailing window whose won deals make an account's current ARR. */
export const ARR_WINDOW_DAYS = 365;

/**
 * Current ARR per account (by dataset row): the corporate amount of its deals won (stage outcome won) with a
 * close date in the 365 days up to and including `asOfDay`. Annual contracts booked in that window are what
 * the account pays now.
 */
export function wonArrByAccount(
  dataset: Pick<Dataset, 'opportunities' | 'history' | 'historyStart' | 'labels' | 'accounts'>,
  config: DealConfig,
  asOfDay: DayNumber,
): MinorUnits[] {
  const facts = dealFacts(dataset, config, asOfDay);
  const arr = new Array<number>(dataset.accounts.count).fill(0);
  const { accountIndex } = dataset.opportunities;
  for (let i = 0; i < facts.outcome.length; i++) {
    if (facts.outcome[i] !== OUTCOME.won) continue;
    const closeDay = facts.state.closeDay[i] ?? NO_DAY;
    if (closeDay === NO_DAY || closeDay > asOfDay || closeDay <= asOfDay - ARR_WINDOW_DAYS) continue;
    const account = accountIndex[i] ?? NO_INDEX;
    const amount = facts.corporateAmount[i] ?? NaN;
    if (account === NO_INDEX || Number.isNaN(amount)) continue;
    arr[account] = (arr[account] ?? 0) + amount;
  }
  return arr.map(minorUnits);
}

/**
 * Won bookings per rep (CRM id): the corporate amount of deals won (stage outcome won) with a close date in
 * [fromDay, toDay], credited to the deal's owner. Bottom-up quotas grow these; deals without an owner count for
 * nobody.
 */
export function wonBookingsByRep(
  dataset: Pick<Dataset, 'opportunities' | 'history' | 'historyStart' | 'labels' | 'reps'>,
  config: DealConfig,
  fromDay: DayNumber,
  toDay: DayNumber,
): Map<string, MinorUnits> {
  const facts = dealFacts(dataset, config, toDay);
  const bookings = new Map<string, number>();
  for (let i = 0; i < facts.outcome.length; i++) {
    if (facts.outcome[i] !== OUTCOME.won) continue;
    const closeDay = facts.state.closeDay[i] ?? NO_DAY;
    const owner = facts.state.ownerIndex[i] ?? NO_INDEX;
    const amount = facts.corporateAmount[i] ?? NaN;
    if (closeDay < fromDay || closeDay > toDay || owner === NO_INDEX || Number.isNaN(amount)) continue;
    const id = textAt(dataset.reps.crmId, owner);
    bookings.set(id, (bookings.get(id) ?? 0) + amount);
  }
  return new Map([...bookings].map(([id, amount]) => [id, minorUnits(amount)]));
}

/**
 * The dataset's accounts as planning reads them, with current ARR from won deals ({@link wonArrByAccount}).
 * Owner ids are the reps' CRM ids.
 */
export function planningAccountsFromDataset(
  dataset: Pick<Dataset, 'opportunities' | 'history' | 'historyStart' | 'labels' | 'accounts' | 'reps'>,
  config: DealConfig,
  asOfDay: DayNumber,
): PlanningAccount[] {
  const arr = wonArrByAccount(dataset, config, asOfDay);
  const { accounts, labels, reps } = dataset;
  const label = (kind: keyof Dataset['labels'], code: number | undefined) => labels[kind][code ?? 0] || null;
  const money = (value: number | undefined) =>
    value === undefined || Number.isNaN(value) ? null : minorUnits(value);
  return Array.from({ length: accounts.count }, (_, i) => {
    const employees = accounts.employees[i];
    const owner = accounts.ownerIndex[i] ?? NO_INDEX;
    return {
      id: textAt(accounts.crmId, i),
      name: textAt(accounts.name, i),
      employees: employees === undefined || Number.isNaN(employees) ? null : employees,
      annualRevenue: money(accounts.annualRevenue[i]),
      region: label('region', accounts.regionCode[i]),
      segment: label('segment', accounts.segmentCode[i]),
      tier: label('tier', accounts.tierCode[i]),
      importedPotential: money(accounts.potential[i]),
      currentArr: arr[i]!,
      ownerId: owner === NO_INDEX ? null : textAt(reps.crmId, owner),
    };
  });
}
