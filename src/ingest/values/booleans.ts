/**
 * Booleans as CRMs write them: `true`/`false` (Salesforce, HubSpot), `1`/`0` (Data Loader, SQL), `Yes`/`No`,
 * `Y`/`N`, and `x` for a ticked box; any letter case.
 * @module
 */
import { isNullToken } from './null-tokens.js';
import { parsed, problem, show, type Parsed } from './parsed.js';

const TRUE_WORDS = new Set(['true', '1', 'yes', 'y', 'x']);
const FALSE_WORDS = new Set(['false', '0', 'no', 'n']);

/** Whether `text` is one of the boolean words (not a null token). */
export function isBooleanWord(text: string): boolean {
  const word = text.trim().toLowerCase();
  return TRUE_WORDS.has(word) || FALSE_WORDS.has(word);
}

export function parseBoolean(text: string): Parsed<boolean | null> {
  if (isNullToken(text, 'boolean')) return parsed(null);
  const word = text.trim().toLowerCase();
  if (TRUE_WORDS.has(word)) return parsed(true);
  if (FALSE_WORDS.has(word)) return parsed(false);
  return problem(
    `${show(text)} is not a yes/no value`,
    'write true or false (also accepted: 1/0, yes/no, y/n, x for yes)',
  );
}
