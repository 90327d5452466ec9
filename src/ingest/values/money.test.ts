import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { currencyExponent } from '../../domain/money.js';
import { moneyShape, parseMoney, type MoneyContext } from './money.js';
import type { DecimalSeparator } from './numbers.js';

const USD: MoneyContext = { currency: 'USD' };

function amountOf(text: string, context: MoneyContext = USD) {
  const result = parseMoney(text, context);
  if (!result.ok) throw new Error(result.problem.message);
  return result.value;
}

function problemOf(text: string, context: MoneyContext = USD) {
  const result = parseMoney(text, context);
  if (result.ok) throw new Error(`expected a problem for ${text}`);
  return result.problem;
}

describe('parseMoney', () => {
  it('reads the forms CRMs and spreadsheets write, in minor units', () => {
    expect(amountOf('$22,050')).toEqual({ amount: 2_205_000, currency: 'USD' });
    expect(amountOf('22050.00')).toEqual({ amount: 2_205_000, currency: 'USD' });
    expect(amountOf('22,050.5')).toEqual({ amount: 2_205_050, currency: 'USD' });
    expect(amountOf('USD 1,200')).toEqual({ amount: 120_000, currency: 'USD' });
    expect(amountOf('1,200 USD')).toEqual({ amount: 120_000, currency: 'USD' });
    expect(amountOf('US$5')).toEqual({ amount: 500, currency: 'USD' });
    expect(amountOf('+7')).toEqual({ amount: 700, currency: 'USD' });
    expect(amountOf('.5')).toEqual({ amount: 50, currency: 'USD' });
  });

  it('reads European forms and takes the currency from an unambiguous sign', () => {
    expect(amountOf('1.234,56 €', {})).toEqual({ amount: 123_456, currency: 'EUR' });
    expect(amountOf('€1.234,56', {})).toEqual({ amount: 123_456, currency: 'EUR' });
    expect(amountOf('1 234,56 €', {})).toEqual({ amount: 123_456, currency: 'EUR' });
    expect(amountOf('1\u202F234,56 €', {})).toEqual({ amount: 123_456, currency: 'EUR' });
    expect(amountOf("CHF 1'234.50", {})).toEqual({ amount: 123_450, currency: 'CHF' });
    expect(amountOf('£12', USD)).toEqual({ amount: 1200, currency: 'GBP' });
    expect(amountOf('₹12,34,567.00', {})).toEqual({ amount: 123_456_700, currency: 'INR' });
  });

  it('reads negatives: minus, accounting parentheses and a trailing minus', () => {
    expect(amountOf('$(1,901)')).toEqual({ amount: -190_100, currency: 'USD' });
    expect(amountOf(' $(1,901.00)')).toEqual({ amount: -190_100, currency: 'USD' });
    expect(amountOf('($1,901)')).toEqual({ amount: -190_100, currency: 'USD' });
    expect(amountOf('-1,901')).toEqual({ amount: -190_100, currency: 'USD' });
    expect(amountOf('-$1,901')).toEqual({ amount: -190_100, currency: 'USD' });
    expect(amountOf('$-1,901')).toEqual({ amount: -190_100, currency: 'USD' });
    expect(amountOf('\u22121,901')).toEqual({ amount: -190_100, currency: 'USD' });
    expect(amountOf('-980,00 €', {})).toEqual({ amount: -98_000, currency: 'EUR' });
    expect(amountOf('1.234,56-', { currency: 'EUR' })).toEqual({ amount: -123_456, currency: 'EUR' });
  });

  it("reads Excel's accounting zero as zero, and says so", () => {
    expect(parseMoney('$-', USD)).toEqual({
      ok: true,
      value: { amount: 0, currency: 'USD' },
      note: `"$-" read as zero (Excel's accounting format)`,
    });
    expect(amountOf(' $-   ')).toEqual({ amount: 0, currency: 'USD' });
    expect(amountOf('€ -', {})).toEqual({ amount: 0, currency: 'EUR' });
    expect(amountOf('-')).toEqual({ amount: 0, currency: 'USD' });
  });

  it('reads empty and null-token cells as null', () => {
    for (const text of ['', '  ', 'NULL', 'null', 'N/A', '#N/A'])
      expect(parseMoney(text, USD)).toEqual({ ok: true, value: null });
  });

  it('reads scientific notation only when it is exact', () => {
    expect(amountOf('1E02')).toEqual({ amount: 10_000, currency: 'USD' });
    expect(amountOf('1.5E+03')).toEqual({ amount: 150_000, currency: 'USD' });
    expect(amountOf('-1E02')).toEqual({ amount: -10_000, currency: 'USD' });
    expect(problemOf('1.23457E+11').message).toContain("Excel's rounded display");
    expect(problemOf('1E-5').message).toBe('"1E-5" has more decimal places than USD has (2)');
    expect(problemOf('1.5E3', { currency: 'EUR', decimalSeparator: ',' }).message).toContain(
      'scientific notation',
    );
  });

  it('uses the column currency for $ and for amounts without a sign, and asks when there is none', () => {
    expect(amountOf('$5', { currency: 'CAD' })).toEqual({ amount: 500, currency: 'CAD' });
    expect(amountOf('¥1,200', { currency: 'JPY' })).toEqual({ amount: 1200, currency: 'JPY' });
    expect(problemOf('$5', {}).message).toBe(
      '"$5" is in "$", which may be any of USD, CAD, AUD, NZD, SGD, HKD, MXN, ARS, CLP, COP, TWD',
    );
    expect(problemOf('$5', { currency: 'EUR' }).message).toBe(
      `"$5" is in "$", which is not a sign of the column's currency EUR`,
    );
    expect(problemOf('12', {}).fix).toBe(
      "set the column's currency, or write it with the amount (USD 1,200)",
    );
    expect(problemOf('12', { currency: 'usd' }).message).toContain('is not an ISO 4217 code');
  });

  it('reads a lone separator before three digits as grouping, unless the currency has three decimals', () => {
    expect(amountOf('22,050')).toEqual({ amount: 2_205_000, currency: 'USD' });
    expect(amountOf('12.345', { currency: 'EUR' })).toEqual({ amount: 1_234_500, currency: 'EUR' });
    expect(problemOf('1,234', { currency: 'KWD' }).message).toBe(
      '"1,234" could be a whole amount or one with 3 decimals (KWD has 3)',
    );
    expect(amountOf('1,234', { currency: 'KWD', decimalSeparator: ',' })).toEqual({
      amount: 1234,
      currency: 'KWD',
    });
  });

  it('follows the column decimal separator', () => {
    expect(amountOf('1.234', { currency: 'EUR', decimalSeparator: ',' })).toEqual({
      amount: 123_400,
      currency: 'EUR',
    });
    expect(amountOf('1,5', { currency: 'EUR', decimalSeparator: ',' })).toEqual({
      amount: 150,
      currency: 'EUR',
    });
    expect(problemOf('12.345', { currency: 'USD', decimalSeparator: '.' }).message).toBe(
      '"12.345" has more decimal places than USD has (2)',
    );
    expect(problemOf('1,5', { currency: 'USD', decimalSeparator: '.' }).message).toContain(
      'grouping is irregular',
    );
  });

  it('never rounds: more decimals than the currency has is a problem', () => {
    expect(problemOf('12.345 USD', { decimalSeparator: '.' }).fix).toBe(
      'round the amounts to 2 decimal places before exporting',
    );
    expect(problemOf('1.5', { currency: 'JPY' }).message).toBe(
      '"1.5" has more decimal places than JPY has (0)',
    );
    expect(amountOf('12.3400')).toEqual({ amount: 1234, currency: 'USD' }); // trailing zeros are exact
  });

  it('reads plain decimals on the fast path exactly as on the general one', () => {
    expect(parseMoney('-0.00', USD)).toEqual({ ok: true, value: { amount: 0, currency: 'USD' } });
    expect(Object.is(amountOf('-0.00')?.amount, 0)).toBe(true);
    expect(amountOf('1.234', { currency: 'KWD', decimalSeparator: '.' })).toEqual({
      amount: 1234,
      currency: 'KWD',
    });
    expect(amountOf('22.050', { currency: 'EUR' })).toEqual({ amount: 2_205_000, currency: 'EUR' });
    expect(amountOf('90071992547409.91')).toEqual({ amount: 9_007_199_254_740_991, currency: 'USD' });
    expect(problemOf('90071992547409.92').message).toBe('"90071992547409.92" is too large an amount');
  });

  it('rejects what is not an amount, saying why', () => {
    expect(problemOf('abc').message).toBe('"abc" is not an amount: it has no digits');
    expect(problemOf('5%').message).toBe('"5%" is not an amount: "%" after the digits');
    expect(problemOf('(-5)').message).toBe('"(-5)" is not an amount: it is both in parentheses and signed');
    expect(problemOf('(5').message).toBe('"(5" is not an amount: its parentheses do not pair up');
    expect(problemOf('1.2.3').message).toContain('is not an amount');
    expect(problemOf('$ 12 abc').message).toBe('"$ 12 abc" is not an amount: "abc" after the digits');
    expect(problemOf('1;DROP TABLE users').message).toContain('is not an amount');
    expect(problemOf('99999999999999999').message).toBe('"99999999999999999" is too large an amount');
  });
});

describe('moneyShape', () => {
  it('describes an amount without resolving its currency', () => {
    expect(moneyShape('$(1,901.00)')).toEqual({ marker: '$', body: '1,901.00', parenthesised: true });
    expect(moneyShape('1.234,56 €')).toEqual({ marker: '€', body: '1.234,56', parenthesised: false });
    expect(moneyShape('$-')).toEqual({ marker: '$', body: '', parenthesised: false });
    expect(moneyShape('3/31/2026')).toBeNull();
    expect(moneyShape('Acme')).toBeNull();
  });
});

/** Writes an amount the way a CRM or spreadsheet might: the inverse the property test checks against. */
interface Style {
  currency: 'USD' | 'EUR' | 'GBP' | 'JPY' | 'KWD';
  decimal: DecimalSeparator;
  group: string;
  marker: 'none' | 'code-before' | 'code-after' | 'sign-before' | 'sign-after';
  negative: 'minus' | 'parentheses' | 'trailing';
}

const SIGNS: Record<Style['currency'], string | null> = { USD: '$', EUR: '€', GBP: '£', JPY: '¥', KWD: null };

function writeAmount(minor: number, style: Style): string {
  const exponent = currencyExponent(style.currency);
  const digits = String(Math.abs(minor)).padStart(exponent + 1, '0');
  const whole = digits.slice(0, digits.length - exponent);
  const grouped = style.group ? whole.replace(/\B(?=(\d{3})+(?!\d))/g, style.group) : whole;
  let text = exponent > 0 ? `${grouped}${style.decimal}${digits.slice(digits.length - exponent)}` : grouped;
  const sign = SIGNS[style.currency] ?? style.currency;
  if (style.marker === 'code-before') text = `${style.currency} ${text}`;
  if (style.marker === 'code-after') text = `${text} ${style.currency}`;
  if (style.marker === 'sign-before') text = `${sign}${text}`;
  if (style.marker === 'sign-after') text = `${text} ${sign}`;
  if (minor >= 0) return text;
  if (style.negative === 'parentheses') return `(${text})`;
  return style.negative === 'trailing' ? `${text}-` : `-${text}`;
}

const style = fc
  .record({
    currency: fc.constantFrom('USD', 'EUR', 'GBP', 'JPY', 'KWD'),
    decimal: fc.constantFrom<DecimalSeparator>('.', ','),
    group: fc.constantFrom('', ',', '.', ' ', '\u00A0', "'"),
    marker: fc.constantFrom('none', 'code-before', 'code-after', 'sign-before', 'sign-after'),
    negative: fc.constantFrom('minus', 'parentheses', 'trailing'),
  })
  .filter((s) => s.group !== s.decimal) as fc.Arbitrary<Style>;

describe('money format/parse round trip (property)', () => {
  it('reads back every amount in every written style, given the column currency and decimal separator', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e13, max: 1e13 }), style, (minor, written) => {
        const text = writeAmount(minor, written);
        const result = parseMoney(text, { currency: written.currency, decimalSeparator: written.decimal });
        expect(result).toEqual({ ok: true, value: { amount: minor, currency: written.currency } });
      }),
      { seed: 20260302, numRuns: 2000 },
    );
  });
});
