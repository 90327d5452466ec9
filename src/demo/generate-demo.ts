/**
 * The demo CRM generator: a realistic sales organisation, its accounts, three years of opportunities with
 * their full history, activities and leads, and quotas and costs, all from one seed. Output streams in batches
 * so that a million opportunities never sit in memory at once. See docs/demo-data.md for the shape.
 * @module
 */
import { emptyBatch, type EntityBatch, type OpportunityType } from '../domain/entities.js';
import {
  accountCount,
  accountId,
  buildAccounts,
  buildTerritories,
  pickExisting,
  type AccountBook,
} from './accounts.js';
import { COMPETED_SHARE, EXPANSION, RENEWAL, rampWin, uncompetedWinMultiplier } from './deal-model.js';
import { resolveDemoOptions, type DemoOptions, type DemoPlan } from './demo-options.js';
import { DayLabels } from './day-labels.js';
import { DefectPlanter, noDefects, plantedLeaver, type DefectCounts } from './defects.js';
import { DealWriter, type DealCounters, type DealDraft } from './opportunity-story.js';
import { buildRoster, type Roster } from './organization.js';
import { buildCapacity, buildTargets, type Capacity } from './plan.js';
import { cumulativeWeights, Random } from './random.js';
import { COMPETITORS, CUSTOMER_SOURCE, NEW_BUSINESS_SOURCES, REGIONS } from './vocabulary.js';

export {
  demoDateRange,
  demoFiscalPeriods,
  HISTORY_DAYS,
  type DemoOptions,
  type DemoPeriod,
} from './demo-options.js';
export { ORGANIZATION_TEAM } from './organization.js';
export { DEFECTS_PER_THOUSAND, defectTargets, type DefectCounts, type PlantedDefect } from './defects.js';

/** Independent random streams, so that one part's draws never shift another's. */
const enum Stream {
  Organization = 1,
  Accounts,
  Targets,
  Opportunities,
}

/** A slot packs its day and rep into one float so a month's slots sort by day with a typed-array sort. */
const REP_BITS = 2 ** 20;
/** New-business deals mostly land in the rep's own book of accounts. */
const OWN_BOOK_SHARE = 0.8;
/** Days of ISO labels kept before the history window (account and hire dates) and after asOf (close dates). */
const LABELS_BEFORE = 4000;
const LABELS_AFTER = 1500;

const COMPETITOR_WEIGHTS = cumulativeWeights(COMPETITORS.map((rival) => rival.share));
const SOURCE_WEIGHTS = cumulativeWeights(NEW_BUSINESS_SOURCES.map((source) => source.share));
const NO_CUSTOMER = 2_147_483_647;

/**
 * Generates a demo CRM. Validates the options first and throws an InputError (before any output) on a bad
 * one. The first batch holds reps, territories, accounts, quotas and costs; every later batch holds up to
 * `chunkSize` opportunities with their history, activities and leads (plus the copies of planted duplicate
 * deals). The same options give the same output. Returns, when done, the defects planted (all 0 unless
 * `defects` is set).
 */
export function generateDemo(options: DemoOptions): Generator<EntityBatch, DefectCounts, undefined> {
  return batches(resolveDemoOptions(options));
}

function* batches(plan: DemoPlan): Generator<EntityBatch, DefectCounts, undefined> {
  const setup = prepare(plan);
  yield setup.takeFirstBatch();
  yield* opportunityBatches(plan, setup.roster, setup.book, setup.capacity, setup.days, setup.planter);
  return setup.planter?.planted ?? noDefects();
}

/**
 * The organisation, accounts, capacity and targets. The first batch is handed over once and then forgotten, so
 * that the account records (up to 200,000) are not kept alive while the opportunities are generated.
 */
function prepare(plan: DemoPlan) {
  const roster = buildRoster(
    new Random(plan.seed, Stream.Organization),
    plan.reps,
    plan.segments,
    plan.asOfDay,
    plan.historyStartDay,
  );
  const days = new DayLabels(plan.historyStartDay - LABELS_BEFORE, plan.asOfDay + LABELS_AFTER);
  const tree = buildTerritories(roster, plan.segments, plan.asOfDay);
  const { accounts, book } = buildAccounts(
    new Random(plan.seed, Stream.Accounts),
    accountCount(plan.opportunities, roster.count),
    roster,
    tree,
    plan.segments,
    plan,
    days,
  );
  const capacity = buildCapacity(plan, roster);
  const { quotas, costs } = buildTargets(plan, roster, capacity, new Random(plan.seed, Stream.Targets));
  let first: EntityBatch | null = {
    ...emptyBatch(),
    reps: roster.reps,
    territories: tree.territories,
    accounts,
    quotas,
    costs,
  };
  let planter: DefectPlanter | null = null;
  if (plan.defects) {
    const leaver = plantedLeaver(roster, plan);
    planter = new DefectPlanter(plan, roster, days, leaver);
    const copies = planter.copyAccounts(accounts, (number) => accountId(number, accounts.length));
    first = {
      ...first,
      reps: leaver ? [...roster.reps, leaver] : roster.reps,
      accounts: [...accounts, ...copies],
    };
  }
  return {
    roster,
    book,
    capacity,
    days,
    planter,
    takeFirstBatch(): EntityBatch {
      const batch = first ?? emptyBatch();
      first = null;
      return batch;
    },
  };
}

/** Accounts that became customers, released into the customer base on the day their first deal closes won. */
class CustomerBase {
  /** Per segment, accounts that are customers by the current day, in the order they became one. */
  readonly bySegment: number[][];
  readonly since: Int32Array;
  /** Current annual amount of each customer, in major units (renewals are priced from it). */
  readonly annual: Float64Array;
  // A binary min-heap of pending wins by close day.
  private readonly day: number[] = [];
  private readonly account: number[] = [];
  private readonly amount: number[] = [];
  private readonly renewal: boolean[] = [];

  constructor(
    segmentCount: number,
    accounts: number,
    private readonly segmentOf: Int8Array,
  ) {
    this.bySegment = Array.from({ length: segmentCount }, () => []);
    this.since = new Int32Array(accounts).fill(NO_CUSTOMER);
    this.annual = new Float64Array(accounts);
  }

  /** How many of the segment's customers became one on or before the day (a prefix of its list). */
  countSince(segment: number, day: number): number {
    const list = this.bySegment[segment]!;
    let low = 0;
    let high = list.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.since[list[middle]!]! <= day) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  isCustomer(account: number, day: number): boolean {
    return this.since[account]! <= day;
  }

  addWin(closeDay: number, account: number, amount: number, renewal: boolean): void {
    let i = this.day.length;
    this.day.push(closeDay);
    this.account.push(account);
    this.amount.push(amount);
    this.renewal.push(renewal);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.day[parent]! <= closeDay) break;
      this.swap(i, parent);
      i = parent;
    }
  }

  /** Releases every win that closed on or before the day. */
  advanceTo(day: number): void {
    while (this.day.length > 0 && this.day[0]! <= day) {
      const account = this.account[0]!;
      if (this.since[account] === NO_CUSTOMER) {
        this.since[account] = this.day[0]!;
        this.bySegment[this.segmentOf[account]!]!.push(account);
      }
      this.annual[account] = this.renewal[0]! ? this.amount[0]! : this.annual[account]! + this.amount[0]!;
      this.popTop();
    }
  }

  private popTop(): void {
    const last = this.day.length - 1;
    this.swap(0, last);
    this.day.pop();
    this.account.pop();
    this.amount.pop();
    this.renewal.pop();
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let smallest = i;
      if (left < last && this.day[left]! < this.day[smallest]!) smallest = left;
      if (right < last && this.day[right]! < this.day[smallest]!) smallest = right;
      if (smallest === i) return;
      this.swap(i, smallest);
      i = smallest;
    }
  }

  private swap(i: number, j: number): void {
    [this.day[i], this.day[j]] = [this.day[j]!, this.day[i]!];
    [this.account[i], this.account[j]] = [this.account[j]!, this.account[i]!];
    [this.amount[i], this.amount[j]] = [this.amount[j]!, this.amount[i]!];
    [this.renewal[i], this.renewal[j]] = [this.renewal[j]!, this.renewal[i]!];
  }
}

function roundToHundred(value: number): number {
  return Math.max(100, Math.round(value / 100) * 100);
}

/** Drafts deals: picks the account, type, price, win probability, competitor and source for a slot. */
class DealDrafter {
  readonly draft: DealDraft = {
    createdDay: 0,
    rep: 0,
    type: 'new',
    account: 0,
    segment: 0,
    listPrice: 0,
    winProbability: 0,
    cycleDays: 0,
    competitor: -1,
    source: '',
    fromLead: false,
    discount: 0,
  };
  private readonly uncompeted: Readonly<Record<OpportunityType, number>> = {
    new: uncompetedWinMultiplier('new'),
    expansion: uncompetedWinMultiplier('expansion'),
    renewal: uncompetedWinMultiplier('renewal'),
  };

  constructor(
    private readonly plan: DemoPlan,
    private readonly roster: Roster,
    private readonly book: AccountBook,
    private readonly customers: CustomerBase,
    private readonly random: Random,
  ) {}

  /** A prospect for a new-business deal: from the rep's book, else the segment and region, else anywhere. */
  private prospect(rep: number, day: number): number {
    const { book, random, roster } = this;
    const segment = roster.segment[rep]!;
    const own = book.byOwner[rep]!;
    let account = own.length > 0 && random.chance(OWN_BOOK_SHARE) ? pickExisting(book, own, day, random) : -1;
    if (account < 0 || this.customers.isCustomer(account, day)) {
      const group = book.bySegmentRegion[segment * REGIONS.length + roster.region[rep]!]!;
      account = pickExisting(book, group, day, random);
    }
    if (account < 0) account = pickExisting(book, book.bySegment[segment]!, day, random);
    // Account 0 is the oldest, created before the history window.
    return account < 0 ? 0 : account;
  }

  fill(rep: number, day: number): DealDraft {
    const { draft, plan, roster, random, customers } = this;
    const role = roster.role[rep]!;
    const segment = roster.segment[rep]!;
    const profile = plan.segments[segment]!;
    const pool = customers.bySegment[segment]!;
    draft.createdDay = day;
    draft.rep = rep;

    let type: OpportunityType = 'new';
    let baseWin = profile.newWinRate;
    if (role === 'am' && pool.length > 0) {
      const renewable = customers.countSince(segment, day - RENEWAL.minTenureDays);
      type = renewable > 0 && !random.chance(EXPANSION.share) ? 'renewal' : 'expansion';
      draft.account = pool[Math.floor(random.next() * (type === 'renewal' ? renewable : pool.length))]!;
    } else {
      draft.account = this.prospect(rep, day);
    }
    draft.segment = this.book.segment[draft.account]!;
    draft.type = type;
    if (type === 'new') {
      draft.listPrice = roundToHundred(random.lognormal(profile.medianDeal, profile.dealSigma));
      draft.cycleDays = profile.medianCycle;
      const source = NEW_BUSINESS_SOURCES[random.weightedIndex(SOURCE_WEIGHTS)]!;
      draft.source = source.name;
      draft.fromLead = source.fromLead;
    } else if (type === 'expansion') {
      baseWin = EXPANSION.winRate;
      draft.listPrice = roundToHundred(
        random.lognormal(profile.medianDeal * EXPANSION.sizeOfMedianDeal, EXPANSION.sigma),
      );
      draft.cycleDays = profile.medianCycle * EXPANSION.cycleShare;
      draft.source = CUSTOMER_SOURCE;
      draft.fromLead = false;
    } else {
      baseWin = RENEWAL.winRate;
      const annual = customers.annual[draft.account]!;
      draft.listPrice = roundToHundred(annual * random.uniform(RENEWAL.minUplift, RENEWAL.maxUplift));
      draft.cycleDays = RENEWAL.cycleDays;
      draft.source = CUSTOMER_SOURCE;
      draft.fromLead = false;
    }

    let multiplier = this.uncompeted[type];
    draft.competitor = -1;
    if (random.chance(COMPETED_SHARE[type])) {
      draft.competitor = random.weightedIndex(COMPETITOR_WEIGHTS);
      multiplier = COMPETITORS[draft.competitor]!.winMultiplier;
    }
    const skill = roster.skillWin[rep]! * rampWin(day - roster.hireDay[rep]!);
    draft.winProbability = Math.min(0.95, baseWin * skill * multiplier);
    // Competed deals are discounted a little deeper.
    draft.discount = random.chance(profile.discountShare)
      ? Math.min(0.5, random.uniform(0.02, profile.maxDiscount) + (draft.competitor >= 0 ? 0.03 : 0))
      : 0;
    return draft;
  }
}

function* opportunityBatches(
  plan: DemoPlan,
  roster: Roster,
  book: AccountBook,
  capacity: Capacity,
  days: DayLabels,
  planter: DefectPlanter | null,
): Generator<EntityBatch, void, undefined> {
  const random = new Random(plan.seed, Stream.Opportunities);
  const counters: DealCounters = { opportunities: 0, activities: 0, leads: 0 };
  const customers = new CustomerBase(plan.segments.length, book.count, book.segment);
  const drafter = new DealDrafter(plan, roster, book, customers, random);
  const writer = new DealWriter(plan, roster, book, random, days, counters, emptyBatch());
  const reps = roster.count;

  // Planted copies of deals count towards --opportunities, so the simulation stops that many deals short.
  const simulated = plan.opportunities - (planter?.plannedCopies ?? 0);
  for (let m = 0; m < capacity.months.length && counters.opportunities < simulated; m++) {
    const month = capacity.months[m]!;
    const slots = capacity.slots[m]!;
    // Each slot: a rep drawn by capacity, on a day the rep was employed; then sorted by day.
    const keys = new Float64Array(slots);
    for (let s = 0; s < slots; s++) {
      const rep = random.weightedIndex(capacity.cumulative, m * reps, (m + 1) * reps) - m * reps;
      const first = Math.max(month.startDay, roster.hireDay[rep]!);
      const last = Math.min(month.endDay, roster.endDay[rep]!);
      keys[s] = random.int(first, last) * REP_BITS + rep;
    }
    keys.sort();
    for (let s = 0; s < slots && counters.opportunities < simulated; s++) {
      const day = Math.floor(keys[s]! / REP_BITS);
      const rep = keys[s]! - day * REP_BITS;
      customers.advanceTo(day);
      const draft = drafter.fill(rep, day);
      const firstChange = writer.batch.opportunityChanges.length;
      const firstActivity = writer.batch.activities.length;
      writer.write(draft);
      planter?.afterDeal(counters.opportunities - 1, writer.batch, draft, firstChange, firstActivity);
      if (writer.lastWon) {
        customers.addWin(writer.lastFinalDay, draft.account, writer.lastAmount, draft.type === 'renewal');
      }
      if (writer.batch.opportunities.length >= plan.chunkSize) {
        yield writer.batch;
        writer.batch = emptyBatch();
      }
    }
  }
  if (writer.batch.opportunities.length > 0) yield writer.batch;
}
