/**
 * Rules on who works a deal and whether anyone does: stale deals, owners no longer (or not yet) on the team,
 * and deals without an account.
 * @module
 */
import { NO_DAY, NO_INDEX, textAt } from '../../dataset/dataset.js';
import { opportunityFinding, type QualityRule } from '../rule.js';
import { dayText, daysText } from './describe.js';

export const staleDeal: QualityRule = {
  id: 'stale-deal',
  title: 'Stale deal',
  severity: 'warning',
  description: (options) =>
    `An open deal with no activity logged on it and no change to its stage, amount, close date, category ` +
    `or owner for ${options.staleDays} days or more before the as-of date (a deal with neither counts from ` +
    'the day it was created).',
  fix: 'Ask the owner for the next step and log it, or close the deal as lost.',
  check(input) {
    const rows: number[] = [];
    const lastTouch = new Int32Array(input.open.length);
    for (let row = 0; row < input.open.length; row++) {
      if (input.open[row] !== 1) continue;
      lastTouch[row] = Math.max(input.state.lastChangeDay[row]!, input.lastActivityDay[row]!);
      if (input.asOfDay - lastTouch[row]! >= input.options.staleDays) rows.push(row);
    }
    return opportunityFinding(
      input,
      rows,
      (row) =>
        `nothing for ${daysText(input.asOfDay - lastTouch[row]!)} (last on ${dayText(lastTouch[row]!)})`,
    );
  },
};

export const ownerInactive: QualityRule = {
  id: 'owner-inactive',
  title: 'Open deal owned by someone not on the team',
  severity: 'warning',
  description: () =>
    'An open deal whose owner (as of the as-of date) was not employed on that date: the rep left before it, ' +
    'or joins after it. The store requires every owner to be a rep it knows, so an owner missing from the ' +
    'roster altogether cannot occur; a rep who has left is how it shows.',
  fix: "Reassign the deal to a current rep: the account's territory owner, or the departed rep's manager.",
  check(input) {
    const rows: number[] = [];
    const { ownerIndex } = input.state;
    const { hireDay, endDay } = input.dataset.reps;
    const employed = (rep: number): boolean =>
      (hireDay[rep] === NO_DAY || hireDay[rep]! <= input.asOfDay) &&
      (endDay[rep] === NO_DAY || endDay[rep]! >= input.asOfDay);
    for (let row = 0; row < input.open.length; row++) {
      if (input.open[row] !== 1) continue;
      const owner = ownerIndex[row]!;
      if (owner === NO_INDEX || !employed(owner)) rows.push(row);
    }
    const { name } = input.dataset.reps;
    return opportunityFinding(input, rows, (row) => {
      const owner = ownerIndex[row]!;
      if (owner === NO_INDEX) return 'no owner';
      return endDay[owner] !== NO_DAY && endDay[owner]! < input.asOfDay
        ? `owner ${textAt(name, owner)} left on ${dayText(endDay[owner]!)}`
        : `owner ${textAt(name, owner)} joins on ${dayText(hireDay[owner]!)}`;
    });
  },
};

export const accountMissing: QualityRule = {
  id: 'account-missing',
  title: 'Deal without an account',
  severity: 'warning',
  description: () =>
    'A deal linked to no account: segment, territory and customer reports cannot place it, and duplicates ' +
    'of it cannot be found by account.',
  fix: 'Link the deal to its account (create the account first if it is new).',
  check(input) {
    const rows: number[] = [];
    const { accountIndex } = input.dataset.opportunities;
    for (let row = 0; row < input.open.length; row++) {
      if (input.state.exists[row] === 1 && accountIndex[row] === NO_INDEX) rows.push(row);
    }
    return opportunityFinding(input, rows, () => 'no account');
  },
};
