import { describe, expect, it } from 'vitest';
import { labelArray, LabelDictionary } from './label-dictionary.js';

describe('LabelDictionary', () => {
  const stored = [
    { kind: 'stage', code: 1, value: 'Discovery' },
    { kind: 'stage', code: 2, value: 'Proposal' },
    { kind: 'region', code: 1, value: 'EMEA' },
  ];

  it('keeps stored codes and numbers new labels densely after them, per kind', () => {
    const labels = new LabelDictionary(stored);
    expect(labels.code('stage', 'Proposal')).toBe(2);
    expect(labels.code('stage', 'Negotiation')).toBe(3);
    expect(labels.code('region', 'NA')).toBe(2);
    expect(labels.code('segment', 'SMB')).toBe(1);
    expect(labels.code('stage', 'Negotiation')).toBe(3);
    expect(labels.newLabels()).toEqual([
      { kind: 'stage', code: 3, value: 'Negotiation' },
      { kind: 'region', code: 2, value: 'NA' },
      { kind: 'segment', code: 1, value: 'SMB' },
    ]);
  });

  it('keeps an absent label absent', () => {
    const labels = new LabelDictionary(stored);
    expect(labels.optionalCode('stage', null)).toBeNull();
    expect(labels.newLabels()).toEqual([]);
  });

  it('knows which labels exist without assigning codes', () => {
    const labels = new LabelDictionary(stored);
    expect(labels.has('region', 'EMEA')).toBe(true);
    expect(labels.has('region', 'APAC')).toBe(false);
    expect(labels.newLabels()).toEqual([]);
  });
});

describe('labelArray', () => {
  it('puts each value at its code, index 0 unused', () => {
    expect(
      labelArray([
        { code: 2, value: 'b' },
        { code: 1, value: 'a' },
      ]),
    ).toEqual([null, 'a', 'b']);
    expect(labelArray([])).toEqual([null]);
  });
});
