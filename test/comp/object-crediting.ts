/**
 * The object form of crediting, the oracle of the engine's columnar crediting: every deal becomes Credit objects
 * (creditDeal), a Map of every deal id finds the duplicates, and each payee's credits of a period are a list of
 * objects sorted by deal id. The lists are then laid out as a CreditTable, so that the engine computes the same
 * statements from either; the tests require they are identical.
 */
import {
  eligibleOn,
  OVERLAY,
  REVENUE,
  timeOrdered,
  typeCode,
  type CreditTable,
  type Crediting,
} from '../../src/comp/credit-table.js';
import {
  creditDeal,
  duplicateDealProblem,
  noPlanProblem,
  splitProblems,
  type Credit,
} from '../../src/comp/crediting.js';
import { type Problem } from '../../src/domain/errors.js';

interface Placed {
  readonly credit: Credit;
  readonly index: number;
}

const byDealId = (a: Placed, b: Placed) =>
  a.credit.deal.id < b.credit.deal.id ? -1 : a.credit.deal.id > b.credit.deal.id ? 1 : 0;

export const objectCrediting: Crediting = (scope) => {
  const { deals } = scope;
  const dealProblems: Problem[] = [];
  const first = new Map<string, number>();
  deals.forEach((deal, index) => {
    const earlier = first.get(deal.id);
    if (earlier !== undefined) dealProblems.push(duplicateDealProblem(deal, index, earlier));
    else first.set(deal.id, index);
    dealProblems.push(...splitProblems(deal, index));
  });
  if (dealProblems.length > 0) return { dealProblems, creditProblems: [], table: null };
  const creditProblems: Problem[] = [];
  const lists = new Map<string, Map<string, Placed[]>>();
  const clawed = new Map<string, Map<string, Placed[]>>();
  const add = (index: Map<string, Map<string, Placed[]>>, payee: string, period: string, placed: Placed) => {
    const byPeriod = index.get(payee) ?? new Map<string, Placed[]>();
    index.set(payee, byPeriod);
    byPeriod.set(period, [...(byPeriod.get(period) ?? []), placed]);
  };
  deals.forEach((deal, index) => {
    const cancelledOn = scope.clawedBackOn(deal);
    for (const credit of creditDeal(deal)) {
      const on = scope.placedOn(deal, credit.payee);
      if (scope.lastDay !== null && on > scope.lastDay) continue;
      const payee = scope.payeeOf(credit.payee);
      if (!payee) {
        creditProblems.push(noPlanProblem(credit.payee, deal, index, scope.planName));
        continue;
      }
      if (!eligibleOn(payee, deal.bookedOn)) continue;
      add(lists, credit.payee, scope.periodOf(on), { credit, index });
      if (cancelledOn !== null) add(clawed, credit.payee, scope.periodOf(cancelledOn), { credit, index });
    }
  });
  const periods = timeOrdered(
    [...scope.runPeriods, ...[...lists.values()].flatMap((byPeriod) => [...byPeriod.keys()])],
    scope.periodStart,
  );
  const rows: Placed[] = [];
  const start: number[] = [0];
  const slots = new Map<string, number>();
  for (const [payee, byPeriod] of lists) {
    slots.set(payee, slots.size);
    for (const period of periods) {
      rows.push(...[...(byPeriod.get(period) ?? [])].sort(byDealId));
      start.push(rows.length);
    }
  }
  const ids = deals.map((deal) => deal.id);
  const byId = deals
    .map((_, index) => index)
    .sort((a, b) => (ids[a]! < ids[b]! ? -1 : ids[a]! > ids[b]! ? 1 : a - b));
  const rank = new Int32Array(deals.length);
  byId.forEach((deal, position) => (rank[deal] = position));
  const rowOf = new Map(rows.map((placed, row) => [placed.credit, row]));
  const table: CreditTable = {
    deals,
    deal: Int32Array.from(rows, (placed) => placed.index),
    kind: Uint8Array.from(rows, (placed) => (placed.credit.kind === 'revenue' ? REVENUE : OVERLAY)),
    type: Uint8Array.from(rows, (placed) => typeCode(placed.credit.deal.type)),
    amount: Float64Array.from(rows, (placed) => placed.credit.amount),
    arr: Float64Array.from(rows, (placed) => placed.credit.arr),
    dealAmount: Float64Array.from(rows, (placed) => placed.credit.deal.amount),
    dealRank: Int32Array.from(rows, (placed) => rank[placed.index] ?? 0),
    ids,
    byId: Int32Array.from(byId),
    periods,
    slots,
    start: Int32Array.from(start),
    order: Int32Array.from(rows, (_, row) => row),
    clawbacks: new Map(
      [...clawed].map(([payee, byPeriod]) => [
        payee,
        new Map(
          [...byPeriod].map(([period, list]) => [
            period,
            [...list].sort(byDealId).map((placed) => rowOf.get(placed.credit) ?? -1),
          ]),
        ),
      ]),
    ),
  };
  return { dealProblems, creditProblems, table };
};
