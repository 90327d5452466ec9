import { describe, expect, it } from 'vitest';
import {
  parseActivityType,
  parseCostCategory,
  parseDealStatus,
  parseFiscalPeriod,
  parseForecastCategory,
  parseLeadStatus,
  parseOpportunityType,
  parseRepRole,
  roleFromTitle,
  wordKey,
} from './vocabulary.js';

const value = <T>(result: { ok: boolean; value?: T }) => (result.ok ? result.value : 'problem');

describe('CRM vocabulary', () => {
  it('compares words without case, spaces or punctuation', () => {
    expect(wordKey(' Best-Case ')).toBe('bestcase');
    expect(wordKey('Existing Customer - Upgrade')).toBe('existingcustomerupgrade');
    expect(wordKey('Zoë')).toBe('zoë');
  });

  it("reads forecast categories as Salesforce's API and display names and HubSpot write them", () => {
    expect(
      [
        'Pipeline',
        'BestCase',
        'Best Case',
        'Forecast',
        'Commit',
        'Closed',
        'Omitted',
        'Not forecasted',
        'Closed won',
      ].map((word) => value(parseForecastCategory(word))),
    ).toEqual([
      'pipeline',
      'best_case',
      'best_case',
      'commit',
      'commit',
      'closed',
      'omitted',
      'omitted',
      'closed',
    ]);
  });

  it('reads opportunity types and statuses, and refuses a word it does not know with the value map as the fix', () => {
    expect(
      ['New Business', 'Existing Customer - Upgrade', 'Existing Customer - Renewal'].map((word) =>
        value(parseOpportunityType(word)),
      ),
    ).toEqual(['new', 'expansion', 'renewal']);
    expect(['open', 'Won', 'LOST'].map((word) => value(parseDealStatus(word)))).toEqual([
      'open',
      'won',
      'lost',
    ]);
    const unknown = parseOpportunityType('Existing Business');
    expect(unknown.ok).toBe(false);
    if (!unknown.ok) {
      expect(unknown.problem.message).toBe('"Existing Business" is not an opportunity type salesops knows');
      expect(unknown.problem.fix).toContain('values: type: "Existing Business": <one of them>');
    }
  });

  it('reads a role from role names and titles, the most specific words first', () => {
    expect(
      [
        'VP of Sales',
        'Account Manager',
        'Account Executive West',
        'Sales Development Rep',
        'Inside Sales',
        'Solutions Engineer',
        'Regional Sales Director',
        'Sales Agent',
        'Office Admin',
      ].map(roleFromTitle),
    ).toEqual(['vp', 'am', 'ae', 'sdr', 'isr', 'se', 'manager', 'ae', 'other']);
    expect(value(parseRepRole('AE'))).toBe('ae');
    expect(value(parseRepRole('Team Lead'))).toBe('manager');
    expect(parseRepRole('Janitor').ok).toBe(false);
  });

  it('reads fiscal periods written with or without case, spaces and dashes, quarter first or last', () => {
    const read = (text: string) => value(parseFiscalPeriod(text));
    expect(
      [
        'FY2027',
        'fy 2027',
        'FY2027-Q1',
        'fy2027 q1',
        'Q1 FY2027',
        'q1-fy2027',
        'FY2027-M1',
        'FY2027/M12',
      ].map(read),
    ).toEqual([
      'FY2027',
      'FY2027',
      'FY2027-Q1',
      'FY2027-Q1',
      'FY2027-Q1',
      'FY2027-Q1',
      'FY2027-M01',
      'FY2027-M12',
    ]);
    // A calendar quarter or a date is not a fiscal period: which one it is depends on the fiscal year.
    expect(['2027-Q1', 'Q5 FY2027', 'FY2027-M13', '2026-03-31', 'FY27'].map(read)).toEqual(
      Array(5).fill('problem'),
    );
  });

  it("reads activity types, lead statuses (Salesforce's defaults, HubSpot's lifecycle stages) and cost categories", () => {
    expect(
      ['Call', 'ListEmail', 'Event', 'To-do', 'Demo'].map((text) => value(parseActivityType(text))),
    ).toEqual(['call', 'email', 'meeting', 'task', 'demo']);
    expect(
      [
        'Open - Not Contacted',
        'Marketing Qualified Lead',
        'SQL',
        'Closed - Converted',
        'Closed - Not Converted',
        'Other',
      ].map((text) => value(parseLeadStatus(text))),
    ).toEqual(['new', 'mql', 'sql', 'converted', 'disqualified', 'problem']);
    expect(['Sales', 'Marketing spend', 'R&D'].map((text) => value(parseCostCategory(text)))).toEqual([
      'sales',
      'marketing',
      'problem',
    ]);
  });
});
