import { describe, expect, it } from 'vitest';
import { looksLikeSalesforceId, parseId, salesforceId18 } from './ids.js';

describe('parseId', () => {
  it('keeps ids exactly as written, never as numbers', () => {
    expect(parseId('0065e00000AbCdE')).toEqual({ ok: true, value: '0065e00000AbCdE' });
    expect(parseId('00042')).toEqual({ ok: true, value: '00042' });
    expect(parseId('1E02')).toEqual({ ok: true, value: '1E02' });
    expect(parseId('N/A')).toEqual({ ok: true, value: 'N/A' });
    expect(parseId('')).toEqual({ ok: true, value: null });
  });
});

describe('Salesforce ids', () => {
  it('computes the 18-character form of a 15-character id', () => {
    // The suffix encodes, five characters at a time, which are upper case: 0015000000Gv7qJ → AAR.
    expect(salesforceId18('0015000000Gv7qJ')).toBe('0015000000Gv7qJAAR');
    expect(salesforceId18('0015000000Gv7qJAAR')).toBe('0015000000Gv7qJAAR');
    expect(salesforceId18('001500000000000')).toBe('001500000000000AAA');
    expect(salesforceId18('ABCDEABCDEABCDE')).toBe('ABCDEABCDEABCDE555');
    expect(salesforceId18('not an id')).toBeNull();
  });

  it('recognises the shape of an id', () => {
    expect(looksLikeSalesforceId('0065e00000AbCdE')).toBe(true);
    expect(looksLikeSalesforceId('0065e00000AbCdEAAA')).toBe(true);
    expect(looksLikeSalesforceId('Description1234')).toBe(true);
    expect(looksLikeSalesforceId('DescriptionText')).toBe(false);
    expect(looksLikeSalesforceId('123456789012345')).toBe(false);
  });
});
