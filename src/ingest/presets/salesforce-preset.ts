/**
 * Salesforce: report exports (display headers such as `Opportunity Name`, `Close Date`, owners and accounts by
 * name, 15-character ids, a copyright footer) and Data Loader / API exports (field names such as `StageName`,
 * ISO dates, 18-character ids) of Opportunity, Account, User, OpportunityHistory, OpportunityFieldHistory,
 * UserRole, CurrencyType, DatedConversionRate and Period. Ids are read in their 18-character form, so a report
 * and an API export of the same records match.
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

const opportunityReport: PresetShape = {
  entity: 'opportunities',
  description: 'report export of opportunities',
  signature: { all: ['Opportunity Name'], any: ['Stage', 'Close Date', 'Amount'] },
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
    none: ['StageName', 'Username'],
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
    none: ['StageName', 'OpportunityId', 'Industry', 'BillingCountry', 'NumberOfEmployees', 'AnnualRevenue'],
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
    fieldHistoryApi,
    userRoleApi,
    currencyTypeApi,
    datedRateApi,
    periodApi,
  ],
};
