/**
 * The words CRMs use for salesops' enumerations: forecast categories (Salesforce's API calls Commit `Forecast`),
 * opportunity types, deal status (Pipedrive's open/won/lost), rep roles (read from role names and job titles),
 * activity types (Salesforce's task subtypes), lead statuses (Salesforce's lead statuses, HubSpot's lifecycle
 * stages), cost categories and fiscal period names.
 * Words are compared without case, spaces or punctuation. A word that is not listed is a problem whose fix is a
 * value map, never a guess.
 * @module
 */
import {
  ACTIVITY_TYPES,
  COST_CATEGORIES,
  FORECAST_CATEGORIES,
  LEAD_STATUSES,
  OPPORTUNITY_TYPES,
  REP_ROLES,
  type ActivityType,
  type ForecastCategory,
  type LeadStatus,
  type OpportunityType,
  type RepRole,
} from '../../domain/vocabularies.js';
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

export type CostCategory = (typeof COST_CATEGORIES)[number];

const COST_WORDS: Readonly<Record<string, CostCategory>> = {
  sales: 'sales',
  salescost: 'sales',
  salescosts: 'sales',
  salesexpense: 'sales',
  salesexpenses: 'sales',
  marketing: 'marketing',
  marketingcost: 'marketing',
  marketingcosts: 'marketing',
  marketingspend: 'marketing',
  marketingexpense: 'marketing',
  marketingexpenses: 'marketing',
};

const ACTIVITY_WORDS: Readonly<Record<string, ActivityType>> = {
  call: 'call',
  phonecall: 'call',
  calls: 'call',
  email: 'email',
  emails: 'email',
  listemail: 'email', // Salesforce: an email sent to a list
  meeting: 'meeting',
  meetings: 'meeting',
  event: 'meeting', // Salesforce: an Event is a calendar meeting
  demo: 'demo',
  demos: 'demo',
  task: 'task',
  tasks: 'task',
  todo: 'task',
};

const LEAD_WORDS: Readonly<Record<string, LeadStatus>> = {
  new: 'new',
  open: 'new',
  opennotcontacted: 'new', // Salesforce's default statuses
  workingcontacted: 'new',
  working: 'new',
  contacted: 'new',
  attemptedtocontact: 'new', // HubSpot lead statuses
  connected: 'new',
  inprogress: 'new',
  subscriber: 'new', // HubSpot lifecycle stages
  lead: 'new',
  mql: 'mql',
  marketingqualified: 'mql',
  marketingqualifiedlead: 'mql',
  sql: 'sql',
  salesqualified: 'sql',
  salesqualifiedlead: 'sql',
  converted: 'converted',
  closedconverted: 'converted',
  opportunity: 'converted',
  customer: 'converted',
  disqualified: 'disqualified',
  unqualified: 'disqualified',
  closednotconverted: 'disqualified',
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

export function parseCostCategory(text: string): Parsed<CostCategory> {
  return lookup(COST_WORDS, text, 'a cost category', COST_CATEGORIES, 'category');
}

export function parseActivityType(text: string): Parsed<ActivityType> {
  return lookup(ACTIVITY_WORDS, text, 'an activity type', ACTIVITY_TYPES, 'type');
}

export function parseLeadStatus(text: string): Parsed<LeadStatus> {
  return lookup(LEAD_WORDS, text, 'a lead status', LEAD_STATUSES, 'status');
}

const FISCAL_PERIOD = /^fy\s*-?\s*(\d{4})(?:\s*[-\s/]\s*(?:q([1-4])|m(0?[1-9]|1[0-2])))?$/;
const QUARTER_FIRST = /^q([1-4])\s*[-\s/]?\s*fy\s*-?\s*(\d{4})$/;

/**
 * A fiscal period as salesops names it (`FY2027`, `FY2027-Q1`, `FY2027-M01`), read from those names written
 * without case or with spaces (`fy2027 q1`) and from `Q1 FY2027`. Calendar dates are not periods: which fiscal
 * period a date falls in depends on the workspace's fiscal year, so a date column is a problem to map.
 */
export function parseFiscalPeriod(text: string): Parsed<string> {
  const key = text.normalize('NFC').trim().toLowerCase();
  const plain = FISCAL_PERIOD.exec(key);
  if (plain) {
    const [, year, quarter, month] = plain;
    if (quarter !== undefined) return parsed(`FY${year}-Q${quarter}`);
    if (month !== undefined) return parsed(`FY${year}-M${month.padStart(2, '0')}`);
    return parsed(`FY${year}`);
  }
  const reversed = QUARTER_FIRST.exec(key);
  if (reversed) return parsed(`FY${reversed[2]}-Q${reversed[1]}`);
  return problem(
    `${show(text)} is not a fiscal period`,
    `write FY2027, FY2027-Q1 or FY2027-M01 (years named as salesops.yaml's fiscalYear names them), or map the value in a mapping file (values: period: ${show(text.trim())}: FY2027-Q1)`,
  );
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
