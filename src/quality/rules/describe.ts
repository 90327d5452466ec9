/**
 * How rules write offending values: dates as ISO text, amounts in their currency, stages and categories by
 * name.
 * @module
 */
import { NO_DAY } from '../../dataset/dataset.js';
import { fromDayNumber, type DayNumber } from '../../domain/dates.js';
import { formatMoney, isCurrencyCode, type MinorUnits } from '../../domain/money.js';
import type { AuditInput } from '../rule.js';

export function dayText(day: DayNumber): string {
  return day === NO_DAY ? 'none' : fromDayNumber(day);
}

/** An amount in its currency (`$1,234.50`, `€10.00`), or `no amount`. */
export function moneyText(amount: number, currency: string): string {
  if (Number.isNaN(amount)) return 'no amount';
  if (!isCurrencyCode(currency)) return `${amount} minor units`;
  return formatMoney(amount as MinorUnits, currency);
}

/** The as-of amount of an opportunity in its own currency. */
export function dealAmountText(input: AuditInput, row: number): string {
  const currency = input.dataset.labels.currency[input.dataset.opportunities.currencyCode[row]!] ?? '';
  return moneyText(input.state.amount[row]!, currency);
}

export function stageText(input: AuditInput, stageCode: number): string {
  return input.dataset.labels.stage[stageCode] || '(no stage)';
}

export function categoryText(input: AuditInput, categoryCode: number): string {
  return input.dataset.labels.forecast_category[categoryCode] || '(no category)';
}

/** `n day(s)`. */
export function daysText(days: number): string {
  return `${days} day${days === 1 ? '' : 's'}`;
}
