/**
 * Turns the records read from every file of an import into one EntityBatch: settles what no single row can
 * (a repeated id, owners and accounts given by name, role and product lookups, references to records rejected
 * or absent, the owner and order of history changes), rejecting each record that cannot be kept with a located
 * problem, and noting what was assumed or created on the user's behalf.
 * @module
 */
import { basename } from 'node:path';
import type { IsoDate } from '../../domain/dates.js';
import {
  accountSchema,
  activitySchema,
  emptyBatch,
  leadSchema,
  opportunityChangeSchema,
  opportunitySchema,
  repSchema,
  type Account,
  type Activity,
  type Lead,
  type Opportunity,
  type OpportunityChange,
  type Rep,
  type TrackedState,
} from '../../domain/entities.js';
import { parseRatio, type CurrencyCode, type Ratio } from '../../domain/money.js';
import { plural } from '../../domain/plural.js';
import type { FxRate, WorkspaceConfig } from '../../domain/workspace-config.js';
import type { KeptFields, PartialEntityBatch } from '../../store/write-batch.js';
import type { Table } from '../readers/index.js';
import { looksLikeSalesforceId, parseDate, parseMoney } from '../values/index.js';
import { parsed, problem, show, type Parsed } from '../values/parsed.js';
import { EXPECTED_BY_KIND, fieldSpec } from '../model/import-fields.js';
import {
  AccountRows,
  type Collected,
  CurrencyRows,
  type CurrencyRate,
  FieldHistoryRows,
  PeriodRows,
  RepRows,
  RoleRows,
  type FieldChange,
} from './collectors.js';
import type { CompiledMapping } from './compiled-mapping.js';
import { ActivityRows, CostRows, LeadRows, QuotaRows } from './funnel-rows.js';
import { HistoryRows } from './history-rows.js';
import { OpportunityRows } from './opportunity-rows.js';
import {
  compareMoments,
  daySequences,
  groupInTimeOrder,
  ownerAt,
  statesFromFieldSteps,
  type FieldStep,
  type Moment,
  type OwnerChange,
} from './history-order.js';
import { ignoreRow, type FileAccount, type IgnoredReason, type ImportProblem } from './import-problems.js';
import { leftOutFields } from './left-out-fields.js';
import { nameKey, NameIndex } from './name-keys.js';
import { recordsAt, sameCells } from './records-at.js';
import { createRecordValidator, type RecordValidator } from './record-validator.js';
import { createStageResolver, type StageResolver } from './stage-resolver.js';
import type { StoredRecords } from './stored-records.js';
import { parseForecastCategory, roleFromTitle, wordKey } from './vocabulary.js';

/** A file as read: its table, compiled mapping, row accounting and collected records. */
export interface ReadFile<Rows extends Collected<unknown> = Collected<unknown>> {
  readonly file: string;
  readonly table: Table;
  readonly compiled: CompiledMapping;
  readonly account: FileAccount;
  readonly rows: Rows;
}

/** Records the import adds on the user's behalf, by kind. */
export interface CreatedRecords {
  /** Reps known only by name (report owners), keyed `name:...`. */
  readonly repsFromNames: number;
  readonly accountsFromNames: number;
  /** Reps and accounts referred to by id but in no file and not stored: named by their id until imported. */
  readonly repsFromIds: number;
  readonly accountsFromIds: number;
}

/**
 * The history changes of an import: rows of history files, still in their typed columns (`indexes` in the
 * order they are written), and the changes assembly built itself (owner changes, field-history states).
 */
export interface HistoryChanges {
  readonly rows: readonly { readonly rows: HistoryRows; readonly indexes: Uint32Array }[];
  readonly built: readonly OpportunityChange[];
}

export interface Assembly {
  /**
   * Every list but `opportunityChanges`, which {@link historyChanges} gives; with the fields each record's file
   * left out, which the store keeps as stored.
   */
  readonly batch: PartialEntityBatch;
  readonly history: HistoryChanges;
  readonly created: CreatedRecords;
  readonly notices: string[];
}

/** How many changes a history holds. */
export function historySize(history: HistoryChanges): number {
  return history.rows.reduce((sum, entry) => sum + entry.indexes.length, history.built.length);
}

export interface AssemblyContext {
  readonly config: WorkspaceConfig;
  readonly stored: StoredRecords;
  readonly problems: ImportProblem[];
}

interface Place {
  readonly file: ReadFile;
  readonly index: number;
}

/** The field of a problem, or fields, the first with a column locating it (`opportunityId`, else `relatedId`). */
type Fields = string | readonly string[];

/** Where a rejected record was (its file and line), for the records that refer to it. */
interface RejectedAt {
  readonly file: string;
  readonly line: number;
}

function repRecord(id: string, name: string, role: Rep['role']): Rep {
  return {
    id,
    name,
    email: null,
    role,
    managerId: null,
    team: null,
    segment: null,
    region: null,
    hireDate: null,
    endDate: null,
  };
}

function accountRecord(id: string, name: string): Account {
  return {
    id,
    name,
    industry: null,
    employees: null,
    annualRevenue: null,
    region: null,
    country: null,
    segment: null,
    tier: null,
    potential: null,
    ownerId: null,
    territoryId: null,
    parentId: null,
    createdDate: null,
  };
}

function filesOf<R extends Collected<unknown>>(
  files: readonly ReadFile[],
  kind: abstract new (...args: never[]) => R,
): ReadFile<R>[] {
  return files.filter((file): file is ReadFile<R> => file.rows instanceof kind);
}

/** The index of the record a file keeps under an id: read under it and not rejected; -1 for none. */
function keptIndex(file: ReadFile, id: string): number {
  const index = file.rows.keys.get(id);
  return index !== undefined && !file.rows.rejected.has(index) ? index : -1;
}

/**
 * One kind of record (reps, accounts, opportunities) across the import: the records of its files, the stored
 * ids, records keyed by a name the files give, and records named by an id the files refer to but nothing holds.
 */
class RecordPool<R extends { id: string; name: string }> {
  /** Ids of rejected records, with where they were. */
  readonly rejected = new Map<string, RejectedAt>();
  readonly fromNames = new Map<string, R>();
  readonly fromIds = new Map<string, R>();
  /** The records gathered from the files, whose names the index holds with the stored ones. */
  private gathered: readonly R[] = [];
  /**
   * Records by name: made when a name is first looked up, as most imports give every reference by id and the
   * index of a million opportunities' names would cost more than reading them.
   */
  private index: NameIndex | null = null;

  /**
   * `files` are the entity's files: a record of theirs is kept while it is not rejected (an id in two files
   * rejects both, see Assembler.gather), so the pool finds records through the files' own keys and holds no
   * table of its own. `make` builds a record from an id and name; null where records cannot be made up
   * (opportunities).
   */
  constructor(
    readonly noun: string,
    readonly files: readonly ReadFile<Collected<R>>[],
    private readonly stored: ReadonlyMap<string, string>,
    private readonly make: ((id: string, name: string) => R) | null,
  ) {}

  /** Notes the records gathered from the files, once the files' records are settled. */
  gatheredAll(): void {
    this.gathered = this.records();
  }

  /** The kept record of an id from the files. */
  get(id: string): R | undefined {
    const place = this.placeOf(id);
    return place && (place.file.rows.records[place.index] as R);
  }

  /** Whether a record of the files is kept under the id (asked for every reference: no place is made). */
  holds(id: string): boolean {
    return this.files.some((file) => keptIndex(file, id) >= 0);
  }

  /** Where the record kept under an id is, looking in the first `fileCount` files. */
  placeOf(id: string, fileCount = this.files.length): Place | undefined {
    for (let at = 0; at < fileCount; at++) {
      const file = this.files[at]!;
      const index = keptIndex(file, id);
      if (index >= 0) return { file, index };
    }
    return undefined;
  }

  /**
   * The fields each record of {@link all} leaves out, in its order: its file's (none for the records the import
   * made). A file's records share one list.
   */
  leftOutFields(): (readonly string[] | undefined)[] {
    const fields: (readonly string[] | undefined)[] = [];
    for (const file of this.files) {
      const { records, rejected } = file.rows;
      const leftOut = leftOutFields(file.compiled);
      // Most files reject no record: a million `has` of an empty set are left out.
      for (let index = 0; index < records.length; index++)
        if (rejected.size === 0 || !rejected.has(index)) fields.push(leftOut);
    }
    for (let made = this.fromNames.size + this.fromIds.size; made > 0; made--) fields.push(undefined);
    return fields;
  }

  /** The kept records of the files, file after file (a list: a million yields cost more than the list). */
  records(): R[] {
    const kept: R[] = [];
    for (const file of this.files) {
      const { records, rejected } = file.rows;
      for (let index = 0; index < records.length; index++)
        if (rejected.size === 0 || !rejected.has(index)) kept.push(records[index]!);
    }
    return kept;
  }

  private get names(): NameIndex {
    if (this.index === null) {
      const index = new NameIndex();
      for (const [id, name] of this.stored) index.add(name, id);
      for (const record of this.gathered) index.add(record.name, record.id);
      this.index = index;
    }
    return this.index;
  }

  /** Remembers where a rejected record was (its file already holds it as rejected). */
  noteRejected(id: string, at: RejectedAt): void {
    if (!this.rejected.has(id)) this.rejected.set(id, at);
  }

  has(id: string): boolean {
    return this.holds(id) || this.stored.has(id) || this.fromNames.has(id) || this.fromIds.has(id);
  }

  /** The id of the record with this name; a record keyed by the name when none has it; null when ambiguous. */
  idForName(name: string): string | null {
    const found = this.names.find(name);
    if (found !== undefined) return found;
    const id = nameKey(name);
    if (this.make && !this.rejected.has(id)) this.fromNames.set(id, this.make(id, name));
    this.names.add(name, id);
    return id;
  }

  /**
   * Whether a reference to `id` can be kept: null when it can (a record named by its id is added when nothing
   * holds it), or where the rejected record was.
   */
  refer(id: string): RejectedAt | null {
    if (this.has(id)) return null;
    const rejected = this.rejected.get(id);
    if (rejected) return rejected;
    if (this.make) this.fromIds.set(id, this.make(id, id));
    return null;
  }

  all(): R[] {
    return [...this.records(), ...this.fromNames.values(), ...this.fromIds.values()];
  }
}

/** A rate read from a CRM's currency file, with where it was read. */
type RateRow = CurrencyRate & { readonly place: Place };

/** The first imported opportunity of a currency whose CRM rate differs from salesops.yaml's on its close date. */
interface DifferingRate {
  readonly opportunity: string;
  readonly closeDate: IsoDate;
  readonly crm: RateRow;
  readonly ours: FxRate | undefined;
}

/** The rate in force on a date: the last to start on or before it. */
function inForce<R extends { readonly from: string }>(rates: readonly R[], onDate: IsoDate): R | undefined {
  let found: R | undefined;
  for (const rate of rates)
    if (rate.from <= onDate && (found === undefined || rate.from > found.from)) found = rate;
  return found;
}

function sameRatio(a: Ratio, b: Ratio): boolean {
  return a.numerator * b.denominator === b.numerator * a.denominator;
}

/** Assembles the batch of an import from its read files; problems are added to `context.problems`. */
export class Assembler {
  private readonly notices: string[] = [];
  private readonly problems: ImportProblem[];
  private readonly reps: RecordPool<Rep>;
  private readonly accounts: RecordPool<Account>;
  private readonly opportunities: RecordPool<Opportunity>;
  private readonly stageResolvers = new Map<ReadFile, StageResolver>();
  private readonly validateChange = createRecordValidator(opportunityChangeSchema);

  private recordsSettled = false;

  /**
   * `files` are the import's files as read; the list may grow after the reps, accounts and opportunities are
   * read (the files that refer to them are read after), until {@link assemble}.
   */
  constructor(
    private readonly files: readonly ReadFile[],
    private readonly context: AssemblyContext,
  ) {
    this.problems = context.problems;
    this.reps = new RecordPool('rep', filesOf(files, RepRows), context.stored.reps, (id, name) =>
      repRecord(id, name, 'other'),
    );
    this.accounts = new RecordPool(
      'account',
      filesOf(files, AccountRows),
      context.stored.accounts,
      accountRecord,
    );
    this.opportunities = new RecordPool('opportunity', filesOf(files, OpportunityRows), new Map(), null);
  }

  private poolOf(file: ReadFile): RecordPool<{ id: string; name: string }> | null {
    if (file.rows instanceof RepRows) return this.reps;
    if (file.rows instanceof AccountRows) return this.accounts;
    if (file.rows instanceof OpportunityRows) return this.opportunities;
    return null;
  }

  /**
   * Rejects a record read earlier, with a problem at its line and the column of `fields`; a rejected rep,
   * account or opportunity leaves its pool, so that records referring to it are rejected in turn.
   */
  private reject(
    place: Place,
    fields: string | readonly string[],
    value: string | null,
    message: string,
    fix: string,
    options: { readonly fatal?: boolean; readonly expected?: string } = {},
  ): void {
    const { file, index } = place;
    if (file.rows.rejected.has(index)) return;
    file.rows.rejected.add(index);
    const line = file.rows.line(index);
    file.account.rejectedLines.add(line);
    const names = typeof fields === 'string' ? [fields] : fields;
    const column =
      names.map((name) => file.compiled.byField.get(name)).find((found) => found !== undefined) ??
      file.compiled.columns[0];
    const field = names[0] ?? null;
    const kind = field === null ? undefined : fieldSpec(file.compiled.entity, field)?.kind;
    this.problems.push({
      file: file.file,
      line,
      column: (column?.index ?? 0) + 1,
      header: column?.header ?? null,
      field,
      value,
      message,
      expected: options.expected ?? (kind ? EXPECTED_BY_KIND[kind] : null),
      fix,
      fatal: options.fatal ?? false,
    });
    const record = file.rows.records[index] as { id?: unknown } | undefined;
    if (typeof record?.id === 'string') this.poolOf(file)?.noteRejected(record.id, { file: file.file, line });
  }

  private rejectedReference(place: Place, field: Fields, id: string, noun: string, at: RejectedAt): void {
    this.reject(
      place,
      field,
      id,
      `${noun} ${show(id)} was rejected (${at.file}:${at.line}), so this row cannot refer to it`,
      `fix that row of ${at.file} first; this row is then imported with it`,
      // The id is well formed: "a record id" would not say what is wrong with it.
      { expected: "the id of a record this import keeps, not a rejected row's" },
    );
  }

  /** The pool of one entity from its files; an id in two files is kept from neither. */
  private gather<R extends { id: string; name: string }>(pool: RecordPool<R>): void {
    const { files } = pool;
    for (const file of files) {
      for (const [key, line] of file.rows.rejectedKeys) pool.rejected.set(key, { file: file.file, line });
    }
    // Ids are unique within a file: only the files before it can hold a record's id.
    for (let at = 1; at < files.length; at++) {
      const file = files[at]!;
      for (const [index, record] of file.rows.accepted()) {
        const earlier = pool.placeOf(record.id, at);
        if (earlier !== undefined) this.rejectBoth(earlier, { file, index }, pool.noun, record.id);
      }
    }
    pool.gatheredAll();
  }

  /** Rejects two records of one id in two files: which one is right cannot be known. */
  private rejectBoth(earlier: Place, later: Place, noun: string, id: string): void {
    const lineOf = (place: Place) => place.file.rows.line(place.index);
    const message = `${noun} ${show(id)} is in ${earlier.file.file} (line ${lineOf(earlier)}) and in ${later.file.file} (line ${lineOf(later)})`;
    const fix = 'import one export of each record (leave one of the two files out, or remove the row)';
    const expected = { expected: 'each id in one file only' };
    this.reject(earlier, 'id', id, message, fix, expected);
    this.reject(later, 'id', id, message, fix, expected);
  }

  /** The id of the record a name refers to; null (and the row rejected) when the name is ambiguous. */
  private nameReference<R extends { id: string; name: string }>(
    pool: RecordPool<R>,
    place: Place,
    field: string,
    name: string,
  ): string | null {
    const id = pool.idForName(name);
    if (id === null) {
      this.reject(
        place,
        field,
        name,
        `${show(name)} is the name of more than one ${pool.noun}`,
        `give the ${pool.noun}'s id instead of the name`,
      );
    }
    return id;
  }

  /** Whether a reference can be kept, as {@link check} finds it, without rejecting anything. */
  private refers<R extends { id: string; name: string }>(pool: RecordPool<R>, id: string | null): boolean {
    return id === null || pool.refer(id) === null;
  }

  /** Whether a reference can be kept; the row is rejected when it refers to a rejected record. */
  private check<R extends { id: string; name: string }>(
    pool: RecordPool<R>,
    place: Place,
    field: Fields,
    id: string | null,
  ): boolean {
    if (id === null || place.file.rows.rejected.has(place.index)) return true;
    const rejected = pool.refer(id);
    if (rejected === null) return true;
    this.rejectedReference(place, field, id, pool.noun, rejected);
    return false;
  }

  private resolveReps(files: readonly ReadFile<RepRows>[]): void {
    const roles = new Map<string, string>();
    for (const file of filesOf(this.files, RoleRows)) {
      for (const [, role] of file.rows.accepted()) roles.set(role.id, role.name);
    }
    let unknownRoles = 0;
    for (const file of files) {
      for (const [index, roleId] of file.rows.roleIds) {
        const rep = file.rows.records[index];
        const roleName = roles.get(roleId);
        if (rep === undefined) continue;
        if (roleName === undefined) unknownRoles++;
        else if (roleFromTitle(roleName) !== 'other') rep.role = roleFromTitle(roleName);
      }
      for (const [index, name] of file.rows.managerNames) {
        const rep = file.rows.records[index];
        if (rep === undefined || file.rows.rejected.has(index)) continue;
        rep.managerId = this.nameReference(this.reps, { file, index }, 'managerName', name);
        const manager = rep.managerId === null ? undefined : this.reps.fromNames.get(rep.managerId);
        if (manager) manager.role = 'manager';
      }
    }
    if (unknownRoles > 0) {
      this.notices.push(
        `${plural(unknownRoles, 'rep has', 'reps have')} a role id that no roles file of this import names: the role is read from the title (import UserRole.csv with them to use the role names)`,
      );
    }
  }

  private resolveAccounts(files: readonly ReadFile<AccountRows>[]): void {
    for (const file of files) {
      // A rejected row's names make no record (a rep or account known by name only that no kept row names).
      for (const [index, name] of file.rows.ownerNames) {
        const account = file.rows.records[index];
        if (account && !file.rows.rejected.has(index))
          account.ownerId = this.nameReference(this.reps, { file, index }, 'ownerName', name);
      }
      for (const [index, name] of file.rows.parentNames) {
        const account = file.rows.records[index];
        if (account && !file.rows.rejected.has(index))
          account.parentId = this.nameReference(this.accounts, { file, index }, 'parentName', name);
      }
    }
  }

  private resolveOpportunities(files: readonly ReadFile<OpportunityRows>[]): void {
    let withoutProductsFile = 0;
    for (const file of files) {
      withoutProductsFile += file.rows.productsWithoutFile;
      // As for accounts: a rejected row's names make no record.
      for (const [index, name] of file.rows.ownerNames) {
        const opportunity = file.rows.records[index];
        if (opportunity && !file.rows.rejected.has(index))
          opportunity.ownerId = this.nameReference(this.reps, { file, index }, 'ownerName', name) ?? '';
      }
      for (const [index, name] of file.rows.accountNames) {
        const opportunity = file.rows.records[index];
        if (opportunity && !file.rows.rejected.has(index))
          opportunity.accountId = this.nameReference(this.accounts, { file, index }, 'accountName', name);
      }
    }
    if (withoutProductsFile > 0) {
      this.notices.push(
        `${plural(withoutProductsFile, 'opportunity names', 'opportunities name')} a product, but no products file is in this import: the list amount is not set`,
      );
    }
  }

  /**
   * Rejects, until nothing changes, every record that refers to a rejected record (a rep whose manager, an
   * account whose owner or parent, an opportunity whose owner or account was rejected); a reference to an id
   * that is nowhere adds a record named by its id.
   */
  private cascade(
    repFiles: readonly ReadFile<RepRows>[],
    accountFiles: readonly ReadFile<AccountRows>[],
    opportunityFiles: readonly ReadFile<OpportunityRows>[],
  ): void {
    for (let changed = true; changed;) {
      const before = this.problems.length;
      for (const file of repFiles) {
        for (const [index, rep] of file.rows.accepted())
          this.check(this.reps, { file, index }, 'managerId', rep.managerId);
      }
      for (const file of accountFiles) {
        for (const [index, account] of file.rows.accepted()) {
          const place = { file, index };
          this.check(
            this.reps,
            place,
            file.rows.ownerNames.has(index) ? 'ownerName' : 'ownerId',
            account.ownerId,
          );
          this.check(
            this.accounts,
            place,
            file.rows.parentNames.has(index) ? 'parentName' : 'parentId',
            account.parentId,
          );
        }
      }
      for (const file of opportunityFiles) {
        const { records, rejected } = file.rows;
        // An index loop, and a place only for a reference that fails: a million opportunities' references.
        for (let index = 0; index < records.length; index++) {
          if (rejected.size > 0 && rejected.has(index)) continue;
          const opportunity = records[index]!;
          if (
            this.refers(this.reps, opportunity.ownerId) &&
            this.refers(this.accounts, opportunity.accountId)
          )
            continue;
          const place = { file, index };
          this.check(
            this.reps,
            place,
            file.rows.ownerNames.has(index) ? 'ownerName' : 'ownerId',
            opportunity.ownerId,
          );
          this.check(
            this.accounts,
            place,
            file.rows.accountNames.has(index) ? 'accountName' : 'accountId',
            opportunity.accountId,
          );
        }
      }
      changed = this.problems.length > before;
    }
  }

  /** Checks records against their entity schema: the last guard before the store; a failure is a row problem. */
  private validate<R extends object>(
    files: readonly ReadFile<Collected<R>>[],
    validator: RecordValidator,
  ): void {
    for (const file of files) {
      const { records, rejected } = file.rows;
      // An index loop, not `accepted()`: a yield and a pair per record of a million.
      for (let index = 0; index < records.length; index++) {
        if (rejected.size > 0 && rejected.has(index)) continue;
        const record = records[index]!;
        const issue = validator(record);
        if (issue === null) continue;
        const value: unknown = (record as Record<string, unknown>)[issue.field];
        this.reject(
          { file, index },
          issue.field,
          value === null || value === undefined ? null : JSON.stringify(value),
          `${issue.field} ${issue.message}`,
          'correct the value in the file',
        );
      }
    }
  }

  /** The current state, currency and created date of an opportunity of the import or of the store. */
  private currentOf(
    id: string,
    own: Opportunity | undefined = this.opportunities.get(id),
  ): { state: TrackedState; currency: CurrencyCode; createdDate: IsoDate } | undefined {
    if (own) return { state: own, currency: own.currency, createdDate: own.createdDate };
    const stored = this.context.stored.opportunities?.get(id);
    return stored
      ? { state: stored.state, currency: stored.currency, createdDate: stored.createdDate }
      : undefined;
  }

  private missingOpportunity(place: Place, id: string, field: Fields = 'opportunityId'): void {
    const rejected = this.opportunities.rejected.get(id);
    if (rejected) this.rejectedReference(place, field, id, 'opportunity', rejected);
    else {
      this.reject(
        place,
        field,
        id,
        `opportunity ${show(id)} is neither in this import nor stored`,
        `import the opportunities export with this ${place.file.compiled.entity === 'opportunityHistory' || place.file.compiled.entity === 'opportunityFieldHistory' ? 'history' : 'file'} (or before it), or remove the row`,
      );
    }
  }

  /** Whether an opportunity reference can be kept; the row is rejected (located at `field`) when not. */
  private opportunityReference(place: Place, field: Fields, id: string | null): boolean {
    if (id === null || place.file.rows.rejected.has(place.index)) return true;
    const { stored } = this.context;
    if (this.opportunities.holds(id) || stored.opportunities?.has(id) || stored.opportunityIds?.has(id))
      return true;
    this.missingOpportunity(place, id, field);
    return false;
  }

  /** A rep given by id or by name (set on `record[field]` once found); false when the row was rejected. */
  private repReference<R extends object>(
    place: Place,
    record: R,
    field: keyof R & string,
    names: ReadonlyMap<number, string>,
    nameField: string,
  ): boolean {
    const name = names.get(place.index);
    if (name !== undefined) {
      const id = this.nameReference(this.reps, place, nameField, name);
      if (id === null) return false;
      (record as Record<string, unknown>)[field] = id;
    }
    const id = record[field];
    return this.check(
      this.reps,
      place,
      name === undefined ? field : nameField,
      typeof id === 'string' ? id : null,
    );
  }

  /**
   * Leads across the files: an id in two files is kept from neither; owners by name are found; a converted
   * lead's account and opportunity must be known. Returns where each rejected lead was, for the activities.
   */
  private assembleLeads(files: readonly ReadFile<LeadRows>[]): Map<string, RejectedAt> {
    const places = new Map<string, Place>();
    for (const file of files) {
      for (const [index, lead] of file.rows.accepted()) {
        const place = { file, index };
        const earlier = places.get(lead.id);
        if (earlier === undefined) places.set(lead.id, place);
        else this.rejectBoth(earlier, place, 'lead', lead.id);
        if (file.rows.rejected.has(index)) continue;
        if (!this.repReference(place, lead, 'ownerId', file.rows.ownerNames, 'ownerName')) continue;
        this.check(this.accounts, place, 'convertedAccountId', lead.convertedAccountId);
        this.opportunityReference(place, 'convertedOpportunityId', lead.convertedOpportunityId);
      }
    }
    this.validate(files, createRecordValidator(leadSchema));
    const rejected = new Map<string, RejectedAt>();
    for (const file of files) {
      for (const [key, line] of file.rows.rejectedKeys) rejected.set(key, { file: file.file, line });
      for (const index of file.rows.rejected) {
        const id = file.rows.records[index]?.id;
        if (id !== undefined) rejected.set(id, { file: file.file, line: file.rows.line(index) });
      }
    }
    return rejected;
  }

  /** Activities: reps by name, and every reference (rep, account, opportunity, lead) known. */
  private assembleActivities(
    files: readonly ReadFile<ActivityRows>[],
    leads: ReadonlySet<string>,
    rejectedLeads: ReadonlyMap<string, RejectedAt>,
  ): void {
    const places = new Map<string, Place>();
    for (const file of files) {
      for (const [index, activity] of file.rows.accepted()) {
        const place = { file, index };
        const earlier = places.get(activity.id);
        if (earlier === undefined) places.set(activity.id, place);
        else this.rejectBoth(earlier, place, 'activity', activity.id);
        if (file.rows.rejected.has(index)) continue;
        if (!this.repReference(place, activity, 'repId', file.rows.repNames, 'repName')) continue;
        if (!this.check(this.accounts, place, ['accountId', 'relatedId'], activity.accountId)) continue;
        if (!this.opportunityReference(place, ['opportunityId', 'relatedId'], activity.opportunityId))
          continue;
        this.leadReference(place, activity.leadId, leads, rejectedLeads);
      }
    }
    this.validate(files, createRecordValidator(activitySchema));
  }

  private leadReference(
    place: Place,
    id: string | null,
    leads: ReadonlySet<string>,
    rejectedLeads: ReadonlyMap<string, RejectedAt>,
  ): void {
    if (id === null || leads.has(id) || this.context.stored.leadIds?.has(id)) return;
    const rejected = rejectedLeads.get(id);
    if (rejected) this.rejectedReference(place, ['leadId', 'personId'], id, 'lead', rejected);
    else {
      this.reject(
        place,
        ['leadId', 'personId'],
        id,
        `lead ${show(id)} is neither in this import nor stored`,
        'import the leads export with this file (or before it), or remove the row',
      );
    }
  }

  /**
   * Quotas: reps by name; a team quota's team must be a team of some rep (stored or in this import); one quota
   * per owner and period once names are settled.
   */
  private assembleQuotas(files: readonly ReadFile<QuotaRows>[]): void {
    const teams = new Set(this.reps.all().map((rep) => rep.team));
    const owners = new Map<string, Place>();
    for (const file of files) {
      for (const [index, quota] of file.rows.accepted()) {
        const place = { file, index };
        if (quota.ownerKind === 'rep') {
          if (!this.repReference(place, quota, 'ownerId', file.rows.ownerNames, 'ownerName')) continue;
        } else if (!teams.has(quota.ownerId) && !this.context.stored.teams.has(quota.ownerId)) {
          this.reject(
            place,
            'team',
            quota.ownerId,
            `team ${show(quota.ownerId)} has no reps`,
            'use the team name exactly as the reps have it, or import the team’s reps first (or with this file)',
          );
          continue;
        }
        const key = `${quota.ownerKind}\u0000${quota.ownerId}\u0000${quota.period}`;
        const earlier = owners.get(key);
        if (earlier === undefined) {
          owners.set(key, place);
          continue;
        }
        const message = `${quota.ownerKind} ${show(quota.ownerId)} has two quotas for ${quota.period}`;
        const fix = 'keep one quota per owner and period';
        this.reject(earlier, 'period', quota.period, message, fix);
        this.reject(place, 'period', quota.period, message, fix);
      }
    }
  }

  /** Costs: one per period and category across files. */
  private assembleCosts(files: readonly ReadFile<CostRows>[]): void {
    const keys = new Map<string, Place>();
    for (const file of files) {
      for (const [index, cost] of file.rows.accepted()) {
        const place = { file, index };
        const key = `${cost.period}\u0000${cost.category}`;
        const earlier = keys.get(key);
        if (earlier === undefined) {
          keys.set(key, place);
          continue;
        }
        const message = `${cost.category} costs of ${cost.period} are given twice`;
        this.reject(earlier, 'period', cost.period, message, 'keep one row per period and category');
        this.reject(place, 'period', cost.period, message, 'keep one row per period and category');
      }
    }
  }

  /** The accepted records of files of one kind. */
  private acceptedOf<R>(files: readonly ReadFile<Collected<R>>[]): R[] {
    return files.flatMap((file) => [...file.rows.accepted()].map(([, record]) => record));
  }

  /** The left-out fields of files of one kind, record by record in the order of {@link acceptedOf}. */
  private leftOutOf<R>(files: readonly ReadFile<Collected<R>>[]): (readonly string[] | undefined)[] {
    return files.flatMap((file) => {
      const fields = leftOutFields(file.compiled);
      return [...file.rows.accepted()].map(() => fields);
    });
  }

  /** A read record that is deliberately not used: counted as ignored (not imported, not rejected). */
  private ignore(place: Place, reason: IgnoredReason): void {
    if (place.file.rows.rejected.has(place.index)) return;
    place.file.rows.rejected.add(place.index);
    ignoreRow(place.file.account, reason);
  }

  /**
   * Owner changes per opportunity from field history rows. Salesforce writes each owner change twice, as ids
   * and as names: the id row is used and the name row set aside; a change given only by names is read by name.
   */
  private ownerChanges(files: readonly ReadFile<FieldHistoryRows>[]): Map<string, OwnerChange[]> {
    const byMoment = new Map<string, { place: Place; change: FieldChange }[]>();
    for (const file of files) {
      for (const [index, change] of file.rows.accepted()) {
        if (change.field !== 'owner') continue;
        if (this.currentOf(change.opportunityId) === undefined) {
          this.missingOpportunity({ file, index }, change.opportunityId);
          continue;
        }
        const key = `${change.opportunityId}\u0000${change.date}\u0000${change.seconds}`;
        const list = byMoment.get(key) ?? [];
        list.push({ place: { file, index }, change });
        byMoment.set(key, list);
      }
    }
    const isId = (change: FieldChange) =>
      change.dataType?.toLowerCase() === 'entityid' || looksLikeSalesforceId(change.newValue ?? '');
    const result = new Map<string, OwnerChange[]>();
    for (const rows of byMoment.values()) {
      const idRows = rows.filter((row) => isId(row.change));
      const byName = idRows.length === 0;
      const used = (byName ? rows : idRows)[0];
      for (const row of rows) {
        if (row !== used)
          this.ignore(row.place, 'owner change written as names (the id row of the same change is used)');
      }
      if (!used) continue;
      const { change, place } = used;
      const read = (value: string | null): string | null =>
        value === null ? null : byName ? this.nameReference(this.reps, place, 'newValue', value) : value;
      const to = read(change.newValue);
      const from = read(change.oldValue);
      if (to === null) {
        if (change.newValue === null) {
          this.reject(
            place,
            'newValue',
            null,
            'the new owner is empty',
            'fill in the new owner, or remove the row',
          );
        }
        continue;
      }
      if (!this.check(this.reps, place, 'newValue', to) || !this.check(this.reps, place, 'oldValue', from))
        continue;
      const list = result.get(change.opportunityId) ?? [];
      list.push({
        date: change.date,
        seconds: change.seconds,
        line: place.file.rows.line(place.index),
        from,
        to,
      });
      result.set(change.opportunityId, list);
    }
    for (const list of result.values()) list.sort(compareMoments);
    return result;
  }

  private async assembleHistory(): Promise<HistoryChanges> {
    const historyFiles = filesOf(this.files, HistoryRows);
    const fieldFiles = filesOf(this.files, FieldHistoryRows);
    const rows: HistoryChanges['rows'][number][] = [];
    const built: OpportunityChange[] = [];
    if (historyFiles.length === 0 && fieldFiles.length === 0) return { rows, built };
    const owners = this.ownerChanges(fieldFiles);
    const withSnapshots = new Set<string>();
    for (const file of historyFiles)
      rows.push(await this.snapshotHistory(file, owners, fieldFiles.length > 0, withSnapshots, built));
    this.fieldHistory(fieldFiles, owners, withSnapshots, built);
    return { rows, built };
  }

  /**
   * Changes from a history of full states (Salesforce's OpportunityHistory), in time order per opportunity. A
   * row without an owner takes the owner the field history says it had then, else the current owner; an owner
   * change between two rows is a change of its own (added to `built`). Rows stay in their columns: what is kept
   * is the list of row indexes, with owners and sequences set in place.
   */
  private async snapshotHistory(
    file: ReadFile<HistoryRows>,
    owners: ReadonlyMap<string, OwnerChange[]>,
    fieldHistoryFiles: boolean,
    withSnapshots: Set<string>,
    built: OpportunityChange[],
  ): Promise<HistoryChanges['rows'][number]> {
    const history = file.rows;
    const { rejected, ownerNames, opportunities: codes } = history;
    const accepted = new Uint32Array(history.count);
    let count = 0;
    // Most histories reject no row: five million `has` of an empty set are left out (and below).
    for (let index = 0; index < history.count; index++)
      if (rejected.size === 0 || !rejected.has(index)) accepted[count++] = index;
    const compare = (a: number, b: number): number => {
      const [first, second] = [accepted[a]!, accepted[b]!];
      return (
        history.day(first) - history.day(second) ||
        history.seconds(first) - history.seconds(second) ||
        history.line(first) - history.line(second)
      );
    };
    const groups = groupInTimeOrder(
      count,
      (at) => history.opportunityCode(accepted[at]!),
      codes.size,
      compare,
    );
    await this.dropExactCopies(file, groups, accepted);
    const kept = new Uint32Array(count);
    let keptCount = 0;
    // Owners already found referable, by code: millions of rows name a few hundred owners, each checked once.
    const referableOwners: boolean[] = [];
    for (let group = 0; group < groups.keys.length; group++) {
      const code = groups.keys[group]!;
      const id = codes.id(code);
      const from = groups.starts[group]!;
      const to = groups.starts[group + 1]!;
      // With one opportunities file, the code finds the record without a lookup by id.
      const current = this.currentOf(
        id,
        codes.oneFile ? codes.onlyFileRecord(code) : this.opportunities.get(id),
      );
      if (current === undefined) {
        for (let at = from; at < to; at++)
          this.missingOpportunity({ file, index: accepted[groups.order[at]!]! }, id);
        continue;
      }
      // Only field history files ask which opportunities have a full-state history.
      if (fieldHistoryFiles) withSnapshots.add(id);
      // A million lookups of ids in an empty map are left out.
      const ownerList = owners.size > 0 ? owners.get(id) : undefined;
      const timed: { moment: Moment; row: number; change: OpportunityChange | null }[] | null = ownerList
        ? []
        : null;
      let previousDay = -1;
      let sequence = 0;
      for (let at = from; at < to; at++) {
        const index = accepted[groups.order[at]!]!;
        if (rejected.size > 0 && rejected.has(index)) continue;
        const ownerName = ownerNames.size > 0 ? ownerNames.get(index) : undefined;
        if (ownerName !== undefined)
          history.setOwnerId(
            index,
            this.nameReference(this.reps, { file, index }, 'ownerName', ownerName) ?? '',
          );
        const moment = ownerList
          ? {
              date: history.dates.date(history.day(index)),
              seconds: history.seconds(index),
              line: history.line(index),
            }
          : null;
        const ownerCode = history.ownerCodeOf(index);
        if (referableOwners[ownerCode] !== true) {
          const ownerId = history.ownerId(index);
          if (ownerId === '') {
            // The current owner, or the owner before a later owner change: both are checked references.
            history.setOwnerId(
              index,
              moment && ownerList ? ownerAt(ownerList, moment, current.state.ownerId) : current.state.ownerId,
            );
          } else if (
            this.check(this.reps, { file, index }, ownerName === undefined ? 'ownerId' : 'ownerName', ownerId)
          ) {
            referableOwners[ownerCode] = true;
          } else {
            continue;
          }
        }
        if (moment && timed) timed.push({ moment, row: index, change: null });
        else {
          const day = history.day(index);
          sequence = day === previousDay ? sequence + 1 : 0;
          previousDay = day;
          history.setSequence(index, sequence);
          kept[keptCount++] = index;
        }
      }
      if (ownerList && timed)
        this.withOwnerChanges(history, ownerList, timed, (index) => (kept[keptCount++] = index), built);
    }
    return { rows: history, indexes: kept.subarray(0, keptCount) };
  }

  /**
   * The changes of one opportunity whose owner changed between its history rows: each owner change is a change
   * of its own (the state of the row before it, with the new owner); rows and owner changes are numbered
   * together by day.
   */
  private withOwnerChanges(
    history: HistoryRows,
    ownerList: readonly OwnerChange[],
    timed: { moment: Moment; row: number; change: OpportunityChange | null }[],
    keep: (index: number) => void,
    built: OpportunityChange[],
  ): void {
    const rows = [...timed];
    for (const ownerChange of ownerList) {
      const before = rows.findLast((entry) => compareMoments(entry.moment, ownerChange) <= 0) ?? rows[0];
      if (!before) continue;
      timed.push({
        moment: ownerChange,
        row: -1,
        change: { ...history.change(before.row), date: ownerChange.date, ownerId: ownerChange.to },
      });
    }
    timed.sort((a, b) => compareMoments(a.moment, b.moment));
    const sequences = daySequences(timed.map((entry) => entry.moment.date));
    timed.forEach((entry, at) => {
      const sequence = sequences[at] ?? 0;
      if (entry.change) {
        entry.change.sequence = sequence;
        built.push(entry.change);
      } else {
        history.setSequence(entry.row, sequence);
        keep(entry.row);
      }
    });
  }

  /**
   * Rows of one opportunity at one moment with one state may be one row exported twice: such neighbours (in time
   * order) are read again and compared cell for cell; an exact copy is a duplicate and is set aside.
   */
  private async dropExactCopies(
    file: ReadFile<HistoryRows>,
    groups: { order: Uint32Array; starts: Uint32Array; keys: readonly number[] },
    accepted: Uint32Array,
  ): Promise<void> {
    const line = (index: number) => file.rows.line(index);
    const pairs: [number, number][] = [];
    for (let group = 0; group < groups.keys.length; group++) {
      for (let at = groups.starts[group]! + 1; at < groups.starts[group + 1]!; at++) {
        const [first, later] = [accepted[groups.order[at - 1]!]!, accepted[groups.order[at]!]!];
        if (file.rows.sameChange(first, later)) pairs.push([first, later]);
      }
    }
    if (pairs.length === 0) return;
    const cells = await recordsAt(file.table, new Set(pairs.flatMap(([a, b]) => [line(a), line(b)])));
    for (const [first, later] of pairs) {
      if (!sameCells(cells.get(line(first)), cells.get(line(later)))) continue;
      file.rows.rejected.add(later);
      file.account.duplicates++;
    }
  }

  /** Changes from field history alone (no full-state history): walked back from the current state. */
  private fieldHistory(
    files: readonly ReadFile<FieldHistoryRows>[],
    owners: ReadonlyMap<string, OwnerChange[]>,
    withSnapshots: ReadonlySet<string>,
    out: OpportunityChange[],
  ): void {
    const byOpportunity = new Map<string, { place: Place; change: FieldChange }[]>();
    for (const file of files) {
      for (const [index, change] of file.rows.accepted()) {
        const place = { file, index };
        if (change.field === 'owner') continue;
        if (withSnapshots.has(change.opportunityId)) {
          this.ignore(place, 'field history already given by the opportunity history file');
          continue;
        }
        if (this.currentOf(change.opportunityId) === undefined) {
          this.missingOpportunity(place, change.opportunityId);
          continue;
        }
        const list = byOpportunity.get(change.opportunityId) ?? [];
        list.push({ place, change });
        byOpportunity.set(change.opportunityId, list);
      }
    }
    const ids = new Set([
      ...byOpportunity.keys(),
      ...[...owners.keys()].filter((id) => !withSnapshots.has(id)),
    ]);
    let emptied = 0;
    for (const id of ids) {
      const current = this.currentOf(id);
      if (current === undefined) continue;
      const steps: FieldStep[] = [];
      for (const { place, change } of byOpportunity.get(id) ?? []) {
        const step = this.fieldStep(place, change, current.currency);
        if (step) steps.push(step);
      }
      for (const owner of owners.get(id) ?? [])
        steps.push({ ...owner, field: 'ownerId', from: owner.from, to: owner.to });
      const built = statesFromFieldSteps(current.state, current.createdDate, steps);
      emptied += built.emptied;
      const sequences = daySequences(built.states.map((timed) => timed.date));
      built.states.forEach((timed, at) => {
        const { stage, amount, closeDate, forecastCategory, ownerId } = timed.state;
        const change: OpportunityChange = {
          opportunityId: id,
          date: timed.date,
          sequence: sequences[at] ?? 0,
          stage,
          amount,
          closeDate,
          forecastCategory,
          ownerId,
        };
        // Built from validated values: a failure here is salesops' bug, not the user's.
        const issue = this.validateChange(change);
        if (issue !== null)
          throw new Error(`an import built a history change whose ${issue.field} ${issue.message}`);
        out.push(change);
      });
    }
    if (emptied > 0) {
      this.notices.push(
        `${plural(emptied, 'field history change starts', 'field history changes start')} from an empty value: the states before such a change show the first value the field was given`,
      );
    }
  }

  private stageResolverOf(file: ReadFile): StageResolver {
    let resolver = this.stageResolvers.get(file);
    if (resolver === undefined) {
      resolver = createStageResolver(this.context.config.stageModel, { valueMap: file.compiled.stageValues });
      this.stageResolvers.set(file, resolver);
    }
    return resolver;
  }

  /** Reads the old and new values of a field history row as values of its field; a bad value rejects the row. */
  private fieldStep(place: Place, change: FieldChange, currency: CurrencyCode): FieldStep | null {
    const mapping = place.file.compiled.mapping;
    const read = (text: string | null): Parsed<TrackedState[keyof TrackedState] | null> => {
      if (text === null || text.trim() === '') return parsed(null);
      switch (change.field) {
        case 'stage': {
          const resolution = this.stageResolverOf(place.file)(text, null);
          return resolution.ok ? parsed(resolution.stage.name) : problem(resolution.message, resolution.fix);
        }
        case 'amount': {
          const separator = mapping.decimalSeparator ?? (mapping.machineFormats ? '.' : null);
          const money = parseMoney(text, { currency, decimalSeparator: separator });
          if (!money.ok || money.value === null) return money.ok ? parsed(null) : money;
          return money.value.currency === currency
            ? parsed(money.value.amount)
            : problem(
                `the amount is in ${money.value.currency}, the opportunity in ${currency}`,
                'give amounts in the currency of the opportunity',
              );
        }
        case 'closeDate':
          return parseDate(text, { order: mapping.dateOrder ?? null });
        case 'forecastCategory':
          return parseForecastCategory(text);
        case 'owner':
          return parsed(text);
      }
    };
    const from = read(change.oldValue);
    if (!from.ok) {
      this.reject(place, 'oldValue', change.oldValue, from.problem.message, from.problem.fix ?? '');
      return null;
    }
    const to = read(change.newValue);
    if (!to.ok) {
      this.reject(place, 'newValue', change.newValue, to.problem.message, to.problem.fix ?? '');
      return null;
    }
    return {
      date: change.date,
      seconds: change.seconds,
      line: place.file.rows.line(place.index),
      field: change.field === 'owner' ? 'ownerId' : change.field,
      from: from.value,
      to: to.value,
    };
  }

  /**
   * The CRM's rate of each imported opportunity on its close date (its dated rate then, else its currency's one
   * rate) against salesops.yaml's: a currency whose rates differ on the close date of any imported opportunity
   * is refused, at the CRM rate of the first; the rates of currencies no imported opportunity is in are noted.
   */
  private compareRates(rates: readonly RateRow[]): void {
    // Without a currency file there is nothing to compare: not a pass over a million opportunities.
    if (rates.length === 0) return;
    const { config } = this.context;
    const byCurrency = <R extends { readonly currency: CurrencyCode }>(list: readonly R[]) => {
      const map = new Map<CurrencyCode, R[]>();
      for (const entry of list) map.set(entry.currency, [...(map.get(entry.currency) ?? []), entry]);
      return map;
    };
    const dated = byCurrency(
      rates.flatMap((rate) =>
        rate.startDate === null ? [] : [{ ...rate, from: rate.startDate, ratio: parseRatio(rate.rate) }],
      ),
    );
    for (const list of dated.values()) list.sort((a, b) => (a.from < b.from ? -1 : 1));
    const only = new Map(
      rates
        .filter((rate) => rate.startDate === null && rate.isActive !== false)
        .map((rate) => [rate.currency, { ...rate, ratio: parseRatio(rate.rate) }]),
    );
    const configured = byCurrency(config.fx.map((fx) => ({ ...fx, ratio: parseRatio(fx.rate) })));
    const differing = new Map<CurrencyCode, { deals: number; first: DifferingRate }>();
    const earliestClose = new Map<CurrencyCode, IsoDate>();
    for (const opportunity of this.opportunities.records()) {
      const { currency, closeDate } = opportunity;
      if (currency === config.currency) continue;
      const earlier = earliestClose.get(currency);
      if (earlier === undefined || closeDate < earlier) earliestClose.set(currency, closeDate);
      const crm = inForce(dated.get(currency) ?? [], closeDate) ?? only.get(currency);
      if (crm === undefined) continue;
      const ours = inForce(configured.get(currency) ?? [], closeDate);
      if (ours !== undefined && sameRatio(ours.ratio, crm.ratio)) continue;
      const seen = differing.get(currency);
      if (seen) differing.set(currency, { ...seen, deals: seen.deals + 1 });
      else
        differing.set(currency, { deals: 1, first: { opportunity: opportunity.id, closeDate, crm, ours } });
    }
    const rateFiles = [...new Set(rates.map((rate) => basename(rate.place.file.file)))].join(' and ');
    for (const [currency, { deals: count, first }] of differing) {
      const crmRates = dated.get(currency) ?? [];
      // The CRM's one rate holds for every date: from the first date salesops.yaml or an imported deal needs it.
      const from = [
        earliestClose.get(currency) ?? first.closeDate,
        ...(configured.get(currency) ?? []).map((fx) => fx.from),
      ].sort()[0];
      const entries = (crmRates.length > 0 ? crmRates : [{ from, rate: first.crm.rate }])
        .map((rate) => `  - currency: ${currency}\n    from: ${rate.from}\n    rate: "${rate.rate}"`)
        .join('\n');
      const crmFrom =
        first.crm.startDate === null ? `its one ${currency} rate` : `from ${first.crm.startDate}`;
      const ours = first.ours ? `${first.ours.rate} (from ${first.ours.from})` : 'none';
      const deals = count === 1 ? '1 imported opportunity closes' : `${count} imported opportunities close`;
      this.reject(
        first.crm.place,
        'rate',
        first.crm.rate,
        `${currency} amounts would be converted to ${config.currency} at salesops.yaml's rates, not the CRM's: on ${first.closeDate}, when ${first.opportunity} closes, the CRM's rate is ${first.crm.rate} (${crmFrom}) and salesops.yaml's ${ours}; ${deals} on a date the two differ`,
        `replace the ${currency} entries under fx: in salesops.yaml with the CRM's rates:\n${entries}\n  or leave ${rateFiles} out of the import to convert at salesops.yaml's rates`,
        { fatal: true, expected: `salesops.yaml's ${currency} rate on ${first.closeDate}: ${ours}` },
      );
    }
    const missing = rates.filter(
      (rate) =>
        rate.currency !== config.currency &&
        !earliestClose.has(rate.currency) &&
        rate.isActive !== false &&
        !(configured.get(rate.currency) ?? []).some(
          (fx) =>
            sameRatio(fx.ratio, parseRatio(rate.rate)) &&
            (rate.startDate === null || fx.from === rate.startDate),
        ),
    );
    if (missing.length > 0) {
      const entries = missing.map(
        (rate) =>
          `  - currency: ${rate.currency}\n    from: ${rate.startDate ?? '<the date it applies from>'}\n    rate: "${rate.rate}"`,
      );
      this.notices.push(
        `salesops.yaml lacks ${plural(missing.length, 'exchange rate')} of the CRM's, for currencies no imported opportunity is in (rates are configuration, not data); add ${missing.length === 1 ? 'it' : 'them'} under fx:\n${entries.join('\n')}`,
      );
    }
  }

  /**
   * What currency and period files say, against salesops.yaml: FX rates and fiscal years are configuration, so
   * their rows are read and compared, never stored (each is counted as ignored). Where the CRM would convert an
   * imported opportunity at another rate than salesops.yaml, the import is refused (a problem at the CRM's rate)
   * with the entries that give salesops.yaml the CRM's rates.
   */
  private lookupNotices(): void {
    const { config } = this.context;
    const rates = filesOf(this.files, CurrencyRows).flatMap((file) =>
      [...file.rows.accepted()].map(([index, rate]) => ({ place: { file, index }, ...rate })),
    );
    const corporate = rates.find((rate) => rate.isCorporate);
    if (corporate && corporate.currency !== config.currency) {
      this.notices.push(
        `the CRM's corporate currency is ${corporate.currency}, salesops.yaml's is ${config.currency}: set currency: ${corporate.currency} in salesops.yaml if reports should be in it`,
      );
    } else this.compareRates(rates);
    for (const rate of rates)
      this.ignore(rate.place, 'exchange rate (compared with salesops.yaml, not stored)');
    const periodFiles = filesOf(this.files, PeriodRows);
    const years = periodFiles
      .flatMap((file) => [...file.rows.accepted()].map(([, period]) => period))
      .filter((period) => wordKey(period.type) === 'year');
    for (const file of periodFiles)
      for (const [index] of file.rows.accepted())
        this.ignore({ file, index }, 'fiscal period (compared with salesops.yaml, not stored)');
    const startMonths = [...new Set(years.map((period) => Number(period.startDate.slice(5, 7))))];
    const expected = config.fiscalYear.startMonth;
    if (startMonths.some((month) => month !== expected)) {
      this.notices.push(
        `the CRM's fiscal years start in month ${startMonths.join(', ')}, salesops.yaml's in month ${expected}: set fiscalYear.startMonth in salesops.yaml to match`,
      );
    }
  }

  /**
   * Settles the reps, accounts and opportunities (repeated ids, names, schemas, references), which no file read
   * after them changes: once, when asked before {@link assemble} (while a history's parts are read elsewhere).
   */
  settleRecords(): void {
    if (this.recordsSettled) return;
    this.recordsSettled = true;
    const repFiles = filesOf(this.files, RepRows);
    const accountFiles = filesOf(this.files, AccountRows);
    const opportunityFiles = filesOf(this.files, OpportunityRows);
    this.gather(this.reps);
    this.gather(this.accounts);
    this.gather(this.opportunities);
    this.resolveReps(repFiles);
    this.resolveAccounts(accountFiles);
    this.resolveOpportunities(opportunityFiles);
    this.validate(repFiles, createRecordValidator(repSchema));
    this.validate(accountFiles, createRecordValidator(accountSchema));
    this.validate(opportunityFiles, createRecordValidator(opportunitySchema));
    this.cascade(repFiles, accountFiles, opportunityFiles);
  }

  async assemble(): Promise<Assembly> {
    this.settleRecords();
    const history = await this.assembleHistory();
    const leadFiles = filesOf(this.files, LeadRows);
    const rejectedLeads = this.assembleLeads(leadFiles);
    const leads: Lead[] = this.acceptedOf(leadFiles);
    const leadsLeftOut = this.leftOutOf(leadFiles);
    const activityFiles = filesOf(this.files, ActivityRows);
    this.assembleActivities(activityFiles, new Set(leads.map((lead) => lead.id)), rejectedLeads);
    const quotaFiles = filesOf(this.files, QuotaRows);
    this.assembleQuotas(quotaFiles);
    const costFiles = filesOf(this.files, CostRows);
    this.assembleCosts(costFiles);
    this.lookupNotices();
    const reps = this.reps.all();
    const accounts = this.accounts.all();
    const opportunities = this.opportunities.records();
    const keep: KeptFields = {
      reps: this.reps.leftOutFields(),
      accounts: this.accounts.leftOutFields(),
      opportunities: this.opportunities.leftOutFields(),
      leads: leadsLeftOut,
      activities: this.leftOutOf(activityFiles),
    };
    const batch: PartialEntityBatch = { ...emptyBatch(), keep };
    batch.reps = reps;
    batch.accounts = accounts;
    batch.opportunities = opportunities;
    batch.leads = leads;
    batch.activities = this.acceptedOf<Activity>(activityFiles);
    batch.quotas = this.acceptedOf(quotaFiles);
    batch.costs = this.acceptedOf(costFiles);

    for (const record of [...this.reps.fromNames.values(), ...this.reps.fromIds.values()])
      repSchema.parse(record);
    for (const record of [...this.accounts.fromNames.values(), ...this.accounts.fromIds.values()])
      accountSchema.parse(record);
    return {
      batch,
      history,
      created: {
        repsFromNames: this.reps.fromNames.size,
        accountsFromNames: this.accounts.fromNames.size,
        repsFromIds: this.reps.fromIds.size,
        accountsFromIds: this.accounts.fromIds.size,
      },
      notices: this.notices,
    };
  }
}
