/**
 * The result of parsing one cell: a value (null for an empty or null-token cell), or a problem that says what
 * was wrong and how to fix it. Value parsers never throw and never coerce silently; the importer adds the
 * location (file, line, column) to the problem.
 * @module
 */
import type { Problem } from '../../domain/errors.js';

export type Parsed<T> =
  | {
      readonly ok: true;
      readonly value: T;
      /** Something the user should know about how it was read. */ readonly note?: string;
    }
  | { readonly ok: false; readonly problem: Problem };

export function parsed<T>(value: T, note?: string): Parsed<T> {
  return note === undefined ? { ok: true, value } : { ok: true, value, note };
}

export function problem<T>(message: string, fix: string): Parsed<T> {
  return { ok: false, problem: { message, fix } };
}

/** Quotes a cell for messages, so that spaces and empty text are visible: `"1.234,56 €"`. */
export function show(text: string): string {
  return JSON.stringify(text);
}
