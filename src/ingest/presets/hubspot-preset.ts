/**
 * HubSpot: the deals, companies, users (owners) and contacts (as leads) exports of the HubSpot app, with their
 * display headers (`Record ID`, `Deal Name`, `Deal Stage`, `Deal owner`, ...). Deals name their owner, so owners become reps keyed
 * by name; deals reach their company by its record id (`Associated Company IDs (Primary)`) or by name.
 * @module
 */
import { NOT_IMPORTED } from './known-columns.js';
import type { Preset, PresetShape } from './preset.js';

const deals: PresetShape = {
  entity: 'opportunities',
  description: 'deals export',
  signature: { all: ['Deal Name'], any: ['Deal Stage', 'Close Date', 'Amount'] },
  columns: [
    [['Record ID', 'Deal ID'], 'id'],
    [['Deal Name'], 'name'],
    [['Associated Company IDs (Primary)', 'Associated Company ID'], 'accountId'],
    [['Associated Company (Primary)', 'Associated Company', 'Company name'], 'accountName'],
    [['Deal owner', 'Deal Owner'], 'ownerName'],
    [['Deal Stage'], 'stage'],
    [['Is Closed Won', 'Is closed won'], 'isWon'],
    [['Is Deal Closed?', 'Is closed'], 'isClosed'],
    [['Amount'], 'amount'],
    [['Currency', 'Deal currency code'], 'currency'],
    [['Close Date'], 'closeDate'],
    [['Create Date'], 'createdDate'],
    [['Forecast category'], 'forecastCategory'],
    [['Deal Type'], 'type'],
    [['Original Source Type', 'Original Traffic Source', 'Deal source'], 'source'],
    [['Closed Lost Reason'], 'lossReason'],
    [['Next step'], 'nextStep'],
    [['Product', 'Product name'], 'product'],
  ],
  known: [
    [
      ['Pipeline'],
      "a workspace has one stage model: map every pipeline's stages onto it (values: stage:), or export one pipeline",
    ],
    [
      ['Associated Company IDs'],
      'a deal may list several companies here: export the primary company instead',
    ],
    [['Deal probability'], NOT_IMPORTED.probability],
    [['Amount in company currency', 'Weighted amount', 'Days to close'], NOT_IMPORTED.derived],
    [['Last Activity Date', 'Last Modified Date', 'Next Activity Date'], NOT_IMPORTED.bookkeeping],
    [['Deal Description', 'Priority'], NOT_IMPORTED.notModelled],
  ],
};

const companies: PresetShape = {
  entity: 'accounts',
  description: 'companies export',
  signature: { all: ['Company name'], none: ['Deal Name'] },
  columns: [
    [['Record ID', 'Company ID'], 'id'],
    [['Company name'], 'name'],
    [['Industry'], 'industry'],
    [['Number of Employees'], 'employees'],
    [['Annual Revenue'], 'annualRevenue'],
    [['Country/Region', 'Country'], 'country'],
    [['Company owner'], 'ownerName'],
    [['Parent Company'], 'parentName'],
    [['Create Date'], 'createdDate'],
  ],
  known: [
    [['Company Domain Name', 'Website URL', 'Phone Number'], NOT_IMPORTED.contact],
    [['City', 'State/Region', 'Postal Code', 'Street Address', 'Time Zone'], NOT_IMPORTED.address],
    [['Lifecycle Stage', 'Lead Status', 'Type', 'Description'], NOT_IMPORTED.notModelled],
    [['Last Activity Date', 'Last Modified Date'], NOT_IMPORTED.bookkeeping],
  ],
};

const owners: PresetShape = {
  entity: 'reps',
  description: 'users (owners) export',
  signature: {
    all: ['First Name', 'Last Name', 'Email'],
    none: ['Deal Name', 'Company name', 'Lifecycle Stage', 'Contact owner'],
  },
  columns: [
    [['First Name'], 'firstName'],
    [['Last Name'], 'lastName'],
    [['Email'], 'email'],
    [['Team', 'Primary team'], 'team'],
    [['Job title', 'Role'], 'title'],
  ],
  known: [
    [['User ID', 'Owner ID'], 'deals name their owner, so reps are keyed by name'],
    [['Permission set', 'Seats', 'Last active', 'Additional teams'], NOT_IMPORTED.notModelled],
  ],
};

/**
 * Contacts as leads: HubSpot keeps the funnel on the contact, as its lifecycle stage and the date it reached
 * each (`Became a Marketing Qualified Lead Date`, ...). Becoming an opportunity is the conversion.
 */
const contacts: PresetShape = {
  entity: 'leads',
  description: 'contacts export',
  signature: {
    all: ['Record ID', 'Create Date'],
    any: ['Lifecycle Stage', 'Became a Marketing Qualified Lead Date', 'Became a Sales Qualified Lead Date'],
    none: ['Deal Name', 'Company name'],
  },
  columns: [
    [['Record ID', 'Contact ID'], 'id'],
    [['Create Date'], 'createdDate'],
    [['Original Source', 'Original Source Type', 'Latest Source'], 'source'],
    [['Lifecycle Stage'], 'status'],
    [['Became a Marketing Qualified Lead Date'], 'mqlDate'],
    [['Became a Sales Qualified Lead Date'], 'sqlDate'],
    [['Became an Opportunity Date'], 'convertedDate'],
    [['Associated Deal IDs (Primary)', 'Associated Deal ID'], 'convertedOpportunityId'],
    [['Associated Company IDs (Primary)', 'Associated Company ID'], 'convertedAccountId'],
    [['Contact owner', 'Contact Owner'], 'ownerName'],
  ],
  known: [
    [['First Name', 'Last Name', 'Email', 'Phone Number', 'Job Title'], NOT_IMPORTED.contact],
    [['City', 'State/Region', 'Country/Region', 'Street Address'], NOT_IMPORTED.address],
    [
      ['Lead Status'],
      'the lifecycle stage is the lead’s status in salesops (map Lead Status in a mapping file to use it instead)',
    ],
    [['Became a Customer Date', 'Became a Lead Date', 'Became a Subscriber Date'], NOT_IMPORTED.notModelled],
    [['Associated Company', 'Associated Deal IDs', 'Associated Company IDs'], NOT_IMPORTED.notModelled],
    [
      ['Last Activity Date', 'Last Modified Date', 'Recent Sales Email Replied Date'],
      NOT_IMPORTED.bookkeeping,
    ],
  ],
  // Lifecycle stages past a sales-qualified lead.
  options: { values: { status: { evangelist: 'converted' } } },
};

export const HUBSPOT_PRESET: Preset = {
  name: 'hubspot',
  label: 'HubSpot',
  shapes: [deals, companies, owners, contacts],
};
