/**
 * The files planning reads: the rep file (the plan's roster, with named accounts pinned to reps) and the leads
 * file `route` assigns. Both are CSV/TSV or XLSX with a header; every problem (an unknown column, a role that is
 * not a role, a bad number) names file, line and column, and all of them are reported at once.
 * @module
 */
import { resolve } from 'node:path';
import { closestNames } from '../../analytics/closest-names.js';
import { parseIsoDate, type IsoDate } from '../../domain/dates.js';
import { InputError, type Problem } from '../../domain/errors.js';
import { andMore } from '../../domain/listing.js';
import { REP_ROLES } from '../../domain/entities.js';
import type { CurrencyCode, MinorUnits } from '../../domain/money.js';
import { parseRepRole, wordKey } from '../../ingest/import/vocabulary.js';
import { assertReadable, openTable } from '../../ingest/readers/index.js';
import { parseDecimal, parseInteger, parseMoney, type Parsed } from '../../ingest/values/index.js';
import type { PlanPin, RosterRep } from '../../planning/plan-version.js';
import type { InboundLead } from '../../planning/routing.js';

/** A file the user named: the path read, and the name every message gives it (the path as typed). */
export interface NamedFile {
  readonly path: string;
  readonly name: string;
}

/** The file `typed` (relative to `cwd`), named in messages as typed, as `salesops import` names its files. */
export function namedFile(cwd: string, typed: string): NamedFile {
  return { path: resolve(cwd, typed), name: typed };
}

/** Problems shown at once; the rest are counted. */
const MAX_PROBLEMS = 20;

interface ColumnSpec {
  readonly key: string;
  /** Header spellings (compared by their word key: case, spaces, `_` and `-` ignored). */
  readonly headers: readonly string[];
  readonly required?: boolean;
  readonly help: string;
}

type Cells = ReadonlyMap<string, { readonly text: string; readonly column: number }>;

interface Row {
  readonly line: number;
  readonly cells: Cells;
}

/**
 * What to do with a column that is none of `specs`: the column it was probably meant to be; else, since a list of
 * every column would run past 110 columns, where they are listed.
 */
function columnFix(header: string, specs: readonly ColumnSpec[], what: string): string {
  const close = closestNames(
    header,
    specs.flatMap((spec) => spec.headers),
  );
  return close.length > 0
    ? `did you mean ${close.join(' or ')}?`
    : `remove it, or head it as one of the columns of ${what} the command's --help lists`;
}

/** Reads a table whose columns are those of `specs`, refusing unknown and missing columns. */
async function readTable(named: NamedFile, specs: readonly ColumnSpec[], what: string): Promise<Row[]> {
  await assertReadable(named.path, named.name);
  const table = await openTable(named.path);
  const file = named.name;
  const problems: Problem[] = [];
  const columnOf = new Map<string, number>();
  table.headers.forEach((header, index) => {
    if (header.trim() === '') return;
    const spec = specs.find((candidate) =>
      candidate.headers.some((name) => wordKey(name) === wordKey(header)),
    );
    if (!spec) {
      problems.push({
        message: `${JSON.stringify(header)} is not a column of ${what}`,
        location: { file, line: table.headerLine, column: index + 1 },
        fix: columnFix(header, specs, what),
      });
    } else if (columnOf.has(spec.key)) {
      problems.push({
        message: `${JSON.stringify(header)} repeats the column ${spec.headers[0]}`,
        location: { file, line: table.headerLine, column: index + 1 },
        fix: 'keep one of them',
      });
    } else columnOf.set(spec.key, index);
  });
  for (const spec of specs.filter((candidate) => candidate.required && !columnOf.has(candidate.key))) {
    problems.push({
      message: `${what} has no ${spec.headers[0]} column (${spec.help})`,
      location: { file, line: table.headerLine },
      fix: `add a column headed ${spec.headers[0]}`,
    });
  }
  if (problems.length > 0) throw new InputError(problems);
  const rows: Row[] = [];
  for await (const row of table.rows()) {
    if (row.cells.every((cell) => cell.trim() === '')) continue;
    const cells = new Map<string, { text: string; column: number }>();
    for (const [key, index] of columnOf)
      cells.set(key, { text: (row.cells[index] ?? '').trim(), column: index + 1 });
    rows.push({ line: row.line, cells });
  }
  return rows;
}

/** Collects located problems while reading rows; throws them all at the end. */
class RowReader {
  readonly problems: Problem[] = [];

  constructor(readonly file: string) {}

  text(row: Row, key: string): string | null {
    const text = row.cells.get(key)?.text ?? '';
    return text === '' ? null : text;
  }

  problem(row: Row, key: string, message: string, fix?: string): void {
    this.problems.push({
      message,
      location: { file: this.file, line: row.line, column: row.cells.get(key)?.column },
      ...(fix ? { fix } : {}),
    });
  }

  required(row: Row, key: string, label: string): string {
    const text = this.text(row, key);
    if (text === null) this.problem(row, key, `the ${label} is empty`, `give every row its ${label}`);
    return text ?? '';
  }

  parsed<T>(row: Row, key: string, result: Parsed<T | null>): T | null {
    if (result.ok) return result.value;
    this.problem(row, key, result.problem.message, result.problem.fix);
    return null;
  }

  integer(row: Row, key: string, minimum: number): number | null {
    const text = this.text(row, key);
    if (text === null) return null;
    const value = this.parsed(row, key, parseInteger(text));
    if (value !== null && value < minimum) {
      this.problem(row, key, `${value} is below ${minimum}`, `write a whole number of at least ${minimum}`);
      return null;
    }
    return value;
  }

  money(row: Row, key: string, currency: CurrencyCode): MinorUnits | null {
    const text = this.text(row, key);
    if (text === null) return null;
    const money = this.parsed(row, key, parseMoney(text, { currency }));
    if (money && money.currency !== currency) {
      this.problem(
        row,
        key,
        `${text} is not in ${currency}`,
        `write amounts in the corporate currency ${currency}`,
      );
      return null;
    }
    return money?.amount ?? null;
  }

  date(row: Row, key: string): IsoDate | null {
    const text = this.text(row, key);
    if (text === null) return null;
    const date = parseIsoDate(text);
    if (date === null)
      this.problem(row, key, `${JSON.stringify(text)} is not a date`, 'write it as YYYY-MM-DD');
    return date;
  }

  list(row: Row, key: string): string[] {
    return (this.text(row, key) ?? '')
      .split(/[;|]/)
      .map((item) => item.trim())
      .filter((item) => item !== '');
  }

  finish(): void {
    if (this.problems.length === 0) return;
    const shown = this.problems.slice(0, MAX_PROBLEMS);
    const more = andMore(this.problems.length, MAX_PROBLEMS, 'problems');
    if (more !== '') {
      shown.push({
        message: more.trimStart(),
        location: { file: this.file },
        fix: 'fix the ones above and run again',
      });
    }
    throw new InputError(shown);
  }
}

const REP_COLUMNS: readonly ColumnSpec[] = [
  { key: 'id', headers: ['id', 'rep id', 'user id'], required: true, help: "the rep's CRM id" },
  { key: 'name', headers: ['name', 'rep', 'full name'], required: true, help: "the rep's name" },
  { key: 'role', headers: ['role', 'title'], required: true, help: REP_ROLES.join(', ') },
  { key: 'team', headers: ['team'], help: 'team name' },
  { key: 'segment', headers: ['segment'], help: 'the segment the rep sells to' },
  { key: 'region', headers: ['region'], help: 'the region the rep covers' },
  { key: 'tiers', headers: ['tiers', 'tier focus', 'tier'], help: 'tiers taken, separated by ;' },
  { key: 'hireDate', headers: ['hire date', 'start date'], help: 'YYYY-MM-DD' },
  { key: 'maxAccounts', headers: ['max accounts'], help: 'the most accounts the rep may hold' },
  { key: 'weight', headers: ['weight', 'routing weight'], help: 'share of routed leads, 1 = a full share' },
  { key: 'capPerDay', headers: ['cap per day', 'daily cap'], help: 'the most routed leads a day' },
  { key: 'ote', headers: ['ote', 'on target earnings'], help: 'on-target earnings a year' },
  {
    key: 'named',
    headers: ['named accounts', 'pinned accounts'],
    help: 'account ids pinned to the rep, ;-separated',
  },
];

export interface Roster {
  readonly reps: RosterRep[];
  readonly pins: PlanPin[];
}

/**
 * Reads a rep file. Roles are salesops roles or job titles that name one (`Account Manager` is am); any other
 * is a located problem listing the roles. Named accounts become pins; an account pinned to two reps is a
 * problem naming both rows.
 */
export async function readRoster(named: NamedFile, currency: CurrencyCode): Promise<Roster> {
  const rows = await readTable(named, REP_COLUMNS, 'a rep file');
  const file = named.name;
  const reader = new RowReader(file);
  const reps: RosterRep[] = [];
  const pins: PlanPin[] = [];
  const repLines = new Map<string, number>();
  const pinLines = new Map<string, { repId: string; line: number }>();
  for (const row of rows) {
    const id = reader.required(row, 'id', 'rep id');
    const name = reader.required(row, 'name', 'name');
    const roleText = reader.required(row, 'role', 'role');
    const role = roleText === '' ? null : parseRepRole(roleText);
    if (role && !role.ok) {
      reader.problem(
        row,
        'role',
        `${JSON.stringify(roleText)} is not a rep role`,
        `write one of ${REP_ROLES.join(', ')} (or a title such as Account Manager, Inside Sales Rep)`,
      );
    }
    const earlier = repLines.get(id);
    if (id !== '' && earlier !== undefined) {
      reader.problem(
        row,
        'id',
        `rep ${id} is listed again (first on line ${earlier})`,
        'keep one row per rep',
      );
    }
    if (earlier === undefined) repLines.set(id, row.line);
    const weightText = reader.text(row, 'weight');
    const weight = weightText === null ? 1 : reader.parsed(row, 'weight', parseDecimal(weightText));
    if (weight !== null && (weight <= 0 || Math.round(weight * 100) !== weight * 100)) {
      reader.problem(
        row,
        'weight',
        `weight ${weightText} must be above 0 with at most two decimals`,
        'write e.g. 1 or 0.5',
      );
    }
    for (const accountId of reader.list(row, 'named')) {
      const pinned = pinLines.get(accountId);
      if (pinned && pinned.repId !== id) {
        reader.problem(
          row,
          'named',
          `account ${accountId} is pinned to rep ${id} here and to rep ${pinned.repId} on line ${pinned.line}`,
          'pin each named account to one rep',
        );
      } else if (!pinned) {
        pinLines.set(accountId, { repId: id, line: row.line });
        pins.push({ accountId, repId: id });
      }
    }
    reps.push({
      id,
      name,
      role: role?.ok ? role.value : 'other',
      team: reader.text(row, 'team'),
      segment: reader.text(row, 'segment'),
      region: reader.text(row, 'region'),
      tiers: reader.list(row, 'tiers'),
      hireDate: reader.date(row, 'hireDate'),
      maxAccounts: reader.integer(row, 'maxAccounts', 1),
      weight: Math.round((weight ?? 1) * 100),
      capPerDay: reader.integer(row, 'capPerDay', 0),
      ote: reader.money(row, 'ote', currency),
      source: { file, line: row.line },
    });
  }
  if (rows.length === 0) {
    reader.problems.push({
      message: 'the rep file lists no reps',
      location: { file },
      fix: 'add a row per rep',
    });
  }
  reader.finish();
  return { reps, pins };
}

const LEAD_COLUMNS: readonly ColumnSpec[] = [
  { key: 'id', headers: ['id', 'lead id'], required: true, help: "the lead's id" },
  { key: 'company', headers: ['company', 'company name', 'account name'], help: 'company name' },
  { key: 'accountId', headers: ['account id'], help: 'the CRM id of a known account' },
  { key: 'employees', headers: ['employees', 'number of employees'], help: 'company size' },
  { key: 'revenue', headers: ['annual revenue', 'revenue'], help: 'annual revenue' },
  { key: 'country', headers: ['country'], help: 'country' },
  { key: 'region', headers: ['region'], help: 'region' },
  { key: 'industry', headers: ['industry'], help: 'industry' },
  { key: 'segment', headers: ['segment'], help: 'segment (else from size and revenue by the segment rules)' },
  { key: 'tier', headers: ['tier'], help: 'tier' },
  { key: 'date', headers: ['date', 'created date', 'created'], help: 'the day it came in, YYYY-MM-DD' },
];

/**
 * A lead before segmentation (the segment may still have to be derived from size and location), with the line
 * of the file it is on.
 */
export type LeadRecord = Omit<InboundLead, 'segment'> & {
  readonly segment: string | null;
  readonly line: number;
};

/** Reads a leads file; a lead without a date is dated `asOf`. */
export async function readLeads(
  named: NamedFile,
  currency: CurrencyCode,
  asOf: IsoDate,
): Promise<LeadRecord[]> {
  const rows = await readTable(named, LEAD_COLUMNS, 'a leads file');
  const reader = new RowReader(named.name);
  const seen = new Map<string, number>();
  const leads = rows.map((row): LeadRecord => {
    const id = reader.required(row, 'id', 'lead id');
    const earlier = seen.get(id);
    if (id !== '' && earlier !== undefined) {
      reader.problem(
        row,
        'id',
        `lead ${id} is listed again (first on line ${earlier})`,
        'keep one row per lead',
      );
    }
    if (earlier === undefined) seen.set(id, row.line);
    return {
      id,
      line: row.line,
      company: reader.text(row, 'company'),
      accountId: reader.text(row, 'accountId'),
      employees: reader.integer(row, 'employees', 0),
      annualRevenue: reader.money(row, 'revenue', currency),
      country: reader.text(row, 'country'),
      region: reader.text(row, 'region'),
      industry: reader.text(row, 'industry'),
      segment: reader.text(row, 'segment'),
      tier: reader.text(row, 'tier'),
      date: reader.date(row, 'date') ?? asOf,
    };
  });
  reader.finish();
  return leads;
}
