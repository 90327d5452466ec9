/**
 * Routing inbound leads and new opportunities by a plan's assignment rules, each decision with its reason:
 *
 * 1. a named account goes to the rep it is pinned to;
 * 2. an account of the plan's book (an existing customer, or a prospect in someone's territory) goes to the rep
 *    who holds it in the plan: existing customers keep their rep;
 * 3. anything else (a new company) is routed by size and location: the plan's rules decide which reps may take it
 *    (segment from employees and revenue, region, country), and among those who focus on its tier, are available
 *    and under their daily cap, a weighted round-robin picks one.
 *
 * The round-robin is smooth weighted round-robin (as nginx balances upstreams): every pick adds each candidate's
 * weight to their credit, the highest credit wins and gives back the candidates' total weight. Each rep has one
 * credit, whatever the pool (tier) of the lead: the pool only decides who the candidates are, so reps who take
 * several tiers get their weighted share over all of them, not a first pick in each. Credits persist in a ledger
 * between runs. Credits stay bounded (within one total weight of zero), so a rep who was away
 * or at their cap returns with the credit they left with and is not flooded, and a new rep starts at zero
 * without resetting anyone else's count. Weights are whole hundredths (1.5 is 150) so the arithmetic is exact.
 *
 * The ledger also holds every lead routed to a rep (lead id to rep id), one entry per lead: a lead the ledger
 * holds is routed again only on purpose (`salesops route --reroute`), and then its entry is replaced. A lead left
 * unassigned is not held, so a later run can route it.
 * @module
 */
import type { IsoDate } from '../domain/dates.js';
import type { AssignmentPolicy, RuleAccount, RuleRep } from './rules.js';

/** A rep as the router sees them. */
export interface RoutingRep extends RuleRep {
  readonly name: string;
  /** Share of round-robin picks, in hundredths (100 = 1x); at least 1. */
  readonly weight: number;
  /** Most leads a day from the round-robin; null: no cap. */
  readonly capPerDay: number | null;
  /** Tiers the rep takes new business in; empty: every tier. */
  readonly tiers: readonly string[];
}

/** An inbound lead or new opportunity. */
export interface InboundLead extends RuleAccount {
  readonly id: string;
  readonly company: string | null;
  /** CRM id of the account it belongs to, when known. */
  readonly accountId: string | null;
  /** The day it came in (caps count per day). */
  readonly date: IsoDate;
}

/** What the plan says of an account in its book. */
export interface BookEntry {
  readonly repId: string;
  /** Pinned to the rep (a named account). */
  readonly pinned: boolean;
  /** A customer (has won business). */
  readonly customer: boolean;
}

/** The persistent state of the round-robin (document kind `routing_ledger`). */
export interface RoutingLedger {
  /**
   * Per rep id: the smooth-round-robin credit (hundredths of a pick), one for every pool. Ledgers saved when
   * credits were kept per pool hold objects here; those credits start over at zero.
   */
  readonly credits: Readonly<Record<string, number>>;
  /** Round-robin picks per rep, ever: for fairness reports; never reset. */
  readonly assigned: Readonly<Record<string, number>>;
  /** Round-robin picks per day and rep, for caps; only the latest days are kept. */
  readonly daily: Readonly<Record<string, Readonly<Record<string, number>>>>;
  /** Per lead id, the rep it was routed to. Ledgers saved before leads were kept lack it (none held). */
  readonly routed?: Readonly<Record<string, string>>;
}

export const EMPTY_LEDGER: RoutingLedger = { credits: {}, assigned: {}, daily: {}, routed: {} };

/** Days of per-day counts the ledger keeps (caps only need the days leads still arrive for). */
const DAILY_DAYS_KEPT = 31;

export type RouteBasis = 'named_account' | 'existing_account' | 'round_robin' | 'unassigned';

export interface RoutingDecision {
  readonly leadId: string;
  readonly repId: string | null;
  readonly basis: RouteBasis;
  /** The round-robin pool (tier) where one was used. */
  readonly pool: string | null;
  readonly reason: string;
}

export interface RoutingInput {
  readonly leads: readonly InboundLead[];
  readonly reps: readonly RoutingRep[];
  /** The plan's book: account CRM id to its rep. */
  readonly book: ReadonlyMap<string, BookEntry>;
  readonly policy: AssignmentPolicy;
  /** Rep ids who take no new round-robin leads in this run (on leave, out of office). */
  readonly away: ReadonlySet<string>;
  readonly ledger: RoutingLedger;
}

export interface RoutingResult {
  readonly decisions: RoutingDecision[];
  readonly ledger: RoutingLedger;
}

/** The tier a new lead's round-robin pool is keyed by: its tier, else its segment, else `unsegmented`. */
export function poolOf(lead: RuleAccount): string {
  return lead.tier ?? lead.segment ?? 'unsegmented';
}

function mutableLedger(ledger: RoutingLedger) {
  return {
    credits: new Map(
      Object.entries(ledger.credits).filter(
        (entry): entry is [string, number] => typeof entry[1] === 'number',
      ),
    ),
    assigned: new Map(Object.entries(ledger.assigned)),
    daily: new Map(Object.entries(ledger.daily).map(([day, reps]) => [day, new Map(Object.entries(reps))])),
    routed: new Map(Object.entries(ledger.routed ?? {})),
  };
}

/** The leads of `leadIds` the ledger holds already, with the rep each was routed to, in the order given. */
export function alreadyRouted(
  leadIds: readonly string[],
  ledger: RoutingLedger,
): { readonly leadId: string; readonly repId: string }[] {
  const routed = ledger.routed ?? {};
  return leadIds
    .filter((leadId) => Object.hasOwn(routed, leadId))
    .map((leadId) => ({ leadId, repId: routed[leadId]! }));
}

const sortedRecord = <T>(map: ReadonlyMap<string, T>): Record<string, T> =>
  Object.fromEntries([...map].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

/**
 * Routes leads in the order given; pure: the ledger comes in and the next one goes out, holding each lead routed
 * to a rep. A lead the ledger holds already is routed again (its decision says so and its entry is replaced):
 * callers refuse or skip those unless re-routing was asked for ({@link alreadyRouted}). Lead ids must be
 * distinct. A re-routed lead's round-robin pick is a new pick: counts and credits are of picks made.
 */
export function routeLeads(input: RoutingInput): RoutingResult {
  const state = mutableLedger(input.ledger);
  const repById = new Map(input.reps.map((rep) => [rep.id, rep]));
  const decisions = input.leads.map((lead) => {
    const decision = decide(lead, input, repById, state);
    const before = state.routed.get(lead.id);
    if (decision.repId !== null) state.routed.set(lead.id, decision.repId);
    if (before === undefined) return decision;
    const again =
      decision.repId === null
        ? `; still held by ${before}`
        : decision.repId === before
          ? '; routed again, to the same rep'
          : `; re-routed (was ${before})`;
    return { ...decision, reason: `${decision.reason}${again}` };
  });
  const days = [...state.daily.keys()].sort().slice(-DAILY_DAYS_KEPT);
  return {
    decisions,
    ledger: {
      credits: sortedRecord(state.credits),
      assigned: sortedRecord(state.assigned),
      daily: Object.fromEntries(days.map((day) => [day, sortedRecord(state.daily.get(day) ?? new Map())])),
      routed: sortedRecord(state.routed),
    },
  };
}

function decide(
  lead: InboundLead,
  input: RoutingInput,
  repById: ReadonlyMap<string, RoutingRep>,
  state: ReturnType<typeof mutableLedger>,
): RoutingDecision {
  const entry = lead.accountId === null ? undefined : input.book.get(lead.accountId);
  const holder = entry ? repById.get(entry.repId) : undefined;
  if (entry && holder) {
    const basis: RouteBasis = entry.pinned ? 'named_account' : 'existing_account';
    const what = entry.pinned
      ? 'named account pre-assigned to'
      : entry.customer
        ? 'existing customer: keeps their rep'
        : "account in the plan's territory of";
    const note = input.away.has(holder.id) ? ` (${holder.name} is away; the account stays theirs)` : '';
    return {
      leadId: lead.id,
      repId: holder.id,
      basis,
      pool: null,
      reason: `${what} ${holder.name} (${holder.id})${note}`,
    };
  }
  const pool = poolOf(lead);
  const ruleReason = input.policy.reason(lead);
  const eligible = input.reps.filter(
    (rep) => input.policy.eligible(lead, rep) && (rep.tiers.length === 0 || rep.tiers.includes(pool)),
  );
  const today = state.daily.get(lead.date) ?? new Map<string, number>();
  const away = eligible.filter((rep) => input.away.has(rep.id));
  const capped = eligible.filter(
    (rep) => !input.away.has(rep.id) && rep.capPerDay !== null && (today.get(rep.id) ?? 0) >= rep.capPerDay,
  );
  const candidates = eligible.filter((rep) => !away.includes(rep) && !capped.includes(rep));
  const orphan = entry ? ` (its plan rep ${entry.repId} is not on the roster)` : '';
  if (candidates.length === 0) {
    const why =
      eligible.length === 0
        ? `no rep on the roster may take tier ${pool} (${ruleReason})`
        : [
            away.length > 0 ? `away: ${away.map((rep) => rep.id).join(', ')}` : '',
            capped.length > 0
              ? `at their daily cap on ${lead.date}: ${capped.map((rep) => rep.id).join(', ')}`
              : '',
          ]
            .filter((part) => part !== '')
            .join('; ');
    return {
      leadId: lead.id,
      repId: null,
      basis: 'unassigned',
      pool,
      reason: `unassigned${orphan}: ${why}`,
    };
  }
  const credits = state.credits;
  let total = 0;
  let chosen: RoutingRep | null = null;
  let best = -Infinity;
  for (const rep of candidates) {
    const credit = (credits.get(rep.id) ?? 0) + rep.weight;
    credits.set(rep.id, credit);
    total += rep.weight;
    // Ties go to the rep listed first, so the same inputs always give the same picks.
    if (credit > best) {
      best = credit;
      chosen = rep;
    }
  }
  const winner = chosen as RoutingRep;
  credits.set(winner.id, best - total);
  today.set(winner.id, (today.get(winner.id) ?? 0) + 1);
  state.daily.set(lead.date, today);
  state.assigned.set(winner.id, (state.assigned.get(winner.id) ?? 0) + 1);
  const skipped = [
    away.length > 0 ? `${away.length} away` : '',
    capped.length > 0 ? `${capped.length} at cap` : '',
  ].filter((part) => part !== '');
  return {
    leadId: lead.id,
    repId: winner.id,
    basis: 'round_robin',
    pool,
    reason:
      `new ${pool} business${orphan}: round-robin among ${candidates.length} rep${candidates.length === 1 ? '' : 's'}` +
      ` (${[...skipped, ruleReason].join('; ')}); ${winner.name} (${winner.id}) was next`,
  };
}
