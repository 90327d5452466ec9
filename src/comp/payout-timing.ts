/**
 * Payout timing: a plan pays a deal in the period of its booking (the close date of the won deal) or of its
 * invoice. Where the data carries no invoice date (salesops' CRM model has none yet), the invoice date is the
 * booking date plus the plan's `invoiceLagDays`, so a plan can still say "paid when invoiced, 30 days after
 * signature". Attainment follows the same date: a deal counts, and pays, in the period it is credited in.
 * @module
 */
import { addDays, type IsoDate } from '../domain/dates.js';
import { type CompDeal } from './crediting.js';

export interface PayoutTiming {
  /** `booking`: credited in the period of the booking date; `invoice`: of the invoice date. */
  readonly on: 'booking' | 'invoice';
  /** Days from booking to invoice, for deals without an invoice date. */
  readonly invoiceLagDays: number;
}

export const ON_BOOKING: PayoutTiming = { on: 'booking', invoiceLagDays: 0 };

/** The date that places a deal in a plan period: its booking date, or its (given or derived) invoice date. */
export function creditedOn(deal: CompDeal, timing: PayoutTiming): IsoDate {
  if (timing.on === 'booking') return deal.bookedOn;
  return deal.invoicedOn ?? addDays(deal.bookedOn, timing.invoiceLagDays);
}

/** How the timing is stated on statements and in `comp check`. */
export function describeTiming(timing: PayoutTiming): string {
  if (timing.on === 'booking') return 'paid on booking: a deal counts in the period of its close date';
  return `paid on invoice: a deal counts in the period of its invoice date (where the data has none, close date + ${timing.invoiceLagDays} days)`;
}
