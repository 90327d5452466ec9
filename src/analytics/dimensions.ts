/**
 * Dimensions: the ways a metric can be split (`--by owner`, `--by manager,segment`), and the grouping of rows
 * (deals, rep-periods, leads, fiscal windows) into the groups of one or more dimensions.
 *
 * Every dimension has one code space per evaluation (a {@link GroupKeyspace}), shared by all kinds of rows, so
 * that a metric computed on deals and one computed on reps land in the same table row: owner and manager codes
 * are rep indexes + 1, label dimensions use the dataset's label codes, fiscal dimensions number the fiscal
 * periods of the analysis period from 1. Code 0 is "none" (a deal without a source, a rep without a team). A
 * group is identified by its composite key, the codes of its dimensions in mixed radix.
 *
 * A row belongs to one group, except under `manager`, where a deal or rep counts in the row of every manager
 * above its owner, up to the top (roll-up), and in its owner's own row when the owner manages anyone. A row whose
 * date falls outside the analysis period belongs to no group when a fiscal dimension is asked for.
 * @module
 */
import { NO_DAY, NO_INDEX, textAt, type Dataset } from '../dataset/dataset.js';
import type { DayNumber } from '../domain/dates.js';
import { type ArgumentSyntax, checkEach, FLAG_SYNTAX, InputError } from '../domain/errors.js';
import type { FiscalCalendar, PeriodKind } from '../domain/fiscal-calendar.js';
import { currencyExponent, type CurrencyCode } from '../domain/money.js';
import type { StageModel } from '../domain/stage-model.js';
import type { ColumnScratch } from './column-scratch.js';
import { closestNames } from './closest-names.js';
import { stageIndexByCode } from './deal-facts.js';
import type { DealsAsOf } from './deal-state.js';
import { periodWindows, type AnalysisPeriod, type PeriodWindow } from './periods.js';

export const DIMENSION_IDS = [
  'owner',
  'manager',
  'team',
  'segment',
  'region',
  'territory',
  'source',
  'type',
  'product',
  'size_band',
  'stage',
  'forecast_category',
  'competitor',
  'loss_reason',
  'industry',
  'tier',
  'fiscal_month',
  'fiscal_quarter',
  'fiscal_year',
] as const;
export type DimensionId = (typeof DIMENSION_IDS)[number];

export interface DimensionInfo {
  readonly id: DimensionId;
  /** Column header. */
  readonly title: string;
  readonly description: string;
}

const info = (id: DimensionId, title: string, description: string): DimensionInfo => ({
  id,
  title,
  description,
});

/** Every dimension, with what it splits by. */
export const DIMENSIONS: Readonly<Record<DimensionId, DimensionInfo>> = {
  owner: info('owner', 'Owner', "the deal's owner on the as-of day; for rep metrics, the rep"),
  manager: info(
    'manager',
    'Manager',
    "every manager above the owner, up to the top: a manager's row covers all their reports, recursively, and their own deals",
  ),
  team: info('team', 'Team', "the owner's team"),
  segment: info(
    'segment',
    'Segment',
    "the account's segment (the owner's when the deal has no account); for rep metrics, the rep's segment; for leads, the lead's",
  ),
  region: info(
    'region',
    'Region',
    "the account's region (the owner's when the deal has no account); for rep metrics, the rep's region; for leads, the lead's",
  ),
  territory: info('territory', 'Territory', "the account's territory"),
  source: info('source', 'Source', "the deal's (or lead's) source"),
  type: info('type', 'Type', 'new business, expansion or renewal'),
  product: info('product', 'Product', "the deal's product or product family, as the CRM exports it"),
  size_band: info(
    'size_band',
    'Size band',
    'the deal amount in the corporate currency: under 10k, 10k-50k, 50k-100k, 100k-250k, 250k-1M, 1M and over (major units)',
  ),
  stage: info('stage', 'Stage', "the deal's stage on the as-of day"),
  forecast_category: info(
    'forecast_category',
    'Forecast category',
    "the rep's forecast category on the as-of day",
  ),
  competitor: info('competitor', 'Competitor', 'the competitor on the deal'),
  loss_reason: info('loss_reason', 'Loss reason', 'the reason a lost deal was lost'),
  industry: info('industry', 'Industry', "the account's industry"),
  tier: info('tier', 'Tier', "the account's tier"),
  fiscal_month: info(
    'fiscal_month',
    'Fiscal month',
    "the fiscal month of the metric's date (close date, created date, activity date, quota period, hire date)",
  ),
  fiscal_quarter: info('fiscal_quarter', 'Fiscal quarter', "the fiscal quarter of the metric's date"),
  fiscal_year: info('fiscal_year', 'Fiscal year', "the fiscal year of the metric's date"),
};

/** Every dimension, each as `name` writes it, in the order of {@link DIMENSION_IDS}: the end of a fix. */
export function listDimensions(name: (dimension: DimensionId) => string = (dimension) => dimension): string {
  return DIMENSION_IDS.map(name).join(', ');
}

/** Other names people type for a dimension. */
const ALIASES: Readonly<Record<string, DimensionId>> = {
  rep: 'owner',
  month: 'fiscal_month',
  quarter: 'fiscal_quarter',
  year: 'fiscal_year',
  size: 'size_band',
  deal_size: 'size_band',
  category: 'forecast_category',
  opportunity_type: 'type',
};

const FISCAL_KIND: Readonly<Partial<Record<DimensionId, PeriodKind>>> = {
  fiscal_month: 'month',
  fiscal_quarter: 'quarter',
  fiscal_year: 'year',
};

export const isDimensionId = (name: string): name is DimensionId =>
  (DIMENSION_IDS as readonly string[]).includes(name);

/**
 * Parses `--by owner,segment` (commas or spaces; case, `-` for `_` and a few aliases such as `quarter` are
 * accepted). Empty or undefined is no split. Every unknown name (each with the closest valid ones) and every name
 * given twice is reported in one InputError (the dimensions to split by listed once, after the last unknown name),
 * so that one corrected `--by` fixes them all; problems and fixes are written in the caller's `syntax`.
 */
export function parseDimensions(
  text: string | readonly string[] | undefined,
  syntax: ArgumentSyntax = FLAG_SYNTAX,
): DimensionId[] {
  const parts = (typeof text === 'string' ? [text] : (text ?? []))
    .flatMap((part) => part.split(/[\s,]+/))
    .filter((part) => part !== '');
  const dimensions: DimensionId[] = [];
  const repeated = new Set<DimensionId>();
  checkEach(parts, (part) => {
    const id = dimensionNamed(part, syntax);
    if (!dimensions.includes(id)) {
      dimensions.push(id);
    } else if (!repeated.has(id)) {
      repeated.add(id);
      throw new InputError(syntax.problem('by', `names ${id} twice`, 'name each dimension once'));
    }
  });
  return dimensions;
}

/** The dimension a name of `--by` stands for, or an InputError with the closest valid ones. */
function dimensionNamed(part: string, syntax: ArgumentSyntax): DimensionId {
  const name = part.toLowerCase().replaceAll('-', '_');
  const id = isDimensionId(name) ? name : ALIASES[name];
  if (id !== undefined) return id;
  const close = closestNames(name, [...DIMENSION_IDS, ...Object.keys(ALIASES)]);
  throw new InputError(
    syntax.problem(
      'by',
      `${JSON.stringify(part)} is not a dimension${close.length ? `; did you mean ${close.join(', ')}?` : ''}`,
      `split by any of these dimensions (several: ${syntax.give('by', ['owner', 'fiscal_quarter'])}): ${listDimensions()}`,
    ),
  );
}

/** Deal size bands, in major units of the corporate currency: a band holds amounts from its minimum up. */
export const SIZE_BANDS: readonly { readonly label: string; readonly minimum: number }[] = [
  { label: 'under 10k', minimum: 0 },
  { label: '10k-50k', minimum: 10_000 },
  { label: '50k-100k', minimum: 50_000 },
  { label: '100k-250k', minimum: 100_000 },
  { label: '250k-1M', minimum: 250_000 },
  { label: '1M and over', minimum: 1_000_000 },
];

/** The kinds of rows metrics are computed on, and the dimensions each can be split by. */
export const SUBJECT_DIMENSIONS = {
  deal: DIMENSION_IDS,
  rep: ['owner', 'manager', 'team', 'segment', 'region', 'fiscal_month', 'fiscal_quarter', 'fiscal_year'],
  lead: [
    'owner',
    'manager',
    'team',
    'segment',
    'region',
    'source',
    'fiscal_month',
    'fiscal_quarter',
    'fiscal_year',
  ],
  window: ['fiscal_month', 'fiscal_quarter', 'fiscal_year'],
} as const satisfies Record<string, readonly DimensionId[]>;
export type Subject = keyof typeof SUBJECT_DIMENSIONS;

const SUBJECT_NOUN: Readonly<Record<Subject, string>> = {
  deal: 'deals',
  rep: 'reps',
  lead: 'leads',
  window: 'fiscal periods',
};

/** The InputError for a dimension a kind of row cannot be split by. */
export function unsupportedDimension(dimension: DimensionId, subject: Subject, what: string): InputError {
  return new InputError({
    message: `${what} cannot be split by ${dimension} (measured on ${SUBJECT_NOUN[subject]}, which have none)`,
    fix: `split it by ${SUBJECT_DIMENSIONS[subject].join(', ')}`,
  });
}

/** Rows assigned to groups: the slots of row i are `rowSlots[rowStart[i]]` up to `rowSlots[rowStart[i + 1] - 1]`. */
export interface Groups {
  readonly rowStart: Int32Array;
  readonly rowSlots: Int32Array;
  /** The composite key of each slot. */
  readonly keys: readonly number[];
  /**
   * When only some rows were grouped: their indexes, ascending (every other row has no slot), so that
   * aggregation visits these rather than every row.
   */
  readonly rows?: Int32Array;
}

export interface KeyspaceOptions {
  readonly period: AnalysisPeriod;
  readonly calendar: FiscalCalendar;
  /** Orders the stage dimension by the sales process. */
  readonly stageModel: StageModel;
  /** Sets the size bands' minor units. */
  readonly currency: CurrencyCode;
  /** How the caller writes the dimensions' argument, for a split too large to tabulate (default: the CLI's --by). */
  readonly syntax?: ArgumentSyntax;
}

/** What keyspaces read from the dataset. */
export type KeyspaceSource = Pick<Dataset, 'reps' | 'territories' | 'labels'>;

const NONE = '(none)';
/** One collator for every label sort (`localeCompare` with a locale builds a new one per call). */
const COLLATOR = new Intl.Collator('en');
/*
 * The loops over every row are functions of their own, each a loop and a return: V8 compiles a long loop on
 * the fly (on-stack replacement) and throws that code away when it runs on into statements the loop had not
 * reached yet, which in a larger function happened on every call.
 */

/** Adds one dimension's codes times its multiplier to each listed row's key; NaN where a fiscal code is 0. */
function addKeyColumn(
  keys: Float64Array,
  codes: ArrayLike<number>,
  multiplier: number,
  fiscal: boolean,
): void {
  for (let position = 0; position < keys.length; position++) {
    const code = codes[position] ?? 0;
    keys[position] = fiscal && code === 0 ? NaN : keys[position]! + code * multiplier;
  }
}

/**
 * One slot per row with a key, of `rows` (ascending) or of every row when null; no slot for the other rows.
 * Returns the slots used.
 */
function assignRows(
  rows: Int32Array | null,
  rowCount: number,
  keys: Float64Array,
  dense: Int32Array | null,
  slotKeys: number[],
  sparse: Map<number, number>,
  rowStart: Int32Array,
  rowSlots: Int32Array,
): number {
  let used = 0;
  let next = 0;
  const listed = rows ? rows.length : rowCount;
  for (let position = 0; position < listed; position++) {
    const row = rows ? rows[position]! : position;
    while (next <= row) rowStart[next++] = used;
    const key = keys[position]!;
    if (!Number.isNaN(key)) rowSlots[used++] = slotOfKey(key, dense, slotKeys, sparse);
  }
  while (next <= rowCount) rowStart[next++] = used;
  return used;
}

/** Slot tables up to this many keys are dense arrays; larger keyspaces use a Map. */
const DENSE_KEYS = 1 << 22;

interface Space {
  readonly size: number;
  readonly label: (code: number) => string;
  /** Sort rank of a code (lower first); none sorts last. */
  readonly rank: (code: number) => number;
}

/**
 * The code spaces of a list of dimensions in one evaluation, with the rep hierarchy for manager roll-up: encodes
 * and decodes group keys, labels them and orders them.
 */
export class GroupKeyspace {
  readonly dimensions: readonly DimensionId[];
  private readonly spaces: readonly Space[];
  private readonly multipliers: readonly number[];
  /** Total keys (product of the spaces' sizes). */
  readonly keyCount: number;
  private readonly windowStarts = new Map<PeriodKind, Int32Array>();
  private readonly windowLists = new Map<PeriodKind, PeriodWindow[]>();
  private managerCodes: { readonly starts: Int32Array; readonly codes: Int32Array } | null = null;
  /** The corporate currency, in which size bands are read. */
  readonly currency: CurrencyCode;
  /** The analysis period: fiscal codes number its windows. */
  readonly period: AnalysisPeriod;

  constructor(
    private readonly source: KeyspaceSource,
    dimensions: readonly DimensionId[],
    private readonly options: KeyspaceOptions,
  ) {
    this.dimensions = [...dimensions];
    this.currency = options.currency;
    this.period = options.period;
    this.spaces = dimensions.map((dimension) => this.space(dimension));
    const multipliers: number[] = [];
    let total = 1;
    for (const space of this.spaces) {
      multipliers.push(total);
      total *= space.size;
    }
    if (!Number.isSafeInteger(total)) {
      const syntax = options.syntax ?? FLAG_SYNTAX;
      throw new InputError(
        syntax.problem(
          'by',
          `${syntax.values(dimensions)} makes too many combinations to tabulate`,
          'split by fewer dimensions at once',
        ),
      );
    }
    this.multipliers = multipliers;
    this.keyCount = total;
  }

  /** The fiscal windows of a kind within the analysis period (what fiscal codes 1, 2, ... stand for). */
  windows(kind: PeriodKind): readonly PeriodWindow[] {
    let list = this.windowLists.get(kind);
    if (!list) {
      list = periodWindows(this.options.period, this.options.calendar, kind);
      this.windowLists.set(kind, list);
      this.windowStarts.set(
        kind,
        Int32Array.from(list, (window) => window.startDay),
      );
    }
    return list;
  }

  /** The code of the fiscal window of `kind` holding `day`: 1-based, 0 outside the analysis period. */
  fiscalCode(kind: PeriodKind, day: DayNumber): number {
    const { startDay, endDay } = this.options.period;
    if (day < startDay || day > endDay) return 0;
    this.windows(kind);
    const starts = this.windowStarts.get(kind) as Int32Array;
    let low = 0;
    let high = starts.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((starts[middle] ?? 0) <= day) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  /** The codes of a key, one per dimension. */
  decode(key: number): number[] {
    return this.spaces.map((space, index) => Math.floor(key / (this.multipliers[index] ?? 1)) % space.size);
  }

  /** The key of one code per dimension. */
  encode(codes: readonly number[]): number {
    return codes.reduce((key, code, index) => key + code * (this.multipliers[index] ?? 0), 0);
  }

  /** The label of each dimension of a key, e.g. `{ owner: 'Ana Ortiz', fiscal_quarter: 'FY2026-Q3' }`. */
  labels(key: number): Partial<Record<DimensionId, string>> {
    const codes = this.decode(key);
    const labels: Partial<Record<DimensionId, string>> = {};
    this.dimensions.forEach((dimension, index) => {
      labels[dimension] = this.spaces[index]?.label(codes[index] ?? 0) ?? NONE;
    });
    return labels;
  }

  /** Orders keys dimension by dimension: process order for stages, time for periods, bands by size, else by name. */
  compare(a: number, b: number): number {
    const codesA = this.decode(a);
    const codesB = this.decode(b);
    for (let index = 0; index < this.spaces.length; index++) {
      const space = this.spaces[index] as Space;
      const difference = space.rank(codesA[index] ?? 0) - space.rank(codesB[index] ?? 0);
      if (difference !== 0) return difference;
    }
    return 0;
  }

  /**
   * Assigns rows to groups. `columns` gives, per dimension of the keyspace, each row's code, or for `manager`
   * each row's rep index (expanded to every manager above it). With `rows` (ascending row indexes), only those
   * rows are grouped, and the columns hold their codes in that order.
   */
  assign(
    rowCount: number,
    columns: readonly ArrayLike<number>[],
    rows: Int32Array | null = null,
    scratch?: ColumnScratch,
  ): Groups {
    const managerAt = this.dimensions.indexOf('manager');
    const listed = rows ? rows.length : rowCount;
    const int32 = (length: number) =>
      scratch ? scratch.take('int32', length, null) : new Int32Array(length);
    const only = rows ? { rows } : {};
    // The key of each listed row's single-valued dimensions, a column at a time; NaN where a fiscal code is 0.
    const keys = scratch ? scratch.take('float64', listed) : new Float64Array(listed);
    columns.forEach((codes, index) => {
      if (index === managerAt) return;
      const fiscal = FISCAL_KIND[this.dimensions[index] as DimensionId] !== undefined;
      addKeyColumn(keys, codes, this.multipliers[index] ?? 0, fiscal);
    });
    const slotOf = new SlotTable(this.keyCount);
    // Every element of rowStart and each used element of rowSlots is written below.
    const rowStart = int32(rowCount + 1);
    if (managerAt < 0) {
      const rowSlots = int32(listed);
      const { dense, keys: slotKeys, sparse } = slotOf;
      const used = assignRows(rows, rowCount, keys, dense, slotKeys, sparse, rowStart, rowSlots);
      return { rowStart, rowSlots: rowSlots.subarray(0, used), keys: slotOf.keys, ...only };
    }
    const { starts, codes } = this.managers();
    const reps = columns[managerAt] as ArrayLike<number>;
    const multiplier = this.multipliers[managerAt] ?? 0;
    // A rep's manager codes are managerCodes[starts[rep]] up to starts[rep + 1]; a row without an owner has one.
    const first = (rep: number) => (rep < 0 ? 0 : (starts[rep] ?? 0));
    const last = (rep: number) => (rep < 0 ? 1 : (starts[rep + 1] ?? 0));
    let total = 0;
    for (let position = 0; position < listed; position++) {
      if (Number.isNaN(keys[position])) continue;
      const rep = reps[position] ?? NO_INDEX;
      total += last(rep) - first(rep);
    }
    const rowSlots = int32(total);
    let used = 0;
    let position = 0;
    for (let row = 0; row < rowCount; row++) {
      rowStart[row] = used;
      if (rows && rows[position] !== row) continue;
      const key = keys[position] ?? NaN;
      const rep = reps[position++] ?? NO_INDEX;
      if (Number.isNaN(key)) continue;
      if (rep < 0) rowSlots[used++] = slotOf.slot(key);
      else
        for (let k = first(rep); k < last(rep); k++)
          rowSlots[used++] = slotOf.slot(key + (codes[k] ?? 0) * multiplier);
    }
    rowStart[rowCount] = used;
    return { rowStart, rowSlots, keys: slotOf.keys, ...only };
  }

  /**
   * Each rep's manager codes (CSR): themselves if they manage anyone, then every manager above; `(no manager)`
   * (code 0) if none. Built on first use.
   */
  private managers(): { readonly starts: Int32Array; readonly codes: Int32Array } {
    if (this.managerCodes) return this.managerCodes;
    const { managerIndex, count } = this.source.reps;
    const manages = new Uint8Array(count);
    for (let rep = 0; rep < count; rep++) {
      const manager = managerIndex[rep] ?? NO_INDEX;
      if (manager >= 0 && manager < count) manages[manager] = 1;
    }
    const starts = new Int32Array(count + 1);
    const codes: number[] = [];
    const seen = new Uint8Array(count);
    for (let rep = 0; rep < count; rep++) {
      starts[rep] = codes.length;
      const chain: number[] = [];
      // A cycle in bad data (A manages B manages A) stops at the first rep met twice.
      for (let current = rep; current >= 0 && current < count && !seen[current];) {
        seen[current] = 1;
        chain.push(current);
        if (manages[current]) codes.push(current + 1);
        current = managerIndex[current] ?? NO_INDEX;
      }
      for (const visited of chain) seen[visited] = 0;
      if (codes.length === starts[rep]) codes.push(0);
    }
    starts[count] = codes.length;
    this.managerCodes = { starts, codes: Int32Array.from(codes) };
    return this.managerCodes;
  }

  private space(dimension: DimensionId): Space {
    const { reps, territories, labels } = this.source;
    const kind = FISCAL_KIND[dimension];
    if (kind) {
      const windows = this.windows(kind);
      return {
        size: windows.length + 1,
        label: (code) => windows[code - 1]?.name ?? NONE,
        rank: (code) => (code === 0 ? Number.MAX_SAFE_INTEGER : code),
      };
    }
    switch (dimension) {
      case 'owner':
      case 'manager': {
        const names = repDisplayNames(reps);
        return labelSpace(
          reps.count + 1,
          (code) => names[code - 1],
          dimension === 'manager' ? '(no manager)' : NONE,
        );
      }
      case 'territory':
        return labelSpace(territories.count + 1, (code) => textAt(territories.name, code - 1));
      case 'size_band':
        return {
          size: SIZE_BANDS.length + 1,
          label: (code) => SIZE_BANDS[code - 1]?.label ?? NONE,
          rank: (code) => (code === 0 ? Number.MAX_SAFE_INTEGER : code),
        };
      case 'stage': {
        const order = stageIndexByCode(labels.stage, this.options.stageModel);
        const byName = labelSpace(labels.stage.length, (code) => labels.stage[code]);
        return {
          ...byName,
          // Stages of the model in process order, then others by name, then none.
          rank: (code) =>
            (order[code] ?? -1) >= 0 ? (order[code] ?? 0) : labels.stage.length + byName.rank(code),
        };
      }
      default: {
        if (!isLabelDimension(dimension)) throw new RangeError(`no code space for ${dimension}`);
        const names = labels[LABEL_KIND[dimension]];
        return labelSpace(names.length, (code) => names[code]);
      }
    }
  }
}

const LABEL_KIND = {
  team: 'team',
  segment: 'segment',
  region: 'region',
  source: 'source',
  type: 'opportunity_type',
  forecast_category: 'forecast_category',
  competitor: 'competitor',
  loss_reason: 'loss_reason',
  product: 'product',
  industry: 'industry',
  tier: 'tier',
} as const;

const isLabelDimension = (dimension: DimensionId): dimension is keyof typeof LABEL_KIND =>
  dimension in LABEL_KIND;

/** A space labelled by name, ranked alphabetically with none (code 0 or an empty label) last. */
function labelSpace(size: number, nameOf: (code: number) => string | undefined, none = NONE): Space {
  const label = (code: number) => (code === 0 ? none : nameOf(code) || none);
  const order = Array.from({ length: size }, (_, code) => code).sort((a, b) => {
    const missingA = a === 0 || !nameOf(a);
    const missingB = b === 0 || !nameOf(b);
    if (missingA !== missingB) return missingA ? 1 : -1;
    return COLLATOR.compare(label(a), label(b)) || a - b;
  });
  const rank = new Int32Array(size);
  order.forEach((code, position) => (rank[code] = position));
  return { size, label, rank: (code) => rank[code] ?? size };
}

/** Rep names for display; reps who share a name get their CRM id added so that rows stay apart. */
function repDisplayNames(reps: KeyspaceSource['reps']): string[] {
  const names = Array.from(
    { length: reps.count },
    (_, rep) => textAt(reps.name, rep) || textAt(reps.crmId, rep) || NONE,
  );
  const counts = new Map<string, number>();
  for (const name of names) counts.set(name, (counts.get(name) ?? 0) + 1);
  return names.map((name, rep) =>
    (counts.get(name) ?? 0) > 1 ? `${name} (${textAt(reps.crmId, rep)})` : name,
  );
}

/** The size band code (1-based) of an amount in corporate minor units; 0 when there is no amount. */
export function sizeBandCode(corporateMinor: number, minorPerMajor: number): number {
  if (Number.isNaN(corporateMinor)) return 0;
  const major = corporateMinor / minorPerMajor;
  let code = 1;
  for (let band = 1; band < SIZE_BANDS.length; band++) {
    if (major >= (SIZE_BANDS[band]?.minimum ?? Infinity)) code = band + 1;
  }
  return code;
}

/** Composite key to slot: a dense array for small keyspaces, a Map beyond. */
class SlotTable {
  /** The key of each slot. */
  readonly keys: number[] = [];
  /** The slot of each key (-1: none yet), for keyspaces up to DENSE_KEYS keys; else `sparse`. */
  readonly dense: Int32Array | null;
  readonly sparse = new Map<number, number>();

  constructor(keyCount: number) {
    this.dense = keyCount <= DENSE_KEYS ? new Int32Array(keyCount).fill(-1) : null;
  }

  slot(key: number): number {
    return slotOfKey(key, this.dense, this.keys, this.sparse);
  }
}

/** The slot of `key` in a {@link SlotTable}'s parts, given the next slot if it has none yet. */
function slotOfKey(
  key: number,
  dense: Int32Array | null,
  keys: number[],
  sparse: Map<number, number>,
): number {
  if (dense) {
    let slot = dense[key] ?? -1;
    if (slot < 0) {
      slot = keys.push(key) - 1;
      dense[key] = slot;
    }
    return slot;
  }
  let slot = sparse.get(key);
  if (slot === undefined) {
    slot = keys.push(key) - 1;
    sparse.set(key, slot);
  }
  return slot;
}

function requireSupported(keyspace: GroupKeyspace, subject: Subject, what: string): void {
  const supported: readonly DimensionId[] = SUBJECT_DIMENSIONS[subject];
  for (const dimension of keyspace.dimensions) {
    if (!supported.includes(dimension)) throw unsupportedDimension(dimension, subject, what);
  }
}

/** A code column over rows, from a per-row function (called once per row and dimension). */
function column(rowCount: number, code: (row: number) => number, scratch?: ColumnScratch): Int32Array {
  const codes = scratch ? scratch.take('int32', rowCount, null) : new Int32Array(rowCount);
  for (let row = 0; row < rowCount; row++) codes[row] = code(row);
  return codes;
}

/** What deal grouping reads about each opportunity on the as-of day. */
export type DealColumns = Pick<DealsAsOf, 'ownerIndex' | 'stageCode' | 'categoryCode'> & {
  /** Corporate minor units (for size bands); NaN when none. */
  readonly corporateAmount: Float64Array;
};

/** What deal grouping reads from the dataset. */
export type DealGroupingSource = Pick<Dataset, 'opportunities' | 'accounts' | 'reps'>;

export interface GroupDealsOptions {
  /** Names the metric in the error for a dimension deals do not have. */
  readonly what?: string;
  /**
   * Group only deals whose `dateOf` lies in the keyspace's analysis period (the rest belong to no group):
   * much less work for a quarter of several years of deals, when only deals of the period are counted. The
   * rows may be given, as {@link rowsWithin} of `dateOf` and the period.
   */
  readonly onlyInPeriod?: boolean | Int32Array;
  /** Lends the per-deal arrays (valid until it reclaims them) instead of allocating them. */
  readonly scratch?: ColumnScratch;
}

/**
 * Per listed deal (`rows`, or every deal when null): `values[reference[deal]]`, 0 for a deal without a
 * reference; with `reference` null, `values[deal]`.
 */
function gatherCodes(
  rows: Int32Array | null,
  listed: number,
  reference: Int32Array | null,
  values: ArrayLike<number>,
  out: Int32Array,
): Int32Array {
  for (let position = 0; position < listed; position++) {
    const row = rows ? rows[position]! : position;
    const at = reference ? reference[row]! : row;
    out[position] = at >= 0 ? (values[at] ?? 0) : 0;
  }
  return out;
}

/** Writes the rows whose day is in `from..to` into `rows`, ascending; returns how many. */
function listRowsWithin(dateOf: ArrayLike<number>, from: DayNumber, to: DayNumber, rows: Int32Array): number {
  let next = 0;
  for (let row = 0; row < dateOf.length; row++) {
    const day = dateOf[row] ?? NO_DAY;
    if (day >= from && day <= to) rows[next++] = row;
  }
  return next;
}

/** Per listed deal: its owner's code (rep index + 1; 0 for none). */
function ownerCodes(rows: Int32Array | null, listed: number, owner: Int32Array, out: Int32Array): Int32Array {
  for (let position = 0; position < listed; position++) {
    out[position] = owner[rows ? rows[position]! : position]! + 1;
  }
  return out;
}

/** Per listed deal: its account's code, else (no account, or none there) its owner's. */
function accountElseRepCodes(
  rows: Int32Array | null,
  listed: number,
  accountOf: Int32Array,
  ofAccount: Uint16Array,
  owner: Int32Array,
  ofRep: Uint16Array,
  out: Int32Array,
): Int32Array {
  for (let position = 0; position < listed; position++) {
    const row = rows ? rows[position]! : position;
    const account = accountOf[row]!;
    const code = account >= 0 ? (ofAccount[account] ?? 0) : 0;
    if (code !== 0) {
      out[position] = code;
    } else {
      const rep = owner[row]!;
      out[position] = rep >= 0 ? (ofRep[rep] ?? 0) : 0;
    }
  }
  return out;
}

/**
 * Ascending indexes of the rows whose day is in `from..to`. With `scratch`, a view of a lent array (valid until
 * it reclaims it).
 */
export function rowsWithin(
  dateOf: ArrayLike<number>,
  from: DayNumber,
  to: DayNumber,
  scratch?: ColumnScratch,
): Int32Array {
  if (scratch) {
    // One pass into room for every row.
    const rows = scratch.take('int32', dateOf.length, null);
    return rows.subarray(0, listRowsWithin(dateOf, from, to, rows));
  }
  let count = 0;
  for (let row = 0; row < dateOf.length; row++) {
    const day = dateOf[row] ?? NO_DAY;
    if (day >= from && day <= to) count++;
  }
  const rows = new Int32Array(count);
  let next = 0;
  for (let row = 0; row < dateOf.length; row++) {
    const day = dateOf[row] ?? NO_DAY;
    if (day >= from && day <= to) rows[next++] = row;
  }
  return rows;
}

/**
 * Groups opportunities. `dateOf` is each deal's date for fiscal dimensions (close day, created day, ...).
 */
export function groupDeals(
  keyspace: GroupKeyspace,
  dataset: DealGroupingSource,
  deals: DealColumns,
  dateOf: ArrayLike<number>,
  options: GroupDealsOptions = {},
): Groups {
  requireSupported(keyspace, 'deal', options.what ?? 'this metric');
  const { opportunities: opps, accounts, reps } = dataset;
  const count = opps.count;
  const { onlyInPeriod, scratch } = options;
  const rows =
    onlyInPeriod instanceof Int32Array
      ? onlyInPeriod
      : onlyInPeriod
        ? rowsWithin(dateOf, keyspace.period.startDay, keyspace.period.endDay, scratch)
        : null;
  const listed = rows ? rows.length : count;
  const rowAt = (position: number) => (rows ? (rows[position] ?? 0) : position);
  /** A code per listed deal. */
  const codes = (code: (row: number) => number) =>
    column(listed, (position) => code(rowAt(position)), scratch);
  const out = () => (scratch ? scratch.take('int32', listed, null) : new Int32Array(listed));
  const owner = deals.ownerIndex;
  const accountOf = opps.accountIndex;
  /** A dataset column, for the listed deals. */
  const gather = (values: ArrayLike<number>) =>
    rows ? gatherCodes(rows, listed, null, values, out()) : values;
  /** A column of the owner's row in reps, or the account's row in accounts. */
  const viaRep = (values: Uint16Array) => gatherCodes(rows, listed, owner, values, out());
  const viaAccount = (values: Uint16Array) => gatherCodes(rows, listed, accountOf, values, out());
  const accountElseRep = (ofAccount: Uint16Array, ofRep: Uint16Array) =>
    accountElseRepCodes(rows, listed, accountOf, ofAccount, owner, ofRep, out());
  const minorPerMajor = 10 ** currencyExponent(keyspace.currency);
  const columns = keyspace.dimensions.map((dimension): ArrayLike<number> => {
    const kind = FISCAL_KIND[dimension];
    if (kind) return codes((row) => keyspace.fiscalCode(kind, dateOf[row] ?? 0));
    switch (dimension) {
      case 'owner':
        return ownerCodes(rows, listed, owner, out());
      case 'manager':
        return gather(owner);
      case 'team':
        return viaRep(reps.teamCode);
      case 'segment':
        return accountElseRep(accounts.segmentCode, reps.segmentCode);
      case 'region':
        return accountElseRep(accounts.regionCode, reps.regionCode);
      case 'territory':
        return codes((row) => {
          const account = accountOf[row] ?? NO_INDEX;
          return account >= 0 ? (accounts.territoryIndex[account] ?? NO_INDEX) + 1 : 0;
        });
      case 'source':
        return gather(opps.sourceCode);
      case 'type':
        return gather(opps.typeCode);
      case 'size_band':
        return codes((row) => sizeBandCode(deals.corporateAmount[row] ?? NaN, minorPerMajor));
      case 'stage':
        return gather(deals.stageCode);
      case 'forecast_category':
        return gather(deals.categoryCode);
      case 'competitor':
        return gather(opps.competitorCode);
      case 'loss_reason':
        return gather(opps.lossReasonCode);
      case 'product':
        return gather(opps.productCode);
      case 'industry':
        return viaAccount(accounts.industryCode);
      case 'tier':
        return viaAccount(accounts.tierCode);
      default:
        throw unsupportedDimension(dimension, 'deal', options.what ?? 'this metric');
    }
  });
  return keyspace.assign(count, columns, rows, scratch);
}

/**
 * Groups rows that each stand for one rep (a rep in a fiscal window, a hired rep): `repIndex` per row, and
 * `dayOf` per row for fiscal dimensions (the window's first day, the hire day).
 */
export function groupReps(
  keyspace: GroupKeyspace,
  dataset: Pick<Dataset, 'reps'>,
  repIndex: ArrayLike<number>,
  dayOf: ArrayLike<number>,
  what = 'this metric',
): Groups {
  requireSupported(keyspace, 'rep', what);
  const { reps } = dataset;
  const count = repIndex.length;
  const repCode = (codes: Uint16Array) => (row: number) => {
    const rep = repIndex[row] ?? NO_INDEX;
    return rep >= 0 ? (codes[rep] ?? 0) : 0;
  };
  const columns = keyspace.dimensions.map((dimension): ArrayLike<number> => {
    const kind = FISCAL_KIND[dimension];
    if (kind) return column(count, (row) => keyspace.fiscalCode(kind, dayOf[row] ?? 0));
    switch (dimension) {
      case 'owner':
        return column(count, (row) => (repIndex[row] ?? NO_INDEX) + 1);
      case 'manager':
        return repIndex;
      case 'team':
        return column(count, repCode(reps.teamCode));
      case 'segment':
        return column(count, repCode(reps.segmentCode));
      case 'region':
        return column(count, repCode(reps.regionCode));
      default:
        throw unsupportedDimension(dimension, 'rep', what);
    }
  });
  return keyspace.assign(count, columns);
}

/** Groups leads; `dateOf` per lead for fiscal dimensions (its created day: the cohort). */
export function groupLeads(
  keyspace: GroupKeyspace,
  dataset: Pick<Dataset, 'leads' | 'reps'>,
  dateOf: ArrayLike<number>,
  what = 'this metric',
): Groups {
  requireSupported(keyspace, 'lead', what);
  const { leads, reps } = dataset;
  const count = leads.count;
  const owner = leads.ownerIndex;
  const ownerCode = (codes: Uint16Array, row: number) => {
    const rep = owner[row] ?? NO_INDEX;
    return rep >= 0 ? (codes[rep] ?? 0) : 0;
  };
  const columns = keyspace.dimensions.map((dimension): ArrayLike<number> => {
    const kind = FISCAL_KIND[dimension];
    if (kind) return column(count, (row) => keyspace.fiscalCode(kind, dateOf[row] ?? 0));
    switch (dimension) {
      case 'owner':
        return column(count, (row) => (owner[row] ?? NO_INDEX) + 1);
      case 'manager':
        return owner;
      case 'team':
        return column(count, (row) => ownerCode(reps.teamCode, row));
      case 'segment':
        return column(count, (row) => leads.segmentCode[row] || ownerCode(reps.segmentCode, row));
      case 'region':
        return column(count, (row) => leads.regionCode[row] || ownerCode(reps.regionCode, row));
      case 'source':
        return leads.sourceCode;
      default:
        throw unsupportedDimension(dimension, 'lead', what);
    }
  });
  return keyspace.assign(count, columns);
}

/** Groups rows that stand for spans of time only (costs, new customers): `dayOf` per row. */
export function groupWindows(
  keyspace: GroupKeyspace,
  dayOf: ArrayLike<number>,
  what = 'this metric',
): Groups {
  requireSupported(keyspace, 'window', what);
  const columns = keyspace.dimensions.map((dimension) => {
    const kind = FISCAL_KIND[dimension] as PeriodKind;
    return column(dayOf.length, (row) => keyspace.fiscalCode(kind, dayOf[row] ?? 0));
  });
  return keyspace.assign(dayOf.length, columns);
}

/** The finest fiscal kind among the dimensions (month before quarter before year), or null when none is asked. */
export function finestFiscalKind(dimensions: readonly DimensionId[]): PeriodKind | null {
  for (const dimension of ['fiscal_month', 'fiscal_quarter', 'fiscal_year'] as const) {
    if (dimensions.includes(dimension)) return FISCAL_KIND[dimension] ?? null;
  }
  return null;
}

/** Builds the keyspace of `dimensions` for one evaluation over a dataset. */
export function createKeyspace(
  dataset: KeyspaceSource,
  dimensions: readonly DimensionId[],
  options: KeyspaceOptions,
): GroupKeyspace {
  return new GroupKeyspace(dataset, dimensions, options);
}
