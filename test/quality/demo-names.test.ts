/**
 * The demo's company names never look like duplicates to the audit (so the duplicate accounts it reports on a
 * demo are the planted ones), and each planted variant matches its original and nothing else.
 */
import { describe, expect, it } from 'vitest';
import { companyName, MAX_ACCOUNTS } from '../../src/demo/accounts.js';
import { duplicateAccountName } from '../../src/demo/defects.js';
import {
  COMPANY_ROUND_WORDS,
  COMPANY_STEMS,
  COMPANY_SUFFIXES,
  COMPANY_TRADES,
} from '../../src/demo/vocabulary.js';
import { namesWithinOneEdit, normalizeCompanyName } from '../../src/quality/company-names.js';

const COMBINATIONS = COMPANY_STEMS.length * COMPANY_TRADES.length * COMPANY_SUFFIXES.length;

describe('demo company names', () => {
  it('has names for every account the demo can create', () => {
    expect(COMBINATIONS * (1 + COMPANY_ROUND_WORDS.length)).toBeGreaterThanOrEqual(MAX_ACCOUNTS);
  });

  it('gives no two of its largest demo’s accounts equal or one-edit-apart normal forms', () => {
    const forms = Array.from({ length: MAX_ACCOUNTS }, (_, index) =>
      normalizeCompanyName(companyName(index, 7)),
    );
    expect(new Set(forms).size).toBe(MAX_ACCOUNTS);
    expect(namesWithinOneEdit(forms)).toEqual([]);
  }, 30_000);

  it('plants variants that match their original only: three by normal form, one by a swapped letter', () => {
    const names = Array.from({ length: COMBINATIONS }, (_, index) => companyName(index, 0));
    const forms = names.map(normalizeCompanyName);
    for (let variant = 0; variant < 3; variant++) {
      expect(
        names.every(
          (name, index) => normalizeCompanyName(duplicateAccountName(name, variant)) === forms[index],
        ),
      ).toBe(true);
    }
    const typos = names.map((name) => normalizeCompanyName(duplicateAccountName(name, 3)));
    const pairs = namesWithinOneEdit([...forms, ...typos]);
    expect(pairs).toEqual(forms.map((_, index) => [index, COMBINATIONS + index]));
  });
});
