/**
 * ISO date strings for a range of day numbers, computed once: formatting a Date per record would dominate the
 * demo generator's run time. Also knows each day's month end (reps like to put close dates there).
 * @module
 */
import { fromDayNumber, type DayNumber, type IsoDate } from '../domain/dates.js';

/** ISO labels of the days `from..to`; days outside the range are formatted on demand. */
export class DayLabels {
  private readonly labels: IsoDate[] = [];
  private readonly monthEnds: Int32Array;

  constructor(
    private readonly from: DayNumber,
    to: DayNumber,
  ) {
    for (let day = from; day <= to; day++) this.labels.push(fromDayNumber(day));
    this.monthEnds = new Int32Array(to - from + 1);
    // Walking backwards, a day ends its month when the next day is a first of the month.
    let monthEnd = exactMonthEnd(to);
    for (let day = to; day >= from; day--) {
      if (day < to && this.labels[day - from + 1]!.endsWith('-01')) monthEnd = day;
      this.monthEnds[day - from] = monthEnd;
    }
  }

  iso(day: DayNumber): IsoDate {
    return this.labels[day - this.from] ?? fromDayNumber(day);
  }

  /** Last day of the day's month. */
  monthEnd(day: DayNumber): DayNumber {
    return this.monthEnds[day - this.from] ?? exactMonthEnd(day);
  }
}

function exactMonthEnd(day: DayNumber): DayNumber {
  const date = new Date(day * 86_400_000);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1) / 86_400_000 - 1;
}
