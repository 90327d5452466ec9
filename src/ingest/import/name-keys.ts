/**
 * Stable ids for records a file names but does not identify: a report gives an opportunity's owner and account
 * by name only. Such a record is keyed `name:` + the name in compared form (trimmed, spaces collapsed, lower
 * case), so `Ana Ito`, ` ana  ito ` and `ANA ITO` are one rep, in every import.
 * @module
 */
import { normalizeKey } from '../model/import-fields.js';

export const NAME_KEY_PREFIX = 'name:';

/** The id of a record known only by its name. */
export function nameKey(name: string): string {
  return NAME_KEY_PREFIX + normalizeKey(name);
}

/**
 * Finds records by name, ignoring case and spacing. A name two records share is ambiguous and found as such,
 * not as either of them.
 */
export class NameIndex {
  private readonly ids = new Map<string, string | null>();

  add(name: string, id: string): void {
    const key = normalizeKey(name);
    const known = this.ids.get(key);
    if (known === undefined) this.ids.set(key, id);
    else if (known !== id) this.ids.set(key, null);
  }

  /** The id of the one record with this name; null when several have it; undefined when none has. */
  find(name: string): string | null | undefined {
    return this.ids.get(normalizeKey(name));
  }
}
