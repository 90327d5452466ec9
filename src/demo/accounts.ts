/**
 * Demo territories and accounts. Territories form a tree: Global (the VP), one per segment, one per segment and
 * region (their managers), and one per new-business rep. Accounts get a size (employees, revenue), a region and
 * country, a segment by employee band, an estimated potential and tier, and an owner and territory. Accounts are
 * numbered in the order they were created, so the generator can find "accounts that existed on day d" as a
 * prefix of any list of them.
 * @module
 */
import type { DayNumber } from '../domain/dates.js';
import type { Account, Territory } from '../domain/entities.js';
import type { MinorUnits } from '../domain/money.js';
import type { DayLabels } from './day-labels.js';
import { isActive, type Roster } from './organization.js';
import { cumulativeWeights, type Random } from './random.js';
import type { SegmentProfile } from './segment-profiles.js';
import {
  COMPANY_ROUND_WORDS,
  COMPANY_STEMS,
  COMPANY_SUFFIXES,
  COMPANY_TRADES,
  INDUSTRIES,
  REGIONS,
} from './vocabulary.js';

/** Accounts per opportunity, within the bounds below. */
const ACCOUNTS_PER_OPPORTUNITY = 0.5;
const MIN_ACCOUNTS_PER_REP = 10;
export const MAX_ACCOUNTS = 200_000;
/** Share of accounts that were in the CRM before the history window (bought lists, older prospects). */
const PRE_EXISTING_SHARE = 0.7;
const PARENT_SHARE = 0.03;

export interface TerritoryTree {
  readonly territories: Territory[];
  /** Territory index of each rep's own territory, or -1. */
  readonly ofRep: Int32Array;
  /** Territory index by segment * REGIONS.length + region. */
  readonly ofSegmentRegion: Int32Array;
}

/** What the generator needs to know of the accounts while it writes opportunities (not the records). */
export interface AccountBook {
  readonly count: number;
  readonly ids: readonly string[];
  readonly names: readonly string[];
  readonly segment: Int8Array;
  readonly region: Int8Array;
  /** Ascending with the account index. */
  readonly createdDay: Int32Array;
  /** Accounts by segment * REGIONS.length + region, ascending. */
  readonly bySegmentRegion: readonly Int32Array[];
  /** Accounts by segment, ascending. */
  readonly bySegment: readonly Int32Array[];
  /** Accounts owned by each rep, ascending (empty for reps who own none). */
  readonly byOwner: readonly Int32Array[];
}

/** Number of accounts for a demo of this size. */
export function accountCount(opportunities: number, reps: number): number {
  return Math.min(
    MAX_ACCOUNTS,
    Math.max(reps * MIN_ACCOUNTS_PER_REP, Math.round(opportunities * ACCOUNTS_PER_OPPORTUNITY)),
  );
}

/** The id of the account numbered `number` (from 1) among `count`: `ACC-000042`. */
export function accountId(number: number, count: number): string {
  return `ACC-${String(number).padStart(Math.max(6, String(count).length), '0')}`;
}

/** Current (on asOf) new-business reps: the owners of accounts and territories. */
function isAccountOwner(roster: Roster, rep: number, asOfDay: DayNumber): boolean {
  const role = roster.role[rep];
  return (role === 'ae' || role === 'isr') && isActive(roster, rep, asOfDay);
}

export function buildTerritories(
  roster: Roster,
  segments: readonly SegmentProfile[],
  asOfDay: DayNumber,
): TerritoryTree {
  const territories: Territory[] = [];
  const add = (name: string, ownerIndex: number, parent: number, segment: number, region: number): number => {
    territories.push({
      id: `TER-${String(territories.length + 1).padStart(4, '0')}`,
      name,
      ownerId: ownerIndex >= 0 ? roster.ids[ownerIndex]! : null,
      parentId: parent >= 0 ? territories[parent]!.id : null,
      segment: segment >= 0 ? segments[segment]!.name : null,
      region: region >= 0 ? REGIONS[region]!.name : null,
    });
    return territories.length - 1;
  };
  const managerOf = (segment: number, region: number): number =>
    roster.teams.find(
      (team) =>
        roster.segment[team.manager] === segment && (region < 0 || roster.region[team.manager] === region),
    )?.manager ?? -1;

  const root = add('Global', roster.vp, -1, -1, -1);
  const ofSegmentRegion = new Int32Array(segments.length * REGIONS.length);
  segments.forEach((profile, segment) => {
    const segmentOwner = managerOf(segment, -1);
    const segmentNode = add(profile.name, segmentOwner >= 0 ? segmentOwner : roster.vp, root, segment, -1);
    REGIONS.forEach((region, r) => {
      const owner = managerOf(segment, r);
      ofSegmentRegion[segment * REGIONS.length + r] = add(
        `${profile.name} ${region.name}`,
        owner >= 0 ? owner : segmentOwner,
        segmentNode,
        segment,
        r,
      );
    });
  });
  const ofRep = new Int32Array(roster.count).fill(-1);
  const numbering = new Map<number, number>();
  for (let rep = 0; rep < roster.count; rep++) {
    if (!isAccountOwner(roster, rep, asOfDay)) continue;
    const leaf = ofSegmentRegion[roster.segment[rep]! * REGIONS.length + roster.region[rep]!]!;
    const number = (numbering.get(leaf) ?? 0) + 1;
    numbering.set(leaf, number);
    ofRep[rep] = add(
      `${territories[leaf]!.name} ${number}`,
      rep,
      leaf,
      roster.segment[rep]!,
      roster.region[rep]!,
    );
  }
  return { territories, ofRep, ofSegmentRegion };
}

/**
 * Unique company names: an affine permutation of stem x trade x suffix, then the same again with a round word
 * ({@link COMPANY_ROUND_WORDS}) once they run out; the words last beyond {@link MAX_ACCOUNTS}.
 */
export function companyName(index: number, offset: number): string {
  const combinations = COMPANY_STEMS.length * COMPANY_TRADES.length * COMPANY_SUFFIXES.length;
  // 7919 is prime and does not divide the number of combinations, so this permutes them.
  const code = ((((index % combinations) * 7919 + offset) % combinations) + combinations) % combinations;
  const stem = COMPANY_STEMS[code % COMPANY_STEMS.length]!;
  const trade = COMPANY_TRADES[Math.floor(code / COMPANY_STEMS.length) % COMPANY_TRADES.length]!;
  const suffix = COMPANY_SUFFIXES[Math.floor(code / (COMPANY_STEMS.length * COMPANY_TRADES.length))]!;
  const round = Math.floor(index / combinations);
  if (round === 0) return `${stem} ${trade} ${suffix}`;
  return `${stem} ${trade} ${suffix} ${COMPANY_ROUND_WORDS[(round - 1) % COMPANY_ROUND_WORDS.length]!}`;
}

/** Owners for accounts of one segment and region: current new-business reps there, else of the segment, else any. */
function ownerCandidates(roster: Roster, segment: number, region: number, asOfDay: DayNumber): number[] {
  const owners: number[] = [];
  for (let rep = 0; rep < roster.count; rep++) if (isAccountOwner(roster, rep, asOfDay)) owners.push(rep);
  const sameSegment = owners.filter((rep) => roster.segment[rep] === segment);
  const sameRegion = sameSegment.filter((rep) => roster.region[rep] === region);
  return sameRegion.length > 0 ? sameRegion : sameSegment.length > 0 ? sameSegment : owners;
}

function roundTo(value: number, step: number): number {
  return Math.max(step, Math.round(value / step) * step);
}

export function buildAccounts(
  random: Random,
  count: number,
  roster: Roster,
  tree: TerritoryTree,
  segments: readonly SegmentProfile[],
  window: { historyStartDay: DayNumber; asOfDay: DayNumber; minorPerMajor: number },
  days: DayLabels,
): { accounts: Account[]; book: AccountBook } {
  const { historyStartDay, asOfDay, minorPerMajor } = window;
  const createdDay = new Int32Array(count);
  const preExisting = Math.ceil(count * PRE_EXISTING_SHARE);
  for (let i = 0; i < count; i++) {
    createdDay[i] =
      i < preExisting ? historyStartDay - random.int(1, 1500) : random.int(historyStartDay, asOfDay - 7);
  }
  createdDay.sort();

  const segmentWeights = cumulativeWeights(segments.map((profile) => profile.accountShare));
  const regionWeights = cumulativeWeights(REGIONS.map((region) => region.accountShare));
  const groupCount = segments.length * REGIONS.length;
  const owners = Array.from({ length: groupCount }, (_, group) =>
    ownerCandidates(roster, Math.floor(group / REGIONS.length), group % REGIONS.length, asOfDay),
  );
  const nextOwner = owners.map((list) => random.int(0, Math.max(0, list.length - 1)));
  const nameOffset = random.int(0, 1_000_000);

  const segment = new Int8Array(count);
  const region = new Int8Array(count);
  const ids = new Array<string>(count);
  const names = new Array<string>(count);
  const owner = new Int32Array(count);
  const groupLists: number[][] = Array.from({ length: groupCount }, () => []);
  const bySegmentSoFar: number[][] = segments.map(() => []);
  const accounts: Account[] = new Array<Account>(count);
  for (let i = 0; i < count; i++) {
    const s = random.weightedIndex(segmentWeights);
    const r = random.weightedIndex(regionWeights);
    const profile = segments[s]!;
    const group = s * REGIONS.length + r;
    const candidates = owners[group]!;
    const turn = nextOwner[group]!;
    nextOwner[group] = turn + 1;
    const ownerIndex = candidates.length > 0 ? candidates[turn % candidates.length]! : -1;
    // Company sizes are skewed to the small end of each band.
    const span = Math.log(profile.maxEmployees / profile.minEmployees);
    const employees = Math.round(profile.minEmployees * Math.exp(span * random.next() ** 1.6));
    const revenue = roundTo(employees * random.lognormal(180_000, 0.5), 10_000);
    const bandMiddle = Math.sqrt(profile.minEmployees * profile.maxEmployees);
    const typicalPotential = profile.medianDeal * 2.5;
    const potential = roundTo(
      typicalPotential * Math.sqrt(employees / bandMiddle) * random.lognormal(1, 0.5),
      1_000,
    );
    const ratio = potential / typicalPotential;
    const peers = bySegmentSoFar[s]!;
    const parent = peers.length > 0 && random.chance(PARENT_SHARE) ? random.pick(peers) : -1;
    const territory =
      ownerIndex >= 0 && tree.ofRep[ownerIndex]! >= 0
        ? tree.ofRep[ownerIndex]!
        : tree.ofSegmentRegion[group]!;

    segment[i] = s;
    region[i] = r;
    owner[i] = ownerIndex;
    const id = accountId(i + 1, count);
    const name = companyName(i, nameOffset);
    ids[i] = id;
    names[i] = name;
    groupLists[group]!.push(i);
    peers.push(i);
    accounts[i] = {
      id,
      name,
      industry: random.pick(INDUSTRIES),
      employees,
      annualRevenue: (revenue * minorPerMajor) as MinorUnits,
      region: REGIONS[r]!.name,
      country: random.pick(REGIONS[r]!.countries),
      segment: profile.name,
      tier: ratio >= 2 ? 'Tier 1' : ratio >= 0.8 ? 'Tier 2' : 'Tier 3',
      potential: (potential * minorPerMajor) as MinorUnits,
      ownerId: ownerIndex >= 0 ? roster.ids[ownerIndex]! : null,
      territoryId: tree.territories[territory]!.id,
      parentId: parent >= 0 ? ids[parent]! : null,
      createdDate: days.iso(createdDay[i]!),
    };
  }

  const byOwner = Array.from({ length: roster.count }, () => [] as number[]);
  for (let i = 0; i < count; i++) if (owner[i]! >= 0) byOwner[owner[i]!]!.push(i);
  const book: AccountBook = {
    count,
    ids,
    names,
    segment,
    region,
    createdDay,
    bySegmentRegion: groupLists.map((list) => Int32Array.from(list)),
    bySegment: bySegmentSoFar.map((list) => Int32Array.from(list)),
    byOwner: byOwner.map((list) => Int32Array.from(list)),
  };
  return { accounts, book };
}

/**
 * An account from `list` (ascending indices) that existed on `day`, uniformly; -1 when none did yet. Binary
 * search works because accounts are numbered in creation order.
 */
export function pickExisting(book: AccountBook, list: Int32Array, day: DayNumber, random: Random): number {
  let low = 0;
  let high = list.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (book.createdDay[list[middle]!]! <= day) low = middle + 1;
    else high = middle;
  }
  return low === 0 ? -1 : list[Math.floor(random.next() * low)]!;
}
