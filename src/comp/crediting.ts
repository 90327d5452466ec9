/**
 * Crediting: deals -> credits per payee. Revenue splits share the deal by the largest-remainder method, so the
 * credited parts always add up to the deal exactly, and must total 100%; overlay splits credit their share on
 * top and may total anything. A deal given twice, or a payee credited twice on one deal, is an error. The engine
 * holds credits as typed columns (credit-table.ts); a deal with splits is credited here, as objects.
 * @module
 */
import { type IsoDate } from '../domain/dates.js';
import { type Problem } from '../domain/errors.js';
import { allocate, multiplyByRate, type DecimalString, type MinorUnits } from '../domain/money.js';
import { compare, decimal, ONE, plus, ZERO } from './exact.js';

export type DealType = 'new' | 'expansion' | 'renewal';

export interface CompSplit {
  readonly payee: string;
  /** Share of the deal, an exact decimal such as "0.6". */
  readonly share: DecimalString;
  readonly kind: 'revenue' | 'overlay';
}

/** A booked deal as the engine sees it: plain data, independent of the dataset. */
export interface CompDeal {
  readonly id: string;
  readonly owner: string;
  /** Booking amount in minor units of the plan currency. */
  readonly amount: MinorUnits;
  /** Annual recurring revenue in minor units; defaults to the amount. */
  readonly arr?: MinorUnits;
  readonly bookedOn: IsoDate;
  readonly type: DealType;
  /** Splits; none: the owner gets 100% revenue credit. */
  readonly splits?: readonly CompSplit[];
  /** Invoice date, where the data has one (plans paid on invoice derive it from bookedOn otherwise). */
  readonly invoicedOn?: IsoDate;
  /** When the deal was cancelled, if it was. */
  readonly cancelledOn?: IsoDate;
}

/** One payee's credit on one deal. */
export interface Credit {
  readonly deal: CompDeal;
  readonly payee: string;
  readonly kind: 'revenue' | 'overlay';
  readonly share: DecimalString;
  readonly amount: MinorUnits;
  readonly arr: MinorUnits;
}

function splitsOf(deal: CompDeal): readonly CompSplit[] {
  return deal.splits && deal.splits.length > 0
    ? deal.splits
    : [{ payee: deal.owner, share: '1', kind: 'revenue' }];
}

/** Problems with a deal's splits: a payee given twice, a negative share, revenue shares not totalling 100%. */
export function splitProblems(deal: CompDeal, index: number): Problem[] {
  if (!deal.splits || deal.splits.length === 0) return []; // the owner's 100%: nothing to check
  const problems: Problem[] = [];
  const field = `deals[${index}].splits`;
  const splits = splitsOf(deal);
  const seen = new Set<string>();
  splits.forEach((split, at) => {
    if (seen.has(split.payee)) {
      problems.push({
        message: `deal ${deal.id} credits ${split.payee} twice`,
        location: { field: `${field}[${at}]` },
        fix: 'give each payee one split per deal, with their whole share',
      });
    }
    seen.add(split.payee);
    if (compare(decimal(split.share), ZERO) < 0) {
      problems.push({
        message: `split share ${split.share} is negative`,
        location: { field: `${field}[${at}].share` },
        fix: 'write a share from 0 to 1',
      });
    }
  });
  const revenue = splits.filter((split) => split.kind === 'revenue');
  const total = revenue.reduce((sum, split) => plus(sum, decimal(split.share)), ZERO);
  if (compare(total, ONE) !== 0) {
    problems.push({
      message: `the revenue splits of deal ${deal.id} total ${revenue.map((split) => split.share).join(' + ') || '0'}, not 100%`,
      location: { field },
      fix: 'make the revenue shares add up to 1; mark extra credit (specialists, managers) as kind: overlay',
    });
  }
  return problems;
}

/** A deal given a second time, at `index`, after `deals[earlier]`. */
export function duplicateDealProblem(deal: CompDeal, index: number, earlier: number): Problem {
  return {
    message: `deal ${deal.id} is credited twice (also deals[${earlier}])`,
    location: { field: `deals[${index}]` },
    fix: 'remove the duplicate deal, or give each deal its own id',
  };
}

/** A credit on `deals[index]` to someone who is not a payee of the run. */
export function noPlanProblem(payee: string, deal: CompDeal, index: number, plan: string): Problem {
  return {
    message: `${payee} is credited on deal ${deal.id} but has no plan`,
    location: { field: `deals[${index}]` },
    fix: `add ${payee} to the payees with a role of plan ${plan}, or move the credit`,
  };
}

/** The credits of one deal, revenue splits first, in split order. Assumes {@link splitProblems} found nothing. */
export function creditDeal(deal: CompDeal): Credit[] {
  const arr = deal.arr ?? deal.amount;
  if (!deal.splits || deal.splits.length === 0) {
    return [{ deal, payee: deal.owner, kind: 'revenue', share: '1', amount: deal.amount, arr }];
  }
  const splits = deal.splits;
  const revenue = splits.filter((split) => split.kind === 'revenue');
  const shares = revenue.map((split) => split.share);
  // One revenue payee at 100% (an owner with an overlay beside them, the usual case) takes the deal whole.
  const whole = shares.length === 1 && shares[0] === '1';
  const amounts = whole ? [deal.amount] : allocate(deal.amount, shares);
  const arrs = whole ? [arr] : allocate(arr, shares);
  const revenueCredits = revenue.map((split, index): Credit => ({
    deal,
    payee: split.payee,
    kind: 'revenue',
    share: split.share,
    amount: amounts[index] ?? (0 as MinorUnits),
    arr: arrs[index] ?? (0 as MinorUnits),
  }));
  const overlayCredits = splits
    .filter((split) => split.kind === 'overlay')
    .map((split): Credit => ({
      deal,
      payee: split.payee,
      kind: 'overlay',
      share: split.share,
      amount: split.share === '1' ? deal.amount : multiplyByRate(deal.amount, split.share),
      arr: split.share === '1' ? arr : multiplyByRate(arr, split.share),
    }));
  return [...revenueCredits, ...overlayCredits];
}
