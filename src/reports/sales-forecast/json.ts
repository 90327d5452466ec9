/**
 * The Sales Forecast as JSON: every section as the engine built it. Money stays in integer minor units of the
 * corporate currency (exact, and the same body a `forecast snapshot` keeps); `moneyUnit` and `currencyExponent`
 * say how to read it (major = minor / 10^exponent).
 * @module
 */
import { currencyExponent } from '../../domain/money.js';
import type { ConfidenceSection, RiskFactor, SalesForecast } from '../../forecast/sales-forecast.js';

/**
 * The document's format: 2 since the confidence's reasons are data (a kind, its figures and their `text`) rather
 * than sentences, beside the level's `basis`.
 */
export const FORECAST_JSON_FORMAT = 'salesops.sales-forecast/2';

export interface ForecastDocument extends SalesForecast {
  readonly format: typeof FORECAST_JSON_FORMAT;
  readonly moneyUnit: 'minor';
  readonly currencyExponent: number;
}

/**
 * A document of format 1, as a forecast snapshot saved before format 2 keeps it: the confidence's reasons were
 * sentences, with no `basis` beside them, and a risk named no `groups`.
 */
interface ForecastDocumentV1 extends Omit<ForecastDocument, 'format' | 'confidence' | 'risks'> {
  readonly format: 'salesops.sales-forecast/1';
  readonly confidence: Omit<ConfidenceSection, 'basis' | 'reasons'> & { readonly reasons: readonly string[] };
  readonly risks: readonly Omit<RiskFactor, 'groups'>[];
}

/**
 * A forecast document read back from the store (a snapshot): of any format salesops has saved, told apart by
 * `format`, so that a reader of what changed between them (the confidence's reasons, a risk's groups) asks which.
 */
export type StoredForecastDocument = ForecastDocument | ForecastDocumentV1;

export function forecastDocument(forecast: SalesForecast): ForecastDocument {
  return {
    format: FORECAST_JSON_FORMAT,
    moneyUnit: 'minor',
    currencyExponent: currencyExponent(forecast.currency),
    ...forecast,
  };
}

export function renderForecastJson(forecast: SalesForecast): string {
  return `${JSON.stringify(forecastDocument(forecast), null, 2)}\n`;
}
