/**
 * Plain CSV/XLSX files from any CRM or spreadsheet (`--source csv`): headers are matched to salesops fields by
 * their names and common synonyms, compared without case, spaces or punctuation (`Close Date`, `close_date` and
 * `closeDate` are one name). The entity is the one whose required fields the headers cover, most columns first.
 * `mapping suggest` starts from the same matching.
 * @module
 */
import type { FileMapping } from '../model/file-mapping.js';
import { REQUIRED_FIELDS, type ImportEntity } from '../model/import-fields.js';
import { wordKey } from '../import/vocabulary.js';

type Synonyms = Readonly<Record<string, readonly string[]>>;

const OWNER_NAMES = ['owner', 'ownername', 'rep', 'salesrep', 'salesagent', 'agent', 'salesperson'];
/** The ways CRMs and spreadsheets name the date a record was created (`Created`, `Date Created`, `Created At`). */
const CREATED_DATES = [
  'createddate',
  'createdate',
  'created',
  'createdon',
  'createdat',
  'createdtime',
  'datecreated',
  'creationdate',
];

const SYNONYMS: Readonly<Partial<Record<ImportEntity, Synonyms>>> = {
  opportunities: {
    id: ['id', 'opportunityid', 'oppid', 'dealid', 'recordid', 'crmid'],
    name: ['name', 'opportunityname', 'opportunity', 'dealname', 'deal', 'title'],
    accountId: ['accountid', 'companyid', 'organizationid', 'orgid'],
    accountName: ['account', 'accountname', 'company', 'companyname', 'organization', 'customer', 'client'],
    ownerId: ['ownerid', 'userid', 'repid'],
    ownerName: [...OWNER_NAMES, 'opportunityowner', 'dealowner'],
    stage: ['stage', 'dealstage', 'stagename', 'salesstage', 'phase'],
    status: ['status', 'dealstatus'],
    isClosed: ['closed', 'isclosed'],
    isWon: ['won', 'iswon'],
    amount: ['amount', 'value', 'dealvalue', 'dealamount', 'closevalue', 'acv', 'arr'],
    currency: ['currency', 'currencycode', 'currencyisocode', 'amountcurrency'],
    listAmount: ['listamount', 'listprice'],
    product: ['product', 'productname', 'productfamily'],
    closeDate: ['closedate', 'expectedclosedate', 'close', 'closingdate'],
    createdDate: [...CREATED_DATES, 'engagedate', 'opendate'],
    wonDate: ['wondate', 'wontime'],
    lostDate: ['lostdate', 'losttime'],
    forecastCategory: ['forecastcategory', 'forecast'],
    type: ['type', 'opportunitytype', 'dealtype'],
    source: ['source', 'leadsource', 'dealsource'],
    competitor: ['competitor', 'primarycompetitor'],
    lossReason: ['lossreason', 'lostreason', 'closedlostreason', 'reasonlost'],
    nextStep: ['nextstep', 'nextsteps'],
  },
  accounts: {
    id: ['id', 'accountid', 'companyid', 'organizationid', 'recordid'],
    name: ['name', 'accountname', 'account', 'company', 'companyname', 'organization', 'organizationname'],
    industry: ['industry', 'sector', 'vertical'],
    employees: ['employees', 'numberofemployees', 'employeecount', 'headcount'],
    annualRevenue: ['annualrevenue', 'revenue'],
    region: ['region', 'salesregion'],
    country: ['country', 'countryregion', 'billingcountry'],
    segment: ['segment'],
    tier: ['tier'],
    ownerId: ['ownerid'],
    ownerName: ['owner', 'accountowner', 'ownername'],
    parentId: ['parentid', 'parentaccountid'],
    parentName: ['parent', 'parentaccount', 'parentcompany', 'subsidiaryof'],
    createdDate: CREATED_DATES,
  },
  reps: {
    id: ['id', 'userid', 'repid', 'employeeid'],
    name: ['name', 'fullname', 'repname', 'salesagent', 'agent', 'salesrep', 'user'],
    firstName: ['firstname'],
    lastName: ['lastname', 'surname'],
    email: ['email', 'emailaddress'],
    role: ['role', 'salesrole'],
    title: ['title', 'jobtitle'],
    managerId: ['managerid'],
    managerName: ['manager', 'managername'],
    team: ['team', 'salesteam'],
    segment: ['segment'],
    region: ['region', 'regionaloffice', 'office'],
    hireDate: ['hiredate', 'startdate'],
    endDate: ['enddate', 'terminationdate'],
  },
  opportunityHistory: {
    opportunityId: ['opportunityid', 'oppid', 'dealid'],
    changedAt: ['changedat', 'changedate', 'date', 'createddate', 'editdate', 'timestamp', 'modifieddate'],
    stage: ['stage', 'stagename', 'dealstage'],
    amount: ['amount', 'value'],
    closeDate: ['closedate'],
    forecastCategory: ['forecastcategory'],
    ownerId: ['ownerid'],
    ownerName: OWNER_NAMES,
  },
  opportunityFieldHistory: {
    opportunityId: ['opportunityid', 'oppid', 'dealid'],
    changedAt: ['changedat', 'createddate', 'date', 'timestamp'],
    field: ['field', 'fieldname'],
    oldValue: ['oldvalue', 'from'],
    newValue: ['newvalue', 'to'],
    dataType: ['datatype'],
  },
  quotas: {
    ownerId: ['ownerid', 'repid', 'userid'],
    ownerName: [...OWNER_NAMES, 'repname', 'name'],
    team: ['team', 'teamname', 'salesteam'],
    period: ['period', 'fiscalperiod', 'quarter', 'fiscalquarter'],
    amount: ['quota', 'quotaamount', 'target', 'amount'],
  },
  costs: {
    period: ['period', 'fiscalperiod', 'quarter', 'fiscalquarter', 'month'],
    category: ['category', 'costcategory', 'costtype', 'function'],
    amount: ['amount', 'cost', 'costs', 'spend', 'expense', 'expenses'],
  },
  activities: {
    id: ['id', 'activityid', 'taskid', 'eventid'],
    type: ['type', 'activitytype', 'tasksubtype'],
    date: ['date', 'activitydate', 'duedate'],
    createdDate: CREATED_DATES,
    repId: ['repid', 'ownerid', 'userid', 'assignedtoid'],
    repName: [...OWNER_NAMES, 'assignedto', 'activityassignedto'],
    opportunityId: ['opportunityid', 'oppid', 'dealid'],
    accountId: ['accountid', 'companyid'],
    leadId: ['leadid'],
    relatedId: ['whatid'],
    personId: ['whoid'],
  },
  leads: {
    id: ['id', 'leadid', 'recordid'],
    createdDate: CREATED_DATES,
    source: ['source', 'leadsource', 'originalsource'],
    status: ['status', 'leadstatus', 'lifecyclestage'],
    isConverted: ['converted', 'isconverted'],
    mqlDate: ['mqldate', 'marketingqualifieddate'],
    sqlDate: ['sqldate', 'salesqualifieddate'],
    convertedDate: ['converteddate', 'conversiondate'],
    convertedOpportunityId: ['convertedopportunityid', 'opportunityid'],
    convertedAccountId: ['convertedaccountid', 'accountid'],
    ownerId: ['ownerid'],
    ownerName: ['owner', 'ownername', 'leadowner'],
    segment: ['segment'],
    region: ['region'],
  },
  products: {
    name: ['product', 'productname', 'name'],
    listPrice: ['listprice', 'salesprice', 'price', 'unitprice'],
    family: ['family', 'productfamily', 'series'],
  },
};

/** The field each header names in an entity (by synonym), the first header winning a field. */
export function matchHeaders(entity: ImportEntity, headers: readonly string[]): Map<string, string> {
  const synonyms = SYNONYMS[entity] ?? {};
  const byWord = new Map<string, string>();
  for (const [field, words] of Object.entries(synonyms)) {
    for (const word of words) if (!byWord.has(word)) byWord.set(word, field);
  }
  const matched = new Map<string, string>();
  const taken = new Set<string>();
  for (const header of headers) {
    const field = byWord.get(wordKey(header));
    if (field !== undefined && !taken.has(field)) {
      matched.set(header, field);
      taken.add(field);
    }
  }
  return matched;
}

/** Whether the mapped fields cover every required group of the entity. */
export function coversRequired(entity: ImportEntity, fields: ReadonlySet<string>): boolean {
  return REQUIRED_FIELDS[entity].every((group) => group.some((field) => fields.has(field)));
}

/**
 * The entity the headers most likely describe (the one most of them name), with its matches; `complete` when
 * its required fields are covered.
 */
export function guessEntity(headers: readonly string[]): {
  entity: ImportEntity;
  matches: Map<string, string>;
  complete: boolean;
} {
  let best: { entity: ImportEntity; matches: Map<string, string>; complete: boolean } | null = null;
  for (const entity of Object.keys(SYNONYMS) as ImportEntity[]) {
    const matches = matchHeaders(entity, headers);
    const complete = coversRequired(entity, new Set(matches.values()));
    // Most headers matched wins; a complete match breaks a tie.
    const better =
      best === null ||
      matches.size > best.matches.size ||
      (matches.size === best.matches.size && complete && !best.complete);
    if (better) best = { entity, matches, complete };
  }
  return best ?? { entity: 'opportunities', matches: new Map(), complete: false };
}

/** The generic mapping of a file, or null when no entity's required fields are all named by its headers. */
export function genericMapping(headers: readonly string[], entity?: ImportEntity): FileMapping | null {
  const guess = entity
    ? (() => {
        const matches = matchHeaders(entity, headers);
        return { entity, matches, complete: coversRequired(entity, new Set(matches.values())) };
      })()
    : guessEntity(headers);
  if (!guess.complete) return null;
  return {
    description: `plain ${guess.entity} file, columns matched by name`,
    source: 'csv',
    entity: guess.entity,
    columns: [...guess.matches].map(([header, field]) => ({ header, field })),
    values: {},
    constants: {},
    known: [],
  };
}
