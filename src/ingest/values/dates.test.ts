import { describe, expect, it } from 'vitest';
import {
  decideDateOrder,
  excelSerialToIsoDate,
  parseDate,
  voteDateOrder,
  type DateContext,
  type DateOrderVotes,
} from './dates.js';

function dateOf(text: string, context: DateContext = {}): string | null {
  const result = parseDate(text, context);
  if (!result.ok) throw new Error(result.problem.message);
  return result.value;
}

function problemOf(text: string, context: DateContext = {}) {
  const result = parseDate(text, context);
  if (result.ok) throw new Error(`expected a problem for ${text}`);
  return result.problem;
}

describe('parseDate', () => {
  it('reads ISO dates and year-first dates', () => {
    expect(dateOf('2026-03-31')).toBe('2026-03-31');
    expect(dateOf('2026/3/1')).toBe('2026-03-01');
    expect(dateOf('2024-02-29')).toBe('2024-02-29');
  });

  it('reads month-first and day-first dates by the column order', () => {
    expect(dateOf('3/31/2026')).toBe('2026-03-31'); // decides itself: 31 is no month
    expect(dateOf('31/03/2026')).toBe('2026-03-31');
    expect(dateOf('03/04/2026', { order: 'mdy' })).toBe('2026-03-04');
    expect(dateOf('03/04/2026', { order: 'dmy' })).toBe('2026-04-03');
    expect(dateOf('4/4/2026')).toBe('2026-04-04'); // day = month: either order
    expect(dateOf('12-31-2026')).toBe('2026-12-31');
  });

  it('reads dotted dates day-first by convention, unless the column says otherwise', () => {
    expect(dateOf('31.03.2026')).toBe('2026-03-31');
    expect(dateOf('01.02.2026')).toBe('2026-02-01');
    expect(dateOf('01.02.2026', { order: 'mdy' })).toBe('2026-01-02');
  });

  it('reads two-digit years with the pivot: 00-29 are 20xx, 30-99 are 19xx', () => {
    expect(dateOf('3/31/26')).toBe('2026-03-31');
    expect(dateOf('1/1/29')).toBe('2029-01-01');
    expect(dateOf('1/1/30')).toBe('1930-01-01');
    expect(dateOf('15.11.99')).toBe('1999-11-15');
  });

  it('reads the date of a timestamp as written, noting an offset other than UTC', () => {
    expect(parseDate('2020-12-22T21:16:01Z')).toEqual({ ok: true, value: '2020-12-22' });
    expect(parseDate('2020-12-22T21:16:01.000+0000')).toEqual({ ok: true, value: '2020-12-22' });
    expect(parseDate('2020-12-22 21:16')).toEqual({ ok: true, value: '2020-12-22' });
    expect(parseDate('2021-01-19T00:30:44.123+02:00')).toEqual({
      ok: true,
      value: '2021-01-19',
      note: `"2021-01-19T00:30:44.123+02:00": the date is taken in the timestamp's own offset +02:00 (2021-01-19); in UTC it is 2021-01-18`,
    });
    expect(parseDate('2026-03-31T08:00:00+05:30')).toEqual({
      ok: true,
      value: '2026-03-31',
      note: `"2026-03-31T08:00:00+05:30": the date is taken in the timestamp's own offset +05:30`,
    });
    expect(dateOf('5/12/2020 9:15 AM', { order: 'mdy' })).toBe('2020-05-12');
    expect(dateOf('31/12/2020 23:59:59')).toBe('2020-12-31');
  });

  it('reads English month names', () => {
    expect(dateOf('31-Mar-2026')).toBe('2026-03-31');
    expect(dateOf('1 Sept 2026')).toBe('2026-09-01');
    expect(dateOf('Mar 31, 2026')).toBe('2026-03-31');
    expect(dateOf('December 1 2026')).toBe('2026-12-01');
    expect(dateOf('5-jan-26')).toBe('2026-01-05');
  });

  it('reads Excel serial numbers only when the column holds them', () => {
    expect(dateOf('44197', { excelSerials: true })).toBe('2021-01-01');
    expect(dateOf('46112.75', { excelSerials: true })).toBe('2026-03-31');
    expect(dateOf('44650', { excelSerials: true, date1904: true })).toBe('2026-03-31');
    expect(problemOf('44197').message).toBe(
      '"44197" is a number, not a date (it may be an Excel serial date)',
    );
    expect(problemOf('60', { excelSerials: true }).message).toBe('"60" is not an Excel date serial number');
  });

  it('reads empty and null-token cells as null', () => {
    for (const text of ['', 'NULL', 'N/A', '#N/A', '-'])
      expect(parseDate(text)).toEqual({ ok: true, value: null });
  });

  it('asks for the order where neither the value nor the column can tell', () => {
    const problem = problemOf('03/04/2026');
    expect(problem.message).toBe(
      '"03/04/2026" could be 3 April 2026 or 4 March 2026, and the column does not say which',
    );
    expect(problem.fix).toBe('pass --date-order dmy (day first) or --date-order mdy (month first)');
  });

  it('rejects a value that contradicts the column order, and impossible dates', () => {
    expect(problemOf('13/1/2026', { order: 'mdy' }).message).toBe(
      `"13/1/2026" cannot be month-first (m/d/y), as the column's dates are: 13 is not a month`,
    );
    expect(problemOf('2/30/2026').message).toBe('"2/30/2026" is not a date on the calendar');
    expect(problemOf('2025-02-29').message).toBe('"2025-02-29" is not a date on the calendar');
    expect(problemOf('13/13/2026').message).toBe('"13/13/2026" is not a date on the calendar');
    expect(problemOf('3/31/2026 25:00').message).toBe('"3/31/2026 25:00" is not a date on the calendar');
    expect(problemOf('31-Foo-2026').message).toBe('"31-Foo-2026" is not a date: "Foo" is not a month');
    expect(problemOf('next Tuesday').message).toBe('"next Tuesday" is not a date');
  });
});

describe('excelSerialToIsoDate', () => {
  it("counts from 1900-01-01 as day 1, past Excel's fictitious 1900-02-29", () => {
    expect(excelSerialToIsoDate(1)).toBe('1900-01-01');
    expect(excelSerialToIsoDate(59)).toBe('1900-02-28');
    expect(excelSerialToIsoDate(60)).toBeNull();
    expect(excelSerialToIsoDate(61)).toBe('1900-03-01');
    expect(excelSerialToIsoDate(45000)).toBe('2023-03-15');
    expect(excelSerialToIsoDate(2_958_465)).toBe('9999-12-31');
    expect(excelSerialToIsoDate(0)).toBeNull();
    expect(excelSerialToIsoDate(0, true)).toBe('1904-01-01');
  });
});

describe('day/month order of a column', () => {
  it('takes each value’s vote', () => {
    expect(voteDateOrder('13/01/2026')).toBe('dmy');
    expect(voteDateOrder('01/13/2026')).toBe('mdy');
    expect(voteDateOrder('01/01/2026')).toBe('same');
    expect(voteDateOrder('01/02/2026')).toBe('ambiguous');
    expect(voteDateOrder('01.02.2026')).toBe('ambiguous-dotted');
    expect(voteDateOrder('2026-01-02')).toBeNull();
  });

  const none: DateOrderVotes = { dmy: 0, mdy: 0, ambiguous: 0, ambiguousDotted: 0 };

  it('decides from any deciding value, and asks when none decides', () => {
    expect(decideDateOrder({ ...none, dmy: 1, ambiguous: 40 })).toEqual({ ok: true, value: 'dmy' });
    expect(decideDateOrder({ ...none, mdy: 3 })).toEqual({ ok: true, value: 'mdy' });
    expect(decideDateOrder(none)).toEqual({ ok: true, value: null });
    expect(decideDateOrder({ ...none, ambiguousDotted: 2 })).toEqual({ ok: true, value: 'dmy' });
    const undecided = decideDateOrder({ ...none, ambiguous: 2, ambiguousExample: '01/02/2026' });
    expect(undecided.ok ? null : undecided.problem.fix).toBe(
      'pass --date-order dmy (day first, 31/03/2026) or --date-order mdy (month first, 03/31/2026)',
    );
  });

  it('reports a column that mixes both orders', () => {
    const mixed = decideDateOrder({
      ...none,
      dmy: 1,
      mdy: 1,
      dmyExample: '13/01/2026',
      mdyExample: '01/13/2026',
    });
    expect(mixed.ok ? null : mixed.problem.message).toBe(
      'the column mixes day-first and month-first dates: 1 date ("13/01/2026") can only be day-first and 1 date ("01/13/2026") only month-first, too many of each to tell which order the column is written in',
    );
    expect(mixed.ok ? null : mixed.problem.fix).toBe(
      'pass --date-order dmy or --date-order mdy to read the column one way (the dates written the other way are then rejected with their rows), or export the column in one date format',
    );
    // 2 to 1 is still a split column: three times as many are needed.
    expect(decideDateOrder({ ...none, dmy: 1, mdy: 2 }).ok).toBe(false);
  });

  it('takes the order of three times as many deciding dates or more, noting the dates written the other way', () => {
    const decided = decideDateOrder({
      ...none,
      dmy: 1,
      mdy: 3,
      ambiguous: 2,
      dmyExample: '31/12/2026',
      mdyExample: '12/15/2026',
      ambiguousExample: '11/02/2026',
    });
    expect(decided).toEqual({
      ok: true,
      value: 'mdy',
      note:
        'is read month-first (m/d/y), as 3 of the 4 dates that show the order are: 1 date ("31/12/2026") that can only be day-first is rejected with its row, ' +
        'and 2 dates (such as "11/02/2026") that could be either are read month-first. If the column is day-first, pass --date-order dmy',
    });
    expect(decideDateOrder({ ...none, dmy: 30, mdy: 10 })).toMatchObject({ ok: true, value: 'dmy' });
    // The value written the other way is rejected, with the fix that names --date-order.
    expect(parseDate('31/12/2026', { order: 'mdy' })).toEqual({
      ok: false,
      problem: {
        message: '"31/12/2026" cannot be month-first (m/d/y), as the column\'s dates are: 31 is not a month',
        fix: 'write it "12/31/2026"; if the column is day-first, pass --date-order dmy',
      },
    });
    expect(problemOf('31/12/2026 9:15 AM', { order: 'mdy' }).fix).toBe(
      'write it "12/31/2026 9:15 AM"; if the column is day-first, pass --date-order dmy',
    );
    expect(problemOf('2/30/2026', { order: 'dmy' }).fix).toBe(
      'correct it; if the column is month-first, pass --date-order mdy',
    );
  });
});
