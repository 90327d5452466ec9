/**
 * The columnar dataset: every table of the store as typed-array columns, one array per field, row i of a table
 * at index i of each of its arrays. Engines read it as plain data (no methods), so they stay pure and the whole
 * dataset can be persisted as raw bytes (dataset-cache.ts).
 *
 * Row i of a table with store ids is the row whose store id is i + 1 (store ids are dense from 1), so a
 * reference to another table is an index into it. Absent values use one sentinel per kind of column:
 *
 * | kind     | array        | holds                                              | absent    |
 * |----------|--------------|----------------------------------------------------|-----------|
 * | `code`   | Uint16Array  | a label code: `labels[kind][code]` is the label     | 0         |
 * | `index`  | Int32Array   | a row index into another table (store id - 1)      | -1        |
 * | `day`    | Int32Array   | a day number (src/domain/dates.ts)                 | NO_DAY    |
 * | `money`  | Float64Array | integer minor units (exact up to 2^53)             | NaN       |
 * | `number` | Float64Array | a count or measure                                 | NaN       |
 * | `flag`   | Int8Array    | 1 true, 0 false                                    | -1        |
 * | `string` | TextColumn   | CRM ids, names, fiscal period names: read entry i with `textAt(column, i)` | ''        |
 *
 * Every label kind uses Uint16Array (not Uint8Array for the small ones): one array type keeps engine loops
 * monomorphic, and no dictionary can silently wrap past 255 codes.
 *
 * Text columns are not `string[]`: a million strings are a million heap objects that every major garbage
 * collection marks (about 280 ms a collection with the 3.4M ids and names of a 1M-opportunity dataset, which
 * doubled the time of an as-of pass), and a snapshot would split them one by one on load. A {@link TextColumn}
 * is one string and one Int32Array of offsets.
 * @module
 */
import type { DayNumber } from '../domain/dates.js';
import { OperationError } from '../domain/errors.js';
import type { LabelKind, ScanTable, SCAN_TABLES } from '../store/store.js';

/**
 * A column of text: every entry in one string, entry i being `text.slice(starts[i], starts[i + 1])`. Plain
 * data (persisted as it is by the snapshot cache); read it with {@link textAt}, build it with
 * {@link textColumn}.
 */
export interface TextColumn {
  /** The entries, concatenated. */
  readonly text: string;
  /** Entries + 1 offsets into `text` (UTF-16 code units): 0 first, `text.length` last, never decreasing. */
  readonly starts: Int32Array;
}

/** Entry `index` of a text column; '' for an index outside it (as `array[index] ?? ''` gave). */
export function textAt(column: TextColumn, index: number): string {
  const start = column.starts[index];
  const end = column.starts[index + 1];
  return start === undefined || end === undefined ? '' : column.text.slice(start, end);
}

/** The row of the rep with this CRM id in `dataset.reps`, or -1 (a scan: reps number hundreds, not millions). */
export function repRow(dataset: Pick<Dataset, 'reps'>, crmId: string): number {
  const { reps } = dataset;
  for (let row = 0; row < reps.count; row++) if (textAt(reps.crmId, row) === crmId) return row;
  return -1;
}

/** Every entry of a text column as an array: for small tables (reps, quotas) and tests, not for millions. */
export function textEntries(column: TextColumn): string[] {
  return Array.from({ length: column.starts.length - 1 }, (_, index) => textAt(column, index));
}

/**
 * A text column holding `entries`. One string holds at most about 2^29 characters (V8's limit), some 20M
 * names of 25 characters.
 */
export function textColumn(entries: readonly string[]): TextColumn {
  const starts = new Int32Array(entries.length + 1);
  let length = 0;
  for (let i = 0; i < entries.length; i++) {
    length += entries[i]?.length ?? 0;
    starts[i + 1] = length;
  }
  try {
    return { text: entries.join(''), starts };
  } catch (error) {
    throw new OperationError(
      `a text column of ${entries.length} entries holds ${length} characters, more than one string can`,
      { cause: error, fix: "this dataset is too large for one machine's columns: please report it" },
    );
  }
}

/** The day-column value of an absent date (the smallest Int32, before every real day). */
export const NO_DAY: DayNumber = -2_147_483_648;
/** The index-column value of an absent reference. */
export const NO_INDEX = -1;

export type ColumnKind = 'code' | 'index' | 'day' | 'money' | 'number' | 'flag' | 'string';

/** The array type that holds each kind of column. */
export interface ColumnArrays {
  code: Uint16Array;
  index: Int32Array;
  day: Int32Array;
  money: Float64Array;
  number: Float64Array;
  flag: Int8Array;
  string: TextColumn;
}

/** A field of a dataset table: the store column it is filled from and how it is held. */
interface FieldSpec<T extends ScanTable> {
  readonly column: (typeof SCAN_TABLES)[T][number];
  readonly kind: ColumnKind;
}

/** How a dataset table is filled: from which store table, and whether rows carry dense store ids. */
type TableSpec = {
  [T in ScanTable]: {
    readonly scan: T;
    /** The store id column, checked to be dense from 1 so that row index = id - 1. */
    readonly id: 'id' | null;
    readonly fields: Readonly<Record<string, FieldSpec<T>>>;
  };
}[ScanTable];

const code = <C extends string>(column: C) => ({ column, kind: 'code' }) as const;
const index = <C extends string>(column: C) => ({ column, kind: 'index' }) as const;
const day = <C extends string>(column: C) => ({ column, kind: 'day' }) as const;
const money = <C extends string>(column: C) => ({ column, kind: 'money' }) as const;
const number = <C extends string>(column: C) => ({ column, kind: 'number' }) as const;
const flag = <C extends string>(column: C) => ({ column, kind: 'flag' }) as const;
const string = <C extends string>(column: C) => ({ column, kind: 'string' }) as const;

/**
 * The dataset's tables and fields, in the order they are filled (opportunities before their history). The
 * {@link Dataset} type is derived from this, and the snapshot cache validates files against it.
 */
export const DATASET_TABLES = {
  reps: {
    scan: 'reps',
    id: 'id',
    fields: {
      crmId: string('crm_id'),
      name: string('name'),
      /** Label kind `role`. */
      roleCode: code('role_code'),
      /** Index into reps. */
      managerIndex: index('manager_id'),
      /** Label kind `team`. */
      teamCode: code('team_code'),
      segmentCode: code('segment_code'),
      regionCode: code('region_code'),
      hireDay: day('hire_day'),
      /** Last day employed, for reps who left. */
      endDay: day('end_day'),
    },
  },
  territories: {
    scan: 'territories',
    id: 'id',
    fields: {
      crmId: string('crm_id'),
      name: string('name'),
      /** Index into reps. */
      ownerIndex: index('owner_id'),
      /** Index into territories. */
      parentIndex: index('parent_id'),
      segmentCode: code('segment_code'),
      regionCode: code('region_code'),
    },
  },
  accounts: {
    scan: 'accounts',
    id: 'id',
    fields: {
      crmId: string('crm_id'),
      name: string('name'),
      industryCode: code('industry_code'),
      employees: number('employees'),
      /** Corporate currency, minor units. */
      annualRevenue: money('annual_revenue'),
      regionCode: code('region_code'),
      countryCode: code('country_code'),
      segmentCode: code('segment_code'),
      tierCode: code('tier_code'),
      /** Estimated total potential ARR, corporate currency, minor units. */
      potential: money('potential'),
      /** Index into reps. */
      ownerIndex: index('owner_id'),
      /** Index into territories. */
      territoryIndex: index('territory_id'),
      /** Index into accounts. */
      parentIndex: index('parent_id'),
      createdDay: day('created_day'),
    },
  },
  opportunities: {
    scan: 'opportunities',
    id: 'id',
    fields: {
      crmId: string('crm_id'),
      name: string('name'),
      /** Index into accounts. */
      accountIndex: index('account_id'),
      /** Label kind `currency`: the currency of `amount` and `listAmount`. */
      currencyCode: code('currency_code'),
      /** Label kind `opportunity_type`. */
      typeCode: code('type_code'),
      sourceCode: code('source_code'),
      createdDay: day('created_day'),
      /** Price before discount, opportunity currency, minor units. */
      listAmount: money('list_amount'),
      competitorCode: code('competitor_code'),
      lossReasonCode: code('loss_reason_code'),
      bantBudget: flag('bant_budget'),
      bantAuthority: flag('bant_authority'),
      bantNeed: flag('bant_need'),
      bantTimeline: flag('bant_timeline'),
      /** Current state (the last history change); label kind `stage`. */
      stageCode: code('stage_code'),
      /** Current amount, opportunity currency, minor units. */
      amount: money('amount'),
      closeDay: day('close_day'),
      /** Label kind `forecast_category`. */
      categoryCode: code('category_code'),
      /** Index into reps. */
      ownerIndex: index('owner_id'),
      /** Label kind `product`: the product or product family sold. */
      productCode: code('product_code'),
    },
  },
  history: {
    scan: 'opportunity_history',
    id: null,
    fields: {
      /** The day the change took effect. */
      day: day('valid_from'),
      stageCode: code('stage_code'),
      amount: money('amount'),
      closeDay: day('close_day'),
      categoryCode: code('category_code'),
      ownerIndex: index('owner_id'),
    },
  },
  activities: {
    scan: 'activities',
    id: 'id',
    fields: {
      /** Label kind `activity_type`. */
      typeCode: code('type_code'),
      day: day('day'),
      /** Index into reps. */
      repIndex: index('rep_id'),
      opportunityIndex: index('opportunity_id'),
      accountIndex: index('account_id'),
      leadIndex: index('lead_id'),
    },
  },
  leads: {
    scan: 'leads',
    id: 'id',
    fields: {
      crmId: string('crm_id'),
      createdDay: day('created_day'),
      sourceCode: code('source_code'),
      /** Label kind `lead_status`. */
      statusCode: code('status_code'),
      mqlDay: day('mql_day'),
      sqlDay: day('sql_day'),
      convertedDay: day('converted_day'),
      convertedOpportunityIndex: index('converted_opportunity_id'),
      convertedAccountIndex: index('converted_account_id'),
      /** Index into reps. */
      ownerIndex: index('owner_id'),
      segmentCode: code('segment_code'),
      regionCode: code('region_code'),
    },
  },
  quotas: {
    scan: 'quotas',
    id: null,
    fields: {
      /** `rep` or `team`. */
      ownerKind: string('owner_kind'),
      /** Index into reps, for a rep quota. */
      repIndex: index('rep_id'),
      /** Label kind `team`, for a team quota. */
      teamCode: code('team_code'),
      /** Fiscal period name, e.g. `FY2027-Q1`. */
      period: string('period'),
      /** Corporate currency, minor units. */
      amount: money('amount'),
    },
  },
  costs: {
    scan: 'costs',
    id: null,
    fields: {
      period: string('period'),
      /** Label kind `cost_category`. */
      categoryCode: code('category_code'),
      /** Corporate currency, minor units. */
      amount: money('amount'),
    },
  },
} as const satisfies Record<string, TableSpec>;

export type DatasetTable = keyof typeof DATASET_TABLES;
export const DATASET_TABLE_NAMES = Object.keys(DATASET_TABLES) as DatasetTable[];

type FieldsOf<T extends DatasetTable> = (typeof DATASET_TABLES)[T]['fields'];
type ArrayOfField<S> = S extends { readonly kind: infer K extends ColumnKind } ? ColumnArrays[K] : never;

/** The columns of one dataset table, typed from {@link DATASET_TABLES}, plus its row count. */
export type TableColumns<T extends DatasetTable> = {
  readonly [F in keyof FieldsOf<T>]: ArrayOfField<FieldsOf<T>[F]>;
} & {
  /** Rows in this table (the length of each of its arrays). */
  readonly count: number;
};

export type RepColumns = TableColumns<'reps'>;
export type TerritoryColumns = TableColumns<'territories'>;
export type AccountColumns = TableColumns<'accounts'>;
export type OpportunityColumns = TableColumns<'opportunities'>;
export type HistoryColumns = TableColumns<'history'>;
export type ActivityColumns = TableColumns<'activities'>;
export type LeadColumns = TableColumns<'leads'>;
export type QuotaColumns = TableColumns<'quotas'>;
export type CostColumns = TableColumns<'costs'>;

export type Dataset = {
  /** The store's data version this dataset was built from. */
  readonly dataVersion: number;
  /**
   * Label dictionaries: `labels[kind][code]` is the label of a code column of that kind. Index 0 is `''`
   * (the code of an absent label).
   */
  readonly labels: Readonly<Record<LabelKind, readonly string[]>>;
  /**
   * Opportunity history in CSR form: the changes of opportunity i are history rows `historyStart[i]` up to
   * (excluding) `historyStart[i + 1]`, ordered by day then by the order they were made. Length: opportunities
   * + 1.
   */
  readonly historyStart: Int32Array;
} & { readonly [T in DatasetTable]: TableColumns<T> };
