/**
 * Label dictionaries: text labels (stage, segment, region, ...) as small integer codes, dense per kind from 1 and
 * never reassigned, so a code means the same label in every data version.
 * @module
 */
import type { LabelsTable } from './schema.js';
import type { LabelKind } from './store.js';

export class LabelDictionary {
  private readonly codes = new Map<string, Map<string, number>>();
  private readonly added: LabelsTable[] = [];

  /** Starts from the stored labels (codes must be dense per kind, as the store keeps them). */
  constructor(stored: readonly LabelsTable[]) {
    for (const { kind, code, value } of stored) this.kindCodes(kind).set(value, code);
  }

  /** The code of a label, assigning the next free code of its kind to a label not seen before. */
  code(kind: LabelKind, value: string): number {
    const codes = this.kindCodes(kind);
    const known = codes.get(value);
    if (known !== undefined) return known;
    const code = codes.size + 1;
    codes.set(value, code);
    this.added.push({ kind, code, value });
    return code;
  }

  /** Like {@link code}, keeping null (an absent label) as null. */
  optionalCode(kind: LabelKind, value: string | null): number | null {
    return value === null ? null : this.code(kind, value);
  }

  has(kind: LabelKind, value: string): boolean {
    return this.codes.get(kind)?.has(value) ?? false;
  }

  /** Labels assigned since construction, in assignment order: the rows to store. */
  newLabels(): readonly LabelsTable[] {
    return this.added;
  }

  private kindCodes(kind: string): Map<string, number> {
    let codes = this.codes.get(kind);
    if (codes === undefined) {
      codes = new Map();
      this.codes.set(kind, codes);
    }
    return codes;
  }
}

/** A dictionary as `labels(kind)` returns it: `values[code]`, index 0 unused (null). */
export function labelArray(rows: readonly { code: number; value: string }[]): (string | null)[] {
  const values: (string | null)[] = [null];
  for (const { code, value } of rows) values[code] = value;
  return Array.from(values, (value) => value ?? null);
}
