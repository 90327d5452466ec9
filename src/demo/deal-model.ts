/**
 * The economics of a demo deal, shared by the simulation (which draws from it) and the plan (which sets quotas
 * and costs from its expectations): rep capacity and ramp, expansion and renewal terms, competitors' effect on
 * win rates, and discounts.
 * @module
 */
import type { OpportunityType, RepRole } from '../domain/entities.js';
import type { SegmentProfile } from './segment-profiles.js';
import { COMPETITORS } from './vocabulary.js';

/** Days a new hire takes to reach full volume and win rate. */
const RAMP_DAYS = 150;

/** Share of a fully ramped rep's deal volume opened on day `days` after hire (0 before the hire date). */
export function rampVolume(days: number): number {
  if (days < 0) return 0;
  return days >= RAMP_DAYS ? 1 : 0.2 + (0.8 * days) / RAMP_DAYS;
}

/** A new hire's win rate relative to a ramped rep's, `days` after hire. */
export function rampWin(days: number): number {
  return days >= RAMP_DAYS ? 1 : 0.6 + (0.4 * Math.max(0, days)) / RAMP_DAYS;
}

/** Account managers open fewer deals than AEs of their segment: expansions and renewals only. */
const ACCOUNT_MANAGER_VOLUME = 0.5;

/** Deals a ramped rep opens per day, relative to an Enterprise AE; zero for roles that carry no pipeline. */
export function roleVolume(role: RepRole, profile: SegmentProfile): number {
  if (role === 'ae' || role === 'isr') return profile.repVolume;
  if (role === 'am') return profile.repVolume * ACCOUNT_MANAGER_VOLUME;
  return 0;
}

/** True for roles that own opportunities and carry a quota. */
export function carriesQuota(role: RepRole): boolean {
  return role === 'ae' || role === 'isr' || role === 'am';
}

export const EXPANSION = {
  /** Share of an account manager's deals that are expansions (the rest renewals, once customers are old enough). */
  share: 0.6,
  winRate: 0.38,
  /** Median expansion size as a share of the segment's median new deal. */
  sizeOfMedianDeal: 0.3,
  sigma: 0.7,
  /** Median cycle as a share of the segment's new-business cycle. */
  cycleShare: 0.6,
} as const;

export const RENEWAL = {
  winRate: 0.78,
  cycleDays: 45,
  /** Renewal price relative to the account's current annual amount. */
  minUplift: 0.97,
  maxUplift: 1.1,
  /** A customer comes up for renewal once it has been one this long. */
  minTenureDays: 270,
} as const;

/** Chance a deal of each type is competed. */
export const COMPETED_SHARE: Readonly<Record<OpportunityType, number>> = {
  new: 0.55,
  expansion: 0.2,
  renewal: 0.3,
};

const COMPETITOR_MEAN_MULTIPLIER = COMPETITORS.reduce(
  (sum, rival) => sum + rival.share * rival.winMultiplier,
  0,
);

/**
 * Win-rate multiplier of an uncompeted deal, chosen so that the multiplier averages 1 over all deals of the type:
 * competitors shift wins between deals without moving the type's win rate.
 */
export function uncompetedWinMultiplier(type: OpportunityType): number {
  const competed = COMPETED_SHARE[type];
  return (1 - competed * COMPETITOR_MEAN_MULTIPLIER) / (1 - competed);
}

/** Mean discount of a won deal in the segment. */
function meanDiscount(profile: SegmentProfile): number {
  return profile.discountShare * ((0.02 + profile.maxDiscount) / 2);
}

/** Expected amount of a won new-business deal, in major units. */
function meanNewWonAmount(profile: SegmentProfile): number {
  return (
    profile.medianDeal * Math.exp((profile.dealSigma * profile.dealSigma) / 2) * (1 - meanDiscount(profile))
  );
}

export interface DealExpectation {
  /** Probability that one of the rep's deals is won (ramped, typical skill). */
  readonly winRate: number;
  /** Mean amount of a won deal, in major units. */
  readonly wonAmount: number;
  /** Log-scale spread of won amounts, which sets how lumpy a rep's quarter is. */
  readonly amountSigma: number;
  /** Median days from created to won. */
  readonly cycleDays: number;
}

/** What one deal of a ramped, typical rep of the role is worth, for planning quotas and costs. */
export function dealExpectation(role: RepRole, profile: SegmentProfile): DealExpectation {
  const newWon = meanNewWonAmount(profile);
  if (role !== 'am') {
    return {
      winRate: profile.newWinRate,
      wonAmount: newWon,
      amountSigma: profile.dealSigma,
      cycleDays: profile.medianCycle,
    };
  }
  const expansionWon =
    profile.medianDeal *
    EXPANSION.sizeOfMedianDeal *
    Math.exp((EXPANSION.sigma * EXPANSION.sigma) / 2) *
    (1 - meanDiscount(profile));
  const renewalWon = newWon * ((RENEWAL.minUplift + RENEWAL.maxUplift) / 2);
  const expansionWins = EXPANSION.share * EXPANSION.winRate;
  const renewalWins = (1 - EXPANSION.share) * RENEWAL.winRate;
  return {
    winRate: expansionWins + renewalWins,
    wonAmount: (expansionWins * expansionWon + renewalWins * renewalWon) / (expansionWins + renewalWins),
    amountSigma: EXPANSION.sigma,
    cycleDays:
      EXPANSION.share * EXPANSION.cycleShare * profile.medianCycle +
      (1 - EXPANSION.share) * RENEWAL.cycleDays,
  };
}
