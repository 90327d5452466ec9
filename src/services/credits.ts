/**
 * The credits (deals won at a zero or negative amount, `isCredit` of src/analytics/deal-facts.ts) that the win
 * rates, the average deal, win/loss and stage conversion leave out of won deals, as their JSON and their notes
 * give them: one shape and one wording, so that the CLI, the HTTP API, the MCP tools and the dashboard agree.
 * @module
 */
import type { CreditsLeftOut } from '../analytics/deal-facts.js';
import { asTyped, type CommandLine } from '../domain/errors.js';
import { listFirst } from '../domain/listing.js';
import { formatMoney, minorToDecimalString, type CurrencyCode, type MinorUnits } from '../domain/money.js';

/** The reason JSON gives: the audit rule that lists such deals. */
export const CREDIT_REASON = 'won-not-positive-amount';

/** Ids a note names before "and N more". */
const NOTE_IDS = 3;

/** The credits as JSON gives them: how many, their amounts summed in major units, their CRM ids; null for none. */
export function creditsLeftOutJson(credits: CreditsLeftOut, currency: CurrencyCode) {
  if (credits.ids.length === 0) return null;
  return {
    deals: credits.ids.length,
    amount: Number(minorToDecimalString(credits.amount as MinorUnits, currency)),
    reason: CREDIT_REASON,
    ids: [...credits.ids],
  };
}

/**
 * The credits in words, with the command that lists them; null when there are none. `from` names what left them
 * out ("win_rate, avg_deal_size", "the win rates"); `which` the deals ("won in FY2026-Q3").
 */
export function creditsLeftOutNote(
  credits: CreditsLeftOut,
  from: string,
  which: string,
  currency: CurrencyCode,
  commandLine: CommandLine = asTyped,
): string | null {
  const count = credits.ids.length;
  if (count === 0) return null;
  const one = count === 1;
  const amount = formatMoney(credits.amount as MinorUnits, currency, { whole: true });
  const named = listFirst(credits.ids, NOTE_IDS);
  return (
    `Left out of ${from}: ${one ? '1 deal' : `${count.toLocaleString('en-US')} deals`} ${which} at a zero ` +
    `or negative amount (${amount} in all: ${named}), ${one ? 'a credit or correction' : 'credits or corrections'}, ` +
    `not ${one ? 'a sale' : 'sales'} (closed_won and the Sales Forecast's Closed net ${one ? 'it' : 'them'}); ` +
    `\`${commandLine('salesops audit')}\` lists ${one ? 'it' : 'them'} under amount-not-positive.`
  );
}
