import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDate } from '../values/index.js';
import {
  DateCache,
  Interner,
  readCell,
  readCellAt,
  readConstant,
  readId,
  readMoney,
  utcInstant,
  DAY_SECONDS,
  readTimestamp,
  secondsOfDay,
  SpanMap,
  type CellContext,
} from './cell-values.js';

const context: CellContext = { dateOrder: null, decimalSeparator: null, currency: 'USD' };
const valueOf = (result: { ok: boolean; value?: unknown }) => (result.ok ? result.value : 'problem');

describe('cell values', () => {
  it('reads the time of day of timestamps as CRMs write them', () => {
    expect(secondsOfDay('2026-03-31T14:05:09.000Z')).toBe(14 * 3600 + 5 * 60 + 9);
    expect(secondsOfDay('3/31/2026 9:15 PM')).toBe(21 * 3600 + 15 * 60);
    expect(secondsOfDay('3/31/2026 12:30 AM')).toBe(30 * 60);
    expect(secondsOfDay('2026-03-31 08:02')).toBe(8 * 3600 + 2 * 60);
    expect(secondsOfDay('2026-03-31')).toBe(0);
  });

  it('reads timestamps as their date and time of day, ISO UTC ones on a fast path', () => {
    const dates = new DateCache('mdy');
    expect(valueOf(readTimestamp('2025-11-03T16:22:10.000Z', dates))).toEqual({
      date: '2025-11-03',
      seconds: 58930,
    });
    expect(valueOf(readTimestamp('3/31/2026 9:15 AM', dates))).toEqual({
      date: '2026-03-31',
      seconds: 33300,
    });
    expect(valueOf(readTimestamp('', dates))).toBeNull();
    expect(valueOf(readTimestamp('2026-02-30T10:00:00Z', dates))).toBe('problem');
  });

  it('keeps ids as written (trimmed), giving 15-character Salesforce ids their 18-character form when asked', () => {
    expect(readId('  00042 ')).toBe('00042');
    expect(readId('0065e00000AbCdE', true)).toBe('0065e00000AbCdEAAV');
    expect(readId('0065e00000AbCdE', false)).toBe('0065e00000AbCdE');
    expect(readId('')).toBeNull();
  });

  it('scales amounts exactly, and refuses a scale that leaves a fraction of a cent', () => {
    expect(valueOf(readMoney('1100.04', { ...context, scale: 1_000_000 }))).toEqual({
      amount: 110_004_000_000,
      currency: 'USD',
    });
    expect(valueOf(readMoney('1.5', { ...context, scale: 0.5 }))).toBe('problem');
  });

  it('reads enumerations, currencies and booleans through their vocabularies', () => {
    const dates = new DateCache(null);
    expect(valueOf(readCell('forecastCategory', 'Best Case', context, dates))).toBe('best_case');
    expect(valueOf(readCell('forecastCategory', 'N/A', context, dates))).toBeNull();
    expect(valueOf(readCell('currency', ' eur ', context, dates))).toBe('EUR');
    expect(valueOf(readCell('currency', 'Euro', context, dates))).toBe('problem');
    expect(valueOf(readCell('boolean', 'Yes', context, dates))).toBe(true);
    expect(valueOf(readCell('stage', '  Closed Won ', context, dates))).toBe('Closed Won');
  });

  it('reads constants of a mapping: dates only as YYYY-MM-DD', () => {
    expect(valueOf(readConstant('date', '2026-03-31', 'USD'))).toBe('2026-03-31');
    expect(valueOf(readConstant('date', '3/31/2026', 'USD'))).toBe('problem');
    expect(valueOf(readConstant('money', '1200', 'EUR'))).toEqual({ amount: 120_000, currency: 'EUR' });
  });

  it('reads exactly the UTC timestamps of the ISO pattern, without a regular expression', () => {
    const pattern = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d{1,9})?(?:Z|[+-]00:?00)$/;
    const parts = [
      ['2025-11-03', '2025-1-03', '2025/11/03', '20251103', ''],
      ['T', ' ', 't', ''],
      ['16:22:10', '00:00:00', '16:22', '6:22:10', '99:99:99', '16-22-10', '16:22:1x'],
      ['', '.000', '.', '.1234567890', '.123456789', ',000', '.00a'],
      ['Z', '+00:00', '-0000', '+00:0', '+01:00', '+00', 'z', '', 'Zx'],
    ];
    // Every combination of the parts.
    const texts = parts.reduce<string[]>(
      (heads, options) => heads.flatMap((head) => options.map((option) => head + option)),
      [''],
    );
    let matched = 0;
    for (const text of texts) {
      const match = pattern.exec(text);
      const [hours, minutes, seconds] = match ? [match[2], match[3], match[4]].map(Number) : [];
      // A clock that is not a time of day (99:99:99) is not read either.
      const timeOfDay = match !== null && hours! < 24 && minutes! < 60 && seconds! < 61;
      const day = match ? Number(match[1]!.replaceAll('-', '')) : 0;
      if (timeOfDay) matched++;
      expect([text, utcInstant(text)]).toEqual([
        text,
        timeOfDay ? day * DAY_SECONDS + hours! * 3600 + minutes! * 60 + seconds! : -1,
      ]);
    }
    expect(matched).toBe(2 * 3 * 3);
    // 16:22:10 on 2025-11-03: 58,930 seconds into the day 20251103.
    expect(utcInstant('2025-11-03T16:22:10.000Z')).toBe(20251103 * 86_401 + 58930);
    expect(utcInstant('2016-12-31T23:59:60Z') % DAY_SECONDS).toBe(86_400);
  });

  it('reads dates through its cache as the date parser does, UTC timestamps by their date', () => {
    const texts = [
      '2026-03-31T08:00:00.000Z',
      '2026-03-31T23:59:60Z',
      '2026-03-31T24:00:00Z',
      '2026-03-31T08:60:00Z',
      '2026-02-30T08:00:00Z',
      '2026-03-31T08:00:00+02:00',
      '2026-03-31T08:00:00-0000',
      '2026-03-31',
      '03/31/2026',
      'March 31, 2026',
      '',
    ];
    const cache = new DateCache('mdy');
    // Twice: the second time from the cache.
    for (const text of [...texts, ...texts])
      expect([text, cache.read(text)]).toEqual([text, parseDate(text, { order: 'mdy' })]);
  });

  it('reads cells in place as readCell reads them, or leaves them to it', () => {
    const cells = [
      '2026-03-31',
      '2026-02-30',
      '2026-3-31',
      '03/31/2026',
      '2026-03-31T14:05:09.000Z',
      '2026-03-31T24:00:00Z',
      '2026-03-31T10:00:00+02:00',
      '22050.00',
      '-1901.5',
      '-0.0',
      '12.345',
      '22.050',
      '1234567890123456',
      '$1,234',
      '007',
      'true',
      'false',
      'True',
      '1',
      ' 5',
      '',
    ];
    const contexts: CellContext[] = [
      context,
      { ...context, decimalSeparator: '.' },
      { ...context, currency: 'JPY' },
    ];
    for (const kind of ['date', 'timestamp', 'money', 'boolean', 'id', 'text'] as const) {
      for (const cellContext of contexts) {
        for (const cell of cells) {
          const source = `"x",${cell},"y"`;
          const inPlace = readCellAt(kind, source, 4, 4 + cell.length, cellContext, new DateCache('mdy'));
          const whole = readCell(kind, cell, cellContext, new DateCache('mdy'));
          if (inPlace !== undefined) expect([kind, cell, inPlace]).toEqual([kind, cell, whole]);
        }
      }
    }
    expect(readCellAt('money', '22050.00', 0, 8, context, new DateCache(null))).toEqual({
      ok: true,
      value: { amount: 2_205_000, currency: 'USD' },
    });
    expect(readCellAt('id', 'abc', 0, 3, context, new DateCache(null))).toBeUndefined();
    const strings = new Interner();
    const shared = { ...context, strings, salesforceIds: true };
    const text = '006000000000001AAA,x,006000000000001AAA';
    const [first, second] = [
      readCellAt('id', text, 0, 18, shared, new DateCache(null)),
      readCellAt('id', text, 21, 39, shared, new DateCache(null)),
    ];
    expect(first).toEqual({ ok: true, value: '006000000000001AAA' });
    expect((second as { value: string }).value).toBe((first as { value: string }).value);
    expect(strings.of('006000000000001AAA')).toBe((first as { value: string }).value);
    expect(readCellAt('id', ' 006000000000001AAA', 0, 19, shared, new DateCache(null))).toBeUndefined();
    expect(readCellAt('id', '006000000000001', 0, 15, shared, new DateCache(null))).toBeUndefined();
  });
});

describe('SpanMap', () => {
  /** Keys looked up where they lie in one text, set when missed, as the readers use the map. */
  function lookUpAll(map: SpanMap<number>, keys: readonly string[]): (number | undefined)[] {
    const text = keys.join('|');
    let start = 0;
    return keys.map((key, index) => {
      const end = start + key.length;
      let value = map.get(text, start, end);
      if (value === undefined) map.setMissed(key, (value = index));
      // The kept key equal to the text, whichever lookup found or set it.
      expect(map.keyOf(text, start, end)).toBe(keys[value]);
      start = end + 1;
      return value;
    });
  }

  it('finds each key where it lies, by all its characters or by a few (any keys, empty included)', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 6 }), { maxLength: 300 }), (keys) => {
        const expected = keys.map((key) => keys.indexOf(key));
        expect(lookUpAll(new SpanMap<number>(), keys)).toEqual(expected);
        expect(lookUpAll(new SpanMap<number>(true), keys)).toEqual(expected);
      }),
    );
  });

  it('finds every key of many that collide under the sampled hash', () => {
    // Same length, first, middle and last characters: one sampled hash for all 2,000.
    const colliding = Array.from({ length: 2000 }, (_, n) => `S${String(n).padStart(4, '0')}-0-${n % 10}X`);
    const map = new SpanMap<number>(true);
    const keys = [...colliding.slice(0, 50), ...colliding, ...colliding.slice(0, 50)];
    expect(lookUpAll(map, keys)).toEqual(keys.map((key) => keys.indexOf(key)));
    expect(map.size).toBe(colliding.length);
  });
});
