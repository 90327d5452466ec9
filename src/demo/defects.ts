/**
 * Data-quality defects planted in the demo CRM on purpose, in numbers known in advance, so that `salesops audit`
 * has something real to find and its counts can be checked: zero and negative amounts, placeholder close
 * dates, lost deals without a reason, deals left with a rep who has left, duplicate accounts under name
 * variants, deals entered twice, and more (see {@link DEFECTS_PER_THOUSAND} and docs/demo-data.md).
 *
 * Planting is deterministic and draws no random numbers, so it shifts nothing else: a planted defect changes
 * only the deal it is planted on (or adds a record), and every other record is the one a demo without defects
 * has; only, the run stops as many deals short as it adds copies of deals, so the total stays as asked. Each
 * kind is planted on the first eligible deal at or after evenly spaced positions in the run of deals, and each
 * deal takes at most one defect.
 * @module
 */
import { fromDayNumber, isoDate, toDayNumber, type DayNumber, type IsoDate } from '../domain/dates.js';
import type {
  Account,
  EntityBatch,
  ForecastCategory,
  Opportunity,
  OpportunityChange,
  Rep,
} from '../domain/entities.js';
import type { MinorUnits } from '../domain/money.js';
import type { StageOutcome } from '../domain/stage-model.js';
import type { DayLabels } from './day-labels.js';
import type { DemoPlan } from './demo-options.js';
import type { DealDraft } from './opportunity-story.js';
import type { Roster } from './organization.js';
import { FIRST_NAMES, LAST_NAMES } from './vocabulary.js';

/** Defects planted per 1,000 opportunities, by the id of the audit rule that finds them. */
export const DEFECTS_PER_THOUSAND = {
  'close-date-implausible': 1,
  'closed-deal-close-date': 1,
  'amount-not-positive': 1,
  'amount-outlier': 1,
  'category-contradicts-stage': 1,
  'category-far-from-stage': 1,
  'lost-without-reason': 2,
  'owner-inactive': 1,
  'account-missing': 1,
  'duplicate-opportunity': 1,
  'duplicate-account': 1,
} as const;

export type PlantedDefect = keyof typeof DEFECTS_PER_THOUSAND;
export type DefectCounts = Record<PlantedDefect, number>;
type DealDefect = Exclude<PlantedDefect, 'duplicate-account'>;

/** How many of each defect a demo of this many opportunities plants: the rate, rounded. */
export function defectTargets(opportunities: number): DefectCounts {
  const targets = {} as DefectCounts;
  for (const [kind, perThousand] of Object.entries(DEFECTS_PER_THOUSAND)) {
    targets[kind as PlantedDefect] = Math.round((opportunities * perThousand) / 1000);
  }
  return targets;
}

/** No defects of any kind. */
export function noDefects(): DefectCounts {
  return defectTargets(0);
}

/** Days before asOf that the planted leaver left; the deals left with them are untouched since. */
const LEAVER_GONE_DAYS = 21;
/** The year a placeholder close date is typed in (at least ten years after asOf). */
const PLACEHOLDER_CLOSE = '2099-12-31';
/** An amount entered in thousands (45 for 45,000): a planted outlier that leaves the pipeline's total alone. */
const OUTLIER_DIVISOR = 1000;

/**
 * The account of an existing one entered again, as people do: with a legal form, in capitals with another legal
 * form, with a space dropped, or with two letters of the first word swapped (a typo). `variant` picks which.
 */
export function duplicateAccountName(name: string, variant: number): string {
  switch (variant % 4) {
    case 0:
      return `${name}, Inc.`;
    case 1:
      return `${name.toUpperCase()} LLC`;
    case 2:
      return name.replace(' ', '');
    default: {
      // Swap the first two different adjacent letters after the first: "Alder" -> "Adler".
      let at = 1;
      while (at + 1 < name.length && name[at] === name[at + 1]) at++;
      return `${name.slice(0, at)}${name[at + 1] ?? ''}${name[at] ?? ''}${name.slice(at + 2)}`;
    }
  }
}

/**
 * Copies of `count` accounts spread evenly over the list, under the names of {@link duplicateAccountName}, each
 * created some weeks after its original (before asOf), with the next ids after the existing ones.
 */
export function duplicateAccounts(
  accounts: readonly Account[],
  count: number,
  asOfDay: DayNumber,
  idOf: (number: number) => string,
): Account[] {
  const copies: Account[] = [];
  for (let j = 0; j < count && accounts.length > 0; j++) {
    const original = accounts[Math.floor(((j + 0.5) * accounts.length) / count)]!;
    const created = original.createdDate === null ? asOfDay - 1 : toDayNumber(original.createdDate);
    copies.push({
      ...original,
      id: idOf(accounts.length + j + 1),
      name: duplicateAccountName(original.name, j),
      parentId: null,
      createdDate: fromDayNumber(Math.min(created + 30 + 20 * (j % 3), asOfDay - 1)),
    });
  }
  return copies;
}

/**
 * A rep who left three weeks before asOf, in the seat of the first account executive (same team, segment,
 * region and manager), hired long before the history: the open deals the planter gives them were never
 * reassigned. Null when the team has no account executive.
 */
export function plantedLeaver(roster: Roster, plan: DemoPlan): Rep | null {
  const seat = roster.role.indexOf('ae');
  if (seat < 0) return null;
  const taken = new Set(roster.reps.map((rep) => rep.name));
  const name =
    FIRST_NAMES.flatMap((first) => LAST_NAMES.map((last) => `${first} ${last}`)).find(
      (candidate) => !taken.has(candidate),
    ) ?? 'Former Rep';
  const width = Math.max(4, String(roster.count).length);
  const seatRecord = roster.reps.find((rep) => rep.id === roster.ids[seat])!;
  return {
    ...seatRecord,
    id: `REP-${String(roster.count + 1).padStart(width, '0')}`,
    name,
    email: `${name.toLowerCase().replace(' ', '.')}.former@example.com`,
    hireDate: fromDayNumber(plan.historyStartDay - 500),
    endDate: fromDayNumber(plan.asOfDay - LEAVER_GONE_DAYS),
  };
}

/** Share of the run of deals (oldest first) over which each kind's positions are spread. */
type Window = readonly [from: number, to: number];
/** Closed deals are the older ones; nearly all open deals were created in the last months. */
const CLOSED_DEALS: Window = [0.05, 0.75];
const OPEN_DEALS: Window = [0.85, 0.97];

/** The deal just written, as the planter sees it. */
interface WrittenDeal {
  readonly batch: EntityBatch;
  readonly opportunity: Opportunity;
  /** Index in `batch.opportunityChanges` of its first change; its last change is the batch's last. */
  readonly firstChange: number;
  /** Index in `batch.activities` of its first activity. */
  readonly firstActivity: number;
  readonly draft: DealDraft;
  /** How many of this kind were planted before. */
  readonly nth: number;
}

interface DealDefectSpec {
  readonly kind: DealDefect;
  readonly window: Window;
  readonly eligible: (deal: WrittenDeal) => boolean;
  readonly plant: (deal: WrittenDeal) => void;
}

/** Plants the deal-level defects while the generator writes deals, one deal at a time. */
export class DefectPlanter {
  /** Defects planted so far. */
  readonly planted: DefectCounts;
  /** Copies of deals to plant: the generator simulates that many deals fewer, so the total stays as asked. */
  readonly plannedCopies: number;
  private readonly targets: DefectCounts;
  private readonly specs: readonly DealDefectSpec[];
  private readonly nextTarget = new Map<DealDefect, number>();
  private readonly pending = new Map<DealDefect, number>();
  private readonly outcomeOf: ReadonlyMap<string, StageOutcome>;
  private readonly categoryOf: ReadonlyMap<string, ForecastCategory>;
  private copies = 0;

  constructor(
    private readonly plan: DemoPlan,
    private readonly roster: Roster,
    private readonly days: DayLabels,
    private readonly leaver: Rep | null,
  ) {
    this.targets = defectTargets(plan.opportunities);
    this.plannedCopies = this.targets['duplicate-opportunity'];
    this.planted = noDefects();
    this.outcomeOf = new Map(plan.stages.map((stage) => [stage.name, stage.outcome]));
    this.categoryOf = new Map(plan.stages.map((stage) => [stage.name, stage.forecastCategory]));
    this.specs = this.dealDefects();
    for (const spec of this.specs) {
      this.nextTarget.set(spec.kind, 0);
      this.pending.set(spec.kind, 0);
    }
  }

  /** The planted copies of accounts ({@link duplicateAccounts}), to add after `accounts`; counts them. */
  copyAccounts(accounts: readonly Account[], idOf: (number: number) => string): Account[] {
    const copies = duplicateAccounts(accounts, this.targets['duplicate-account'], this.plan.asOfDay, idOf);
    this.planted['duplicate-account'] = copies.length;
    return copies;
  }

  /**
   * Called after deal number `ordinal` (from 0) was written into `batch`, its changes from `firstChange` and
   * its activities from `firstActivity`: plants the first pending defect it is eligible for, if any.
   */
  afterDeal(
    ordinal: number,
    batch: EntityBatch,
    draft: DealDraft,
    firstChange: number,
    firstActivity: number,
  ): void {
    const opportunity = batch.opportunities[batch.opportunities.length - 1]!;
    let done = false;
    for (const spec of this.specs) {
      this.release(spec, ordinal);
      const pending = this.pending.get(spec.kind)!;
      if (done || pending === 0) continue;
      const nth = this.planted[spec.kind];
      const deal: WrittenDeal = { batch, opportunity, firstChange, firstActivity, draft, nth };
      if (!spec.eligible(deal)) continue;
      spec.plant(deal);
      this.pending.set(spec.kind, pending - 1);
      this.planted[spec.kind] = nth + 1;
      done = true;
    }
  }

  /** Makes pending every target of the kind whose position the run has reached. */
  private release(spec: DealDefectSpec, ordinal: number): void {
    const count = this.targets[spec.kind];
    const [from, to] = spec.window;
    let next = this.nextTarget.get(spec.kind)!;
    while (next < count) {
      const position = Math.floor(this.plan.opportunities * (from + ((next + 0.5) * (to - from)) / count));
      if (position > ordinal) break;
      next++;
      this.pending.set(spec.kind, this.pending.get(spec.kind)! + 1);
    }
    this.nextTarget.set(spec.kind, next);
  }

  private outcome(deal: WrittenDeal): StageOutcome | undefined {
    return this.outcomeOf.get(deal.opportunity.stage);
  }

  /** Sets tracked fields on the opportunity and on its last change, which must stay equal. */
  private track(
    deal: WrittenDeal,
    fields: Partial<Pick<OpportunityChange, 'amount' | 'closeDate' | 'forecastCategory'>>,
  ): void {
    Object.assign(deal.opportunity, fields);
    Object.assign(deal.batch.opportunityChanges[deal.batch.opportunityChanges.length - 1]!, fields);
  }

  private dealDefects(): DealDefectSpec[] {
    const { plan, days } = this;
    const isOpen = (deal: WrittenDeal): boolean => this.outcome(deal) === 'open';
    const isLost = (deal: WrittenDeal): boolean => this.outcome(deal) === 'lost';
    const placeholder = Math.max(toDayNumber(isoDate(PLACEHOLDER_CLOSE)), plan.asOfDay + 3650);
    return [
      {
        kind: 'close-date-implausible',
        window: OPEN_DEALS,
        eligible: isOpen,
        // A placeholder far in the future, or the year before the deal was created (a mistyped year).
        plant: (deal) =>
          this.track(deal, {
            closeDate:
              deal.nth % 2 === 0 ? fromDayNumber(placeholder) : days.iso(deal.draft.createdDay - 365),
          }),
      },
      {
        kind: 'closed-deal-close-date',
        window: CLOSED_DEALS,
        eligible: isLost,
        // Marked lost, but still carrying a date in the future.
        plant: (deal) => this.track(deal, { closeDate: days.iso(plan.asOfDay + 30 + 15 * (deal.nth % 3)) }),
      },
      {
        kind: 'amount-not-positive',
        window: OPEN_DEALS,
        eligible: isOpen,
        plant: (deal) =>
          this.track(deal, { amount: (deal.nth % 2 === 0 ? 0 : 0 - deal.opportunity.amount) as MinorUnits }),
      },
      {
        kind: 'amount-outlier',
        window: OPEN_DEALS,
        eligible: isOpen,
        plant: (deal) => {
          const major = Math.max(
            1,
            Math.round(deal.opportunity.amount / plan.minorPerMajor / OUTLIER_DIVISOR),
          );
          this.track(deal, { amount: (major * plan.minorPerMajor) as MinorUnits });
        },
      },
      {
        kind: 'category-contradicts-stage',
        window: CLOSED_DEALS,
        // Moved to won, but the category was left at commit.
        eligible: (deal) => this.outcome(deal) === 'won',
        plant: (deal) => this.track(deal, { forecastCategory: 'commit' }),
      },
      {
        kind: 'category-far-from-stage',
        window: OPEN_DEALS,
        eligible: (deal) => {
          const byDefault = this.categoryOf.get(deal.opportunity.stage);
          return isOpen(deal) && (byDefault === 'pipeline' || byDefault === 'commit');
        },
        // A pipeline-stage deal called commit (e.g. Qualification in Commit), or a commit-stage one pipeline.
        plant: (deal) =>
          this.track(deal, {
            forecastCategory:
              this.categoryOf.get(deal.opportunity.stage) === 'pipeline' ? 'commit' : 'pipeline',
          }),
      },
      {
        kind: 'lost-without-reason',
        window: CLOSED_DEALS,
        eligible: (deal) => isLost(deal) && deal.opportunity.lossReason !== null,
        plant: (deal) => (deal.opportunity.lossReason = null),
      },
      {
        kind: 'owner-inactive',
        window: OPEN_DEALS,
        eligible: (deal) => this.canGiveToLeaver(deal),
        plant: (deal) => this.giveToLeaver(deal),
      },
      {
        kind: 'account-missing',
        window: OPEN_DEALS,
        // Not a deal converted from a lead: the lead names the account.
        eligible: (deal) => isOpen(deal) && !deal.draft.fromLead && deal.opportunity.accountId !== null,
        plant: (deal) => (deal.opportunity.accountId = null),
      },
      {
        kind: 'duplicate-opportunity',
        window: OPEN_DEALS,
        eligible: isOpen,
        plant: (deal) => this.enterAgain(deal),
      },
    ];
  }

  /**
   * An open deal of an account executive, owned by its creator throughout, with no change and no activity since
   * the leaver's last day: it can have been the leaver's (an account executive too) all along.
   */
  private canGiveToLeaver(deal: WrittenDeal): boolean {
    const { leaver, roster } = this;
    const rep = deal.draft.rep;
    if (leaver === null || this.outcome(deal) !== 'open') return false;
    if (roster.role[rep] !== 'ae') return false;
    const lastDay = leaver.endDate!;
    const changes = deal.batch.opportunityChanges;
    for (let i = deal.firstChange; i < changes.length; i++) {
      if (changes[i]!.ownerId !== deal.opportunity.ownerId || changes[i]!.date > lastDay) return false;
    }
    const activities = deal.batch.activities;
    for (let i = deal.firstActivity; i < activities.length; i++) {
      const activity = activities[i]!;
      if (activity.opportunityId === deal.opportunity.id && activity.date > lastDay) return false;
    }
    return true;
  }

  private giveToLeaver(deal: WrittenDeal): void {
    const leaverId = this.leaver!.id;
    const changes = deal.batch.opportunityChanges;
    for (let i = deal.firstChange; i < changes.length; i++) changes[i]!.ownerId = leaverId;
    const activities = deal.batch.activities;
    for (let i = deal.firstActivity; i < activities.length; i++) {
      if (activities[i]!.opportunityId === deal.opportunity.id) activities[i]!.repId = leaverId;
    }
    deal.opportunity.ownerId = leaverId;
  }

  /**
   * The same deal entered a second time, on the day of its last change, with nothing logged on it. Copies take
   * the last ids, those of the deals the shortened run does not simulate, so ids still run from 1 to the total.
   */
  private enterAgain(deal: WrittenDeal): void {
    const { opportunity, batch } = deal;
    const last = batch.opportunityChanges[batch.opportunityChanges.length - 1]!;
    const number = this.plan.opportunities - this.plannedCopies + ++this.copies;
    const id = `OPP-${String(number).padStart(7, '0')}`;
    const created: IsoDate = last.date;
    batch.opportunities.push({
      ...opportunity,
      id,
      createdDate: created,
      qualification: { ...opportunity.qualification },
    });
    batch.opportunityChanges.push({ ...last, opportunityId: id, date: created, sequence: 0 });
  }
}
