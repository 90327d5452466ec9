import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { IsoDate } from '../domain/dates.js';
import { compileRules, parseAssignmentRules } from './rules.js';
import {
  alreadyRouted,
  EMPTY_LEDGER,
  routeLeads,
  type BookEntry,
  type InboundLead,
  type RoutingInput,
  type RoutingLedger,
  type RoutingRep,
} from './routing.js';

const NO_RULES = compileRules([]);

const rep = (id: string, fields: Partial<RoutingRep> = {}): RoutingRep => ({
  id,
  name: `Rep ${id}`,
  role: 'isr',
  team: null,
  segment: 'SMB',
  region: 'West',
  weight: 100,
  capPerDay: null,
  tiers: [],
  ...fields,
});

const lead = (id: string, fields: Partial<InboundLead> = {}): InboundLead => ({
  id,
  company: `Company ${id}`,
  accountId: null,
  date: '2026-11-27' as IsoDate,
  segment: 'SMB',
  region: 'West',
  tier: 'Tier 3',
  country: 'US',
  industry: null,
  employees: 40,
  annualRevenue: null,
  ...fields,
});

const leads = (count: number, from = 0, fields: Partial<InboundLead> = {}) =>
  Array.from({ length: count }, (_, index) => lead(`L${from + index}`, fields));

function route(partial: Partial<RoutingInput> & Pick<RoutingInput, 'leads' | 'reps'>) {
  return routeLeads({
    book: new Map(),
    policy: NO_RULES,
    away: new Set(),
    ledger: EMPTY_LEDGER,
    ...partial,
  });
}

function counts(decisions: readonly { repId: string | null }[]): Map<string, number> {
  const tally = new Map<string, number>();
  for (const decision of decisions) {
    if (decision.repId !== null) tally.set(decision.repId, (tally.get(decision.repId) ?? 0) + 1);
  }
  return tally;
}

describe('routeLeads', () => {
  it('keeps existing customers and named accounts with their rep, even when away', () => {
    const book = new Map<string, BookEntry>([
      ['A1', { repId: 'R2', pinned: false, customer: true }],
      ['A2', { repId: 'R1', pinned: true, customer: false }],
      ['A3', { repId: 'R1', pinned: false, customer: false }],
    ]);
    const result = route({
      reps: [rep('R1'), rep('R2')],
      book,
      away: new Set(['R2']),
      leads: [
        lead('L1', { accountId: 'A1' }),
        lead('L2', { accountId: 'A2' }),
        lead('L3', { accountId: 'A3' }),
      ],
    });
    expect(result.decisions).toEqual([
      {
        leadId: 'L1',
        repId: 'R2',
        basis: 'existing_account',
        pool: null,
        reason: 'existing customer: keeps their rep Rep R2 (R2) (Rep R2 is away; the account stays theirs)',
      },
      {
        leadId: 'L2',
        repId: 'R1',
        basis: 'named_account',
        pool: null,
        reason: 'named account pre-assigned to Rep R1 (R1)',
      },
      {
        leadId: 'L3',
        repId: 'R1',
        basis: 'existing_account',
        pool: null,
        reason: "account in the plan's territory of Rep R1 (R1)",
      },
    ]);
    // No round-robin turn was taken, but the ledger holds each lead with its rep.
    expect(result.ledger).toEqual({ ...EMPTY_LEDGER, routed: { L1: 'R2', L2: 'R1', L3: 'R1' } });
  });

  it('holds each routed lead once: a lead routed again replaces its entry and says so; unassigned ones are not held', () => {
    const reps = [rep('R1'), rep('R2')];
    const first = route({ reps, leads: [lead('L1'), lead('L2'), lead('L3', { tier: 'Tier 1' })] });
    // Smooth round-robin with equal weights, one credit per rep whatever the tier: R1, R2, R1.
    expect(first.decisions.map((decision) => decision.repId)).toEqual(['R1', 'R2', 'R1']);
    expect(first.ledger.routed).toEqual({ L1: 'R1', L2: 'R2', L3: 'R1' });
    expect(alreadyRouted(['L0', 'L2', 'L1'], first.ledger)).toEqual([
      { leadId: 'L2', repId: 'R2' },
      { leadId: 'L1', repId: 'R1' },
    ]);
    // R1 is away now: L1 goes to R2, and the ledger keeps that one entry.
    const again = route({ reps, leads: [lead('L1')], away: new Set(['R1']), ledger: first.ledger });
    expect(again.decisions[0]?.repId).toBe('R2');
    expect(again.decisions[0]?.reason).toMatch(/; re-routed \(was R1\)$/);
    expect(again.ledger.routed).toEqual({ L1: 'R2', L2: 'R2', L3: 'R1' });
    // Nobody may take it: it stays unassigned and still held by R2.
    const nobody = route({ reps, leads: [lead('L1')], away: new Set(['R1', 'R2']), ledger: again.ledger });
    expect(nobody.decisions[0]?.repId).toBeNull();
    expect(nobody.decisions[0]?.reason).toMatch(/; still held by R2$/);
    expect(nobody.ledger.routed).toEqual(again.ledger.routed);
    // Routed again to the rep that holds it: said so, not as a move.
    const same = route({
      reps,
      leads: [lead('L3', { tier: 'Tier 1' })],
      away: new Set(['R2']),
      ledger: again.ledger,
    });
    expect(same.decisions[0]?.repId).toBe('R1');
    expect(same.decisions[0]?.reason).toMatch(/; routed again, to the same rep$/);
    const unassigned = route({ reps, leads: [lead('L9')], away: new Set(['R1', 'R2']) });
    expect(unassigned.ledger.routed).toEqual({});
  });

  it('reads a ledger saved before leads were held as holding none', () => {
    const old: RoutingLedger = { credits: { R1: -100, R2: 100 }, assigned: { R1: 1 }, daily: {} };
    expect(alreadyRouted(['L1'], old)).toEqual([]);
    // R2's credit is ahead: it takes the lead.
    expect(route({ reps: [rep('R1'), rep('R2')], leads: [lead('L1')], ledger: old }).ledger.routed).toEqual({
      L1: 'R2',
    });
  });

  it('round-robins new leads within their tier, by the rules, with the reason', () => {
    const rules = parseAssignmentRules(
      [{ name: 'Big', when: ['employees >= 1000'], assign: { roles: ['am'], sameRegion: true } }],
      'USD',
    );
    if (!rules.ok) throw new Error('rules');
    const reps = [
      rep('AM1', { role: 'am' }),
      rep('AM2', { role: 'am', region: 'East' }),
      rep('I1'),
      rep('I2'),
    ];
    const result = route({
      reps,
      policy: compileRules(rules.rules),
      leads: [lead('L1', { employees: 5000, tier: 'Tier 1' }), ...leads(3, 2)],
    });
    expect(result.decisions.map((decision) => decision.repId)).toEqual(['AM1', 'AM1', 'AM2', 'I1']);
    expect(result.decisions[0]?.reason).toBe(
      `new Tier 1 business: round-robin among 1 rep (rule "Big" (employees >= 1000) assigns to role AM, in the account's region); Rep AM1 (AM1) was next`,
    );
    expect(result.ledger.assigned).toEqual({ AM1: 2, AM2: 1, I1: 1 });
  });

  it('skips reps away or at their daily cap, and says so when nobody is left', () => {
    const reps = [rep('R1', { capPerDay: 1 }), rep('R2')];
    const result = route({ reps, away: new Set(['R2']), leads: leads(2) });
    expect(result.decisions.map((decision) => decision.repId)).toEqual(['R1', null]);
    expect(result.decisions[1]?.reason).toBe('unassigned: away: R2; at their daily cap on 2026-11-27: R1');
    const nextDay = route({
      reps,
      away: new Set(['R2']),
      ledger: result.ledger,
      leads: leads(1, 5, { date: '2026-11-28' as IsoDate }),
    });
    expect(nextDay.decisions[0]?.repId).toBe('R1');
  });

  it('refuses to route where the rules leave no rep, naming the rule', () => {
    const result = route({ reps: [rep('R1', { tiers: ['Tier 1'] })], leads: leads(1) });
    expect(result.decisions[0]).toMatchObject({
      repId: null,
      basis: 'unassigned',
      reason: 'unassigned: no rep on the roster may take tier Tier 3 (no assignment rule matches: any rep)',
    });
  });

  const weights = fc.array(fc.integer({ min: 1, max: 500 }), { minLength: 1, maxLength: 8 });

  it('gives each rep their weighted share within one lead (property)', () => {
    fc.assert(
      fc.property(weights, fc.integer({ min: 1, max: 300 }), (repWeights, total) => {
        const reps = repWeights.map((weight, index) => rep(`R${index}`, { weight }));
        const tally = counts(route({ reps, leads: leads(total) }).decisions);
        const weightSum = repWeights.reduce((sum, weight) => sum + weight, 0);
        reps.forEach((each) => {
          expect(Math.abs((tally.get(each.id) ?? 0) - (total * each.weight) / weightSum)).toBeLessThan(1);
        });
      }),
    );
  });

  it('keeps one round-robin across pools for the same reps: no rep takes the first lead of every tier', () => {
    // Without rules every rep may take every tier: three leads of three tiers go to three reps.
    const reps = [rep('R1'), rep('R2'), rep('R3')];
    const result = route({
      reps,
      leads: [lead('L1', { tier: 'Tier 3' }), lead('L2', { tier: 'Tier 1' }), lead('L3', { tier: 'Tier 2' })],
    });
    expect(result.decisions.map((decision) => [decision.pool, decision.repId])).toEqual([
      ['Tier 3', 'R1'],
      ['Tier 1', 'R2'],
      ['Tier 2', 'R3'],
    ]);
    expect(result.ledger.credits).toEqual({ R1: 0, R2: 0, R3: 0 });
    expect(result.decisions[0]?.reason).toBe(
      'new Tier 3 business: round-robin among 3 reps (no assignment rule matches: any rep); Rep R1 (R1) was next',
    );
  });

  it('gives each rep their weighted share within one lead over leads of mixed tiers (property)', () => {
    const tiers = fc.array(fc.constantFrom('Tier 1', 'Tier 2', 'Tier 3'), { minLength: 1, maxLength: 200 });
    fc.assert(
      fc.property(weights, tiers, (repWeights, leadTiers) => {
        const reps = repWeights.map((weight, index) => rep(`R${index}`, { weight }));
        const mixed = leadTiers.map((tier, index) => lead(`L${index}`, { tier }));
        const tally = counts(route({ reps, leads: mixed }).decisions);
        const weightSum = repWeights.reduce((sum, weight) => sum + weight, 0);
        reps.forEach((each) => {
          expect(Math.abs((tally.get(each.id) ?? 0) - (mixed.length * each.weight) / weightSum)).toBeLessThan(
            1,
          );
        });
      }),
      { seed: 10 },
    );
  });

  it('starts credits kept per pool by an older ledger over at zero, keeping the counts', () => {
    const older = { credits: { 'Tier 3': { R1: -100, R2: 100 } }, assigned: { R1: 1 }, daily: {} };
    const result = route({
      reps: [rep('R1'), rep('R2')],
      leads: leads(1),
      ledger: older as unknown as RoutingLedger,
    });
    expect(result.decisions[0]?.repId).toBe('R1');
    expect(result.ledger).toMatchObject({ credits: { R1: -100, R2: 100 }, assigned: { R1: 2 } });
  });

  it('gives the same picks in one run or split over runs with the ledger carried (property)', () => {
    fc.assert(
      fc.property(
        weights,
        fc.integer({ min: 0, max: 60 }),
        fc.integer({ min: 0, max: 60 }),
        (repWeights, first, second) => {
          const reps = repWeights.map((weight, index) => rep(`R${index}`, { weight }));
          const all = leads(first + second);
          const once = route({ reps, leads: all });
          const start = route({ reps, leads: all.slice(0, first) });
          const rest = route({ reps, leads: all.slice(first), ledger: start.ledger });
          expect([...start.decisions, ...rest.decisions]).toEqual(once.decisions);
          expect(rest.ledger).toEqual(once.ledger);
        },
      ),
    );
  });

  it('does not flood a rep who returns from being away, nor a rep who is added (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 6 }),
        fc.integer({ min: 0, max: 100 }),
        fc.integer({ min: 1, max: 60 }),
        (teamSize, whileAway, afterReturn) => {
          const reps = Array.from({ length: teamSize }, (_, index) => rep(`R${index}`));
          const away = route({ reps, away: new Set(['R0']), leads: leads(whileAway) });
          const back = route({ reps, ledger: away.ledger, leads: leads(afterReturn, whileAway) });
          expect(counts(back.decisions).get('R0') ?? 0).toBeLessThanOrEqual(
            Math.ceil(afterReturn / teamSize) + 1,
          );

          const hired = route({
            reps: [...reps, rep('NEW')],
            ledger: away.ledger,
            leads: leads(afterReturn, whileAway),
          });
          expect(counts(hired.decisions).get('NEW') ?? 0).toBeLessThanOrEqual(
            Math.ceil(afterReturn / (teamSize + 1)) + 1,
          );
          // Adding a rep resets nobody's count.
          for (const [id, count] of Object.entries(away.ledger.assigned)) {
            expect(hired.ledger.assigned[id] ?? 0).toBeGreaterThanOrEqual(count);
          }
        },
      ),
    );
  });

  it('never passes a daily cap, and assigns while anyone has room (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 1, maxLength: 5 }),
        fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 1, maxLength: 40 }),
        (caps, dayOffsets) => {
          const reps = caps.map((cap, index) => rep(`R${index}`, { capPerDay: cap }));
          const dated = dayOffsets.map((offset, index) =>
            lead(`L${index}`, { date: `2026-11-2${offset}` as IsoDate }),
          );
          let ledger: RoutingLedger = EMPTY_LEDGER;
          const decisions = dated.map((one) => {
            const result = route({ reps, leads: [one], ledger });
            ledger = result.ledger;
            return { ...result.decisions[0]!, date: one.date };
          });
          for (const day of new Set(dayOffsets)) {
            const ofDay = decisions.filter((decision) => decision.date === `2026-11-2${day}`);
            const tally = counts(ofDay);
            reps.forEach((each) => expect(tally.get(each.id) ?? 0).toBeLessThanOrEqual(each.capPerDay!));
            const room = caps.reduce((sum, cap) => sum + cap, 0);
            expect(ofDay.filter((decision) => decision.repId !== null).length).toBe(
              Math.min(room, ofDay.length),
            );
          }
        },
      ),
    );
  });
});
