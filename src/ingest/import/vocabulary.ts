/**
 * The words CRMs use for salesops' enumerations: forecast categories (Salesforce's API calls Commit `Forecast`),
 * opportunity types, deal status (Pipedrive's open/won/lost) and rep roles (read from role names and job titles).
 * Words are compared without case, spaces or punctuation. A word that is not listed is a problem whose fix is a
 * value map, never a guess.
 * @module
 */
import {
  FORECAST_CATEGORIES,
  OPPORTUNITY_TYPES,
  REP_ROLES,
  type ForecastCategory,
  type OpportunityType,
  type RepRole,
} from '../../domain/entities.js';
import { parsed, problem, show, type Parsed } from '../values/parsed.js';

/** The compared form of a word: letters and digits only, lower case (`Best Case` → `bestcase`). */
export function wordKey(text: string): string {
  return text
    .normalize('NFC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '');
}

const CATEGORY_WORDS: Readonly<Record<string, ForecastCategory>> = {
  pipeline: 'pipeline',
  bestcase: 'best_case',
  upside: 'best_case',
  commit: 'commit',
  committed: 'commit',
  forecast: 'commit', // Salesforce's API name of the Commit category
  closed: 'closed',
  closedwon: 'closed',
  won: 'closed',
  omitted: 'omitted',
  omit: 'omitted',
  notforecasted: 'omitted', // HubSpot
  closedlost: 'omitted',
  lost: 'omitted',
};

const TYPE_WORDS: Readonly<Record<string, OpportunityType>> = {
  new: 'new',
  newbusiness: 'new',
  newcustomer: 'new',
  newlogo: 'new',
  expansion: 'expansion',
  upsell: 'expansion',
  upgrade: 'expansion',
  crosssell: 'expansion',
  addon: 'expansion',
  existingcustomerupgrade: 'expansion',
  existingcustomerexpansion: 'expansion',
  renewal: 'renewal',
  existingcustomerrenewal: 'renewal',
};

export type DealStatus = 'open' | 'won' | 'lost';

const STATUS_WORDS: Readonly<Record<string, DealStatus>> = {
  open: 'open',
  won: 'won',
  closedwon: 'won',
  lost: 'lost',
  closedlost: 'lost',
};

function lookup<T>(
  words: Readonly<Record<string, T>>,
  text: string,
  what: string,
  allowed: readonly string[],
  field: string,
): Parsed<T> {
  const value = words[wordKey(text)];
  if (value !== undefined) return parsed(value);
  return problem(
    `${show(text)} is not ${what} salesops knows`,
    `use one of ${allowed.join(', ')}, or map it in a mapping file (values: ${field}: ${show(text.trim())}: <one of them>)`,
  );
}

export function parseForecastCategory(text: string): Parsed<ForecastCategory> {
  return lookup(CATEGORY_WORDS, text, 'a forecast category', FORECAST_CATEGORIES, 'forecastCategory');
}

export function parseOpportunityType(text: string): Parsed<OpportunityType> {
  return lookup(TYPE_WORDS, text, 'an opportunity type', OPPORTUNITY_TYPES, 'type');
}

export function parseDealStatus(text: string): Parsed<DealStatus> {
  return lookup(STATUS_WORDS, text, 'a deal status', ['open', 'won', 'lost'], 'status');
}

export function parseRepRole(text: string): Parsed<RepRole> {
  const key = wordKey(text);
  if ((REP_ROLES as readonly string[]).includes(key)) return parsed(key as RepRole);
  const role = roleFromTitle(text);
  if (role !== 'other') return parsed(role);
  return lookup({}, text, 'a rep role', REP_ROLES, 'role');
}

/**
 * The salesops role a role name or job title describes, by its words, most specific first: an "Account
 * Manager" is an AM, not a manager; a "Sales Development Rep" an SDR, not an AE. `other` when none fits.
 */
export function roleFromTitle(title: string): RepRole {
  const text = ` ${title.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ')} `;
  const has = (...words: string[]) => words.some((word) => text.includes(` ${word} `));
  if (has('account manager', 'account managers', 'am', 'customer success manager', 'csm')) return 'am';
  if (has('sdr', 'bdr', 'sales development', 'business development')) return 'sdr';
  if (has('isr', 'inside sales')) return 'isr';
  if (has('se', 'sales engineer', 'solutions engineer', 'solution engineer', 'presales', 'pre sales'))
    return 'se';
  if (has('vp', 'vice president', 'cro', 'chief revenue officer', 'head of sales', 'svp', 'evp')) return 'vp';
  if (has('manager', 'director', 'team lead', 'sales lead')) return 'manager';
  if (has('ae', 'account executive', 'sales rep', 'sales representative', 'sales agent', 'rep', 'executive'))
    return 'ae';
  return 'other';
}
