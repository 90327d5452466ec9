/**
 * The rows of an opportunities file: each row's values checked as a whole (required values, the stage with the
 * CRM's closed/won flags, the amount's currency against the row's, the close date by outcome) and turned into an
 * Opportunity; owners and accounts given by name are settled with the whole import. A Data Loader export's
 * plain rows are read straight from their cells ({@link OpportunityRows.plainReader}).
 * @module
 */
import type { IsoDate } from '../../domain/dates.js';
import type { ForecastCategory, Opportunity, OpportunityType, Qualification } from '../../domain/entities.js';
import { currencyExponent, isCurrencyCode, type CurrencyCode, type MinorUnits } from '../../domain/money.js';
import type { Stage } from '../../domain/stage-model.js';
import type { FieldKind } from '../model/import-fields.js';
import { plainMinorUnits, type Money } from '../values/index.js';
import { show } from '../values/parsed.js';
import { detach, SpanMap, untrimmed, type CellValue } from './cell-values.js';
import { Collected, EMPTY_FIX, need, type StageNotes } from './collectors.js';
import type { CompiledColumn, CompiledMapping } from './compiled-mapping.js';
import { readCellText, type PlainRowReader, type RowReport, type RowValues } from './read-rows.js';
import { outcomeOf, type StageResolver } from './stage-resolver.js';
import type { DealStatus } from './vocabulary.js';
import type { CellSpans } from '../readers/csv-tokenizer.js';

interface OpportunityValues {
  id: string | null;
  name: string | null;
  accountId: string | null;
  accountName: string | null;
  ownerId: string | null;
  ownerName: string | null;
  stage: string | null;
  isClosed: boolean | null;
  isWon: boolean | null;
  status: DealStatus | null;
  amount: Money | null;
  currency: CurrencyCode | null;
  listAmount: Money | null;
  product: string | null;
  closeDate: IsoDate | null;
  createdDate: IsoDate | null;
  wonDate: IsoDate | null;
  lostDate: IsoDate | null;
  forecastCategory: ForecastCategory | null;
  type: OpportunityType | null;
  source: string | null;
  competitor: string | null;
  lossReason: string | null;
  nextStep: string | null;
  budget: boolean | null;
  authority: boolean | null;
  need: boolean | null;
  timeline: boolean | null;
}
/** BANT answers, one shared object per combination (81 at most), as most deals have none: by their code. */
const QUALIFICATIONS: (Qualification | undefined)[] = [];

/** 0 for no answer, 1 for no, 2 for yes. */
const answerCode = (answer: boolean | null): number => (answer === null ? 0 : answer ? 2 : 1);

function qualificationOf(
  budget: boolean | null,
  authority: boolean | null,
  need: boolean | null,
  timeline: boolean | null,
): Qualification {
  const code =
    answerCode(budget) * 27 + answerCode(authority) * 9 + answerCode(need) * 3 + answerCode(timeline);
  let qualification = QUALIFICATIONS[code];
  if (qualification === undefined) {
    qualification = Object.freeze({ budget, authority, need, timeline });
    QUALIFICATIONS[code] = qualification;
  }
  return qualification;
}

/** A product's list price by its name (compared as {@link wordKey}); undefined for a product not listed. */
export type ListPriceLookup = (product: string) => Money | undefined;

/** The fields an opportunity's close date is read from, by outcome. */
const WON_CLOSE_FIELDS = ['wonDate', 'closeDate'] as const;
const LOST_CLOSE_FIELDS = ['lostDate', 'closeDate'] as const;
const OPEN_CLOSE_FIELDS = ['closeDate'] as const;

/** Opportunities; owners and accounts given by name are settled with the whole import. */
export class OpportunityRows extends Collected<Opportunity> {
  readonly keyField = 'id';
  readonly ownerNames = new Map<number, string>();
  readonly accountNames = new Map<number, string>();
  /** Rows that name a product when the import has no products file. */
  productsWithoutFile = 0;

  /** `listPriceOf` is null when the import has no products file. */
  constructor(
    private readonly resolveStage: StageResolver,
    private readonly notes: StageNotes,
    private readonly listPriceOf: ListPriceLookup | null,
  ) {
    super();
  }

  readonly preparedFields = ['listAmount'];

  /** A product's list price is the list amount (so that an amount may fall back to it). */
  prepare(values: RowValues, row: RowReport): void {
    const v = values as unknown as OpportunityValues;
    if (v.product === null || v.listAmount !== null) return;
    if (this.listPriceOf === null) {
      this.productsWithoutFile++;
      return;
    }
    const price = this.listPriceOf(v.product);
    const currency = v.currency ?? price?.currency;
    if (price === undefined) {
      row.fail(
        'product',
        `product ${show(v.product)} is not in the products file`,
        `add it to the products file, or map the name in a mapping file (values: product: ${show(v.product)}: <product name>)`,
      );
    } else if (currency !== price.currency) {
      row.fail(
        'product',
        `the list price of ${show(v.product)} is in ${price.currency}, the opportunity in ${currency ?? ''}`,
        'give the products file in the currency of the opportunities',
      );
    } else {
      v.listAmount = price;
    }
  }

  add(values: RowValues, row: RowReport): void {
    const v = values as unknown as OpportunityValues;
    const id = need(v.id, 'id', 'the id', row);
    const name = need(v.name, 'name', 'the name', row);
    if (v.ownerId === null && v.ownerName === null) {
      row.fail(['ownerId', 'ownerName'], 'the owner is empty', EMPTY_FIX);
    }
    const stage = this.stage(v, row);
    const amount = need(v.amount, 'amount', 'the amount', row);
    const currency = v.currency ?? amount?.currency;
    if (amount && v.currency !== null && amount.currency !== v.currency) {
      row.fail(
        'amount',
        `the amount is in ${amount.currency} but the row's currency is ${v.currency}`,
        'correct the amount or the currency column',
      );
    }
    if (v.listAmount && currency !== undefined && v.listAmount.currency !== currency) {
      row.fail(
        'listAmount',
        `the list amount is in ${v.listAmount.currency} but the amount in ${currency}`,
        'give both in the currency of the opportunity',
      );
    }
    const outcome = stage?.outcome;
    const closeFields =
      outcome === 'won' ? WON_CLOSE_FIELDS : outcome === 'lost' ? LOST_CLOSE_FIELDS : OPEN_CLOSE_FIELDS;
    const closeDate = need(
      (outcome === 'won' ? v.wonDate : outcome === 'lost' ? v.lostDate : null) ?? v.closeDate,
      closeFields,
      'the close date',
      row,
    );
    const createdDate = need(v.createdDate, 'createdDate', 'the created date', row);
    if (
      row.rejected ||
      id === undefined ||
      name === undefined ||
      stage === undefined ||
      amount === undefined ||
      currency === undefined ||
      closeDate === undefined ||
      createdDate === undefined
    ) {
      return;
    }
    this.keep(v, { id, name, stage, amount: amount.amount, currency, closeDate, createdDate }, row.line);
  }

  /** Makes the record of a row whose values passed the checks, with the values those checks settled. */
  private keep(v: OpportunityValues, settled: SettledValues, line: number): void {
    const { id, stage } = settled;
    const record: Opportunity = {
      id,
      name: settled.name,
      accountId: v.accountId,
      currency: settled.currency,
      type: v.type,
      source: v.source,
      createdDate: settled.createdDate,
      listAmount: v.listAmount?.amount ?? null,
      competitor: v.competitor,
      lossReason: v.lossReason,
      nextStep: v.nextStep,
      qualification: qualificationOf(v.budget, v.authority, v.need, v.timeline),
      product: v.product,
      stage: stage.name,
      amount: settled.amount,
      closeDate: settled.closeDate,
      forecastCategory: v.forecastCategory ?? stage.forecastCategory,
      ownerId: v.ownerId ?? '',
    };
    const index = this.push(record, id, line);
    if (index === null) return;
    if (v.ownerId === null && v.ownerName !== null) this.ownerNames.set(index, v.ownerName);
    if (v.accountId === null && v.accountName !== null) this.accountNames.set(index, v.accountName);
  }

  /**
   * Reads a plain row straight into a record ({@link PlainRowReader}): every cell as written (nothing to trim,
   * no quotes doubled but in text, no 15-character id to lengthen), the stage one the workspace knows and the
   * CRM's flags agree with (not one placed by them), a plain decimal amount in the row's currency, ISO dates, and
   * the required values there. It makes what reading the row's values makes, and leaves any other row to that reading, which
   * finds its problems; the row's values object, a value per cell and the checks of {@link add} are saved.
   */
  plainReader(compiled: CompiledMapping): PlainRowReader | null {
    const columns = plainOpportunityColumns(compiled);
    if (columns === null) return null;
    const optional = (field: keyof OpportunityValues) => columns.get(field) ?? null;
    const required = (field: keyof OpportunityValues) => columns.get(field)!;
    const [id, name, ownerId, stage, amount, closeDate, createdDate] = PLAIN_REQUIRED.map(required);
    const [accountId, currency, isClosed, isWon, forecastCategory, type] = [
      optional('accountId'),
      optional('currency'),
      optional('isClosed'),
      optional('isWon'),
      optional('forecastCategory'),
      optional('type'),
    ];
    // The optional fields kept as strings as written, each label with its column's memo.
    const texts = (['source', 'competitor', 'lossReason', 'nextStep'] as const).flatMap((field) => {
      const column = columns.get(field);
      return column ? [{ field, column, memo: columnMemo(column) }] : [];
    });
    const ownerMemo = columnMemo(ownerId!);
    const stageMemo = columnMemo(stage!);
    // Cells that must be as written; text cells may hold doubled quotes (a next step that quotes a word).
    const cells = [...columns.values()]
      .filter((column) => column.kind !== 'text')
      .map((column) => column.index);
    const dotIsDecimal = amount!.context.decimalSeparator === '.';
    // One values object for every plain row: only the fields the layout maps are ever set, all of them per row.
    const v = Object.fromEntries(
      compiled.fields.map((field) => [field, null]),
    ) as unknown as OpportunityValues;

    return (spans: CellSpans, firstCell: number, line: number): boolean => {
      for (let at = 0; at < cells.length; at++) if (spans.doubled[firstCell + cells[at]!] !== 0) return false;
      // Locals, not destructured lists: a list per row is an allocation per row.
      // An opportunity's own id is on its row alone: the key index finds a repeat, and interning it would only add
      // a million entries to the import's shared strings.
      const idText = plainString(id!, spans, firstCell, false);
      const nameText = plainString(name!, spans, firstCell);
      const owner = plainKept(ownerId!, ownerMemo, spans, firstCell);
      if (!idText || !nameText || !owner) return false;
      const account = accountId === null ? null : plainString(accountId, spans, firstCell);
      const rowCurrency = currency === null ? null : plainEnum(currency, spans, firstCell);
      const closed = isClosed === null ? null : plainEnum(isClosed, spans, firstCell);
      const won = isWon === null ? null : plainEnum(isWon, spans, firstCell);
      const category = forecastCategory === null ? null : plainEnum(forecastCategory, spans, firstCell);
      const dealType = type === null ? null : plainEnum(type, spans, firstCell);
      if (
        account === undefined ||
        rowCurrency === undefined ||
        closed === undefined ||
        won === undefined ||
        category === undefined ||
        dealType === undefined
      )
        return false;
      const stageName = plainKept(stage!, stageMemo, spans, firstCell);
      if (!stageName) return false;
      const resolution = this.resolveStage(
        stageName,
        outcomeOf(null, closed as boolean | null, won as boolean | null),
      );
      if (!resolution.ok || resolution.byOutcome !== undefined) return false;
      const dealCurrency = (rowCurrency as CurrencyCode | null) ?? compiled.currency;
      if (!isCurrencyCode(dealCurrency)) return false;
      const amountCell = firstCell + amount!.index;
      const minorUnits = plainMinorUnits(
        spans.text,
        currencyExponent(dealCurrency),
        dotIsDecimal,
        spans.starts[amountCell],
        spans.ends[amountCell],
      );
      const close = plainDate(closeDate!, spans, firstCell);
      const created = plainDate(createdDate!, spans, firstCell);
      if (minorUnits === null || close === undefined || created === undefined) return false;
      for (const { field, column, memo } of texts) {
        const value = plainKept(column, memo, spans, firstCell);
        if (value === undefined) return false;
        v[field] = value;
      }
      v.accountId = account;
      v.ownerId = owner;
      v.forecastCategory = category as ForecastCategory | null;
      v.type = dealType as OpportunityType | null;
      this.keep(
        v,
        {
          id: idText,
          name: nameText,
          stage: resolution.stage,
          amount: minorUnits as MinorUnits,
          currency: dealCurrency,
          closeDate: close,
          createdDate: created,
        },
        line,
      );
      return true;
    };
  }

  private stage(v: OpportunityValues, row: RowReport): Stage | undefined {
    const resolution = this.resolveStage(v.stage, outcomeOf(v.status, v.isClosed, v.isWon));
    if (resolution.ok) {
      if (resolution.byOutcome) this.notes.notePlaced(resolution.byOutcome, resolution.stage.name);
      return resolution.stage;
    }
    if (resolution.unknownName !== undefined)
      this.notes.noteUnknown(resolution.unknownName, row.file, row.line);
    row.fail(['stage', 'status', 'isWon'], resolution.message, resolution.fix);
    return undefined;
  }
}

/** The values a row's checks settle, which its record is made of. */
interface SettledValues {
  readonly id: string;
  readonly name: string;
  readonly stage: Stage;
  readonly amount: MinorUnits;
  readonly currency: CurrencyCode;
  readonly closeDate: IsoDate;
  readonly createdDate: IsoDate;
}

/** The fields of a Data Loader export of Opportunity, each with the kind its plain rows are read as. */
const PLAIN_KINDS: Readonly<Partial<Record<keyof OpportunityValues, FieldKind>>> = {
  id: 'id',
  name: 'text',
  accountId: 'id',
  ownerId: 'id',
  stage: 'stage',
  isClosed: 'boolean',
  isWon: 'boolean',
  amount: 'money',
  currency: 'currency',
  closeDate: 'date',
  createdDate: 'date',
  forecastCategory: 'forecastCategory',
  type: 'opportunityType',
  source: 'label',
  competitor: 'label',
  lossReason: 'label',
  nextStep: 'text',
};

/** The fields a row cannot be kept without (the owner by its id: owners by name are settled later). */
const PLAIN_REQUIRED = ['id', 'name', 'ownerId', 'stage', 'amount', 'closeDate', 'createdDate'] as const;

/**
 * The columns by field of a mapping whose rows can be read plainly: fields of {@link PLAIN_KINDS} only (no
 * names to look up, no product, no won or lost dates), each read as written (no value map or default), the
 * required ones there, no constants or fallbacks, and amounts at their own scale with a decimal point.
 */
function plainOpportunityColumns(compiled: CompiledMapping): ReadonlyMap<string, CompiledColumn> | null {
  const { byField } = compiled;
  if (compiled.constants.size > 0 || compiled.fallbacks.length > 0) return null;
  for (const [field, column] of byField) {
    if (PLAIN_KINDS[field as keyof OpportunityValues] !== column.kind) return null;
    if (column.valueMap !== null || column.rule.default !== undefined) return null;
  }
  if (PLAIN_REQUIRED.some((field) => !byField.has(field))) return null;
  const { scale, decimalSeparator } = byField.get('amount')!.context;
  return (scale !== undefined && scale !== 1) || decimalSeparator === ',' ? null : byField;
}

/**
 * An id, label, stage name or text cell as its column keeps it (as the import's one copy of its text, unless not
 * `mayShare`); null for an empty cell, undefined for one the values' reading must read (it needs trimming, or it
 * is a 15-character id to lengthen).
 */
function plainString(
  column: CompiledColumn,
  spans: CellSpans,
  firstCell: number,
  mayShare = true,
): string | null | undefined {
  const cell = firstCell + column.index;
  // A cell with doubled quotes is cut out with them undone (only text cells may have them: see the reader).
  const text = spans.doubled[cell] === 0 ? spans.text : spans.cell(cell);
  const start = text === spans.text ? spans.starts[cell]! : 0;
  const end = text === spans.text ? spans.ends[cell]! : text.length;
  if (start === end) return null;
  if (!untrimmed(text, start, end)) return undefined;
  const { kind, context } = column;
  if (kind === 'id' && context.salesforceIds === true && end - start === 15) return undefined;
  return mayShare && keptShared(column)
    ? context.strings!.keptAt(text, start, end)
    : detach(text.slice(start, end));
}

/**
 * A memo of a column of few distinct values kept as the import's one copy (an owner, a stage, a label): looked up
 * by a few of a cell's characters in a table that stays in the cache, before the import's shared strings, whose
 * table of every account id does not. Null for a column whose cells are not kept so (text).
 */
function columnMemo(column: CompiledColumn): SpanMap<string> | null {
  return keptShared(column) ? new SpanMap<string>(true) : null;
}

/** Whether a column's cells are kept as the import's one copy of their text (every kind but free text). */
function keptShared(column: CompiledColumn): boolean {
  return column.kind !== 'text' && column.context.strings !== undefined;
}

/** {@link plainString} of a cell, through its column's memo ({@link columnMemo}) where it has one. */
function plainKept(
  column: CompiledColumn,
  memo: SpanMap<string> | null,
  spans: CellSpans,
  firstCell: number,
): string | null | undefined {
  if (memo === null) return plainString(column, spans, firstCell);
  const cell = firstCell + column.index;
  const start = spans.starts[cell]!;
  const end = spans.ends[cell]!;
  // A cell with doubled quotes is read as plainString reads it; one found is one it kept before.
  const found = spans.doubled[cell] === 0 && start !== end ? memo.get(spans.text, start, end) : undefined;
  if (found !== undefined) return found;
  const kept = plainString(column, spans, firstCell);
  if (typeof kept === 'string' && spans.doubled[cell] === 0 && start !== end) memo.setMissed(kept, kept);
  return kept;
}

/** A cell of a kind with few values (a flag, a currency, a category), as read; undefined for a problem. */
function plainEnum(column: CompiledColumn, spans: CellSpans, firstCell: number): CellValue | undefined {
  const cell = firstCell + column.index;
  const read = readCellText(column, spans.text, spans.starts[cell]!, spans.ends[cell]!);
  return read.ok ? read.value : undefined;
}

/** A date cell's date; undefined for an empty cell or one that does not read as a date. */
function plainDate(column: CompiledColumn, spans: CellSpans, firstCell: number): IsoDate | undefined {
  const cell = firstCell + column.index;
  const start = spans.starts[cell]!;
  const end = spans.ends[cell]!;
  if (start === end) return undefined;
  const read = column.dates.readAt(spans.text, start, end);
  return read.ok && read.value !== null ? read.value : undefined;
}
