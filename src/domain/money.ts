/**
 * Money: integer minor units of a currency (cents for USD, yen for JPY), never binary floats.
 * @module
 */

/** An amount in integer minor units (e.g. cents). Always a safe integer. */
export type MinorUnits = number & { readonly __unit: 'minor' };

/** ISO 4217 currency code, upper case, e.g. `USD`. */
export type CurrencyCode = string;

/** Brands a safe integer as minor units; throws on fractions or unsafe magnitudes. */
export function minorUnits(value: number): MinorUnits {
  if (!Number.isSafeInteger(value)) {
    throw new RangeError(`money must be a safe integer of minor units (got ${value})`);
  }
  return value as MinorUnits;
}
