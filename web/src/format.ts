/**
 * How the dashboard writes numbers, money and periods: pure functions of their inputs and a locale, so that the
 * figures on screen are testable without a browser. The API sends money as integer minor units (opportunities,
 * forecast, statements) or major units (metrics), always with the currency; rates as plain numbers in [0, 1].
 * @module
 */
import type { ConfidenceReason } from './api-types.js';

/** The minor-unit digits of a currency as Intl knows them (USD 2, JPY 0, BHD 3). */
export function currencyDigits(currency: string): number {
  return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions()
    .maximumFractionDigits!;
}

/**
 * Money in major units, e.g. 463284 USD → "$463,284.00"; `whole` rounds to whole units ("$463,284"), as the CLI
 * writes pipeline and forecast figures (pay keeps its cents); `compact` for chart axes ("$463.3K").
 */
export function formatMoney(
  major: number,
  currency: string,
  locale: string,
  options: { compact?: boolean; whole?: boolean } = {},
): string {
  return new Intl.NumberFormat(locale, {
    style: 'currency',
    currency,
    ...(options.whole ? { minimumFractionDigits: 0, maximumFractionDigits: 0 } : {}),
    // No trailing zero ("$980K", "$1M", as the reports write them): a currency's own minimum digits would add one.
    ...(options.compact ? { notation: 'compact', minimumFractionDigits: 0, maximumFractionDigits: 1 } : {}),
  }).format(major);
}

/**
 * Integer minor units as money: 20430518 USD → "$204,305.18". `exponent` is the API's `currencyExponent` where it
 * gives one, else the currency's own digits.
 */
export function formatMinor(
  minor: number,
  currency: string,
  locale: string,
  options: { compact?: boolean; whole?: boolean; exponent?: number } = {},
): string {
  const exponent = options.exponent ?? currencyDigits(currency);
  return formatMoney(minor / 10 ** exponent, currency, locale, options);
}

/** A rate in [0, 1] as a percentage to one decimal: 0.18181 → "18.2%"; `roundDown` 0.18189 → "18.1%". */
export function formatPercent(rate: number, locale: string, options: { roundDown?: boolean } = {}): string {
  return new Intl.NumberFormat(locale, {
    style: 'percent',
    minimumFractionDigits: 1,
    maximumFractionDigits: 1,
    ...(options.roundDown ? { roundingMode: 'floor' } : {}),
  }).format(rate);
}

/**
 * A probability as a percentage to one decimal that claims no certainty the forecast does not have: "over 99.9%"
 * for 0.9996 and "under 0.1%" for 0.0004, which one decimal would show as 100.0% and 0.0%; exactly 1 and 0 read
 * "100.0%" and "0.0%". The reports keep the same rule in whole percents. `roundDown` for a chance measured against
 * "at least" levels (the confidence's 70% and 85%): 0.69996 reads "69.9%", never the edge it is under.
 */
export function formatProbability(
  probability: number,
  locale: string,
  options: { roundDown?: boolean } = {},
): string {
  const text = formatPercent(probability, locale, options);
  if (probability <= 0 || probability >= 1) return text;
  if (text === formatPercent(1, locale)) return `over ${formatPercent(0.999, locale)}`;
  if (text === formatPercent(0, locale)) return `under ${formatPercent(0.001, locale)}`;
  return text;
}

export function formatCount(count: number, locale: string): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }).format(count);
}

/**
 * The names the dashboard gives metrics whose registry name another page uses for another definition: the
 * forecast's weighted pipeline is its model's, the overview's the stage probabilities'.
 */
const METRIC_LABELS: Readonly<Record<string, string>> = {
  weighted_pipeline: 'Weighted (stage probabilities)',
};

/** A metric's label on the dashboard: its registry name, unless that name means something else elsewhere. */
export function metricLabel(metric: { readonly id: string; readonly name: string }): string {
  return METRIC_LABELS[metric.id] ?? metric.name;
}

/**
 * The open deals the open-pipeline metrics left out for a zero, negative or missing amount (the metrics API's
 * `leftOut`, money in major units), in the words of the CLI's note.
 */
export function pipelineLeftOutText(
  leftOut: { readonly deals: number; readonly amount: number },
  period: string,
  currency: string,
  locale: string,
): string {
  const deals = leftOut.deals === 1 ? '1 open deal' : `${formatCount(leftOut.deals, locale)} open deals`;
  const amount = formatMoney(leftOut.amount, currency, locale, { whole: true });
  return `Left out: ${deals} closing in ${period} with a zero, negative or missing amount (${amount} in all), a data error, not pipeline`;
}

/** Ids a note names before "and N more", as the CLI's. */
const NOTE_IDS = 3;

/**
 * The credits (deals won at a zero or negative amount) the win rates and the average deal left out (the metrics
 * API's `creditsLeftOut`, money in major units), in the words of the CLI's note.
 */
export function creditsLeftOutText(
  credits: { readonly deals: number; readonly amount: number; readonly ids: readonly string[] },
  period: string,
  currency: string,
  locale: string,
): string {
  const one = credits.deals === 1;
  const deals = one ? '1 deal' : `${formatCount(credits.deals, locale)} deals`;
  const amount = formatMoney(credits.amount, currency, locale, { whole: true });
  const more = credits.deals > NOTE_IDS ? ` and ${formatCount(credits.deals - NOTE_IDS, locale)} more` : '';
  const named = `${credits.ids.slice(0, NOTE_IDS).join(', ')}${more}`;
  const what = one ? 'a credit or correction, not a sale' : 'credits or corrections, not sales';
  return `Left out: ${deals} won in ${period} at a zero or negative amount (${amount} in all: ${named}), ${what}`;
}

/**
 * A metric's value as the API gives it (money in major units, written in whole units as the CLI does) in its
 * `unit` (money, money_per_day, ratio, multiple, days, count); null (the registry's n/a: no quota, no deal closed)
 * as "n/a".
 */
export function formatMetric(
  value: number | string | null | undefined,
  unit: string,
  currency: string,
  locale: string,
): string {
  if (value === null || value === undefined) return 'n/a';
  if (typeof value === 'string') return value;
  switch (unit) {
    case 'money':
      return formatMoney(value, currency, locale, { whole: true });
    case 'money_per_day':
      return `${formatMoney(value, currency, locale, { whole: true })}/day`;
    case 'ratio':
      return formatPercent(value, locale);
    case 'multiple':
      return `${new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(value)}×`;
    case 'days':
      return `${new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(value)} days`;
    case 'count':
      return formatCount(value, locale);
    default:
      return new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }).format(value);
  }
}

/** "1–50 of 663" for a page of a paged list (an empty list: "0 of 0"). */
export function pageRange(page: number, pageSize: number, total: number, locale: string): string {
  if (total === 0) return '0 of 0';
  const first = (page - 1) * pageSize + 1;
  const last = Math.min(page * pageSize, total);
  return `${formatCount(first, locale)}–${formatCount(last, locale)} of ${formatCount(total, locale)}`;
}

export function pageCount(pageSize: number, total: number): number {
  return Math.max(1, Math.ceil(total / pageSize));
}

const FISCAL_PERIOD = /^FY(\d{4})(?:-Q([1-4])|-M(0[1-9]|1[0-2]))?$/;

const quarterName = (year: number, quarter: number) => {
  const index = year * 4 + quarter - 1;
  return `FY${Math.floor(index / 4)}-Q${(index % 4) + 1}`;
};
const monthName = (year: number, month: number) => {
  const index = year * 12 + month - 1;
  return `FY${Math.floor(index / 12)}-M${String((index % 12) + 1).padStart(2, '0')}`;
};

/**
 * Periods near a fiscal period, for the period picker's suggestions: a quarter's two before and one after and its
 * fiscal year; a month's neighbours and its quarter; a year's neighbours and quarters. Fiscal names count from the
 * fiscal year's start (FY2027-M01 is its first month), so no calendar is needed. A date range or anything else
 * has none.
 */
export function nearbyPeriods(period: string): string[] {
  const match = FISCAL_PERIOD.exec(period);
  if (!match) return [];
  const year = Number(match[1]);
  if (match[2] !== undefined) {
    const quarter = Number(match[2]);
    return [...[-2, -1, 0, 1].map((step) => quarterName(year, quarter + step)), `FY${year}`];
  }
  if (match[3] !== undefined) {
    const month = Number(match[3]);
    return [...[-1, 0, 1].map((step) => monthName(year, month + step)), `FY${year}-Q${Math.ceil(month / 3)}`];
  }
  return [`FY${year - 1}`, `FY${year}`, `FY${year + 1}`, ...[1, 2, 3, 4].map((q) => `FY${year}-Q${q}`)];
}

/**
 * A forecast category as the Sales Forecast report titles it (the API sends the stage model's ids, `best_case`);
 * any other text as it is.
 */
export function forecastCategoryTitle(category: string): string {
  const titles: Readonly<Record<string, string>> = {
    pipeline: 'Pipeline',
    best_case: 'Best case',
    commit: 'Commit',
    closed: 'Closed',
    omitted: 'Omitted',
  };
  return titles[category] ?? category;
}

/** The forecast's confidence level as the Sales Forecast report words it (the API sends green/yellow/red/none). */
export function confidenceWord(level: string): string {
  const words: Readonly<Record<string, string>> = {
    green: 'High',
    yellow: 'Moderate',
    red: 'Low',
    none: 'None claimed',
  };
  return words[level] ?? level;
}

/**
 * The chance of reaching 90% of the forecast, which makes the confidence level, rounded down: the levels are "at
 * least" 70% and 85%, so 0.69996 reads "69.9%" beside "Low: under 70%" (to nearest it would read "70.0%").
 */
const confidenceProbability = (probability: number, locale: string): string =>
  formatProbability(probability, locale, { roundDown: true });

/**
 * What the forecast's confidence claims, to show under its level's word, as the Sales Forecast report writes it:
 * the exact probability, then the level and what makes it (the API's `basis`), "75.0% likely to reach at least
 * 90% of the forecast (Moderate: 70-85%)"; where none is claimed, why, without the word shown above it.
 */
export function confidenceClaim(
  confidence: { readonly level: string; readonly probability: number | null; readonly basis: string },
  locale: string,
): string {
  if (confidence.probability === null) return confidence.basis;
  const level = `${confidenceWord(confidence.level)}: ${confidence.basis}`;
  return `${confidenceProbability(confidence.probability, locale)} likely to reach at least 90% of the forecast (${level})`;
}

/**
 * A reason of the forecast's confidence (the API's `confidence.reasons`) in the words of the reports' (the
 * engine's `confidenceReasonText`), its figures written as the dashboard's figures write them: probabilities to one
 * decimal (the reports' whole percents would read "55% likely to reach quota" under a "Chance of quota" of
 * 55.1%), the chance of reaching 90% of the forecast rounded down as in the claim, money compact in the locale. A risk's reason is the risk's own sentence. `exponent` is the API's
 * `currencyExponent`.
 */
export function confidenceReasonText(
  reason: ConfidenceReason,
  currency: string,
  exponent: number,
  locale: string,
): string {
  const percent = (probability: number) => formatProbability(probability, locale);
  const compact = (minor: number) => formatMinor(minor, currency, locale, { exponent, compact: true });
  switch (reason.kind) {
    case 'reach':
      return `${confidenceProbability(reason.probability, locale)} likely to reach at least ${compact(reason.threshold)} (90% of the forecast), ${percent(reason.probabilityOfForecast)} the forecast itself`;
    case 'quota':
      return `${percent(reason.probability)} likely to reach quota`;
    case 'range':
      return `80% of outcomes between P10 and P90: ${compact(reason.p10)} to ${compact(reason.p90)}`;
    default:
      return reason.text;
  }
}

/** A rep as a picker shows them: "Samir Chen (REP-0011)", or the bare id when the name is not known. */
export function repLabel(id: string, names: ReadonlyMap<string, string>): string {
  const name = names.get(id);
  return name ? `${name} (${id})` : id;
}

/** Reps for a picker: by name, then id, those still employed first. */
export function pickerOrder<T extends { id: string; name: string; active: boolean }>(
  reps: readonly T[],
): T[] {
  return [...reps].sort(
    (a, b) =>
      Number(b.active) - Number(a.active) ||
      a.name.localeCompare(b.name, 'en') ||
      a.id.localeCompare(b.id, 'en'),
  );
}

/**
 * A text's `backticked` spans (commands and fields in the API's risks, notes and fixes) apart from the plain text
 * around them: "run `salesops audit` now" → run , salesops audit (code), now. An unpaired backtick stays text.
 */
export function codeSpans(text: string): { readonly text: string; readonly code: boolean }[] {
  return text
    .split(/`([^`]+)`/)
    .map((part, index) => ({ text: part, code: index % 2 === 1 }))
    .filter((span) => span.text !== '');
}
