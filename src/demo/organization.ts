/**
 * The demo sales organisation: one VP, first-line managers with teams of about eight, and individual
 * contributors (AEs per segment, AMs for expansion and renewal, ISRs for the smallest segment, SDRs who work
 * leads), with hire dates spread over the years, recent hires still ramping, and leavers whose seat was
 * backfilled. Held as parallel arrays by internal index (what the generator reads per deal) plus the Rep records.
 * @module
 */
import { fromDayNumber, type DayNumber } from '../domain/dates.js';
import type { Rep, RepRole } from '../domain/entities.js';
import type { Random } from './random.js';
import { FIRST_NAMES, LAST_NAMES, REGIONS } from './vocabulary.js';
import type { SegmentProfile } from './segment-profiles.js';

/** End day of a rep who has not left. */
const STILL_EMPLOYED = 2_147_483_647;

/** Individual contributors in a repeating pattern of twenty seats: 9 AEs, 3 ISRs, 3 AMs, 5 SDRs. */
// prettier-ignore
const SEAT_PATTERN: readonly RepRole[] = [
  'ae', 'ae', 'ae', 'sdr', 'am', 'isr', 'ae', 'ae', 'sdr', 'am',
  'ae', 'isr', 'sdr', 'ae', 'ae', 'am', 'sdr', 'ae', 'isr', 'sdr',
];
/** Regions (indices into REGIONS) in a repeating pattern matching their account shares 30/25/30/15. */
const REGION_PATTERN: readonly number[] = [0, 1, 2, 0, 3, 2, 1, 0, 2, 1, 0, 3, 2, 0, 1, 2, 0, 3, 1, 2];
/** Order in which contributors are grouped into teams. */
const ROLE_ORDER: readonly RepRole[] = ['ae', 'isr', 'am', 'sdr'];
const ROLE_TITLE: Readonly<Partial<Record<RepRole, string>>> = { ae: 'AE', isr: 'ISR', am: 'AM', sdr: 'SDR' };

const REPS_PER_MANAGER = 9;
/** Share of individual contributors hired within the last year. */
const RECENT_HIRE_SHARE = 0.18;
/** Chance that a contributor hired during the history window took over the seat of a leaver. */
const BACKFILL_CHANCE = 0.5;
/** The VP's team: the whole organisation (its team quota is the company's). */
export const ORGANIZATION_TEAM = 'Global Sales';

export interface Team {
  readonly name: string;
  readonly manager: number;
}

export interface Roster {
  /** Rep records, ordered by hire date (ids follow that order). */
  readonly reps: Rep[];
  readonly count: number;
  readonly ids: readonly string[];
  readonly role: readonly RepRole[];
  /** Segment index, or -1 (VP). */
  readonly segment: Int8Array;
  /** Region index into REGIONS, or -1 (VP). */
  readonly region: Int8Array;
  readonly hireDay: Int32Array;
  /** Last day employed, or STILL_EMPLOYED. */
  readonly endDay: Int32Array;
  /** Lognormal multipliers with mean 1: a rep's deal volume and win rate relative to a typical peer. */
  readonly skillVolume: Float64Array;
  readonly skillWin: Float64Array;
  /** Team index of contributors and managers; -1 for the VP. */
  readonly team: Int32Array;
  readonly teams: readonly Team[];
  readonly vp: number;
  /** Reps of the same role and segment as rep i (including i), for reassigning deals and routing leads. */
  readonly peers: readonly (readonly number[])[];
  /** SDRs by segment (they work the segment's leads). */
  readonly sdrsBySegment: readonly (readonly number[])[];
  /** Account managers by segment (they look after the segment's customers). */
  readonly accountManagersBySegment: readonly (readonly number[])[];
}

interface Draft {
  role: RepRole;
  segment: number;
  region: number;
  hireDay: number;
  endDay: number;
  team: number;
}

/** True when rep r is employed on the day. */
export function isActive(roster: Roster, rep: number, day: DayNumber): boolean {
  return roster.hireDay[rep]! <= day && day <= roster.endDay[rep]!;
}

/** A rep from the candidates employed on the day, other than `exclude`; -1 when there is none. */
export function pickActive(
  roster: Roster,
  candidates: readonly number[],
  day: DayNumber,
  exclude: number,
  random: Random,
): number {
  const count = candidates.length;
  if (count === 0) return -1;
  for (let attempt = 0; attempt < 6; attempt++) {
    const candidate = candidates[Math.floor(random.next() * count)]!;
    if (candidate !== exclude && isActive(roster, candidate, day)) return candidate;
  }
  const offset = Math.floor(random.next() * count);
  for (let i = 0; i < count; i++) {
    const candidate = candidates[(offset + i) % count]!;
    if (candidate !== exclude && isActive(roster, candidate, day)) return candidate;
  }
  return -1;
}

/** The most frequent value of a list of small whole numbers (the first on a tie). */
function mode(values: readonly number[]): number {
  const counts = new Map<number, number>();
  let best = values[0] ?? -1;
  for (const value of values) {
    const count = (counts.get(value) ?? 0) + 1;
    counts.set(value, count);
    if (count > (counts.get(best) ?? 0)) best = value;
  }
  return best;
}

/** Seats of the individual contributors: role, segment (round robin per role; ISRs in the smallest) and region. */
function contributorSeats(count: number, segmentCount: number): Draft[] {
  const perRole = new Map<RepRole, number>();
  const perGroup = new Map<string, number>();
  const seats: Draft[] = [];
  for (let i = 0; i < count; i++) {
    const role = SEAT_PATTERN[i % SEAT_PATTERN.length]!;
    const roleCount = perRole.get(role) ?? 0;
    perRole.set(role, roleCount + 1);
    const segment = role === 'isr' ? segmentCount - 1 : roleCount % segmentCount;
    const group = `${role}/${segment}`;
    const groupCount = perGroup.get(group) ?? 0;
    perGroup.set(group, groupCount + 1);
    const region = REGION_PATTERN[groupCount % REGION_PATTERN.length]!;
    seats.push({ role, segment, region, hireDay: 0, endDay: STILL_EMPLOYED, team: -1 });
  }
  // Teams are cut from this order, so each is mostly one role, one segment and neighbouring regions.
  return seats.sort(
    (a, b) =>
      ROLE_ORDER.indexOf(a.role) - ROLE_ORDER.indexOf(b.role) || a.segment - b.segment || a.region - b.region,
  );
}

/**
 * Team names such as "Enterprise AE 2" (numbered only when a name repeats): the segment most of its members sell
 * to, and every role in it ("SMB AM/SDR"), so that a team holding quota carriers is not called an SDR team.
 */
function teamNames(members: readonly Draft[][], segments: readonly SegmentProfile[]): string[] {
  const bases = members.map((team) => {
    const roles = ROLE_ORDER.filter((role) => team.some((seat) => seat.role === role));
    const segment = segments[mode(team.map((seat) => seat.segment))]!;
    return `${segment.name} ${roles.map((role) => ROLE_TITLE[role] ?? role.toUpperCase()).join('/')}`;
  });
  const totals = new Map<string, number>();
  for (const base of bases) totals.set(base, (totals.get(base) ?? 0) + 1);
  const used = new Map<string, number>();
  return bases.map((base) => {
    if (totals.get(base) === 1) return base;
    const number = (used.get(base) ?? 0) + 1;
    used.set(base, number);
    return `${base} ${number}`;
  });
}

/** How long before a reference day someone was hired: a minimum plus a lognormal around the median, capped. */
function tenureDays(random: Random, minimum: number, median: number, cap: number): number {
  return minimum + Math.min(cap, Math.floor(random.lognormal(median, 0.6)));
}

/** Person names, unique while the name lists allow, and unique emails. */
function uniqueNames(count: number, random: Random): { names: string[]; emails: string[] } {
  const names: string[] = [];
  const emails: string[] = [];
  const taken = new Set<string>();
  for (let i = 0; i < count; i++) {
    let name = '';
    for (let attempt = 0; attempt < 8 && (name === '' || taken.has(name)); attempt++) {
      name = `${random.pick(FIRST_NAMES)} ${random.pick(LAST_NAMES)}`;
    }
    const local = name.toLowerCase().replace(' ', '.');
    let email = `${local}@example.com`;
    for (let n = 2; taken.has(email); n++) email = `${local}${n}@example.com`;
    taken.add(name);
    taken.add(email);
    names.push(name);
    emails.push(email);
  }
  return { names, emails };
}

/**
 * Builds the organisation. `reps` people are on the team on asOf: one VP, about one manager per nine, and the
 * rest individual contributors; leavers (backfilled seats) come on top.
 */
export function buildRoster(
  random: Random,
  reps: number,
  segments: readonly SegmentProfile[],
  asOfDay: DayNumber,
  historyStartDay: DayNumber,
): Roster {
  const managerCount = Math.max(1, Math.round((reps - 1) / REPS_PER_MANAGER));
  const contributors = contributorSeats(reps - 1 - managerCount, segments.length);

  // Cut contributors into teams of nearly equal size.
  const teamMembers: Draft[][] = [];
  let next = 0;
  for (let t = 0; t < managerCount; t++) {
    const size =
      Math.floor(contributors.length / managerCount) + (t < contributors.length % managerCount ? 1 : 0);
    const members = contributors.slice(next, next + size);
    for (const seat of members) seat.team = t;
    teamMembers.push(members);
    next += size;
  }
  const names = teamNames(teamMembers, segments);

  const vp: Draft = { role: 'vp', segment: -1, region: -1, hireDay: 0, endDay: STILL_EMPLOYED, team: -1 };
  // The VP predates the history: deals whose owner left with nobody else in the seat fall back to the VP.
  vp.hireDay = historyStartDay - tenureDays(random, 30, 700, 2500);
  const managers: Draft[] = teamMembers.map((members, t) => ({
    role: 'manager',
    segment: mode(members.map((seat) => seat.segment)),
    region: mode(members.map((seat) => seat.region)),
    hireDay: asOfDay - tenureDays(random, 200, 900, 3000),
    endDay: STILL_EMPLOYED,
    team: t,
  }));

  // Exactly the recent-hire share of contributors joined in the last year; the rest earlier.
  const order = random.shuffle(contributors.map((_, index) => index));
  const recentCount = Math.round(RECENT_HIRE_SHARE * contributors.length);
  order.forEach((index, position) => {
    const seat = contributors[index]!;
    seat.hireDay =
      position < recentCount ? asOfDay - random.int(14, 364) : asOfDay - tenureDays(random, 365, 520, 3285);
  });

  // A seat filled during the history window was often a backfill: its previous holder left shortly before.
  const leavers: Draft[] = [];
  for (const seat of contributors) {
    if (seat.hireDay <= historyStartDay + 30 || !random.chance(BACKFILL_CHANCE)) continue;
    const endDay = seat.hireDay - random.int(7, 60);
    const tenure = Math.max(120, Math.round(random.lognormal(540, 0.5)));
    leavers.push({ ...seat, hireDay: endDay - tenure, endDay });
  }

  const drafts = [vp, ...managers, ...contributors, ...leavers];
  const count = drafts.length;
  const skillVolume = new Float64Array(count);
  const skillWin = new Float64Array(count);
  drafts.forEach((draft, index) => {
    const shared = random.normal();
    const own = random.normal();
    // Mean-one lognormals; volume and win rate are correlated (good reps are good at both).
    skillVolume[index] = draft.role === 'vp' ? 1 : Math.exp(0.25 * shared - 0.03125);
    skillWin[index] = draft.role === 'vp' ? 1 : Math.exp(0.2 * (0.6 * shared + 0.8 * own) - 0.02);
  });

  // Ids follow hire order, as a CRM's would.
  const byHire = drafts
    .map((_, index) => index)
    .sort((a, b) => drafts[a]!.hireDay - drafts[b]!.hireDay || a - b);
  const ids = new Array<string>(count);
  const width = Math.max(4, String(count).length);
  byHire.forEach((index, position) => (ids[index] = `REP-${String(position + 1).padStart(width, '0')}`));

  const { names: personNames, emails } = uniqueNames(count, random);
  const managerIndex = (t: number): number => 1 + t;
  const records: Rep[] = byHire.map((index) => {
    const draft = drafts[index]!;
    const isContributor = draft.role !== 'vp' && draft.role !== 'manager';
    return {
      id: ids[index]!,
      name: personNames[index]!,
      email: emails[index]!,
      role: draft.role,
      managerId: draft.role === 'vp' ? null : isContributor ? ids[managerIndex(draft.team)]! : ids[0]!,
      team: draft.role === 'vp' ? ORGANIZATION_TEAM : names[draft.team]!,
      segment: draft.segment >= 0 ? segments[draft.segment]!.name : null,
      region: draft.region >= 0 ? REGIONS[draft.region]!.name : null,
      hireDate: fromDayNumber(draft.hireDay),
      endDate: draft.endDay === STILL_EMPLOYED ? null : fromDayNumber(draft.endDay),
    };
  });

  const groups = new Map<string, number[]>();
  drafts.forEach((draft, index) => {
    const key = `${draft.role}/${draft.segment}`;
    const group = groups.get(key) ?? [];
    group.push(index);
    groups.set(key, group);
  });
  return {
    reps: records,
    count,
    ids,
    role: drafts.map((draft) => draft.role),
    segment: Int8Array.from(drafts, (draft) => draft.segment),
    region: Int8Array.from(drafts, (draft) => draft.region),
    hireDay: Int32Array.from(drafts, (draft) => draft.hireDay),
    endDay: Int32Array.from(drafts, (draft) => draft.endDay),
    skillVolume,
    skillWin,
    team: Int32Array.from(drafts, (draft) => draft.team),
    teams: names.map((name, t) => ({ name, manager: managerIndex(t) })),
    vp: 0,
    peers: drafts.map((draft) => groups.get(`${draft.role}/${draft.segment}`)!),
    sdrsBySegment: segments.map((_, segment) => groups.get(`sdr/${segment}`) ?? []),
    accountManagersBySegment: segments.map((_, segment) => groups.get(`am/${segment}`) ?? []),
  };
}
