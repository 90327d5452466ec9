import { describe, expect, it } from 'vitest';
import { overlayMapping } from '../model/file-mapping.js';
import { guessEntity, mappingForHeaders, matchHeaders } from './index.js';

const recognised = (headers: string[], source?: 'salesforce' | 'hubspot' | 'pipedrive' | 'csv') => {
  const mapping = mappingForHeaders(headers, source);
  return mapping ? [mapping.description, mapping.entity] : null;
};

describe('CRM presets', () => {
  it('recognise each Salesforce export by its headers', () => {
    expect(recognised(['Id', 'Name', 'StageName', 'CloseDate', 'Amount', 'OwnerId', 'CreatedDate'])).toEqual([
      'Salesforce (Data Loader export of Opportunity)',
      'opportunities',
    ]);
    expect(recognised(['Id', 'OpportunityId', 'CreatedDate', 'StageName', 'Amount', 'CloseDate'])).toEqual([
      'Salesforce (Data Loader export of OpportunityHistory)',
      'opportunityHistory',
    ]);
    expect(recognised(['Id', 'OpportunityId', 'CreatedDate', 'Field', 'OldValue', 'NewValue'])).toEqual([
      'Salesforce (Data Loader export of OpportunityFieldHistory)',
      'opportunityFieldHistory',
    ]);
    expect(recognised(['Id', 'Name', 'Industry', 'OwnerId'])).toEqual([
      'Salesforce (Data Loader export of Account)',
      'accounts',
    ]);
    expect(recognised(['Id', 'Username', 'Name', 'ManagerId'])).toEqual([
      'Salesforce (Data Loader export of User)',
      'reps',
    ]);
    expect(recognised(['Id', 'Name', 'ParentRoleId'])).toEqual([
      'Salesforce (Data Loader export of UserRole)',
      'roles',
    ]);
    expect(recognised(['Id', 'IsoCode', 'ConversionRate', 'IsCorporate'])).toEqual([
      'Salesforce (Data Loader export of CurrencyType)',
      'currencies',
    ]);
    expect(recognised(['IsoCode', 'ConversionRate', 'StartDate', 'NextStartDate'])).toEqual([
      'Salesforce (Data Loader export of DatedConversionRate)',
      'currencies',
    ]);
    expect(recognised(['Type', 'StartDate', 'EndDate', 'Number'])).toEqual([
      'Salesforce (Data Loader export of Period)',
      'periods',
    ]);
    expect(
      recognised([
        'Opportunity Owner',
        'Opportunity Name',
        'Stage',
        'Amount',
        'Close Date',
        'Opportunity ID',
      ]),
    ).toEqual(['Salesforce (report export of opportunities)', 'opportunities']);
  });

  it('recognise HubSpot and Pipedrive exports, and map a header once however its candidates are spelled', () => {
    expect(recognised(['Record ID', 'Deal Name', 'Deal Stage', 'Deal owner'])).toEqual([
      'HubSpot (deals export)',
      'opportunities',
    ]);
    expect(recognised(['Record ID', 'Company name', 'Industry'])).toEqual([
      'HubSpot (companies export)',
      'accounts',
    ]);
    expect(recognised(['Deal - ID', 'Deal - Title', 'Deal - Status'])).toEqual([
      'Pipedrive (deals export)',
      'opportunities',
    ]);
    expect(recognised(['Organization - ID', 'Organization - Name'])).toEqual([
      'Pipedrive (organizations export)',
      'accounts',
    ]);
    const deals = mappingForHeaders(['Deal Name', 'Deal Stage', 'Deal owner'], 'hubspot');
    expect(deals?.columns.filter((rule) => rule.field === 'ownerName')).toEqual([
      { header: 'Deal owner', field: 'ownerName' },
    ]);
    expect(deals?.known).toEqual([]);
  });

  it('list the columns they know and leave out, with why', () => {
    const mapping = mappingForHeaders(
      ['Id', 'StageName', 'CloseDate', 'Probability', 'SystemModstamp'],
      'salesforce',
    );
    expect(mapping?.known.map((entry) => entry.header)).toEqual(['Probability', 'SystemModstamp']);
    expect(mapping?.machineFormats).toBe(true);
    expect(mapping?.salesforceIds).toBe(true);
  });

  it('without a source, prefer a preset that fills every required field, else the plain match by name', () => {
    // A Salesforce export that lacks required columns is still recognised as one, so that they are reported.
    expect(recognised(['Id', 'Name', 'StageName', 'CloseDate'])).toEqual([
      'Salesforce (Data Loader export of Opportunity)',
      'opportunities',
    ]);
    const plain = [
      'Opportunity ID',
      'Opportunity Name',
      'Account',
      'Owner',
      'Stage',
      'Amount',
      'Close Date',
      'Created Date',
    ];
    expect(recognised(plain)).toEqual(['plain opportunities file, columns matched by name', 'opportunities']);
    expect(recognised(['Foo', 'Bar'])).toBeNull();
    expect(recognised(plain, 'hubspot')).toBeNull();
  });

  it('guess the entity of plain headers by synonyms, compared without case or punctuation', () => {
    const guess = guessEntity(['sales_agent', 'manager', 'regional_office']);
    expect(guess.entity).toBe('reps');
    expect([...guess.matches]).toEqual([
      ['sales_agent', 'name'],
      ['manager', 'managerName'],
      ['regional_office', 'region'],
    ]);
    expect(guess.complete).toBe(true);
  });

  it('match the ways exports name the created date', () => {
    for (const header of [
      'Created',
      'Created Date',
      'Date Created',
      'created_at',
      'Creation Date',
      'Created On',
    ])
      expect(matchHeaders('leads', ['Lead ID', header]).get(header)).toBe('createdDate');
  });

  it("lay a mapping file's entry over a preset's mapping", () => {
    const base = mappingForHeaders(
      ['Id', 'StageName', 'CloseDate', 'Probability', 'Stage_Reason__c'],
      'salesforce',
    )!;
    const merged = overlayMapping(base, {
      columns: [
        { header: 'Stage_Reason__c', field: 'lossReason' },
        { header: 'probability', field: null },
      ],
      values: { stage: { 'closed - signed': 'Closed Won' } },
      dateOrder: undefined,
    });
    expect(merged.columns.map((rule) => [rule.header, rule.field])).toEqual([
      ['Id', 'id'],
      ['StageName', 'stage'],
      ['CloseDate', 'closeDate'],
      ['Stage_Reason__c', 'lossReason'],
      ['probability', null],
    ]);
    expect(merged.known).toEqual([]);
    expect(merged.machineFormats).toBe(true);
    expect(merged.values).toEqual({ stage: { 'closed - signed': 'Closed Won' } });
  });
});
