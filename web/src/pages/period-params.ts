/**
 * The period and as-of day a page asks for, from its address: empty means the server's default (the fiscal
 * quarter of its as-of day).
 * @module
 */
import type { Place } from '../router.js';

export function periodChoice(place: Place): { period: string; asOf: string } {
  return { period: place.params.get('period') ?? '', asOf: place.params.get('asOf') ?? '' };
}
