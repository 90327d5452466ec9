/**
 * A forecast's money: integer minor units with the answer's own currency exponent.
 * @module
 */
import type { Forecast } from '../api-types.js';
import { formatMinor } from '../format.js';
import { useSession } from '../session-context.js';

/**
 * The forecast's money formatter: minor units with the answer's exponent, in whole units as the CLI writes
 * forecast figures; `exact` keeps the minor units (a stored adjustment is shown as it was typed).
 */
export function useForecastMoney(forecast: Forecast) {
  const { locale } = useSession();
  return (minor: number | null, options: { compact?: boolean; exact?: boolean } = {}) =>
    minor === null
      ? 'n/a'
      : formatMinor(minor, forecast.currency, locale, {
          exponent: forecast.currencyExponent,
          compact: options.compact ?? false,
          whole: !options.exact,
        });
}
