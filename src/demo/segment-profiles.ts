/**
 * How each customer segment sells in the demo CRM: deal sizes, cycle lengths, win rates, rep capacity, account
 * sizes and discounting. Three anchors (Enterprise, Mid-Market, SMB) are calibrated; any other number of
 * segments is placed between them by rank (largest deals first), interpolating on a log scale.
 * @module
 */

export const DEFAULT_SEGMENTS = ['Enterprise', 'Mid-Market', 'SMB'] as const;

export interface SegmentProfile {
  readonly name: string;
  /** Median list price of a new-business deal, in major units of the corporate currency. */
  readonly medianDeal: number;
  /** Log-scale standard deviation of new-business deal size. */
  readonly dealSigma: number;
  /** Median days from created to won for new business. */
  readonly medianCycle: number;
  /** Base probability that a new-business deal is won (before rep skill, ramp and competitor). */
  readonly newWinRate: number;
  /** Opportunities a fully ramped rep of this segment opens per day, relative to Enterprise. */
  readonly repVolume: number;
  /** Share of accounts in this segment (before normalising over the segments). */
  readonly accountShare: number;
  /** Employee band of the segment's accounts, inclusive. */
  readonly minEmployees: number;
  readonly maxEmployees: number;
  /** Won deals get a discount uniform in [0.02, maxDiscount] with probability discountShare. */
  readonly maxDiscount: number;
  readonly discountShare: number;
}

type Numeric = Exclude<keyof SegmentProfile, 'name' | 'maxEmployees'>;

/** The calibrated anchors, at rank positions 0 (Enterprise), 0.5 (Mid-Market) and 1 (SMB). */
const ANCHORS: readonly Record<Numeric, number>[] = [
  {
    medianDeal: 120_000,
    dealSigma: 0.8,
    medianCycle: 120,
    newWinRate: 0.185,
    repVolume: 1,
    accountShare: 0.15,
    minEmployees: 1000,
    maxDiscount: 0.3,
    discountShare: 0.9,
  },
  {
    medianDeal: 30_000,
    dealSigma: 0.7,
    medianCycle: 60,
    newWinRate: 0.225,
    repVolume: 2.2,
    accountShare: 0.35,
    minEmployees: 100,
    maxDiscount: 0.2,
    discountShare: 0.75,
  },
  {
    medianDeal: 8_000,
    dealSigma: 0.6,
    medianCycle: 30,
    newWinRate: 0.27,
    repVolume: 4.5,
    accountShare: 0.5,
    minEmployees: 5,
    maxDiscount: 0.12,
    discountShare: 0.55,
  },
];

const LARGEST_COMPANY = 250_000;

/** Log-linear interpolation between the anchors at rank position t in [0, 1]. */
function interpolate(key: Numeric, t: number): number {
  const scaled = t * (ANCHORS.length - 1);
  const lower = Math.min(Math.floor(scaled), ANCHORS.length - 2);
  const fraction = scaled - lower;
  const from = (ANCHORS[lower] as Record<Numeric, number>)[key];
  const to = (ANCHORS[lower + 1] as Record<Numeric, number>)[key];
  if (fraction === 0) return from;
  if (fraction === 1) return to;
  return Math.exp(Math.log(from) + (Math.log(to) - Math.log(from)) * fraction);
}

/** Profiles for segments named in order of deal size, largest first. One segment gets the Mid-Market profile. */
export function segmentProfiles(names: readonly string[]): SegmentProfile[] {
  const profiles: SegmentProfile[] = [];
  names.forEach((name, index) => {
    const t = names.length === 1 ? 0.5 : index / (names.length - 1);
    const minEmployees = Math.round(interpolate('minEmployees', t));
    const previous = profiles[index - 1];
    profiles.push({
      name,
      medianDeal: interpolate('medianDeal', t),
      dealSigma: interpolate('dealSigma', t),
      medianCycle: interpolate('medianCycle', t),
      newWinRate: interpolate('newWinRate', t),
      repVolume: interpolate('repVolume', t),
      accountShare: interpolate('accountShare', t),
      minEmployees: index === names.length - 1 ? Math.min(minEmployees, 5) : minEmployees,
      maxEmployees: previous ? previous.minEmployees - 1 : LARGEST_COMPANY,
      maxDiscount: interpolate('maxDiscount', t),
      discountShare: interpolate('discountShare', t),
    });
  });
  return profiles;
}
