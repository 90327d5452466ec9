/**
 * Salesforce: report exports of opportunities and of Opportunity History (display headers such as
 * `Opportunity Name`, `Close Date`, owners and accounts by name, 15-character ids, a copyright footer) and Data
 * Loader / API exports (field names such as `StageName`, ISO dates, 18-character ids) of Opportunity, Account,
 * User, OpportunityHistory, OpportunityFieldHistory, UserRole, CurrencyType, DatedConversionRate, Period, Task,
 * Event and Lead. Ids are read in their 18-character form, so a report and an API export of the same records
 * match. Salesforce has no standard MQL or SQL date fields: where an org keeps them in custom fields
 * (`MQL_Date__c`), a mapping file maps them.
 * @module
 */
import { NOT_IMPORTED } from './known-columns.js';
import type { Preset, PresetShape } from './preset.js';

const API = { machineFormats: true, salesforceIds: true } as const;
const REPORT = { salesforceIds: true, reportFooter: true } as const;

const BOOKKEEPING = [
  'IsDeleted',
  'CreatedById',
  'LastModifiedDate',
  'LastModifiedById',
  'SystemModstamp',
  'LastViewedDate',
  'LastReferencedDate',
] as const;

const opportunityApi: PresetShape = {
  entity: 'opportunities',
  description: 'Data Loader export of Opportunity',
  signature: { all: ['Id', 'StageName', 'CloseDate'], none: ['OpportunityId'] },
  columns: [
    [['Id'], 'id'],
    [['Name'], 'name'],
    [['AccountId'], 'accountId'],
    [['OwnerId'], 'ownerId'],
    [['StageName'], 'stage'],
    [['IsClosed'], 'isClosed'],
    [['IsWon'], 'isWon'],
    [['Amount'], 'amount'],
    [['CurrencyIsoCode'], 'currency'],
    [['CloseDate'], 'closeDate'],
    [['CreatedDate'], 'createdDate'],
    [['ForecastCategoryName', 'ForecastCategory'], 'forecastCategory'],
    [['Type'], 'type'],
    [['LeadSource'], 'source'],
    [['NextStep'], 'nextStep'],
    [['Product__c', 'Product_Family__c'], 'product'],
  ],
  known: [
    [['Probability'], NOT_IMPORTED.probability],
    [['ExpectedRevenue', 'TotalOpportunityQuantity', 'HasOpportunityLineItem'], NOT_IMPORTED.derived],
    [['FiscalYear', 'FiscalQuarter', 'Fiscal'], NOT_IMPORTED.fiscal],
    [[...BOOKKEEPING, 'LastActivityDate', 'LastStageChangeDate'], NOT_IMPORTED.bookkeeping],
    [
      ['Description', 'IsPrivate', 'CampaignId', 'Pricebook2Id', 'ContactId', 'SyncedQuoteId'],
      NOT_IMPORTED.notModelled,
    ],
  ],
  options: API,
};

/** Headers only an Opportunity History report has (the change's date and the stage it moved from or to). */
const HISTORY_REPORT_HEADERS = ['Edit Date', 'From Stage', 'To Stage'];

const opportunityReport: PresetShape = {
  entity: 'opportunities',
  description: 'report export of opportunities',
  signature: {
    all: ['Opportunity Name'],
    any: ['Stage', 'Close Date', 'Amount'],
    none: HISTORY_REPORT_HEADERS,
  },
  columns: [
    [['Opportunity ID', 'Opportunity ID (18)'], 'id'],
    [['Opportunity Name'], 'name'],
    [['Account ID'], 'accountId'],
    [['Account Name'], 'accountName'],
    [['Opportunity Owner ID', 'Owner ID'], 'ownerId'],
    [['Opportunity Owner', 'Owner Name', 'Opportunity Owner: Full Name', 'Owner Full Name'], 'ownerName'],
    [['Stage'], 'stage'],
    [['Closed'], 'isClosed'],
    [['Won'], 'isWon'],
    [['Amount'], 'amount'],
    [['Amount Currency', 'Opportunity Currency'], 'currency'],
    [['Close Date'], 'closeDate'],
    [['Created Date'], 'createdDate'],
    [['Forecast Category'], 'forecastCategory'],
    [['Type', 'Opportunity Type'], 'type'],
    [['Lead Source'], 'source'],
    [['Next Step'], 'nextStep'],
    [['Product Name', 'Product Family', 'Product'], 'product'],
  ],
  known: [
    [['Probability (%)', 'Probability'], NOT_IMPORTED.probability],
    [['Expected Revenue', 'Expected Revenue Currency', 'Age', 'Stage Duration'], NOT_IMPORTED.derived],
    [['Fiscal Period', 'Fiscal Year', 'Fiscal Quarter'], NOT_IMPORTED.fiscal],
    [
      ['Last Modified Date', 'Last Activity', 'Last Stage Change Date', 'Created By'],
      NOT_IMPORTED.bookkeeping,
    ],
    [['Description', 'Primary Campaign Source'], NOT_IMPORTED.notModelled],
  ],
  options: REPORT,
};

const accountApi: PresetShape = {
  entity: 'accounts',
  description: 'Data Loader export of Account',
  signature: {
    all: ['Id', 'Name'],
    any: ['Industry', 'BillingCountry', 'NumberOfEmployees', 'AnnualRevenue', 'ParentId', 'AccountNumber'],
    none: ['StageName', 'Username', 'IsConverted'],
  },
  columns: [
    [['Id'], 'id'],
    [['Name'], 'name'],
    [['Industry'], 'industry'],
    [['NumberOfEmployees'], 'employees'],
    [['AnnualRevenue'], 'annualRevenue'],
    [['BillingCountry', 'ShippingCountry'], 'country'],
    [['OwnerId'], 'ownerId'],
    [['ParentId'], 'parentId'],
    [['CreatedDate'], 'createdDate'],
  ],
  known: [
    [
      ['BillingStreet', 'BillingCity', 'BillingState', 'BillingPostalCode', 'ShippingStreet', 'ShippingCity'],
      NOT_IMPORTED.address,
    ],
    [['Phone', 'Fax', 'Website'], NOT_IMPORTED.contact],
    [[...BOOKKEEPING, 'LastActivityDate'], NOT_IMPORTED.bookkeeping],
    [
      ['Type', 'AccountNumber', 'Description', 'Rating', 'Ownership', 'Sic', 'TickerSymbol', 'AccountSource'],
      NOT_IMPORTED.notModelled,
    ],
  ],
  options: API,
};

const accountReport: PresetShape = {
  entity: 'accounts',
  description: 'report export of accounts',
  signature: {
    all: ['Account Name'],
    any: ['Industry', 'Billing Country', 'Employees', 'Annual Revenue', 'Account Owner'],
    none: ['Opportunity Name', 'Stage'],
  },
  columns: [
    [['Account ID'], 'id'],
    [['Account Name'], 'name'],
    [['Industry'], 'industry'],
    [['Employees'], 'employees'],
    [['Annual Revenue'], 'annualRevenue'],
    [['Billing Country'], 'country'],
    [['Account Owner'], 'ownerName'],
    [['Parent Account ID'], 'parentId'],
    [['Parent Account'], 'parentName'],
    [['Created Date'], 'createdDate'],
  ],
  known: [
    [
      ['Billing City', 'Billing State/Province', 'Billing Street', 'Billing Zip/Postal Code'],
      NOT_IMPORTED.address,
    ],
    [['Phone', 'Website'], NOT_IMPORTED.contact],
    [['Type', 'Rating', 'Account Source', 'Description'], NOT_IMPORTED.notModelled],
    [['Last Modified Date', 'Last Activity'], NOT_IMPORTED.bookkeeping],
  ],
  options: REPORT,
};

const userApi: PresetShape = {
  entity: 'reps',
  description: 'Data Loader export of User',
  signature: {
    all: ['Id'],
    any: ['Username', 'UserRoleId', 'ManagerId', 'FirstName', 'LastName', 'Email', 'Title'],
    none: [
      'StageName',
      'OpportunityId',
      'Industry',
      'BillingCountry',
      'NumberOfEmployees',
      'AnnualRevenue',
      'IsConverted',
      'WhatId',
    ],
  },
  columns: [
    [['Id'], 'id'],
    [['Name'], 'name'],
    [['FirstName'], 'firstName'],
    [['LastName'], 'lastName'],
    [['Email'], 'email'],
    [['UserRoleId'], 'roleId'],
    [['Title'], 'title'],
    [['ManagerId'], 'managerId'],
  ],
  known: [
    [
      ['IsActive'],
      'an inactive user keeps their deals and history; give endDate in a mapping file to mark leavers',
    ],
    [['Department', 'Division'], 'map it to team or region in a mapping file if it names them'],
    [
      ['Username', 'Alias', 'CommunityNickname', 'ProfileId', 'UserType', 'TimeZoneSidKey'],
      NOT_IMPORTED.notModelled,
    ],
    [
      ['LocaleSidKey', 'LanguageLocaleKey', 'EmailEncodingKey', 'FederationIdentifier'],
      NOT_IMPORTED.notModelled,
    ],
    [['Phone', 'MobilePhone'], NOT_IMPORTED.contact],
    [[...BOOKKEEPING, 'CreatedDate', 'LastLoginDate'], NOT_IMPORTED.bookkeeping],
  ],
  options: API,
};

const opportunityHistoryApi: PresetShape = {
  entity: 'opportunityHistory',
  description: 'Data Loader export of OpportunityHistory',
  signature: { all: ['OpportunityId', 'StageName', 'CreatedDate'], none: ['Field'] },
  columns: [
    [['OpportunityId'], 'opportunityId'],
    [['CreatedDate'], 'changedAt'],
    [['StageName'], 'stage'],
    [['Amount'], 'amount'],
    [['CloseDate'], 'closeDate'],
    [['ForecastCategory', 'ForecastCategoryName'], 'forecastCategory'],
  ],
  known: [
    [['Id'], 'each change is keyed by its opportunity and time'],
    [['Probability'], NOT_IMPORTED.probability],
    [['ExpectedRevenue', 'PrevAmount', 'PrevCloseDate'], NOT_IMPORTED.derived],
    [[...BOOKKEEPING], NOT_IMPORTED.bookkeeping],
  ],
  options: API,
};

/**
 * The "Opportunity History" report type: one row per saved change, with the stage, amount, close date and
 * forecast category from then on, dated by its Edit Date (or Last Modified). Its owner column is the owner now,
 * not at the change, so owners come from OpportunityFieldHistory as for the API export; opportunities without
 * an id column are matched by name.
 */
const opportunityHistoryReport: PresetShape = {
  entity: 'opportunityHistory',
  description: 'report export of Opportunity History',
  signature: { all: ['Opportunity Name'], any: HISTORY_REPORT_HEADERS },
  columns: [
    [['Opportunity ID', 'Opportunity ID (18)'], 'opportunityId'],
    [['Opportunity Name'], 'opportunityName'],
    [['Edit Date', 'Last Modified', 'Last Modified Date'], 'changedAt'],
    [['To Stage', 'Stage'], 'stage'],
    [['Amount', 'To Amount'], 'amount'],
    [['Close Date', 'To Close Date'], 'closeDate'],
    [['To Forecast Category', 'Forecast Category'], 'forecastCategory'],
  ],
  known: [
    [
      ['From Stage', 'From Amount', 'From Close Date', 'From Forecast Category'],
      'the value before a change is the previous row’s',
    ],
    [
      ['Opportunity Owner', 'Owner Name', 'Opportunity Owner: Full Name'],
      'the owner now, not at the change: owners at each change come from the field history (OpportunityFieldHistory), else the current owner',
    ],
    [['Account Name', 'Amount Currency'], 'read from the opportunity'],
    [['Probability (%)', 'Probability'], NOT_IMPORTED.probability],
    [['Expected Revenue', 'Stage Duration', 'Age', 'Fiscal Period'], NOT_IMPORTED.derived],
    [['Last Modified By', 'Edited By', 'Created By'], NOT_IMPORTED.bookkeeping],
  ],
  options: REPORT,
};

const fieldHistoryApi: PresetShape = {
  entity: 'opportunityFieldHistory',
  description: 'Data Loader export of OpportunityFieldHistory',
  signature: { all: ['OpportunityId', 'Field', 'NewValue'] },
  columns: [
    [['OpportunityId'], 'opportunityId'],
    [['CreatedDate'], 'changedAt'],
    [['Field'], 'field'],
    [['OldValue'], 'oldValue'],
    [['NewValue'], 'newValue'],
    [['DataType'], 'dataType'],
  ],
  known: [
    [['Id'], 'each change is keyed by its opportunity and time'],
    [[...BOOKKEEPING], NOT_IMPORTED.bookkeeping],
  ],
  options: API,
};

const userRoleApi: PresetShape = {
  entity: 'roles',
  description: 'Data Loader export of UserRole',
  signature: { all: ['Id', 'Name', 'ParentRoleId'] },
  columns: [
    [['Id'], 'id'],
    [['Name'], 'name'],
    [['ParentRoleId'], 'parentId'],
  ],
  known: [
    [['DeveloperName', 'RollupDescription', 'PortalType'], NOT_IMPORTED.notModelled],
    [
      ['OpportunityAccessForAccountOwner', 'CaseAccessForAccountOwner', 'ContactAccessForAccountOwner'],
      NOT_IMPORTED.notModelled,
    ],
    [['MayForecastManagerShare', 'ForecastUserId'], NOT_IMPORTED.notModelled],
    [[...BOOKKEEPING], NOT_IMPORTED.bookkeeping],
  ],
  options: API,
};

const currencyTypeApi: PresetShape = {
  entity: 'currencies',
  description: 'Data Loader export of CurrencyType',
  signature: { all: ['IsoCode', 'ConversionRate'], none: ['StartDate'] },
  columns: [
    [['IsoCode'], 'currency'],
    [['ConversionRate'], 'rate'],
    [['IsCorporate'], 'isCorporate'],
    [['IsActive'], 'isActive'],
  ],
  known: [
    [['Id', 'DecimalPlaces'], NOT_IMPORTED.notModelled],
    [[...BOOKKEEPING], NOT_IMPORTED.bookkeeping],
  ],
  options: API,
};

const datedRateApi: PresetShape = {
  entity: 'currencies',
  description: 'Data Loader export of DatedConversionRate',
  signature: { all: ['IsoCode', 'ConversionRate', 'StartDate'] },
  columns: [
    [['IsoCode'], 'currency'],
    [['ConversionRate'], 'rate'],
    [['StartDate'], 'startDate'],
  ],
  known: [
    [['Id'], NOT_IMPORTED.notModelled],
    [['NextStartDate'], 'a rate applies until the next rate of its currency starts'],
    [[...BOOKKEEPING], NOT_IMPORTED.bookkeeping],
  ],
  options: API,
};

const periodApi: PresetShape = {
  entity: 'periods',
  description: 'Data Loader export of Period',
  signature: { all: ['Type', 'StartDate', 'EndDate'] },
  columns: [
    [['Type'], 'type'],
    [['StartDate'], 'startDate'],
    [['EndDate'], 'endDate'],
    [['Number'], 'number'],
  ],
  known: [
    [
      [
        'Id',
        'FiscalYearSettingsId',
        'IsForecastPeriod',
        'QuarterLabel',
        'PeriodLabel',
        'FullyQualifiedLabel',
      ],
      NOT_IMPORTED.fiscal,
    ],
    [[...BOOKKEEPING], NOT_IMPORTED.bookkeeping],
  ],
  options: API,
};

/** Columns Task and Event share: the owner and what the activity is about (WhatId, WhoId by their prefixes). */
const ACTIVITY_COLUMNS: PresetShape['columns'] = [
  [['Id'], 'id'],
  [['ActivityDate'], 'date'],
  [['CreatedDate'], 'createdDate'],
  [['OwnerId'], 'repId'],
  [['WhatId'], 'relatedId'],
  [['WhoId'], 'personId'],
  [['AccountId'], 'accountId'],
];

const ACTIVITY_KNOWN: NonNullable<PresetShape['known']> = [
  [['Subject', 'Description', 'Location', 'Priority', 'Status', 'IsClosed'], NOT_IMPORTED.notModelled],
  [['WhoCount', 'WhatCount', 'IsRecurrence', 'RecurrenceActivityId'], NOT_IMPORTED.notModelled],
  [[...BOOKKEEPING, 'IsArchived', 'IsHighPriority'], NOT_IMPORTED.bookkeeping],
];

const taskApi: PresetShape = {
  entity: 'activities',
  description: 'Data Loader export of Task',
  signature: {
    all: ['Id', 'OwnerId', 'WhatId'],
    any: ['TaskSubtype', 'CallType', 'CallDurationInSeconds', 'CompletedDateTime', 'ReminderDateTime'],
    none: ['EventSubtype', 'DurationInMinutes', 'StartDateTime', 'ActivityDateTime'],
  },
  columns: [[['TaskSubtype', 'Type'], 'type'], ...ACTIVITY_COLUMNS],
  known: [
    ...ACTIVITY_KNOWN,
    [['CallType', 'CallDurationInSeconds', 'CallDisposition', 'CallObject'], NOT_IMPORTED.notModelled],
    [['CompletedDateTime', 'ReminderDateTime', 'IsReminderSet'], NOT_IMPORTED.bookkeeping],
  ],
  // Salesforce's task subtypes: a cadence step or a LinkedIn message is a task.
  options: { ...API, values: { type: { Cadence: 'task', LinkedIn: 'task' } } },
};

const eventApi: PresetShape = {
  entity: 'activities',
  description: 'Data Loader export of Event',
  signature: {
    all: ['Id', 'OwnerId', 'WhatId'],
    any: ['EventSubtype', 'DurationInMinutes', 'StartDateTime', 'ActivityDateTime'],
  },
  columns: [[['Type'], 'type'], ...ACTIVITY_COLUMNS],
  known: [
    ...ACTIVITY_KNOWN,
    [['EventSubtype'], 'every event is a meeting unless its Type says a call or a demo'],
    [
      ['StartDateTime', 'EndDateTime', 'ActivityDateTime', 'DurationInMinutes', 'IsAllDayEvent'],
      'salesops keeps the day of an activity',
    ],
    [['ShowAs', 'IsPrivate', 'IsChild', 'IsGroupEvent', 'GroupEventType'], NOT_IMPORTED.notModelled],
  ],
  // An event is a meeting when its Type is empty or Salesforce's default `Other`.
  options: {
    ...API,
    constants: { type: 'meeting' },
    values: { type: { Other: 'meeting', Meeting: 'meeting' } },
  },
};

const leadApi: PresetShape = {
  entity: 'leads',
  description: 'Data Loader export of Lead',
  signature: { all: ['Id', 'Status'], any: ['IsConverted', 'ConvertedDate', 'ConvertedOpportunityId'] },
  columns: [
    [['Id'], 'id'],
    [['CreatedDate'], 'createdDate'],
    [['LeadSource'], 'source'],
    [['Status'], 'status'],
    [['IsConverted'], 'isConverted'],
    [['ConvertedDate'], 'convertedDate'],
    [['ConvertedOpportunityId'], 'convertedOpportunityId'],
    [['ConvertedAccountId'], 'convertedAccountId'],
    [['OwnerId'], 'ownerId'],
  ],
  known: [
    [
      ['FirstName', 'LastName', 'Name', 'Salutation', 'Title', 'Email', 'Phone', 'MobilePhone'],
      NOT_IMPORTED.contact,
    ],
    [['Street', 'City', 'State', 'PostalCode'], NOT_IMPORTED.address],
    [
      ['Country'],
      'a lead keeps its region, not its country (map Country to region in a mapping file if it names one)',
    ],
    [['ConvertedContactId'], 'contacts are not kept'],
    [
      ['Company', 'Industry', 'Rating', 'AnnualRevenue', 'NumberOfEmployees', 'Website', 'Description'],
      'a converted lead is linked to its account (ConvertedAccountId); an open lead’s company details are not kept',
    ],
    [[...BOOKKEEPING, 'LastActivityDate', 'IsUnreadByOwner', 'MasterRecordId'], NOT_IMPORTED.bookkeeping],
  ],
  options: API,
};

export const SALESFORCE_PRESET: Preset = {
  name: 'salesforce',
  label: 'Salesforce',
  shapes: [
    opportunityApi,
    opportunityReport,
    accountApi,
    accountReport,
    userApi,
    opportunityHistoryApi,
    opportunityHistoryReport,
    fieldHistoryApi,
    userRoleApi,
    currencyTypeApi,
    datedRateApi,
    periodApi,
    taskApi,
    eventApi,
    leadApi,
  ],
};
