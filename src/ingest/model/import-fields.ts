/**
 * What an import can fill: the kinds of record a CRM export holds (opportunities, accounts, reps, history,
 * activities, leads, the lookup tables some CRMs export beside them, and the quotas and costs kept beside them)
 * and, for each, the fields a column can be mapped to, with the kind of value each holds. Presets and mapping files map CRM columns onto these names.
 * @module
 */

/** The record kinds an import file can hold. */
export const IMPORT_ENTITIES = [
  'opportunities',
  'accounts',
  'reps',
  'opportunityHistory',
  'opportunityFieldHistory',
  'products',
  'roles',
  'currencies',
  'periods',
  'quotas',
  'costs',
  'activities',
  'leads',
] as const;
export type ImportEntity = (typeof IMPORT_ENTITIES)[number];

/** How a cell of a field is read. */
export type FieldKind =
  | 'id'
  | 'text'
  | 'label'
  | 'money'
  | 'currency'
  | 'date'
  | 'timestamp'
  | 'integer'
  | 'decimal'
  | 'percent'
  | 'boolean'
  | 'stage'
  | 'forecastCategory'
  | 'opportunityType'
  | 'repRole'
  | 'dealStatus'
  | 'fiscalPeriod'
  | 'costCategory'
  | 'activityType'
  | 'leadStatus';

export interface FieldSpec {
  readonly kind: FieldKind;
  /** One line for people: `mapping suggest` comments and errors quote it. */
  readonly about: string;
}

const OPPORTUNITY_FIELDS = {
  id: { kind: 'id', about: 'the CRM id, matched on re-import' },
  name: { kind: 'text', about: 'opportunity name' },
  accountId: { kind: 'id', about: "the account's CRM id" },
  accountName: { kind: 'text', about: 'account name, matched to known accounts by name' },
  ownerId: { kind: 'id', about: "the owner's CRM user id" },
  ownerName: { kind: 'text', about: 'owner name, matched to known reps by name' },
  stage: { kind: 'stage', about: 'CRM stage name, mapped onto the workspace stages' },
  isClosed: { kind: 'boolean', about: 'closed (won or lost): places closed deals whose stage is unknown' },
  isWon: { kind: 'boolean', about: 'won: places won deals whose stage is unknown' },
  status: { kind: 'dealStatus', about: 'open, won or lost; decides the stage of won and lost deals' },
  amount: { kind: 'money', about: 'amount in the opportunity currency' },
  currency: { kind: 'currency', about: 'ISO currency code of the amount' },
  listAmount: { kind: 'money', about: 'price before discount' },
  product: {
    kind: 'label',
    about:
      'product or product family sold (a metrics dimension); with a products file, its list price is the list amount',
  },
  closeDate: { kind: 'date', about: 'expected or actual close date' },
  createdDate: { kind: 'date', about: 'date created' },
  wonDate: { kind: 'date', about: "date won: a won deal's close date" },
  lostDate: { kind: 'date', about: "date lost: a lost deal's close date" },
  forecastCategory: { kind: 'forecastCategory', about: 'pipeline, best case, commit, closed or omitted' },
  type: { kind: 'opportunityType', about: 'new, expansion or renewal' },
  source: { kind: 'label', about: 'lead source' },
  competitor: { kind: 'label', about: 'main competitor' },
  lossReason: { kind: 'label', about: 'why it was lost' },
  nextStep: { kind: 'text', about: 'next step' },
  budget: { kind: 'boolean', about: 'BANT: budget confirmed' },
  authority: { kind: 'boolean', about: 'BANT: authority confirmed' },
  need: { kind: 'boolean', about: 'BANT: need confirmed' },
  timeline: { kind: 'boolean', about: 'BANT: timeline confirmed' },
} as const satisfies Record<string, FieldSpec>;

const ACCOUNT_FIELDS = {
  id: { kind: 'id', about: 'the CRM id (derived from the name when there is none)' },
  name: { kind: 'text', about: 'account name' },
  industry: { kind: 'label', about: 'industry' },
  employees: { kind: 'integer', about: 'number of employees' },
  annualRevenue: { kind: 'money', about: 'annual revenue, in the corporate currency' },
  region: { kind: 'label', about: 'sales region' },
  country: { kind: 'label', about: 'country' },
  segment: { kind: 'label', about: 'segment' },
  tier: { kind: 'label', about: 'tier' },
  potential: { kind: 'money', about: 'estimated potential, in the corporate currency' },
  ownerId: { kind: 'id', about: "the account owner's CRM user id" },
  ownerName: { kind: 'text', about: 'account owner name' },
  parentId: { kind: 'id', about: "the parent account's CRM id" },
  parentName: { kind: 'text', about: 'parent account name' },
  createdDate: { kind: 'date', about: 'date created' },
} as const satisfies Record<string, FieldSpec>;

const REP_FIELDS = {
  id: { kind: 'id', about: 'the CRM user id (derived from the name when there is none)' },
  name: { kind: 'text', about: 'full name' },
  firstName: { kind: 'text', about: 'first name (joined with the last name when there is no full name)' },
  lastName: { kind: 'text', about: 'last name' },
  email: { kind: 'text', about: 'email address' },
  role: { kind: 'repRole', about: 'vp, manager, ae, am, isr, sdr, se or other' },
  roleId: { kind: 'id', about: 'CRM role id: the role is read from its name in a roles file' },
  title: { kind: 'text', about: 'job title: the role is read from it when no role is given' },
  managerId: { kind: 'id', about: "the manager's CRM user id" },
  managerName: { kind: 'text', about: "the manager's name" },
  team: { kind: 'label', about: 'team' },
  segment: { kind: 'label', about: 'segment covered' },
  region: { kind: 'label', about: 'region covered' },
  hireDate: { kind: 'date', about: 'hire date' },
  endDate: { kind: 'date', about: 'last day employed' },
} as const satisfies Record<string, FieldSpec>;

const HISTORY_FIELDS = {
  opportunityId: { kind: 'id', about: "the opportunity's CRM id" },
  opportunityName: {
    kind: 'text',
    about:
      "the opportunity's name, matched to the opportunities of the import or the store (when there is no id)",
  },
  changedAt: { kind: 'timestamp', about: 'when the change was made' },
  stage: { kind: 'stage', about: 'stage from this change on' },
  amount: { kind: 'money', about: 'amount from this change on' },
  closeDate: { kind: 'date', about: 'close date from this change on' },
  forecastCategory: { kind: 'forecastCategory', about: 'forecast category from this change on' },
  ownerId: { kind: 'id', about: "owner's CRM user id from this change on" },
  ownerName: { kind: 'text', about: 'owner name from this change on' },
} as const satisfies Record<string, FieldSpec>;

const FIELD_HISTORY_FIELDS = {
  opportunityId: { kind: 'id', about: "the opportunity's CRM id" },
  changedAt: { kind: 'timestamp', about: 'when the field changed' },
  field: { kind: 'text', about: 'the field that changed (StageName, Amount, CloseDate, Owner, ...)' },
  oldValue: { kind: 'text', about: 'value before the change' },
  newValue: { kind: 'text', about: 'value after the change' },
  dataType: { kind: 'text', about: "the value's type (an owner change is exported as id and as name)" },
} as const satisfies Record<string, FieldSpec>;

const PRODUCT_FIELDS = {
  name: { kind: 'label', about: 'product name, as opportunities name it' },
  listPrice: { kind: 'money', about: 'list price' },
  family: { kind: 'label', about: 'product family or series' },
} as const satisfies Record<string, FieldSpec>;

const ROLE_FIELDS = {
  id: { kind: 'id', about: 'the CRM role id' },
  name: { kind: 'text', about: 'role name: reps with this role get the salesops role it names' },
  parentId: { kind: 'id', about: 'the parent role id' },
} as const satisfies Record<string, FieldSpec>;

const CURRENCY_FIELDS = {
  currency: { kind: 'currency', about: 'ISO currency code' },
  rate: { kind: 'decimal', about: 'units of the currency per 1 unit of the corporate currency' },
  startDate: { kind: 'date', about: 'first day the rate applies (dated rates)' },
  isCorporate: { kind: 'boolean', about: 'the corporate currency' },
  isActive: { kind: 'boolean', about: 'in use' },
} as const satisfies Record<string, FieldSpec>;

const PERIOD_FIELDS = {
  type: { kind: 'label', about: 'Year, Quarter or Month' },
  startDate: { kind: 'date', about: 'first day' },
  endDate: { kind: 'date', about: 'last day' },
  number: { kind: 'integer', about: 'number within the fiscal year' },
} as const satisfies Record<string, FieldSpec>;

const QUOTA_FIELDS = {
  ownerId: { kind: 'id', about: "the rep's CRM user id (a rep quota)" },
  ownerName: { kind: 'text', about: "the rep's name, matched to known reps by name (a rep quota)" },
  team: { kind: 'label', about: 'team name, as the reps have it (a team quota, when no rep is given)' },
  period: { kind: 'fiscalPeriod', about: 'fiscal period: FY2027, FY2027-Q1 or FY2027-M01' },
  amount: { kind: 'money', about: 'quota amount, in the corporate currency' },
} as const satisfies Record<string, FieldSpec>;

const COST_FIELDS = {
  period: { kind: 'fiscalPeriod', about: 'fiscal period: FY2027, FY2027-Q1 or FY2027-M01' },
  category: { kind: 'costCategory', about: 'sales or marketing' },
  amount: { kind: 'money', about: 'spend in the period, in the corporate currency' },
} as const satisfies Record<string, FieldSpec>;

const ACTIVITY_FIELDS = {
  id: { kind: 'id', about: 'the CRM id, matched on re-import' },
  type: { kind: 'activityType', about: 'call, email, meeting, demo or task' },
  date: { kind: 'date', about: 'the day it happened (or is due)' },
  createdDate: { kind: 'date', about: 'date created: the date of an activity that has none' },
  repId: { kind: 'id', about: "the rep's CRM user id (the activity's owner)" },
  repName: { kind: 'text', about: "the rep's name, matched to known reps by name" },
  opportunityId: { kind: 'id', about: "the opportunity's CRM id" },
  accountId: { kind: 'id', about: "the account's CRM id" },
  leadId: { kind: 'id', about: "the lead's CRM id" },
  relatedId: {
    kind: 'id',
    about:
      'Salesforce WhatId: an opportunity (006...) or account (001...) id; others (cases, campaigns) are not kept',
  },
  personId: { kind: 'id', about: 'Salesforce WhoId: a lead (00Q...) id; contacts (003...) are not kept' },
} as const satisfies Record<string, FieldSpec>;

const LEAD_FIELDS = {
  id: { kind: 'id', about: 'the CRM id, matched on re-import' },
  createdDate: { kind: 'date', about: 'date created' },
  source: { kind: 'label', about: 'lead source' },
  status: {
    kind: 'leadStatus',
    about: 'new, mql, sql, converted or disqualified (else read from the dates: the latest stage reached)',
  },
  isConverted: { kind: 'boolean', about: 'converted into an opportunity or account' },
  mqlDate: { kind: 'date', about: 'date it became a marketing-qualified lead' },
  sqlDate: { kind: 'date', about: 'date it became a sales-qualified lead' },
  convertedDate: { kind: 'date', about: 'date it was converted' },
  convertedOpportunityId: { kind: 'id', about: 'the CRM id of the opportunity it became' },
  convertedAccountId: { kind: 'id', about: 'the CRM id of the account it became or joined' },
  ownerId: { kind: 'id', about: "the owner's CRM user id" },
  ownerName: { kind: 'text', about: "the owner's name, matched to known reps by name" },
  segment: { kind: 'label', about: 'segment' },
  region: { kind: 'label', about: 'region' },
} as const satisfies Record<string, FieldSpec>;

export const IMPORT_FIELDS = {
  opportunities: OPPORTUNITY_FIELDS,
  accounts: ACCOUNT_FIELDS,
  reps: REP_FIELDS,
  opportunityHistory: HISTORY_FIELDS,
  opportunityFieldHistory: FIELD_HISTORY_FIELDS,
  products: PRODUCT_FIELDS,
  roles: ROLE_FIELDS,
  currencies: CURRENCY_FIELDS,
  periods: PERIOD_FIELDS,
  quotas: QUOTA_FIELDS,
  costs: COST_FIELDS,
  activities: ACTIVITY_FIELDS,
  leads: LEAD_FIELDS,
} as const satisfies Record<ImportEntity, Record<string, FieldSpec>>;

export type FieldName<E extends ImportEntity> = keyof (typeof IMPORT_FIELDS)[E] & string;

/** The fields of an entity, by name. */
export function fieldsOf(entity: ImportEntity): Readonly<Record<string, FieldSpec>> {
  return IMPORT_FIELDS[entity];
}

/** The spec of a field, or undefined when the entity has no such field. */
export function fieldSpec(entity: ImportEntity, field: string): FieldSpec | undefined {
  return Object.hasOwn(IMPORT_FIELDS[entity], field) ? fieldsOf(entity)[field] : undefined;
}

/**
 * Fields a file must map (by column or constant) for its rows to make records; alternatives are listed
 * together (`ownerId` or `ownerName`).
 */
export const REQUIRED_FIELDS: Readonly<Record<ImportEntity, readonly (readonly string[])[]>> = {
  opportunities: [
    ['id'],
    ['name'],
    ['ownerId', 'ownerName'],
    ['stage', 'status', 'isWon'],
    ['amount'],
    ['closeDate', 'wonDate', 'lostDate'],
    ['createdDate'],
  ],
  accounts: [['name']],
  reps: [['name', 'firstName', 'lastName']],
  opportunityHistory: [['opportunityId', 'opportunityName'], ['changedAt']],
  opportunityFieldHistory: [['opportunityId'], ['changedAt'], ['field'], ['newValue']],
  products: [['name'], ['listPrice']],
  roles: [['id'], ['name']],
  currencies: [['currency'], ['rate']],
  periods: [['type'], ['startDate'], ['endDate']],
  quotas: [['ownerId', 'ownerName', 'team'], ['period'], ['amount']],
  costs: [['period'], ['category'], ['amount']],
  activities: [['id'], ['type'], ['date', 'createdDate'], ['repId', 'repName']],
  leads: [['id'], ['createdDate']],
};

/** What a value of each kind looks like, for "expected" in problem reports. */
export const EXPECTED_BY_KIND: Readonly<Record<FieldKind, string>> = {
  id: 'a record id',
  text: 'text',
  label: 'a short label',
  money: 'an amount such as 1234.56, $1,234.56 or 1.234,56 €',
  currency: 'an ISO currency code such as USD',
  date: 'a date such as 2026-03-31, 3/31/2026 or 31.03.2026',
  timestamp: 'a date and time such as 2026-03-31T14:05:00Z or 3/31/2026 2:05 PM',
  integer: 'a whole number such as 1200',
  decimal: 'a number such as 0.92',
  percent: 'a percentage such as 25% (or 25, when the column writes points)',
  boolean: 'true or false (1/0, yes/no)',
  stage: 'a stage of the workspace, or a CRM stage mapped onto one',
  forecastCategory: 'pipeline, best case, commit, closed or omitted',
  opportunityType: 'new, expansion or renewal',
  repRole: 'vp, manager, ae, am, isr, sdr, se or other',
  dealStatus: 'open, won or lost',
  fiscalPeriod: 'a fiscal period such as FY2027, FY2027-Q1 or FY2027-M01',
  costCategory: 'sales or marketing',
  activityType: 'call, email, meeting, demo or task',
  leadStatus: 'new, mql, sql, converted or disqualified',
};

/** The form in which headers, value-map keys and names are compared: trimmed, spaces collapsed, lower case. */
export function normalizeKey(text: string): string {
  return text.normalize('NFC').trim().replace(/\s+/g, ' ').toLowerCase();
}
