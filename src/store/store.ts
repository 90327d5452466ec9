/**
 * The storage port. Two adapters implement it: embedded SQLite (the default, a file in the workspace) and
 * PostgreSQL (when `DATABASE_URL` is set). Both share one Kysely schema and one migration set; one contract
 * suite (store.contract.test.ts) runs against both.
 *
 * The store is compact by design (see docs/architecture.md): dates are day numbers, money integer minor units,
 * and labels (stage, forecast category, source, competitor, ...) small integer codes into the `labels` table,
 * so that the columnar dataset can be filled without re-encoding.
 * @module
 */
import type { DayNumber, IsoDate } from '../domain/dates.js';
import type { EntityBatch } from '../domain/entities.js';

export type Dialect = 'sqlite' | 'postgres';

/** Describes one write (an import, a demo generation). */
export interface WriteMeta {
  /** Where the data came from, e.g. `demo`, `salesforce`, `csv`. */
  readonly source: string;
  /** The date the export was taken (the date diff-derived history changes are dated). */
  readonly asOf: IsoDate;
  readonly note?: string;
  /** The calendar date the write happens on, by the caller's clock (the store never reads the clock). */
  readonly writtenAt?: IsoDate;
}

export interface WriteResult {
  /** The data version after this write (increases by one per write). */
  readonly dataVersion: number;
  readonly inserted: Readonly<Record<keyof EntityBatch, number>>;
  /** Stored records the write changed. */
  readonly updated: Readonly<Record<keyof EntityBatch, number>>;
  /** Stored records given again exactly as stored (not rewritten). */
  readonly unchanged: Readonly<Record<keyof EntityBatch, number>>;
}

export interface StoreStatus {
  readonly dialect: Dialect;
  readonly schemaVersion: number;
  readonly dataVersion: number;
  readonly counts: Readonly<Record<keyof EntityBatch, number>>;
  /** Earliest and latest opportunity created/close date, or null when there are none. */
  readonly dateRange: { readonly from: IsoDate; readonly to: IsoDate } | null;
  /** Earliest and latest dated history change, and the mean changes per opportunity. */
  readonly history: {
    readonly from: IsoDate | null;
    readonly to: IsoDate | null;
    readonly changesPerOpportunity: number;
  };
  /** The latest write, or null before the first. */
  readonly lastWrite: LastWrite | null;
}

/** What the store keeps of a write (an import, a demo generation): where its data came from and its as-of date. */
export interface LastWrite {
  readonly source: string;
  /** The date its export was taken (the import's --as-of). */
  readonly asOf: IsoDate;
  readonly note: string | null;
}

/** Tables a dataset can scan, with their columns in the store's compact form. */
export const SCAN_TABLES = {
  reps: [
    'id',
    'crm_id',
    'name',
    'role_code',
    'manager_id',
    'team_code',
    'segment_code',
    'region_code',
    'hire_day',
    'end_day',
  ],
  accounts: [
    'id',
    'crm_id',
    'name',
    'industry_code',
    'employees',
    'annual_revenue',
    'region_code',
    'country_code',
    'segment_code',
    'tier_code',
    'potential',
    'owner_id',
    'territory_id',
    'parent_id',
    'created_day',
  ],
  opportunities: [
    'id',
    'crm_id',
    'name',
    'account_id',
    'currency_code',
    'type_code',
    'source_code',
    'created_day',
    'list_amount',
    'competitor_code',
    'loss_reason_code',
    'bant_budget',
    'bant_authority',
    'bant_need',
    'bant_timeline',
    'stage_code',
    'amount',
    'close_day',
    'category_code',
    'owner_id',
    'product_code',
  ],
  opportunity_history: [
    'opportunity_id',
    'valid_from',
    'sequence',
    'stage_code',
    'amount',
    'close_day',
    'category_code',
    'owner_id',
  ],
  activities: ['id', 'type_code', 'day', 'rep_id', 'opportunity_id', 'account_id', 'lead_id'],
  leads: [
    'id',
    'crm_id',
    'created_day',
    'source_code',
    'status_code',
    'mql_day',
    'sql_day',
    'converted_day',
    'converted_opportunity_id',
    'converted_account_id',
    'owner_id',
    'segment_code',
    'region_code',
  ],
  quotas: ['owner_kind', 'rep_id', 'team_code', 'period', 'amount'],
  costs: ['period', 'category_code', 'amount'],
  territories: ['id', 'crm_id', 'name', 'owner_id', 'parent_id', 'segment_code', 'region_code'],
} as const;
export type ScanTable = keyof typeof SCAN_TABLES;

/** A label dictionary kind; codes are stable once assigned. */
export const LABEL_KINDS = [
  'stage',
  'forecast_category',
  'role',
  'team',
  'segment',
  'region',
  'country',
  'industry',
  'tier',
  'opportunity_type',
  'source',
  'competitor',
  'loss_reason',
  'activity_type',
  'lead_status',
  'cost_category',
  'currency',
  'product',
] as const;
export type LabelKind = (typeof LABEL_KINDS)[number];

export interface Store {
  readonly dialect: Dialect;
  /** Applies pending migrations. Refuses (InputError) a database written by a newer salesops. */
  migrate(): Promise<void>;
  /**
   * Writes one batch, or a stream of batches, in one transaction as one data version: upserts by CRM id, appends
   * history. All or nothing. A later batch of a stream may refer to records of an earlier one.
   */
  write(batch: EntityBatch | Iterable<EntityBatch>, meta: WriteMeta): Promise<WriteResult>;
  status(): Promise<StoreStatus>;
  dataVersion(): Promise<number>;
  /** The latest write, or null before the first: a light read (the status counts every table). */
  lastWrite(): Promise<LastWrite | null>;
  /** Label dictionary of one kind: `values[code]` is the label (codes start at 1; index 0 is unused). */
  labels(kind: LabelKind): Promise<(string | null)[]>;
  /**
   * Streams every row of a table in the order of its key (history: by opportunity, date, sequence), as arrays
   * in the order of SCAN_TABLES[table]. Null stays null; integers are numbers. Returns the row count.
   */
  scan(table: ScanTable, onRow: (row: unknown[]) => void): Promise<number>;
  /**
   * Appends a revision of a document salesops produced (a forecast snapshot, a plan version, a comp run): it is
   * never overwritten or deleted, so every earlier revision stays readable. `expectRevision` guards against a
   * lost update: the save is refused (InputError) unless the latest stored revision is that number (0: the
   * key must not exist yet, which is how immutable documents such as snapshots are saved).
   */
  saveDocument<Body>(document: NewDocument<Body>): Promise<DocumentMeta>;
  /** The latest revision of a document (or the given one), or null when there is none. */
  document<Body = unknown>(
    kind: DocumentKind,
    key: string,
    revision?: number,
  ): Promise<StoredDocument<Body> | null>;
  /** The latest revision of every document of a kind, ordered by key. */
  listDocuments(kind: DocumentKind): Promise<DocumentMeta[]>;
  /** Every revision of one document, oldest first. */
  documentRevisions(kind: DocumentKind, key: string): Promise<DocumentMeta[]>;
  /** Records who did what, when (plan activations, adjustments, period closes); the log is append-only. */
  appendAudit(entry: NewAuditEntry): Promise<void>;
  /** The audit log, oldest first, optionally for one subject. */
  auditLog(filter?: { readonly subject?: string }): Promise<AuditEntry[]>;
  close(): Promise<void>;
}

/**
 * What salesops keeps besides CRM data. Each kind's body is JSON; money in a body is integer minor units (safe
 * integers), dates ISO strings.
 */
export const DOCUMENT_KINDS = [
  'forecast_snapshot',
  'forecast_adjustment',
  'plan_version',
  'routing_ledger',
  'comp_plan',
  'comp_run',
  /** The HTTP API's users: logins, roles and token hashes (src/server/users.ts). */
  'api_users',
] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

export interface NewDocument<Body> {
  readonly kind: DocumentKind;
  readonly key: string;
  readonly body: Body;
  /** When, by the caller's clock (ISO date or date-time; the store never reads the clock). */
  readonly savedAt: string;
  readonly savedBy?: string | null;
  readonly note?: string | null;
  readonly expectRevision?: number;
}

export interface DocumentMeta {
  readonly kind: DocumentKind;
  readonly key: string;
  /** 1 for the first save of a key, then 2, 3, ... */
  readonly revision: number;
  readonly savedAt: string;
  readonly savedBy: string | null;
  readonly note: string | null;
}

export interface StoredDocument<Body = unknown> extends DocumentMeta {
  readonly body: Body;
}

export interface NewAuditEntry {
  /** When, by the caller's clock (ISO date or date-time). */
  readonly at: string;
  readonly actor: string;
  /** What was done, e.g. `plan.activate`, `forecast.adjust`, `comp.close`. */
  readonly action: string;
  /** What it was done to, e.g. `plan_version:FY2027`. */
  readonly subject: string;
  readonly detail?: unknown;
}

export interface AuditEntry extends NewAuditEntry {
  /** Position in the log, from 1. */
  readonly sequence: number;
}

export type { DayNumber };
