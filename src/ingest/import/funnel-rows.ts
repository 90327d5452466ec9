/**
 * Row collectors of the records around the pipeline: quotas and costs (what it is measured against) and
 * activities and leads (what feeds it). Like the collectors of ./collectors.ts, each checks what needs the whole
 * row and notes what only the whole import can settle (reps given by name, references to opportunities, leads
 * and accounts), which assembly does.
 * @module
 */
import type { IsoDate } from '../../domain/dates.js';
import type { Activity, ActivityType, Cost, Lead, LeadStatus, Quota } from '../../domain/entities.js';
import type { CurrencyCode } from '../../domain/money.js';
import type { Money } from '../values/index.js';
import { Collected, corporateAmount, need } from './collectors.js';
import type { RowReport, RowValues } from './read-rows.js';
import type { CostCategory } from './vocabulary.js';

interface QuotaValues {
  ownerId: string | null;
  ownerName: string | null;
  team: string | null;
  period: string | null;
  amount: Money | null;
}

/** Quotas of reps (by id or name) or of teams, one per owner and fiscal period, in the corporate currency. */
export class QuotaRows extends Collected<Quota> {
  readonly keyField = 'period';
  /** Quotas whose rep is given by name: settled with the whole import. */
  readonly ownerNames = new Map<number, string>();

  constructor(private readonly corporateCurrency: CurrencyCode) {
    super();
  }

  protected override keyOf(values: RowValues): string | null {
    const v = values as unknown as QuotaValues;
    const owner = v.ownerId ?? (v.ownerName === null ? null : `name:${v.ownerName}`);
    const key = owner === null ? (v.team === null ? null : `team:${v.team}`) : `rep:${owner}`;
    return key === null || v.period === null ? null : `${key}\u0000${v.period}`;
  }

  add(values: RowValues, row: RowReport): void {
    const v = values as unknown as QuotaValues;
    if (v.ownerId === null && v.ownerName === null && v.team === null) {
      row.fail(
        ['ownerId', 'ownerName', 'team'],
        'the quota names no rep and no team',
        'give the rep (id or name) or the team of each quota',
      );
    }
    const period = need(v.period, 'period', 'the period', row);
    const money = need(v.amount, 'amount', 'the quota', row);
    const amount = money === undefined ? null : corporateAmount(money, 'amount', this.corporateCurrency, row);
    if (amount !== null && amount < 0) {
      row.fail('amount', 'the quota is below zero', 'give the quota as a positive amount');
    }
    if (row.rejected || period === undefined || amount === null) return;
    const rep = v.ownerId ?? v.ownerName;
    const record: Quota =
      rep === null
        ? { ownerKind: 'team', ownerId: v.team ?? '', period, amount }
        : { ownerKind: 'rep', ownerId: v.ownerId ?? '', period, amount };
    const index = this.push(record, this.keyOf(values), row.line);
    if (index !== null && v.ownerId === null && v.ownerName !== null) this.ownerNames.set(index, v.ownerName);
  }
}

interface CostValues {
  period: string | null;
  category: CostCategory | null;
  amount: Money | null;
}

/** Sales and marketing spend per fiscal period, in the corporate currency. */
export class CostRows extends Collected<Cost> {
  readonly keyField = 'period';

  constructor(private readonly corporateCurrency: CurrencyCode) {
    super();
  }

  protected override keyOf(values: RowValues): string | null {
    const v = values as unknown as CostValues;
    return v.period === null || v.category === null ? null : `${v.period}\u0000${v.category}`;
  }

  add(values: RowValues, row: RowReport): void {
    const v = values as unknown as CostValues;
    const period = need(v.period, 'period', 'the period', row);
    const category = need(v.category, 'category', 'the category', row);
    const money = need(v.amount, 'amount', 'the amount', row);
    const amount = money === undefined ? null : corporateAmount(money, 'amount', this.corporateCurrency, row);
    if (row.rejected || period === undefined || category === undefined || amount === null) return;
    this.push({ period, category, amount }, this.keyOf(values), row.line);
  }
}

interface ActivityValues {
  id: string | null;
  type: ActivityType | null;
  date: IsoDate | null;
  createdDate: IsoDate | null;
  repId: string | null;
  repName: string | null;
  opportunityId: string | null;
  accountId: string | null;
  leadId: string | null;
  relatedId: string | null;
  personId: string | null;
}

/** What a Salesforce id points at, by its key prefix (the first three characters name the object). */
const SALESFORCE_PREFIXES: Readonly<Record<string, 'opportunityId' | 'accountId' | 'leadId'>> = {
  '006': 'opportunityId',
  '001': 'accountId',
  '00Q': 'leadId',
};

export class ActivityRows extends Collected<Activity> {
  readonly keyField = 'id';
  /** Activities whose rep is given by name: settled with the whole import. */
  readonly repNames = new Map<number, string>();

  add(values: RowValues, row: RowReport): void {
    const v = values as unknown as ActivityValues;
    const id = need(v.id, 'id', 'the id', row);
    const type = need(v.type, 'type', 'the activity type', row);
    const date = need(v.date ?? v.createdDate, ['date', 'createdDate'], 'the date', row);
    if (v.repId === null && v.repName === null) {
      row.fail(['repId', 'repName'], 'the rep is empty', 'fill in the owner of the activity');
    }
    if (row.rejected || id === undefined || type === undefined || date === undefined) return;
    // A polymorphic Salesforce reference (WhatId, WhoId) fills the field its prefix names, unless a column does.
    const linked = { opportunityId: v.opportunityId, accountId: v.accountId, leadId: v.leadId };
    for (const reference of [v.relatedId, v.personId]) {
      const field = reference === null ? undefined : SALESFORCE_PREFIXES[reference.slice(0, 3)];
      if (field !== undefined) linked[field] ??= reference;
    }
    const record: Activity = { id, type, date, repId: v.repId ?? '', ...linked };
    const index = this.push(record, id, row.line);
    if (index !== null && v.repId === null && v.repName !== null) this.repNames.set(index, v.repName);
  }
}

interface LeadValues {
  id: string | null;
  createdDate: IsoDate | null;
  source: string | null;
  status: LeadStatus | null;
  isConverted: boolean | null;
  mqlDate: IsoDate | null;
  sqlDate: IsoDate | null;
  convertedDate: IsoDate | null;
  convertedOpportunityId: string | null;
  convertedAccountId: string | null;
  ownerId: string | null;
  ownerName: string | null;
  segment: string | null;
  region: string | null;
}

/** How far along the funnel each open status is. */
const FUNNEL_RANK: Readonly<Record<Exclude<LeadStatus, 'disqualified'>, number>> = {
  new: 0,
  mql: 1,
  sql: 2,
  converted: 3,
};

/**
 * A lead's status: the furthest stage its status, dates and flags show. A converted flag or date wins over a
 * status that says less (Salesforce keeps working statuses apart from the funnel, and a converted lead's status
 * is its last one), and an MQL or SQL date over `new`; a disqualified lead that was never converted stays so.
 */
function statusOf(v: LeadValues): LeadStatus {
  if (v.isConverted === true || v.convertedDate !== null || v.convertedOpportunityId !== null)
    return 'converted';
  if (v.status === 'disqualified') return v.status;
  const byDates = v.sqlDate !== null ? 'sql' : v.mqlDate !== null ? 'mql' : 'new';
  return v.status !== null && FUNNEL_RANK[v.status] > FUNNEL_RANK[byDates] ? v.status : byDates;
}

export class LeadRows extends Collected<Lead> {
  readonly keyField = 'id';
  /** Leads whose owner is given by name: settled with the whole import. */
  readonly ownerNames = new Map<number, string>();

  add(values: RowValues, row: RowReport): void {
    const v = values as unknown as LeadValues;
    const id = need(v.id, 'id', 'the id', row);
    const createdDate = need(v.createdDate, 'createdDate', 'the created date', row);
    const dated: [string, IsoDate | null][] = [
      ['mqlDate', v.mqlDate],
      ['sqlDate', v.sqlDate],
      ['convertedDate', v.convertedDate],
    ];
    for (const [field, date] of dated) {
      if (date !== null && createdDate !== undefined && date < createdDate) {
        row.fail(
          field,
          `${field} ${date} is before the lead was created (${createdDate})`,
          'correct one of the dates',
        );
      }
    }
    if (row.rejected || id === undefined || createdDate === undefined) return;
    const record: Lead = {
      id,
      createdDate,
      source: v.source,
      status: statusOf(v),
      mqlDate: v.mqlDate,
      sqlDate: v.sqlDate,
      convertedDate: v.convertedDate,
      convertedOpportunityId: v.convertedOpportunityId,
      convertedAccountId: v.convertedAccountId,
      ownerId: v.ownerId,
      segment: v.segment,
      region: v.region,
    };
    const index = this.push(record, id, row.line);
    if (index !== null && v.ownerId === null && v.ownerName !== null) this.ownerNames.set(index, v.ownerName);
  }
}
