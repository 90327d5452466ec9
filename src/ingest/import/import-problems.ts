/**
 * Problems an import finds, each located in the user's file (file, line, column, header) with the salesops field,
 * the value as written, what was expected and how to fix it; and the per-file accounting of rows (read =
 * imported + rejected + duplicates + ignored).
 * @module
 */
import { InputError, type Problem } from '../../domain/errors.js';

export interface ImportProblem {
  readonly file: string;
  /** 1-based line of the record (its first line); null for a problem with the whole file or mapping. */
  readonly line: number | null;
  /** 1-based field number within the record; null when the problem is not about one cell. */
  readonly column: number | null;
  /** The header of that column, as written. */
  readonly header: string | null;
  /** The salesops field, e.g. `closeDate`. */
  readonly field: string | null;
  /** The cell as written. */
  readonly value: string | null;
  readonly message: string;
  readonly expected: string | null;
  readonly fix: string;
  /**
   * Stops the whole import even with `--skip-invalid`: the file cannot be read or mapped, or a column's format
   * cannot be decided, so no row of it can be trusted.
   */
  readonly fatal: boolean;
}

/** The problem as the domain's Problem (for an InputError): located at file:line:column field. */
export function toProblem(problem: ImportProblem): Problem {
  return {
    message: problem.message,
    location: {
      file: problem.file,
      ...(problem.line !== null ? { line: problem.line } : {}),
      ...(problem.column !== null ? { column: problem.column } : {}),
      ...(problem.field !== null ? { field: problem.field } : {}),
    },
    fix: problem.fix,
  };
}

/** A problem with a whole file (not one row), which stops the import. */
export function fileProblem(
  file: string,
  message: string,
  fix: string,
  where: Partial<Pick<ImportProblem, 'line' | 'column' | 'header' | 'field' | 'value'>> = {},
): ImportProblem {
  return {
    file,
    line: where.line ?? null,
    column: where.column ?? null,
    header: where.header ?? null,
    field: where.field ?? null,
    value: where.value ?? null,
    message,
    expected: null,
    fix,
    fatal: true,
  };
}

/**
 * The problems of a reader's InputError (a quote that never closes, bytes the encoding cannot hold), as
 * problems that stop the file, at the reader's place; anything else is rethrown.
 */
export function readerProblems(error: unknown, file: string): ImportProblem[] {
  if (!(error instanceof InputError)) throw error;
  return error.problems.map((problem) =>
    fileProblem(file, problem.message, problem.fix ?? 'correct the file and import it again', {
      line: problem.location?.line ?? null,
      column: problem.location?.column ?? null,
    }),
  );
}

/** Why rows were read and deliberately not imported (each is counted and shown). */
export type IgnoredReason =
  | 'report footer'
  | 'blank (every cell is empty)'
  | 'deleted in the CRM'
  | 'field history of a field salesops does not track'
  | 'owner change written as names (the id row of the same change is used)'
  | 'field history already given by the opportunity history file'
  | 'exchange rate (compared with salesops.yaml, not stored)'
  | 'fiscal period (compared with salesops.yaml, not stored)';

export interface FileAccount {
  rowsRead: number;
  duplicates: number;
  /** The parts the file was read in at once, on threads of their own (1: read whole, on the main thread). */
  parts: number;
  readonly ignored: Map<IgnoredReason, number>;
  /** Lines of rejected rows. */
  readonly rejectedLines: Set<number>;
}

export function newFileAccount(): FileAccount {
  return { rowsRead: 0, duplicates: 0, parts: 1, ignored: new Map(), rejectedLines: new Set() };
}

export function ignoreRow(account: FileAccount, reason: IgnoredReason): void {
  account.ignored.set(reason, (account.ignored.get(reason) ?? 0) + 1);
}

export function ignoredCount(account: FileAccount): number {
  let total = 0;
  for (const count of account.ignored.values()) total += count;
  return total;
}

/** Rows imported: everything read that was not rejected, a duplicate or ignored. */
export function importedCount(account: FileAccount): number {
  return account.rowsRead - account.rejectedLines.size - account.duplicates - ignoredCount(account);
}
