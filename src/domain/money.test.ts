import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from './errors.js';
import {
  allocate,
  currencyExponent,
  divideRounded,
  formatMoney,
  minorToDecimalString,
  minorUnits,
  multiplyByRate,
  parseDecimalToMinor,
  parseRatio,
  sumMoney,
  type MinorUnits,
} from './money.js';

const m = (value: number): MinorUnits => minorUnits(value);

describe('currencyExponent', () => {
  it('gives ISO 4217 minor-unit digits', () => {
    expect(currencyExponent('USD')).toBe(2);
    expect(currencyExponent('JPY')).toBe(0);
    expect(currencyExponent('KWD')).toBe(3);
    expect(currencyExponent('CLF')).toBe(4);
  });

  it('follows ISO where ICU shows fewer digits', () => {
    expect(currencyExponent('HUF')).toBe(2);
    expect(currencyExponent('IDR')).toBe(2);
    expect(currencyExponent('IQD')).toBe(3);
  });

  it('rejects malformed codes', () => {
    expect(() => currencyExponent('usd')).toThrow(InputError);
    expect(() => currencyExponent('US')).toThrow('"US" is not an ISO 4217 currency code');
  });
});

describe('divideRounded (the one rounding rule)', () => {
  it('rounds half away from zero', () => {
    expect(divideRounded(5n, 2n)).toBe(3n);
    expect(divideRounded(-5n, 2n)).toBe(-3n);
    expect(divideRounded(7n, 2n)).toBe(4n);
    expect(divideRounded(249n, 100n)).toBe(2n);
    expect(divideRounded(250n, 100n)).toBe(3n);
    expect(divideRounded(-250n, 100n)).toBe(-3n);
    expect(divideRounded(5n, -2n)).toBe(-3n);
    expect(divideRounded(0n, 7n)).toBe(0n);
  });

  it('is within half a unit of the exact quotient, and a tie goes away from zero', () => {
    fc.assert(
      fc.property(fc.bigInt(-(10n ** 30n), 10n ** 30n), fc.bigInt(1n, 10n ** 20n), (n, d) => {
        const q = divideRounded(n, d);
        const error = q * d - n; // (q - n/d) * d
        const twice = 2n * (error < 0n ? -error : error);
        expect(twice <= d).toBe(true);
        if (twice === d) expect(q * n > 0n || n === 0n).toBe(true);
      }),
    );
  });

  it('refuses to divide by zero', () => {
    expect(() => divideRounded(1n, 0n)).toThrow(RangeError);
  });
});

describe('parseDecimalToMinor', () => {
  it('parses exactly into minor units', () => {
    expect(parseDecimalToMinor('1234.5', 'USD')).toBe(123450);
    expect(parseDecimalToMinor('1234', 'USD')).toBe(123400);
    expect(parseDecimalToMinor('-0.07', 'USD')).toBe(-7);
    expect(parseDecimalToMinor('-0.00', 'USD')).toBe(0); // not -0
    expect(parseDecimalToMinor('-0.001', 'USD', { round: true })).toBe(0);
    expect(parseDecimalToMinor('+12.', 'USD')).toBe(1200);
    expect(parseDecimalToMinor('.5', 'USD')).toBe(50);
    expect(parseDecimalToMinor('1234', 'JPY')).toBe(1234);
    expect(parseDecimalToMinor('1.234', 'KWD')).toBe(1234);
    // 0.1 + 0.2 style float error cannot appear: the digits are read as text.
    expect(parseDecimalToMinor('90071992547409.91', 'USD')).toBe(9007199254740991);
  });

  it('rejects more decimal places than the currency has', () => {
    expect(() => parseDecimalToMinor('1.005', 'USD')).toThrow(
      '"1.005" has more decimal places than USD has (2)\n  fix: round it to 2 decimal places',
    );
    expect(() => parseDecimalToMinor('12.5', 'JPY')).toThrow(InputError);
  });

  it('rounds half away from zero when asked', () => {
    expect(parseDecimalToMinor('1.005', 'USD', { round: true })).toBe(101);
    expect(parseDecimalToMinor('1.00499', 'USD', { round: true })).toBe(100);
    expect(parseDecimalToMinor('-1.005', 'USD', { round: true })).toBe(-101);
    expect(parseDecimalToMinor('12.5', 'JPY', { round: true })).toBe(13);
  });

  it('rejects what is not a plain decimal, and amounts beyond the safe range', () => {
    for (const text of ['', '-', '.', '1,234.50', '$12', '1e3', '12 ', 'abc', '1.2.3']) {
      expect(() => parseDecimalToMinor(text, 'USD'), text).toThrow(InputError);
    }
    expect(() => parseDecimalToMinor('90071992547409.92', 'USD')).toThrow('too large');
  });

  it('round-trips with minorToDecimalString', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -Number.MAX_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }),
        fc.constantFrom('USD', 'JPY', 'KWD', 'CLF'),
        (value, currency) => {
          const text = minorToDecimalString(m(value), currency);
          expect(parseDecimalToMinor(text, currency)).toBe(value);
        },
      ),
    );
  });
});

describe('minorToDecimalString', () => {
  it('writes the exact decimal in major units', () => {
    expect(minorToDecimalString(m(123450), 'USD')).toBe('1234.50');
    expect(minorToDecimalString(m(-5), 'USD')).toBe('-0.05');
    expect(minorToDecimalString(m(0), 'USD')).toBe('0.00');
    expect(minorToDecimalString(m(1234), 'JPY')).toBe('1234');
    expect(minorToDecimalString(m(7), 'KWD')).toBe('0.007');
  });
});

describe('formatMoney', () => {
  it('formats with the currency symbol and its digits', () => {
    expect(formatMoney(m(123450), 'USD')).toBe('$1,234.50');
    expect(formatMoney(m(-5), 'USD')).toBe('-$0.05');
    expect(formatMoney(m(1234), 'JPY')).toBe('¥1,234');
    expect(formatMoney(m(9007199254740991), 'USD')).toBe('$90,071,992,547,409.91');
  });

  it('formats compactly, rounding half away from zero', () => {
    expect(formatMoney(m(123450000), 'USD', { compact: true })).toBe('$1.2M');
    expect(formatMoney(m(125000000), 'USD', { compact: true })).toBe('$1.3M');
    expect(formatMoney(m(-125000000), 'USD', { compact: true })).toBe('-$1.3M');
    expect(formatMoney(m(123450), 'USD', { compact: true })).toBe('$1.2K');
    expect(formatMoney(m(100000000), 'USD', { compact: true })).toBe('$1M');
  });

  it('takes a locale', () => {
    expect(formatMoney(m(123450), 'EUR', { locale: 'de-DE' })).toBe('1.234,50\u00a0€');
  });
});

describe('sumMoney', () => {
  it('sums exactly', () => {
    expect(sumMoney([m(1), m(2), m(-3), m(10)])).toBe(10);
    expect(sumMoney([])).toBe(0);
  });

  it('throws when the sum leaves the safe-integer range', () => {
    expect(() => sumMoney([m(Number.MAX_SAFE_INTEGER), m(1)])).toThrow(RangeError);
    expect(() => sumMoney([m(-Number.MAX_SAFE_INTEGER), m(-1)])).toThrow(RangeError);
  });
});

describe('multiplyByRate', () => {
  it('multiplies exactly and rounds half away from zero', () => {
    expect(multiplyByRate(m(1005), '0.5')).toBe(503);
    expect(multiplyByRate(m(-1005), '0.5')).toBe(-503);
    expect(multiplyByRate(m(1000), 0.1)).toBe(100);
    // An exact half goes away from zero.
    expect(multiplyByRate(m(201), 0.5)).toBe(101);
    expect(multiplyByRate(m(333), '0.0825')).toBe(27); // 27.4725
    expect(multiplyByRate(m(1), 1e-7)).toBe(0);
    expect(multiplyByRate(m(5000000), 1e-7)).toBe(1); // 0.5 → 1
  });

  it('stays exact past 2^53 intermediate products', () => {
    // 9007199254740991 * 0.3333333333 = 3002399751280090.3581753003
    expect(multiplyByRate(m(Number.MAX_SAFE_INTEGER), '0.3333333333')).toBe(3002399751280090);
    expect(() => multiplyByRate(m(Number.MAX_SAFE_INTEGER), '2')).toThrow(RangeError);
  });

  it('agrees with bigint arithmetic on every input', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -1e12, max: 1e12 }),
        fc.integer({ min: 0, max: 10_000_000 }),
        fc.integer({ min: 0, max: 9 }),
        (minor, digits, scale) => {
          const rate = `${digits}e-${scale}`;
          const ratio = parseRatio(rate);
          const expected = divideRounded(BigInt(minor) * ratio.numerator, ratio.denominator);
          fc.pre(expected <= BigInt(Number.MAX_SAFE_INTEGER) && expected >= -BigInt(Number.MAX_SAFE_INTEGER));
          expect(multiplyByRate(m(minor), rate)).toBe(Number(expected));
        },
      ),
    );
  });

  it('rejects rates that are not decimals', () => {
    expect(() => multiplyByRate(m(1), 'ten percent')).toThrow(InputError);
    expect(() => multiplyByRate(m(1), Number.NaN)).toThrow(InputError);
  });
});

describe('allocate', () => {
  it('splits by largest remainder, the earlier part winning ties', () => {
    expect(allocate(m(100), [1, 1, 1])).toEqual([34, 33, 33]);
    expect(allocate(m(-100), [1, 1, 1])).toEqual([-34, -33, -33]);
    expect(allocate(m(10), [0.5, 0.3, 0.2])).toEqual([5, 3, 2]);
    expect(allocate(m(5), ['0.375', '0.375', '0.15', '0.1'])).toEqual([2, 2, 1, 0]); // 1.875 1.875 0.75 0.5
    expect(allocate(m(7), [1, 0, 1])).toEqual([4, 0, 3]);
  });

  it('rejects negative or all-zero weights', () => {
    expect(() => allocate(m(10), [1, -1])).toThrow(RangeError);
    expect(() => allocate(m(10), [0, 0])).toThrow(RangeError);
  });

  it('always sums to the total, each part within one unit of its exact share', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -1e15, max: 1e15 }),
        fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 1, maxLength: 20 }),
        (total, weights) => {
          fc.pre(weights.some((weight) => weight > 0));
          const parts = allocate(m(total), weights);
          expect(parts.reduce((sum, part) => sum + part, 0)).toBe(total);
          const weightSum = weights.reduce((sum, weight) => sum + weight, 0);
          parts.forEach((part, index) => {
            // |part * weightSum - total * weight| < weightSum, in exact integers
            const gap = BigInt(part) * BigInt(weightSum) - BigInt(total) * BigInt(weights[index]!);
            expect((gap < 0n ? -gap : gap) < BigInt(weightSum)).toBe(true);
          });
        },
      ),
    );
  });
});
