/**
 * Cell values as CRMs write them: pure parsers that return a value or a located-later problem, never throwing,
 * and a column profiler that infers each column's kind and formats.
 * @module
 */
export { isBooleanWord, parseBoolean } from './booleans.js';
export {
  createColumnProfiler,
  profileColumn,
  type ColumnException,
  type ColumnKind,
  type ColumnProfile,
  type ColumnProfiler,
} from './column-profile.js';
export {
  decideDateOrder,
  excelSerialToIsoDate,
  parseDate,
  TWO_DIGIT_YEAR_PIVOT,
  voteDateOrder,
  type DateContext,
  type DateOrder,
  type DateOrderVote,
  type DateOrderVotes,
} from './dates.js';
export { looksLikeSalesforceId, parseId, salesforceId18 } from './ids.js';
export {
  moneyShape,
  parseMoney,
  plainDecimal,
  plainDecimalMinorUnits,
  plainDecimalText,
  plainMinorUnits,
  readPlainDecimal,
  type PlainDecimal,
  type Money,
  type MoneyContext,
  type MoneyShape,
} from './money.js';
export { isNullToken, type ValueKind } from './null-tokens.js';
export {
  decideDecimalSeparator,
  parseDecimal,
  parseInteger,
  parsePercent,
  voteDecimalSeparator,
  type BarePercent,
  type DecimalSeparator,
} from './numbers.js';
export { type Parsed } from './parsed.js';
