import { describe, expect, it } from 'vitest';
import {
  decideDecimalSeparator,
  parseDecimal,
  parseInteger,
  parsePercent,
  partsToSafeScaledInteger,
  partsToScaledInteger,
  readNumber,
  voteDecimalSeparator,
} from './numbers.js';

describe('readNumber', () => {
  it('reads digits, grouping and the decimal separator exactly', () => {
    expect(readNumber('1,234.56', null)).toEqual({
      kind: 'number',
      parts: { negative: false, whole: '1234', fraction: '56', exponent: 0 },
    });
    expect(readNumber('1.234,56', null)).toMatchObject({ parts: { whole: '1234', fraction: '56' } });
    expect(readNumber("1'234.5", null)).toMatchObject({ parts: { whole: '1234', fraction: '5' } });
    expect(readNumber('12,34,567', null)).toMatchObject({ parts: { whole: '1234567', fraction: '' } });
    expect(readNumber('(7)', null)).toMatchObject({ parts: { negative: true, whole: '7' } });
    expect(readNumber('7-', null)).toMatchObject({ parts: { negative: true, whole: '7' } });
    expect(readNumber('1.5E+06', null)).toMatchObject({ parts: { whole: '1', fraction: '5', exponent: 6 } });
  });

  it('calls a lone separator before three digits ambiguous, unless the column says', () => {
    expect(readNumber('1,234', null)).toEqual({ kind: 'ambiguous', separator: ',' });
    expect(readNumber('1.234', null)).toEqual({ kind: 'ambiguous', separator: '.' });
    expect(readNumber('1,234', '.')).toMatchObject({ parts: { whole: '1234', fraction: '' } });
    expect(readNumber('1,234', ',')).toMatchObject({ parts: { whole: '1', fraction: '234' } });
  });

  it('rejects irregular forms with a reason', () => {
    expect(readNumber('1,23,4', null)).toEqual({
      kind: 'invalid',
      reason: 'its digit grouping is irregular',
    });
    expect(readNumber('1.234.5', '.')).toEqual({
      kind: 'invalid',
      reason: 'it has more than one decimal separator "."',
    });
    expect(readNumber('12a', null)).toEqual({ kind: 'invalid', reason: 'it is not a number' });
    expect(readNumber('--1', null)).toEqual({ kind: 'invalid', reason: 'it is not a number' });
    expect(readNumber('(-1)', null)).toEqual({ kind: 'invalid', reason: 'it has two minus signs' });
    expect(readNumber('-', null)).toEqual({ kind: 'invalid', reason: 'it has no digits' });
  });
});

describe('partsToScaledInteger', () => {
  it('scales exactly and refuses to drop non-zero digits', () => {
    const parts = { negative: true, whole: '12', fraction: '3400', exponent: 0 };
    expect(partsToScaledInteger(parts, 2)).toBe(-1234n);
    expect(partsToScaledInteger({ ...parts, fraction: '345' }, 2)).toBeNull();
    expect(partsToScaledInteger({ negative: false, whole: '1', fraction: '', exponent: 2 }, 0)).toBe(100n);
  });
});

describe('partsToSafeScaledInteger', () => {
  it('agrees with the exact path, and says when the result leaves the safe range', () => {
    const parts = { negative: false, whole: '22050', fraction: '5', exponent: 0 };
    expect(partsToSafeScaledInteger(parts, 2)).toBe(2_205_050);
    expect(partsToSafeScaledInteger({ ...parts, negative: true, whole: '0', fraction: '' }, 2)).toBe(0);
    expect(partsToSafeScaledInteger({ ...parts, fraction: '555' }, 2)).toBeNull();
    expect(partsToSafeScaledInteger({ ...parts, whole: '9007199254740991', fraction: '' }, 0)).toBe(
      9_007_199_254_740_991,
    );
    expect(
      partsToSafeScaledInteger({ ...parts, whole: '9007199254740992', fraction: '' }, 0),
    ).toBeUndefined();
    expect(partsToSafeScaledInteger({ ...parts, whole: '1', fraction: '', exponent: 9 }, 2)).toBe(
      100_000_000_000,
    );
  });
});

describe('decimal separator of a column', () => {
  it('takes the vote of each value', () => {
    expect(voteDecimalSeparator('1,234.56')).toBe('.');
    expect(voteDecimalSeparator('1.234,56')).toBe(',');
    expect(voteDecimalSeparator('1,234,567')).toBe('.');
    expect(voteDecimalSeparator('1.234.567')).toBe(',');
    expect(voteDecimalSeparator('22050.00')).toBe('.');
    expect(voteDecimalSeparator('12,5')).toBe(',');
    expect(voteDecimalSeparator('1,234')).toBeNull();
    expect(voteDecimalSeparator('1200')).toBeNull();
  });

  it('decides, or reports a column that mixes both', () => {
    expect(decideDecimalSeparator({ dot: 3, comma: 0 })).toEqual({ ok: true, value: '.' });
    expect(decideDecimalSeparator({ dot: 0, comma: 0 })).toEqual({ ok: true, value: null });
    const mixed = decideDecimalSeparator({
      dot: 1,
      comma: 1,
      dotExample: '1,234.56',
      commaExample: '1.234,56',
    });
    expect(mixed.ok ? null : mixed.problem.message).toBe(
      'the column mixes decimal separators: "1,234.56" has ".", "1.234,56" has ","',
    );
  });
});

describe('parseInteger', () => {
  it('reads whole numbers, grouping included', () => {
    expect(parseInteger('28549')).toEqual({ ok: true, value: 28549 });
    expect(parseInteger('1,234')).toEqual({ ok: true, value: 1234 });
    expect(parseInteger('1.234.567')).toEqual({ ok: true, value: 1234567 });
    expect(parseInteger('-7')).toEqual({ ok: true, value: -7 });
    expect(parseInteger('12.0')).toEqual({ ok: true, value: 12 });
    expect(parseInteger('1E3')).toEqual({ ok: true, value: 1000 });
    expect(parseInteger('-0')).toEqual({ ok: true, value: 0 });
    expect(parseInteger('N/A')).toEqual({ ok: true, value: null });
  });

  it('rejects fractions, huge numbers and words', () => {
    expect(parseInteger('12.5')).toEqual({
      ok: false,
      problem: {
        message: '"12.5" is not a whole number: it has decimals',
        fix: 'write a whole number such as 1200 or 1,200',
      },
    });
    expect(parseInteger('12.0000000000000001').ok).toBe(false);
    expect(parseInteger('99999999999999999').ok).toBe(false);
    expect(parseInteger('many').ok).toBe(false);
  });
});

describe('parseDecimal', () => {
  it('reads decimals by the column separator and asks when it cannot tell', () => {
    expect(parseDecimal('3.14')).toEqual({ ok: true, value: 3.14 });
    expect(parseDecimal('1.234,5')).toEqual({ ok: true, value: 1234.5 });
    expect(parseDecimal('1,234', { decimalSeparator: ',' })).toEqual({ ok: true, value: 1.234 });
    const ambiguous = parseDecimal('1,234');
    expect(ambiguous.ok ? null : ambiguous.problem.message).toBe(
      '"1,234" could be 1234 or 1.234: "," may group thousands or mark decimals',
    );
  });
});

describe('parsePercent', () => {
  it('reads percentages as rates', () => {
    expect(parsePercent('25%')).toEqual({ ok: true, value: 0.25 });
    expect(parsePercent('33.3%')).toEqual({ ok: true, value: 0.333 });
    expect(parsePercent('12,5 %')).toEqual({ ok: true, value: 0.125 });
    expect(parsePercent('-5%')).toEqual({ ok: true, value: -0.05 });
    expect(parsePercent('100%')).toEqual({ ok: true, value: 1 });
  });

  it('reads bare numbers only as the column says', () => {
    expect(parsePercent('25', { bareNumbers: 'points' })).toEqual({ ok: true, value: 0.25 });
    expect(parsePercent('0.25', { bareNumbers: 'fraction' })).toEqual({ ok: true, value: 0.25 });
    expect(parsePercent('25')).toEqual({
      ok: false,
      problem: {
        message: '"25" has no "%": it could mean 25% or 25 × 100%',
        fix: 'say whether the column writes percentage points (25 = 25%) or fractions (0.25 = 25%)',
      },
    });
    expect(parsePercent('lots%').ok).toBe(false);
    expect(parsePercent('')).toEqual({ ok: true, value: null });
  });
});
