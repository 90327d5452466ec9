import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isoDate } from './dates.js';
import { InputError } from './errors.js';
import { createFxTable, fxRateProblems, type FxRateInput } from './fx.js';
import { currencyExponent, minorUnits, parseRatio } from './money.js';

const d = isoDate;
const m = minorUnits;

const RATES: FxRateInput[] = [
  { currency: 'EUR', from: '2026-07-01', rate: '0.86' },
  { currency: 'EUR', from: '2026-01-01', rate: '0.92' },
  { currency: 'JPY', from: '2026-01-01', rate: '150.5' },
  { currency: 'KWD', from: '2026-01-01', rate: '0.3075' },
  { currency: 'CHF', from: '2026-01-01', rate: 1.25 },
];
const table = createFxTable('USD', RATES);

describe('convert', () => {
  it('converts at the rate in force on the date (hand-computed)', () => {
    // 100.00 EUR / 0.92 = 108.6956... USD
    expect(table.convert(m(10000), 'EUR', 'USD', d('2026-03-15'))).toBe(10870);
    // 100.00 USD * 0.92 EUR
    expect(table.convert(m(10000), 'USD', 'EUR', d('2026-03-15'))).toBe(9200);
    // 100.00 EUR / 0.92 * 150.5 = 16358.69... JPY (no minor unit)
    expect(table.convert(m(10000), 'EUR', 'JPY', d('2026-03-15'))).toBe(16359);
    // 10000 JPY / 150.5 * 0.3075 = 20.43189... KWD (three digits)
    expect(table.convert(m(10000), 'JPY', 'KWD', d('2026-03-15'))).toBe(20432);
    expect(table.toCorporate(m(10000), 'EUR', d('2026-03-15'))).toBe(10870);
  });

  it('switches rate on the start date of the next one', () => {
    expect(table.convert(m(10000), 'EUR', 'USD', d('2026-06-30'))).toBe(10870);
    // 100.00 EUR / 0.86 = 116.279... USD
    expect(table.convert(m(10000), 'EUR', 'USD', d('2026-07-01'))).toBe(11628);
    expect(table.convert(m(10000), 'EUR', 'USD', d('2030-01-01'))).toBe(11628);
    expect(table.convert(m(10000), 'EUR', 'USD', d('2026-01-01'))).toBe(10870);
  });

  it('rounds an exact half away from zero', () => {
    // 0.02 USD * 1.25 = 0.025 CHF
    expect(table.convert(m(2), 'USD', 'CHF', d('2026-02-01'))).toBe(3);
    expect(table.convert(m(-2), 'USD', 'CHF', d('2026-02-01'))).toBe(-3);
  });

  it('names the currency and date when no rate covers them', () => {
    expect(() => table.convert(m(100), 'EUR', 'USD', d('2025-12-31'))).toThrow(
      'no EUR rate covers 2025-12-31: the first EUR rate starts 2026-01-01',
    );
    expect(() => table.convert(m(100), 'SEK', 'USD', d('2026-03-01'))).toThrow(
      'no SEK rate covers 2026-03-01: there are no SEK rates (rates are given for EUR, JPY, KWD, CHF)',
    );
    try {
      table.convert(m(100), 'SEK', 'EUR', d('2026-03-01'));
    } catch (error) {
      expect(error).toBeInstanceOf(InputError);
      expect((error as InputError).problems[0]?.fix).toBe(
        'add to fx in salesops.yaml: { currency: SEK, from: <2026-03-01 or earlier>, rate: <SEK per 1 USD> }',
      );
    }
  });

  it('gives exact rates, the corporate currency at 1', () => {
    expect(table.rateOn('USD', d('1999-01-01'))).toEqual({ numerator: 1n, denominator: 1n });
    expect(table.rateOn('EUR', d('2026-08-01'))).toEqual({ numerator: 86n, denominator: 100n });
    expect(table.currencies).toEqual(['USD', 'EUR', 'JPY', 'KWD', 'CHF']);
  });
});

const CURRENCIES = ['USD', 'EUR', 'JPY', 'KWD', 'CLF', 'IDR'] as const;
/** A positive decimal rate string with up to 6 significant digits, from 0.000001 to 999999. */
const rateArbitrary = fc
  .tuple(fc.integer({ min: 1, max: 999_999 }), fc.integer({ min: 0, max: 6 }))
  .map(([digits, scale]) => `${digits}e-${scale}`);

describe('properties', () => {
  it('converting a currency into itself is the identity', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -1e15, max: 1e15 }),
        fc.constantFrom(...CURRENCIES),
        (amount, currency) => {
          expect(table.convert(m(amount), 'USD', 'USD', d('2026-05-05'))).toBe(amount);
          const local = createFxTable('XAU', [{ currency, from: '2000-01-01', rate: '3.7' }]);
          expect(local.convert(m(amount), currency, currency, d('2026-05-05'))).toBe(amount);
        },
      ),
    );
  });

  it('a round trip A → B → A errs by at most half a unit of B (in A) plus half a unit of A', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -1e9, max: 1e9 }),
        fc.constantFrom(...CURRENCIES),
        fc.constantFrom(...CURRENCIES),
        rateArbitrary,
        rateArbitrary,
        (amount, a, b, rateA, rateB) => {
          fc.pre(a !== b);
          const fx = createFxTable('XAU', [
            { currency: a, from: '2000-01-01', rate: rateA },
            { currency: b, from: '2000-01-01', rate: rateB },
          ]);
          const on = d('2026-01-01');
          let back: number;
          try {
            back = fx.convert(fx.convert(m(amount), a, b, on), b, a, on);
          } catch (error) {
            fc.pre(!(error instanceof RangeError)); // the amount in B is beyond the safe-integer range
            throw error;
          }
          // k = value of one minor unit of B in minor units of A = rateA / rateB * 10^(eA - eB)
          const ra = parseRatio(rateA);
          const rb = parseRatio(rateB);
          const shift = currencyExponent(a) - currencyExponent(b);
          let kNumerator = ra.numerator * rb.denominator;
          let kDenominator = ra.denominator * rb.numerator;
          if (shift > 0) kNumerator *= 10n ** BigInt(shift);
          else kDenominator *= 10n ** BigInt(-shift);
          const error = BigInt(Math.abs(back - amount));
          // |error| <= 1/2 + k/2  ⇔  2 |error| kDen <= kDen + kNum
          expect(2n * error * kDenominator <= kDenominator + kNumerator).toBe(true);
          // Errors are whole units, so the error is at most 1 whenever B's unit is worth less than 3 of A's.
          if (kNumerator < 3n * kDenominator) expect(Number(error)).toBeLessThanOrEqual(1);
        },
      ),
    );
  });
});

describe('validation', () => {
  it('lists every problem with its field', () => {
    const problems = fxRateProblems('USD', [
      { currency: 'eur', from: '2026-02-30', rate: '0.9' },
      { currency: 'GBP', from: '2026-01-01', rate: '0' },
      { currency: 'GBP', from: '2026-01-01', rate: 'abc' },
      { currency: 'USD', from: '2026-01-01', rate: '2' },
      { currency: 'USD', from: '2027-01-01', rate: '1.000' },
    ]);
    expect(problems.map((problem) => `${problem.index}.${problem.key}: ${problem.message}`)).toEqual([
      '0.currency: must be an ISO 4217 code such as EUR (got "eur")',
      '0.from: must be a date YYYY-MM-DD (got "2026-02-30")',
      '1.rate: must be greater than 0 (got "0")',
      '2.rate: must be a decimal number (got "abc")',
      '2.from: fx[1] already gives a GBP rate from 2026-01-01',
      '3.rate: the corporate currency USD always has rate 1 (got "2")',
    ]);
  });

  it('createFxTable throws one InputError locating each problem', () => {
    expect(() =>
      createFxTable('USD', [
        { currency: 'EUR', from: '2026-01-01', rate: '0.9' },
        { currency: 'EUR', from: '2026-01-01', rate: '-1' },
      ]),
    ).toThrow(
      'fx[1].rate: must be greater than 0 (got "-1")\n' +
        '  fix: write how many EUR one USD buys, e.g. "0.92"\n' +
        'fx[1].from: fx[0] already gives a EUR rate from 2026-01-01\n' +
        '  fix: keep one rate per currency and start date',
    );
    expect(() => createFxTable('usd', [])).toThrow(InputError);
  });
});
