/**
 * Close-date rules: open deals whose close date is past, missing or a placeholder, closed deals whose close
 * date cannot be the day they closed, and open deals whose close date keeps moving.
 * @module
 */
import { NO_DAY } from '../../dataset/dataset.js';
import { opportunityFinding, type AuditInput, type QualityRule } from '../rule.js';
import { dayText, daysText } from './describe.js';

/** An open deal's close date that is not a forecast: missing, before creation, or beyond the horizon. */
function isImplausibleOpenClose(input: AuditInput, row: number): boolean {
  const close = input.state.closeDay[row]!;
  return (
    close === NO_DAY ||
    close < input.dataset.opportunities.createdDay[row]! ||
    close > input.asOfDay + input.options.closeHorizonDays
  );
}

export const closeDatePast: QualityRule = {
  id: 'close-date-past',
  title: 'Open deal with a close date in the past',
  severity: 'error',
  description: () =>
    'An open deal whose close date is before the as-of date (and not before the deal was created, which ' +
    'close-date-implausible reports). It has either been lost already or will close later than the ' +
    'forecast places it.',
  fix: 'Move the close date to when the customer will realistically sign, or close the deal as lost.',
  check(input) {
    const rows: number[] = [];
    const { closeDay } = input.state;
    for (let row = 0; row < input.open.length; row++) {
      if (input.open[row] === 1 && closeDay[row]! < input.asOfDay && !isImplausibleOpenClose(input, row)) {
        rows.push(row);
      }
    }
    return opportunityFinding(
      input,
      rows,
      (row) =>
        `close date ${dayText(closeDay[row]!)}, ${daysText(input.asOfDay - closeDay[row]!)} before ${input.asOf}`,
    );
  },
};

export const closeDateImplausible: QualityRule = {
  id: 'close-date-implausible',
  title: 'Open deal without a real close date',
  severity: 'error',
  description: (options) =>
    'An open deal whose close date is missing, before the deal was created, or more than ' +
    `${options.closeHorizonDays} days after the as-of date: a placeholder, not a forecast. The store ` +
    'requires a close date on every deal (as CRMs do), so a deal "without one" shows up as a placeholder ' +
    'such as 2099-12-31 or a mistyped year.',
  fix: 'Enter the date the customer is expected to sign.',
  check(input) {
    const rows: number[] = [];
    for (let row = 0; row < input.open.length; row++) {
      if (input.open[row] === 1 && isImplausibleOpenClose(input, row)) rows.push(row);
    }
    const created = input.dataset.opportunities.createdDay;
    return opportunityFinding(
      input,
      rows,
      (row) => `close date ${dayText(input.state.closeDay[row]!)} (created ${dayText(created[row]!)})`,
    );
  },
};

export const closedDealCloseDate: QualityRule = {
  id: 'closed-deal-close-date',
  title: 'Won or lost deal without a valid close date',
  severity: 'error',
  description: () =>
    'A won or lost deal whose close date is missing, after the as-of date, or before the deal was created. ' +
    'Every stored deal has a close date, so a closed deal "without one" is a deal still carrying the date it ' +
    'was expected to close: its booking or loss lands in the wrong period.',
  fix: 'Set the close date to the day the deal was won or lost.',
  check(input) {
    const rows: number[] = [];
    const { exists, stageCode, closeDay } = input.state;
    const created = input.dataset.opportunities.createdDay;
    for (let row = 0; row < input.open.length; row++) {
      const outcome = input.outcomeByCode[stageCode[row]!];
      if (exists[row] !== 1 || (outcome !== 'won' && outcome !== 'lost')) continue;
      const close = closeDay[row]!;
      if (close === NO_DAY || close > input.asOfDay || close < created[row]!) rows.push(row);
    }
    return opportunityFinding(
      input,
      rows,
      (row) =>
        `${input.outcomeByCode[stageCode[row]!]} with close date ${dayText(closeDay[row]!)} (created ${dayText(created[row]!)})`,
    );
  },
};

export const closeDatePushed: QualityRule = {
  id: 'close-date-pushed',
  title: 'Close date pushed repeatedly',
  severity: 'warning',
  description: (options) =>
    `An open deal whose close date has been moved later ${options.pushThreshold} or more times in its ` +
    'history up to the as-of date.',
  fix: 'Ask the owner what really blocks the deal; requalify it with a realistic date, or close it as lost.',
  check(input) {
    const rows: number[] = [];
    const { pushCount, pushedDays } = input.state;
    for (let row = 0; row < input.open.length; row++) {
      if (input.open[row] === 1 && pushCount[row]! >= input.options.pushThreshold) rows.push(row);
    }
    return opportunityFinding(
      input,
      rows,
      (row) => `pushed ${pushCount[row]} times, ${daysText(pushedDays[row]!)} in all`,
    );
  },
};
