/**
 * CRM record ids, kept as text exactly as written: a Salesforce id is case-sensitive (`0065e00000AbCdE`) and an
 * id with leading zeros (`00042`) must never become a number.
 * @module
 */
import { isNullToken } from './null-tokens.js';
import { parsed, type Parsed } from './parsed.js';

/** The id as written, or null for an empty cell. Nothing is trimmed, re-cased or converted. */
export function parseId(text: string): Parsed<string | null> {
  return parsed(isNullToken(text, 'id') ? null : text);
}

const SALESFORCE_ID = /^[A-Za-z0-9]{15}(?:[A-Za-z0-9]{3})?$/;
const CHECKSUM_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';

/** Whether the text has the shape of a Salesforce record id (15 or 18 letters and digits). */
export function looksLikeSalesforceId(text: string): boolean {
  return SALESFORCE_ID.test(text) && /\d/.test(text) && /[A-Za-z]/.test(text);
}

/**
 * The 18-character, case-insensitive form of a Salesforce id. Reports export 15-character ids and the API and
 * Data Loader 18-character ones; matching the two needs this. Each of the three suffix characters encodes which
 * of five id characters are upper case. Null when the text is not a Salesforce id.
 */
export function salesforceId18(id: string): string | null {
  if (!SALESFORCE_ID.test(id)) return null;
  const base = id.slice(0, 15);
  let suffix = '';
  for (let chunk = 0; chunk < 3; chunk++) {
    let bits = 0;
    for (let position = 0; position < 5; position++) {
      const char = base.charAt(chunk * 5 + position);
      if (char >= 'A' && char <= 'Z') bits |= 1 << position;
    }
    suffix += CHECKSUM_CHARS.charAt(bits);
  }
  return base + suffix;
}
