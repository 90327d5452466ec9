/**
 * One opportunity's life, simulated from creation to its close (won or lost) and cut at asOf: the dated
 * history of stage moves (with skips and backward moves), close-date pushes, amount changes (an early estimate,
 * the priced proposal, a discount in negotiation, scope changes), forecast-category calls by the rep, and owner
 * changes when a rep leaves; then the record as of asOf, the activities on it and the leads behind it.
 *
 * Built for a million deals: one writer reuses typed scratch arrays for each deal's events, dates come from a
 * table of ISO strings, and nothing allocates per event except the output records.
 * @module
 */
import type { DayNumber } from '../domain/dates.js';
import type {
  ActivityType,
  EntityBatch,
  ForecastCategory,
  LeadStatus,
  OpportunityType,
  Qualification,
} from '../domain/entities.js';
import type { MinorUnits } from '../domain/money.js';
import type { AccountBook } from './accounts.js';
import type { DayLabels } from './day-labels.js';
import type { DemoPlan } from './demo-options.js';
import { isActive, pickActive, type Roster } from './organization.js';
import { cumulativeWeights, Random } from './random.js';
import {
  COMPETITOR_LOSS_REASON,
  COMPETITORS,
  EARLY_LOSS_REASONS,
  LATE_LOSS_REASONS,
  LEAD_ONLY_SOURCES,
  NEXT_STEPS,
  PRODUCTS,
  REGIONS,
} from './vocabulary.js';

/** One deal as the generator drafted it, before its story is told. Reused: the writer copies what it keeps. */
export interface DealDraft {
  createdDay: DayNumber;
  rep: number;
  type: OpportunityType;
  account: number;
  segment: number;
  /** List price in major units, already rounded. */
  listPrice: number;
  winProbability: number;
  /** Median days from created to won. */
  cycleDays: number;
  /** Index into COMPETITORS, or -1. */
  competitor: number;
  source: string;
  /** True when a lead (MQL or SDR-sourced) preceded the deal. */
  fromLead: boolean;
  /** Discount a won deal gets, in [0, 1). */
  discount: number;
}

/**
 * Streams from here up are one per opportunity (this plus its number), for its product: a draw of its own, so
 * adding products moved no draw of the opportunities' stream (every other figure of the demo stayed the same).
 */
const PRODUCT_STREAMS = 2 ** 30;

/** Forecast categories from least to most confident, so a rep's judgement can move one step. */
const LADDER: readonly ForecastCategory[] = ['omitted', 'pipeline', 'best_case', 'commit', 'closed'];
const PIPELINE = 1;
const COMMIT = 3;

const enum EventKind {
  Stage,
  Category,
  Push,
  Scope,
  Owner,
  Final,
}

/** Probabilities of the story's twists. */
const START_LATER = 0.1;
const SKIP_STAGE = 0.1;
const BACKWARD_MOVE = 0.05;
const SKIP_TO_WON = 0.15;
const PUSH_EARLY = 0.6;
/** Losing deals the rep stops updating: their close date goes stale until the loss is recorded. */
const NEGLECTED_LOSS = 0.25;
const MONTH_END_CLOSE = 0.5;
const SCOPE_CHANGE = 0.15;
const CATEGORY_CALL = 0.15;
const REASSIGNMENT = 0.012;
const MISSING_NEXT_STEP = 0.1;
const COMPETITOR_LOSS = 0.55;
/** Leads that never became deals, per lead that did. */
const UNCONVERTED_LEADS_PER_CONVERTED = 1.2;
const ACCOUNT_ACTIVITIES_PER_CUSTOMER = 0.8;

const TYPE_LABEL: Readonly<Record<OpportunityType, string>> = {
  new: 'New Business',
  expansion: 'Expansion',
  renewal: 'Renewal',
};

/** Activity mix early, in the middle and late in a deal. */
const ACTIVITY_PHASES: readonly { types: readonly ActivityType[]; cumulative: Float64Array }[] = [
  { types: ['call', 'email', 'meeting', 'task'], cumulative: cumulativeWeights([0.4, 0.45, 0.1, 0.05]) },
  {
    types: ['call', 'email', 'meeting', 'demo', 'task'],
    cumulative: cumulativeWeights([0.2, 0.25, 0.25, 0.25, 0.05]),
  },
  { types: ['call', 'email', 'meeting', 'task'], cumulative: cumulativeWeights([0.25, 0.35, 0.35, 0.05]) },
];
const LEAD_ACTIVITY_TYPES: readonly ActivityType[] = ['call', 'email', 'email'];

/** Running counts behind the readable ids (`OPP-0000001`, `ACT-…`, `LEAD-…`), shared across batches. */
export interface DealCounters {
  opportunities: number;
  activities: number;
  leads: number;
}

/** Writes one deal at a time into the current batch. */
export class DealWriter {
  /** The batch records are appended to; the generator swaps it when it yields. */
  batch: EntityBatch;
  /** Outcome of the last deal written, for the customer base: won (on any date), close day, amount (major). */
  lastWon = false;
  lastFinalDay = 0;
  lastAmount = 0;

  private readonly openCount: number;
  private readonly stageNames: readonly string[];
  private readonly stageCategory: Int8Array;
  private readonly lossStageWeights: Float64Array;
  /** Open-stage positions from which the price is known (proposal) and the discount granted (negotiation). */
  private readonly revisionPosition: number;
  private readonly discountPosition: number;
  private readonly wonCategory: number;
  private readonly lostCategory: number;
  /** Per segment, running totals of the products' weights. */
  private readonly productWeights: readonly Float64Array[];

  // Scratch, reused for every deal.
  private readonly path: Int32Array;
  private readonly gapWeight: Float64Array;
  private readonly entryDay: Int32Array;
  private readonly eventDay: Int32Array;
  private readonly eventKind: Uint8Array;
  private readonly eventValue: Int32Array;
  private readonly eventAux: Float64Array;
  private readonly order: Int32Array;
  private eventCount = 0;
  /** Owners of the current deal and the day each took over. */
  private readonly ownerSince: Int32Array;
  private readonly ownerRep: Int32Array;
  private ownerCount = 0;

  constructor(
    private readonly plan: DemoPlan,
    private readonly roster: Roster,
    private readonly book: AccountBook,
    private readonly random: Random,
    private readonly days: DayLabels,
    private readonly counters: DealCounters,
    batch: EntityBatch,
  ) {
    this.batch = batch;
    const open = plan.openStages;
    this.openCount = open.length;
    this.stageNames = plan.stages.map((stage) => stage.name);
    this.stageCategory = Int8Array.from(plan.stages, (stage) => LADDER.indexOf(stage.forecastCategory));
    // Losses happen at every stage, most often early.
    this.lossStageWeights = cumulativeWeights(open.map((_, position) => open.length - position + 0.5));
    this.revisionPosition = Math.max(1, Math.floor(0.5 * (open.length - 1)));
    this.discountPosition = Math.max(1, Math.floor(0.75 * (open.length - 1)));
    this.wonCategory = this.stageCategory[plan.wonStage]!;
    this.lostCategory = this.stageCategory[plan.lostStage]!;
    const segments = plan.segments.length;
    this.productWeights = plan.segments.map((_, index) => {
      const anchor = segments === 1 ? 1 : Math.round((2 * index) / (segments - 1));
      return cumulativeWeights(PRODUCTS.map((product) => product.weights[anchor]!));
    });
    const capacity = 3 * open.length + 40;
    this.path = new Int32Array(capacity);
    this.gapWeight = new Float64Array(capacity);
    this.entryDay = new Int32Array(capacity);
    this.eventDay = new Int32Array(capacity);
    this.eventKind = new Uint8Array(capacity);
    this.eventValue = new Int32Array(capacity);
    this.eventAux = new Float64Array(capacity);
    this.order = new Int32Array(capacity);
    this.ownerSince = new Int32Array(8);
    this.ownerRep = new Int32Array(8);
  }

  /** Tells the deal's story and appends its records. */
  write(draft: DealDraft): void {
    const { random, openCount } = this;
    const created = draft.createdDay;

    // Fate first: whether the deal is won decides how far it gets and how long it takes.
    const won = random.next() < draft.winProbability;
    let top: number;
    let duration: number;
    if (won) {
      top = openCount >= 2 && random.chance(SKIP_TO_WON) ? openCount - 2 : openCount - 1;
      duration = Math.max(1, Math.round(random.lognormal(draft.cycleDays, 0.55)));
    } else {
      top = random.weightedIndex(this.lossStageWeights);
      const reach = (top + 1) / openCount;
      duration = Math.max(1, Math.round(random.lognormal(draft.cycleDays * (0.3 + 0.7 * reach), 0.65)));
    }
    const finalDay = created + duration;

    this.eventCount = 0;
    const steps = this.drawPath(top);
    this.stageEvents(steps, created, duration, won);
    const maxPushes = !won && random.chance(NEGLECTED_LOSS) ? 0 : 12;
    const initialClose = this.closeDateEvents(created, finalDay, draft.cycleDays, maxPushes);
    if (duration >= 2 && random.chance(SCOPE_CHANGE)) {
      this.addEvent(created + random.int(1, duration - 1), EventKind.Scope, 0, random.lognormal(1, 0.25));
    }
    this.ownerEvents(draft.rep, created, finalDay);
    this.addEvent(finalDay, EventKind.Final, won ? 1 : 0);
    this.sortEvents();

    this.replay(draft, won, top, initialClose, finalDay);
    this.lastWon = won;
    this.lastFinalDay = finalDay;
  }

  private addEvent(day: DayNumber, kind: EventKind, value: number, aux = 0): void {
    const i = this.eventCount++;
    this.eventDay[i] = day;
    this.eventKind[i] = kind;
    this.eventValue[i] = value;
    this.eventAux[i] = aux;
  }

  /**
   * Stable insertion sort of the events by day (few per deal, mostly in order already). On one day a hand-over
   * comes first, so that nothing is recorded under an owner who has left, and the close comes last.
   */
  private sortEvents(): void {
    const { order } = this;
    for (let i = 0; i < this.eventCount; i++) {
      const current = this.sortKey(i);
      let j = i - 1;
      while (j >= 0 && this.sortKey(order[j]!) > current) {
        order[j + 1] = order[j]!;
        j--;
      }
      order[j + 1] = i;
    }
  }

  private sortKey(event: number): number {
    const kind = this.eventKind[event];
    return this.eventDay[event]! * 4 + (kind === EventKind.Owner ? 0 : kind === EventKind.Final ? 2 : 1);
  }

  /** Path through the open stages up to `top`: sometimes starting later, skipping one, stepping back and forth. */
  private drawPath(top: number): number {
    const { path, random } = this;
    let steps = 0;
    let position = top >= 1 && random.chance(START_LATER) ? 1 : 0;
    path[steps++] = position;
    while (position < top) {
      position += position + 2 <= top && random.chance(SKIP_STAGE) ? 2 : 1;
      path[steps++] = position;
      if (position < top && random.chance(BACKWARD_MOVE)) {
        path[steps++] = position - 1;
        path[steps++] = position;
      }
    }
    return steps;
  }

  /** Stage entries spread over the deal's life by random gaps, each with the rep's forecast call. */
  private stageEvents(steps: number, created: DayNumber, duration: number, won: boolean): void {
    const { random, path, entryDay, gapWeight } = this;
    const openStages = this.plan.openStages;
    let total = 0;
    for (let i = 0; i < steps; i++) {
      gapWeight[i] = 0.4 + random.next();
      total += gapWeight[i]!;
    }
    let running = 0;
    entryDay[0] = created;
    for (let i = 1; i < steps; i++) {
      running += gapWeight[i - 1]!;
      entryDay[i] = created + Math.floor((duration * running) / total);
    }
    for (let i = 1; i < steps; i++) {
      this.addEvent(entryDay[i]!, EventKind.Stage, path[i]!, this.judge(openStages[path[i]!]!, won));
    }
    // A forecast call between stage moves (a rep calling commit before the paperwork moves the stage).
    if (duration >= 3 && random.chance(CATEGORY_CALL)) {
      const segment = random.int(0, steps - 1);
      const from = entryDay[segment]!;
      const to = segment === steps - 1 ? created + duration - 1 : entryDay[segment + 1]! - 1;
      if (to > from) {
        this.addEvent(
          random.int(from + 1, to),
          EventKind.Category,
          this.judge(openStages[path[segment]!]!, won),
        );
      }
    }
  }

  /** An optimistic first close date, pushed as it comes near while the deal is still open. Returns the first. */
  private closeDateEvents(
    created: DayNumber,
    finalDay: DayNumber,
    cycleDays: number,
    maxPushes: number,
  ): DayNumber {
    const { random } = this;
    const initial = this.snapToMonthEnd(
      created + Math.max(7, Math.round(random.lognormal(cycleDays * 0.8, 0.35))),
    );
    let guess = initial;
    for (let pushes = 0; guess < finalDay && pushes < maxPushes; pushes++) {
      // Most reps push just before the date; some only notice after it has passed.
      let pushDay = random.chance(PUSH_EARLY) ? guess - random.int(0, 10) : guess + random.int(1, 30);
      if (pushDay < created) pushDay = created;
      if (pushDay >= finalDay) break;
      const step = Math.round((finalDay - guess) * random.uniform(0.3, 1.3)) + random.int(0, 21);
      let next = this.snapToMonthEnd(guess + Math.max(7, step));
      if (next <= pushDay) next = pushDay + 7;
      this.addEvent(pushDay, EventKind.Push, next);
      guess = next;
    }
    return initial;
  }

  /** A rare realignment, and a hand-over whenever the owner leaves before the deal closes. */
  private ownerEvents(rep: number, created: DayNumber, finalDay: DayNumber): void {
    const { random, roster } = this;
    let owner = rep;
    let changes = 0;
    if (finalDay - created >= 2 && random.chance(REASSIGNMENT)) {
      const day = created + random.int(1, finalDay - created - 1);
      const next = pickActive(roster, roster.peers[owner]!, day, owner, random);
      if (next >= 0 && isActive(roster, owner, day)) {
        this.addEvent(day, EventKind.Owner, next);
        owner = next;
        changes++;
      }
    }
    while (changes < 4 && roster.endDay[owner]! < finalDay) {
      const day = roster.endDay[owner]! + 1;
      const next = this.successor(owner, day);
      if (next === owner) break;
      this.addEvent(day, EventKind.Owner, next);
      owner = next;
      changes++;
    }
  }

  /** The rep's forecast call for an open stage: the stage default, sometimes one step up or down. */
  private judge(stageIndex: number, willWin: boolean): number {
    const base = this.stageCategory[stageIndex]!;
    if (base < PIPELINE || base > COMMIT) return base;
    const draw = this.random.next();
    if (draw < (willWin ? 0.2 : 0.07)) return Math.min(base + 1, COMMIT);
    if (draw > 0.93) return Math.max(base - 1, PIPELINE);
    return base;
  }

  private snapToMonthEnd(day: DayNumber): DayNumber {
    return this.random.chance(MONTH_END_CLOSE) ? this.days.monthEnd(day) : day;
  }

  /** Another rep in the same seat type employed on the day, else the manager, else the VP. */
  private successor(rep: number, day: DayNumber): number {
    const { roster } = this;
    const peer = pickActive(roster, roster.peers[rep]!, day, rep, this.random);
    if (peer >= 0) return peer;
    const team = roster.team[rep]!;
    const manager = team >= 0 ? roster.teams[team]!.manager : roster.vp;
    return isActive(roster, manager, day) ? manager : roster.vp;
  }

  /**
   * Applies the events dated up to asOf in order, appending one history change per day-and-sequence on which
   * the tracked state actually changed; then the opportunity as of asOf, its activities and its leads.
   */
  private replay(
    draft: DealDraft,
    won: boolean,
    top: number,
    initialClose: DayNumber,
    finalDay: DayNumber,
  ): void {
    const { plan, roster, days, random, batch, openCount } = this;
    const asOf = plan.asOfDay;
    const scale = plan.minorPerMajor;
    const number = ++this.counters.opportunities;
    const opportunityId = `OPP-${String(number).padStart(7, '0')}`;
    const created = draft.createdDay;

    let list = draft.listPrice;
    // Until the proposal, the amount is the rep's estimate of the price.
    let estimate = roundToHundred(list * random.uniform(0.7, 1.3));
    let position = this.path[0]!;
    let stage = plan.openStages[position]!;
    let category = this.judge(stage, won);
    let priceKnown = openCount === 1 || position >= this.revisionPosition;
    let discounted = openCount === 1 || position >= this.discountPosition;
    let close = initialClose;
    let owner = draft.rep;
    let highest = position;
    let closed = false;
    let stagesEntered = 1;
    let amount = priceKnown ? (discounted ? Math.round(list * (1 - draft.discount)) : list) : estimate;
    this.ownerSince[0] = created;
    this.ownerRep[0] = owner;
    this.ownerCount = 1;

    let lastDay = created;
    let sequence = 0;
    this.pushChange(opportunityId, created, 0, stage, amount * scale, close, category, owner);
    let emittedAmount = amount;
    let emittedStage = stage;
    let emittedClose = close;
    let emittedCategory = category;
    let emittedOwner = owner;

    for (let n = 0; n < this.eventCount; n++) {
      const e = this.order[n]!;
      const day = this.eventDay[e]!;
      if (day > asOf) break;
      const value = this.eventValue[e]!;
      switch (this.eventKind[e] as EventKind) {
        case EventKind.Stage:
          position = value;
          stage = plan.openStages[position]!;
          category = this.eventAux[e]!;
          if (position > highest) highest = position;
          if (position >= this.revisionPosition) priceKnown = true;
          if (position >= this.discountPosition) discounted = true;
          stagesEntered++;
          break;
        case EventKind.Category:
          category = value;
          break;
        case EventKind.Push:
          close = value;
          break;
        case EventKind.Scope:
          list = roundToHundred(list * this.eventAux[e]!);
          estimate = roundToHundred(estimate * this.eventAux[e]!);
          break;
        case EventKind.Owner:
          owner = value;
          if (this.ownerCount < this.ownerSince.length) {
            this.ownerSince[this.ownerCount] = day;
            this.ownerRep[this.ownerCount++] = owner;
          }
          break;
        case EventKind.Final:
          closed = true;
          close = day;
          stage = won ? plan.wonStage : plan.lostStage;
          category = won ? this.wonCategory : this.lostCategory;
          if (won) priceKnown = discounted = true;
          break;
      }
      amount = priceKnown ? (discounted ? Math.round(list * (1 - draft.discount)) : list) : estimate;
      if (
        amount !== emittedAmount ||
        stage !== emittedStage ||
        close !== emittedClose ||
        category !== emittedCategory ||
        owner !== emittedOwner
      ) {
        sequence = day === lastDay ? sequence + 1 : 0;
        lastDay = day;
        this.pushChange(opportunityId, day, sequence, stage, amount * scale, close, category, owner);
        emittedAmount = amount;
        emittedStage = stage;
        emittedClose = close;
        emittedCategory = category;
        emittedOwner = owner;
      }
    }
    this.lastAmount = amount;

    const lossReason = closed && !won ? this.lossReason(draft.competitor >= 0, top) : null;
    const accountId = this.book.ids[draft.account]!;
    batch.opportunities.push({
      id: opportunityId,
      name: `${this.book.names[draft.account]!} - ${TYPE_LABEL[draft.type]}`,
      accountId,
      currency: plan.currency,
      type: draft.type,
      source: draft.source,
      createdDate: days.iso(created),
      listAmount: ((priceKnown ? list : amount) * scale) as MinorUnits,
      competitor: draft.competitor >= 0 ? COMPETITORS[draft.competitor]!.name : null,
      lossReason,
      nextStep: closed || random.chance(MISSING_NEXT_STEP) ? null : nextStep(highest, openCount),
      qualification: this.qualification(closed && won, lossReason, highest),
      product: this.product(number, draft.segment),
      stage: this.stageNames[stage]!,
      amount: (amount * scale) as MinorUnits,
      closeDate: days.iso(close),
      forecastCategory: LADDER[category]!,
      ownerId: roster.ids[owner]!,
    });

    const progress = stagesEntered + (closed && won ? 2 : 0);
    this.dealActivities(
      opportunityId,
      accountId,
      created,
      Math.min(finalDay, asOf),
      finalDay - created,
      progress,
    );
    if (closed && won && finalDay < asOf) this.customerActivities(draft, accountId, finalDay, owner);
    if (draft.fromLead) this.leads(opportunityId, accountId, draft);
  }

  private pushChange(
    opportunityId: string,
    day: DayNumber,
    sequence: number,
    stage: number,
    amount: number,
    close: DayNumber,
    category: number,
    owner: number,
  ): void {
    this.batch.opportunityChanges.push({
      stage: this.stageNames[stage]!,
      amount: amount as MinorUnits,
      closeDate: this.days.iso(close),
      forecastCategory: LADDER[category]!,
      ownerId: this.roster.ids[owner]!,
      opportunityId,
      date: this.days.iso(day),
      sequence,
    });
  }

  /** The product of opportunity `number`, by its segment's weights, from the opportunity's own stream. */
  private product(number: number, segment: number): string {
    const own = new Random(this.plan.seed, PRODUCT_STREAMS + number);
    return PRODUCTS[own.weightedIndex(this.productWeights[segment]!)]!.name;
  }

  private lossReason(competed: boolean, top: number): string {
    const { random } = this;
    if (competed && random.chance(COMPETITOR_LOSS)) return COMPETITOR_LOSS_REASON;
    return random.pick((top + 1) / this.openCount <= 0.5 ? EARLY_LOSS_REASONS : LATE_LOSS_REASONS);
  }

  /**
   * BANT filled in as the deal progresses (need, budget, authority, timeline); a lost deal's reason shows up as
   * the element found wanting.
   */
  private qualification(wonAndClosed: boolean, lossReason: string | null, highest: number): Qualification {
    const { random } = this;
    const reach = (highest + 1) / this.openCount;
    const assessed = wonAndClosed ? 4 : Math.min(4, Math.max(1, Math.round(reach * 4)));
    const values: (boolean | null)[] = [null, null, null, null];
    for (let i = 0; i < assessed; i++) values[i] = true;
    if (lossReason === 'Product fit') values[0] = false;
    else if (lossReason === 'No budget') values[1] = false;
    else if (lossReason === 'Timing') values[3] = false;
    else if (lossReason !== null && random.chance(0.3)) values[random.int(0, assessed - 1)] = false;
    return { budget: values[1]!, authority: values[2]!, need: values[0]!, timeline: values[3]! };
  }

  /** Calls, emails, meetings and demos by the deal's owner of the day; more for deals that got further. */
  private dealActivities(
    opportunityId: string,
    accountId: string,
    created: DayNumber,
    lastActive: DayNumber,
    duration: number,
    progress: number,
  ): void {
    const { random, roster } = this;
    const count = random.poisson(1 + 1.1 * progress);
    for (let i = 0; i < count; i++) {
      const day = created + random.int(0, lastActive - created);
      const through = (day - created) / Math.max(1, duration);
      const phase = ACTIVITY_PHASES[through < 0.3 ? 0 : through < 0.7 ? 1 : 2]!;
      let holder = 0;
      while (holder + 1 < this.ownerCount && this.ownerSince[holder + 1]! <= day) holder++;
      const type = phase.types[random.weightedIndex(phase.cumulative)]!;
      this.pushActivity(type, day, roster.ids[this.ownerRep[holder]!]!, opportunityId, accountId, null);
    }
  }

  /** Check-ins with a new customer after the win, by an account manager of the segment (or the owner). */
  private customerActivities(draft: DealDraft, accountId: string, finalDay: DayNumber, owner: number): void {
    const { random, roster } = this;
    const count = random.poisson(ACCOUNT_ACTIVITIES_PER_CUSTOMER);
    for (let i = 0; i < count; i++) {
      const day = random.int(finalDay + 1, this.plan.asOfDay);
      let rep = pickActive(roster, roster.accountManagersBySegment[draft.segment]!, day, -1, random);
      if (rep < 0 && isActive(roster, owner, day)) rep = owner;
      if (rep >= 0)
        this.pushActivity(
          random.chance(0.5) ? 'meeting' : 'call',
          day,
          roster.ids[rep]!,
          null,
          accountId,
          null,
        );
    }
  }

  private pushActivity(
    type: ActivityType,
    day: DayNumber,
    repId: string,
    opportunityId: string | null,
    accountId: string | null,
    leadId: string | null,
  ): void {
    this.batch.activities.push({
      id: `ACT-${String(++this.counters.activities).padStart(9, '0')}`,
      type,
      date: this.days.iso(day),
      repId,
      opportunityId,
      accountId,
      leadId,
    });
  }

  /** The lead the deal was converted from, the SDR's touches on it, and leads that went nowhere around then. */
  private leads(opportunityId: string, accountId: string, draft: DealDraft): void {
    const { random, roster } = this;
    const created = draft.createdDay;
    const sdrs = roster.sdrsBySegment[draft.segment]!;
    const sdr = this.leadOwner(sdrs, created, draft.rep);
    const lead: LeadOwnership = {
      segment: this.plan.segments[draft.segment]!.name,
      region: REGIONS[this.book.region[draft.account]!]!.name,
      owner: sdr,
    };

    const sqlDay = created - random.int(0, 5);
    // SDR-prospected leads skip marketing qualification.
    const mqlDay = draft.source === 'SDR Outbound' ? -1 : sqlDay - random.int(1, 20);
    const leadCreated = (mqlDay >= 0 ? mqlDay : sqlDay) - random.int(0, 10);
    const leadId = this.pushLead(lead, leadCreated, draft.source, 'converted', mqlDay, sqlDay, created);
    this.pushConversion(opportunityId, accountId);
    const touches = random.poisson(1.8);
    const firstTouch = Math.max(leadCreated, roster.hireDay[sdr]!);
    for (let i = 0; i < touches && firstTouch <= sqlDay; i++) {
      const type = random.pick(LEAD_ACTIVITY_TYPES);
      this.pushActivity(type, random.int(firstTouch, sqlDay), roster.ids[sdr]!, null, null, leadId);
    }
    const unconverted = random.poisson(UNCONVERTED_LEADS_PER_CONVERTED);
    for (let i = 0; i < unconverted; i++) {
      const leadDay = created - random.int(0, 60);
      this.unconvertedLead({ ...lead, owner: this.leadOwner(sdrs, leadDay, sdr) }, leadDay);
    }
  }

  /** An SDR of the segment employed on the day, else the fallback. */
  private leadOwner(sdrs: readonly number[], day: DayNumber, fallback: number): number {
    const sdr = pickActive(this.roster, sdrs, day, -1, this.random);
    return sdr >= 0 ? sdr : fallback;
  }

  /** A lead that stalled or was disqualified: new, MQL, SQL not converted, or disqualified. */
  private unconvertedLead(lead: LeadOwnership, created: DayNumber): void {
    const { random, roster } = this;
    const asOf = this.plan.asOfDay;
    const source = random.pick(LEAD_ONLY_SOURCES);
    const draw = random.next();
    let status: LeadStatus = draw < 0.5 ? 'disqualified' : draw < 0.75 ? 'mql' : draw < 0.85 ? 'sql' : 'new';
    let mqlDay = status === 'new' || source === 'SDR Outbound' ? -1 : created + random.int(0, 14);
    const reachedSql = status === 'sql' || (status === 'disqualified' && random.chance(0.3));
    let sqlDay = reachedSql ? (mqlDay >= 0 ? mqlDay : created) + random.int(1, 20) : -1;
    if (mqlDay > asOf || sqlDay > asOf || (status === 'mql' && mqlDay < 0)) {
      status = 'new';
      mqlDay = -1;
      sqlDay = -1;
    }
    const leadId = this.pushLead(lead, created, source, status, mqlDay, sqlDay, -1);
    const touchDay = Math.min(asOf, created + random.int(0, 14));
    if (random.chance(0.6) && isActive(roster, lead.owner, touchDay)) {
      this.pushActivity(
        random.pick(LEAD_ACTIVITY_TYPES),
        touchDay,
        roster.ids[lead.owner]!,
        null,
        null,
        leadId,
      );
    }
  }

  /** Marks the lead just written as converted into the opportunity and account. */
  private pushConversion(opportunityId: string, accountId: string): void {
    const lead = this.batch.leads[this.batch.leads.length - 1]!;
    lead.convertedOpportunityId = opportunityId;
    lead.convertedAccountId = accountId;
  }

  private pushLead(
    lead: LeadOwnership,
    created: DayNumber,
    source: string,
    status: LeadStatus,
    mqlDay: DayNumber,
    sqlDay: DayNumber,
    convertedDay: DayNumber,
  ): string {
    const { days } = this;
    const id = `LEAD-${String(++this.counters.leads).padStart(7, '0')}`;
    this.batch.leads.push({
      id,
      createdDate: days.iso(created),
      source,
      status,
      mqlDate: mqlDay >= 0 ? days.iso(mqlDay) : null,
      sqlDate: sqlDay >= 0 ? days.iso(sqlDay) : null,
      convertedDate: convertedDay >= 0 ? days.iso(convertedDay) : null,
      convertedOpportunityId: null,
      convertedAccountId: null,
      ownerId: this.roster.ids[lead.owner]!,
      segment: lead.segment,
      region: lead.region,
    });
    return id;
  }
}

/** Who works a deal's leads, and where they are. */
interface LeadOwnership {
  readonly segment: string;
  readonly region: string;
  readonly owner: number;
}

function roundToHundred(value: number): number {
  return Math.max(100, Math.round(value / 100) * 100);
}

/** The next step written on an open deal, by how far it has come. */
function nextStep(highest: number, openCount: number): string {
  const index = Math.round((highest / Math.max(1, openCount - 1)) * (NEXT_STEPS.length - 1));
  return NEXT_STEPS[index]!;
}
