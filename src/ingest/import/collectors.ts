/**
 * Row collectors, one per entity: each turns a row's values into a record (a Rep, an Account, a FieldChange, ...)
 * with the checks that need the whole row, and notes what only the whole import can settle (owners and accounts
 * given by name, role lookups). Opportunities have their own (opportunity-rows.ts), as do histories
 * (history-rows.ts) and the funnel's records (funnel-rows.ts).
 * @module
 */
import type { IsoDate } from '../../domain/dates.js';
import type { Account, Rep, RepRole } from '../../domain/entities.js';
import type { CurrencyCode, MinorUnits } from '../../domain/money.js';
import type { Money } from '../values/index.js';
import type { Timestamp } from './cell-values.js';
import { KeyIndex } from './key-index.js';
import { nameKey } from './name-keys.js';
import type { RowCollector, RowReport, RowValues } from './read-rows.js';
import { roleFromTitle, wordKey } from './vocabulary.js';

/** Stage names met while reading, for the summary: unknown ones, and closed ones placed by the CRM's flags. */
export class StageNotes {
  readonly unknown = new Map<string, { rows: number; file: string; line: number }>();
  readonly placedByOutcome = new Map<string, { stage: string; rows: number }>();

  noteUnknown(name: string, file: string, line: number): void {
    const known = this.unknown.get(name);
    if (known) known.rows++;
    else this.unknown.set(name, { rows: 1, file, line });
  }

  /**
   * The one stage the opportunities placed a stage name the workspace does not know in, by their won/lost flags
   * (`Closed - Signed` with IsWon: Closed Won); undefined when they placed it in none or in more than one.
   */
  placedStage(name: string): string | undefined {
    let placed: string | undefined;
    for (const [key, { stage }] of this.placedByOutcome) {
      if (key !== `${name}\u0000${stage}`) continue;
      if (placed !== undefined) return undefined;
      placed = stage;
    }
    return placed;
  }

  notePlaced(name: string, stage: string): void {
    const key = `${name}\u0000${stage}`;
    const known = this.placedByOutcome.get(key);
    if (known) known.rows++;
    else this.placedByOutcome.set(key, { stage, rows: 1 });
  }
}

/** Records of one file, with their lines; a key repeated on a later row is a collision, settled later. */
export abstract class Collected<R> implements RowCollector {
  readonly records: R[] = [];
  /** The line of each record (of each row, for collectors that keep rows in columns). */
  protected readonly lineList: number[] = [];
  /** Records rejected after they were read (a key repeated with other values, a reference that fails). */
  readonly rejected = new Set<number>();
  /** The record index of each key. */
  readonly keys = new KeyIndex();
  /** Later rows whose key an earlier row has: exact duplicates, or a conflict. */
  readonly collisions: { key: string; first: number; line: number }[] = [];
  /** Keys of rows rejected while read, with their lines: records that refer to them are rejected too. */
  readonly rejectedKeys = new Map<string, number>();
  /** The field a collision is reported at. */
  abstract readonly keyField: string;

  /** The line of a record (of a row, for collectors that keep rows in columns); 0 for none. */
  line(index: number): number {
    return this.lineList[index] ?? 0;
  }

  abstract add(values: RowValues, row: RowReport): void;

  /** The key of a row's values, when they give one. */
  protected keyOf(values: RowValues): string | null {
    const key = values[this.keyField];
    return typeof key === 'string' ? key : null;
  }

  noteRejected(values: RowValues, line: number): void {
    const key = this.keyOf(values);
    if (key !== null && !this.rejectedKeys.has(key)) this.rejectedKeys.set(key, line);
  }

  /** Adds a record under `key` (null: no key); returns its index, or null when the key collided. */
  protected push(record: R, key: string | null, line: number): number | null {
    if (key !== null) {
      const first = this.keys.setIfNew(key, this.records.length);
      if (first !== undefined) {
        this.collisions.push({ key, first, line });
        return null;
      }
    }
    this.records.push(record);
    this.lineList.push(line);
    return this.records.length - 1;
  }

  /** Records not rejected, with their indexes. */
  *accepted(): Generator<[number, R]> {
    for (let index = 0; index < this.records.length; index++) {
      if (!this.rejected.has(index)) yield [index, this.records[index] as R];
    }
  }
}

export const EMPTY_FIX =
  'fill it in the CRM and export again, or give the column a default in a mapping file';

/** The value, or undefined after reporting that the row lacks it. */
export function need<T>(
  value: T | null,
  field: string | readonly string[],
  what: string,
  row: RowReport,
): T | undefined {
  if (value !== null) return value;
  row.fail(field, `${what} is empty`, EMPTY_FIX);
  return undefined;
}

interface AccountValues {
  id: string | null;
  name: string | null;
  industry: string | null;
  employees: number | null;
  annualRevenue: Money | null;
  region: string | null;
  country: string | null;
  segment: string | null;
  tier: string | null;
  potential: Money | null;
  ownerId: string | null;
  ownerName: string | null;
  parentId: string | null;
  parentName: string | null;
  createdDate: IsoDate | null;
}

/** Amounts of accounts are in the corporate currency: an amount in another is a problem, never converted. */
export function corporateAmount(
  money: Money | null,
  field: string,
  corporate: CurrencyCode,
  row: RowReport,
): MinorUnits | null {
  if (money === null) return null;
  if (money.currency !== corporate) {
    row.fail(
      field,
      `the amount is in ${money.currency}, but account amounts are kept in the corporate currency ${corporate}`,
      `convert it to ${corporate} before importing, or leave the column out`,
    );
  }
  return money.amount;
}

/** The id of a row's record: its id, or the key of its name when the file gives no id. */
function idOrNameKey(values: RowValues): string | null {
  if (typeof values.id === 'string') return values.id;
  return typeof values.name === 'string' ? nameKey(values.name) : null;
}

export class AccountRows extends Collected<Account> {
  readonly keyField = 'id';

  protected override keyOf(values: RowValues): string | null {
    return idOrNameKey(values);
  }

  readonly ownerNames = new Map<number, string>();
  readonly parentNames = new Map<number, string>();

  constructor(private readonly corporateCurrency: CurrencyCode) {
    super();
  }

  add(values: RowValues, row: RowReport): void {
    const v = values as unknown as AccountValues;
    const name = need(v.name, 'name', 'the name', row);
    const annualRevenue = corporateAmount(v.annualRevenue, 'annualRevenue', this.corporateCurrency, row);
    const potential = corporateAmount(v.potential, 'potential', this.corporateCurrency, row);
    if (v.employees !== null && v.employees < 0) {
      row.fail('employees', `the number of employees is negative (${v.employees})`, 'correct it in the CRM');
    }
    if (row.rejected || name === undefined) return;
    const id = v.id ?? nameKey(name);
    const record: Account = {
      id,
      name,
      industry: v.industry,
      employees: v.employees,
      annualRevenue,
      region: v.region,
      country: v.country,
      segment: v.segment,
      tier: v.tier,
      potential,
      ownerId: v.ownerId,
      territoryId: null,
      parentId: v.parentId,
      createdDate: v.createdDate,
    };
    const index = this.push(record, id, row.line);
    if (index === null) return;
    if (v.ownerId === null && v.ownerName !== null) this.ownerNames.set(index, v.ownerName);
    if (v.parentId === null && v.parentName !== null) this.parentNames.set(index, v.parentName);
  }
}

interface RepValues {
  id: string | null;
  name: string | null;
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  role: RepRole | null;
  roleId: string | null;
  title: string | null;
  managerId: string | null;
  managerName: string | null;
  team: string | null;
  segment: string | null;
  region: string | null;
  hireDate: IsoDate | null;
  endDate: IsoDate | null;
}

export class RepRows extends Collected<Rep> {
  readonly keyField = 'id';

  protected override keyOf(values: RowValues): string | null {
    return idOrNameKey(values);
  }

  readonly managerNames = new Map<number, string>();
  /** Reps whose role comes from a role record (Salesforce UserRoleId). */
  readonly roleIds = new Map<number, string>();

  add(values: RowValues, row: RowReport): void {
    const v = values as unknown as RepValues;
    const joined = [v.firstName, v.lastName].filter((part) => part !== null).join(' ');
    const name = need(
      v.name ?? (joined === '' ? null : joined),
      ['name', 'firstName', 'lastName'],
      'the name',
      row,
    );
    if (v.hireDate !== null && v.endDate !== null && v.endDate < v.hireDate) {
      row.fail(
        'endDate',
        `the end date ${v.endDate} is before the hire date ${v.hireDate}`,
        'correct one of the two dates',
      );
    }
    if (row.rejected || name === undefined) return;
    const id = v.id ?? nameKey(name);
    const record: Rep = {
      id,
      name,
      email: v.email,
      role: v.role ?? (v.title !== null ? roleFromTitle(v.title) : 'other'),
      managerId: v.managerId,
      team: v.team,
      segment: v.segment,
      region: v.region,
      hireDate: v.hireDate,
      endDate: v.endDate,
    };
    const index = this.push(record, id, row.line);
    if (index === null) return;
    if (v.managerId === null && v.managerName !== null) this.managerNames.set(index, v.managerName);
    if (v.role === null && v.roleId !== null) this.roleIds.set(index, v.roleId);
  }
}

/** The tracked fields a field-history row can be about. */
export type TrackedField = 'stage' | 'amount' | 'closeDate' | 'forecastCategory' | 'owner';

const TRACKED_FIELDS: Readonly<Record<string, TrackedField>> = {
  stagename: 'stage',
  stage: 'stage',
  amount: 'amount',
  closedate: 'closeDate',
  forecastcategoryname: 'forecastCategory',
  forecastcategory: 'forecastCategory',
  owner: 'owner',
  ownerid: 'owner',
};

export interface FieldChange {
  readonly opportunityId: string;
  readonly date: IsoDate;
  readonly seconds: number;
  readonly field: TrackedField;
  readonly oldValue: string | null;
  readonly newValue: string | null;
  readonly dataType: string | null;
}

interface FieldHistoryValues {
  opportunityId: string | null;
  changedAt: Timestamp | null;
  field: string | null;
  oldValue: string | null;
  newValue: string | null;
  dataType: string | null;
}

/** Rows of a field history export (one field's old and new value per row); untracked fields are set aside. */
export class FieldHistoryRows extends Collected<FieldChange> {
  readonly keyField = 'opportunityId';
  /** Rows about fields salesops does not track, counted by the caller. */
  untracked = 0;

  add(values: RowValues, row: RowReport): void {
    const v = values as unknown as FieldHistoryValues;
    const opportunityId = need(v.opportunityId, 'opportunityId', 'the opportunity id', row);
    const changedAt = need(v.changedAt, 'changedAt', 'the time of the change', row);
    const fieldName = need(v.field, 'field', 'the field name', row);
    if (row.rejected || opportunityId === undefined || changedAt === undefined || fieldName === undefined)
      return;
    const field = TRACKED_FIELDS[wordKey(fieldName)];
    if (field === undefined) {
      this.untracked++;
      return;
    }
    this.push(
      {
        opportunityId,
        date: changedAt.date,
        seconds: changedAt.seconds,
        field,
        oldValue: v.oldValue,
        newValue: v.newValue,
        dataType: v.dataType,
      },
      null,
      row.line,
    );
  }
}

export interface Product {
  readonly name: string;
  readonly listPrice: Money;
}

export class ProductRows extends Collected<Product> {
  readonly keyField = 'name';

  add(values: RowValues, row: RowReport): void {
    const name = need(values.name as string | null, 'name', 'the product name', row);
    const listPrice = need(values.listPrice as Money | null, 'listPrice', 'the list price', row);
    if (row.rejected || name === undefined || listPrice === undefined) return;
    this.push({ name, listPrice }, wordKey(name), row.line);
  }
}

export interface RoleRecord {
  readonly id: string;
  readonly name: string;
  readonly parentId: string | null;
}

export class RoleRows extends Collected<RoleRecord> {
  readonly keyField = 'id';

  add(values: RowValues, row: RowReport): void {
    const id = need(values.id as string | null, 'id', 'the role id', row);
    const name = need(values.name as string | null, 'name', 'the role name', row);
    if (row.rejected || id === undefined || name === undefined) return;
    this.push({ id, name, parentId: values.parentId as string | null }, id, row.line);
  }
}

export interface CurrencyRate {
  readonly currency: CurrencyCode;
  /** Units of the currency per 1 unit of the corporate currency, as a decimal string. */
  readonly rate: string;
  readonly startDate: IsoDate | null;
  readonly isCorporate: boolean;
  readonly isActive: boolean | null;
}

export class CurrencyRows extends Collected<CurrencyRate> {
  readonly keyField = 'currency';

  add(values: RowValues, row: RowReport): void {
    const currency = need(values.currency as CurrencyCode | null, 'currency', 'the currency', row);
    const rate = need(values.rate as number | null, 'rate', 'the rate', row);
    if (rate !== undefined && !(rate > 0)) {
      row.fail(
        'rate',
        `the rate ${rate} is not above zero`,
        'give how many units of the currency 1 unit of the corporate currency buys',
      );
    }
    if (row.rejected || currency === undefined || rate === undefined) return;
    const startDate = values.startDate as IsoDate | null;
    this.push(
      {
        currency,
        rate: String(rate),
        startDate,
        isCorporate: values.isCorporate === true,
        isActive: values.isActive as boolean | null,
      },
      `${currency}@${startDate ?? ''}`,
      row.line,
    );
  }
}

export interface PeriodRecord {
  readonly type: string;
  readonly startDate: IsoDate;
  readonly endDate: IsoDate;
}

export class PeriodRows extends Collected<PeriodRecord> {
  readonly keyField = 'startDate';

  add(values: RowValues, row: RowReport): void {
    const type = need(values.type as string | null, 'type', 'the period type', row);
    const startDate = need(values.startDate as IsoDate | null, 'startDate', 'the start date', row);
    const endDate = need(values.endDate as IsoDate | null, 'endDate', 'the end date', row);
    if (startDate !== undefined && endDate !== undefined && endDate < startDate) {
      row.fail(
        'endDate',
        `the period ends (${endDate}) before it starts (${startDate})`,
        'correct the dates',
      );
    }
    if (row.rejected || type === undefined || startDate === undefined || endDate === undefined) return;
    this.push({ type, startDate, endDate }, `${wordKey(type)}@${startDate}`, row.line);
  }
}
