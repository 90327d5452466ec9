/**
 * From domain records to store rows: which CRM ids each record carries and refers to, and the compact row of each
 * record (surrogate ids, label codes, day numbers, minor units).
 * @module
 */
import type {
  Account,
  Activity,
  Cost,
  EntityBatch,
  Lead,
  Opportunity,
  OpportunityChange,
  Quota,
  Rep,
  Territory,
  TrackedState,
} from '../domain/entities.js';
import { InputError } from '../domain/errors.js';
import {
  dayNumberValue,
  flagValue,
  isDayNumber,
  MAX_INT32,
  minorUnitsValue,
  optionalMinorUnits,
  problemAt,
  type DayEncoder,
  type Place,
} from './encode.js';
import type { ChangeColumns, HistoryColumns } from './history.js';
import type { LabelDictionary } from './label-dictionary.js';
import type {
  AccountsTable,
  ActivitiesTable,
  CostsTable,
  IdTable,
  LeadsTable,
  OpportunitiesTable,
  QuotasTable,
  RepsTable,
  TerritoriesTable,
} from './schema.js';

/** The batch list whose records carry the CRM ids of each id table. */
export const ID_LISTS = {
  reps: 'reps',
  accounts: 'accounts',
  territories: 'territories',
  opportunities: 'opportunities',
  activities: 'activities',
  leads: 'leads',
} as const satisfies Record<IdTable, keyof EntityBatch>;

/** A field of a record that holds the CRM id of a record of another (or the same) table. */
interface Reference<Entity> {
  readonly field: string;
  readonly table: IdTable;
  readonly of: (entity: Entity) => string | null;
}

type References = { readonly [List in keyof EntityBatch]: readonly Reference<EntityBatch[List][number]>[] };

const REFERENCES: References = {
  reps: [{ field: 'managerId', table: 'reps', of: (rep) => rep.managerId }],
  accounts: [
    { field: 'ownerId', table: 'reps', of: (account) => account.ownerId },
    { field: 'territoryId', table: 'territories', of: (account) => account.territoryId },
    { field: 'parentId', table: 'accounts', of: (account) => account.parentId },
  ],
  territories: [
    { field: 'ownerId', table: 'reps', of: (territory) => territory.ownerId },
    { field: 'parentId', table: 'territories', of: (territory) => territory.parentId },
  ],
  opportunities: [
    { field: 'accountId', table: 'accounts', of: (opportunity) => opportunity.accountId },
    { field: 'ownerId', table: 'reps', of: (opportunity) => opportunity.ownerId },
  ],
  opportunityChanges: [
    { field: 'opportunityId', table: 'opportunities', of: (change) => change.opportunityId },
    { field: 'ownerId', table: 'reps', of: (change) => change.ownerId },
  ],
  activities: [
    { field: 'repId', table: 'reps', of: (activity) => activity.repId },
    { field: 'opportunityId', table: 'opportunities', of: (activity) => activity.opportunityId },
    { field: 'accountId', table: 'accounts', of: (activity) => activity.accountId },
    { field: 'leadId', table: 'leads', of: (activity) => activity.leadId },
  ],
  leads: [
    { field: 'convertedOpportunityId', table: 'opportunities', of: (lead) => lead.convertedOpportunityId },
    { field: 'convertedAccountId', table: 'accounts', of: (lead) => lead.convertedAccountId },
    { field: 'ownerId', table: 'reps', of: (lead) => lead.ownerId },
  ],
  quotas: [
    { field: 'ownerId', table: 'reps', of: (quota) => (quota.ownerKind === 'rep' ? quota.ownerId : null) },
  ],
  costs: [],
};

/** Calls `visit` for every CRM id a batch refers to in `table`, with the list, position and field it is in. */
export function forEachReference(
  batch: EntityBatch,
  table: IdTable,
  visit: (crmId: string, list: keyof EntityBatch, index: number, field: string) => void,
): void {
  for (const list of Object.keys(REFERENCES) as (keyof EntityBatch)[]) {
    const references = (REFERENCES[list] as readonly Reference<unknown>[]).filter(
      (reference) => reference.table === table,
    );
    if (references.length === 0) continue;
    const records = batch[list] as readonly unknown[];
    for (let index = 0; index < records.length; index++) {
      for (const reference of references) {
        const crmId = reference.of(records[index]);
        if (crmId !== null) visit(crmId, list, index, reference.field);
      }
    }
  }
}

function isSequence(value: number): boolean {
  return Number.isInteger(value) && value >= 0 && value <= MAX_INT32;
}

function sequenceValue(value: number, place: Place): number {
  if (isSequence(value)) return value;
  throw new InputError(
    problemAt(place, 'sequence', `${value} is not a sequence number`, 'number changes 0, 1, 2, ...'),
  );
}

/** Where a record is, for messages (its CRM id when it has one). */
export function placeOf(list: keyof EntityBatch, record: unknown, index: number): Place {
  const id = (record as { id?: unknown } | undefined)?.id;
  return typeof id === 'string' ? { list, index, id } : { list, index };
}

/**
 * Everything a row needs besides its record: surrogate ids, label codes, day numbers. Rows are objects with
 * their properties in the table's column order (entity-rows.test.ts checks it), so `Object.values` is the row.
 */
export class RowEncoder {
  /** The last id looked up per table: consecutive records often refer to the same one (history by deal). */
  private readonly lastLookup: Record<IdTable, { crmId: string | null; id: number }> = {
    reps: { crmId: null, id: 0 },
    accounts: { crmId: null, id: 0 },
    territories: { crmId: null, id: 0 },
    opportunities: { crmId: null, id: 0 },
    activities: { crmId: null, id: 0 },
    leads: { crmId: null, id: 0 },
  };

  constructor(
    private readonly ids: Readonly<Record<IdTable, ReadonlyMap<string, number>>>,
    readonly labels: LabelDictionary,
    readonly days: DayEncoder,
  ) {}

  /** The surrogate id of a CRM id the writer has already resolved (references were checked before). */
  id(table: IdTable, crmId: string): number {
    const last = this.lastLookup[table];
    if (last.crmId === crmId) return last.id;
    const id = this.ids[table].get(crmId);
    if (id === undefined) throw new Error(`internal: ${table} ${JSON.stringify(crmId)} was not resolved`);
    last.crmId = crmId;
    last.id = id;
    return id;
  }

  ref(table: IdTable, crmId: string | null): number | null {
    return crmId === null ? null : this.id(table, crmId);
  }

  /** Appends an opportunity's tracked state, dated, to `into`. */
  pushState(
    into: HistoryColumns,
    opportunityId: number,
    day: number,
    sequence: number,
    state: TrackedState,
    place: Place,
  ): void {
    into.push(
      opportunityId,
      day,
      sequence,
      this.labels.code('stage', state.stage),
      minorUnitsValue(state.amount, place, 'amount'),
      this.days.day(state.closeDate, place, 'closeDate'),
      this.labels.code('forecast_category', state.forecastCategory),
      this.id('reps', state.ownerId),
    );
  }

  /** Appends a given history change to `into`. */
  pushChange(into: HistoryColumns, change: OpportunityChange, index: number): void {
    const place: Place = { list: 'opportunityChanges', index, id: change.opportunityId };
    const sequence = sequenceValue(change.sequence, place);
    const opportunityId = this.id('opportunities', change.opportunityId);
    this.pushState(into, opportunityId, this.days.day(change.date, place, 'date'), sequence, change, place);
  }

  /** Appends change `at` of `columns`, the batch's change `index`, to `into`: no object per change. */
  pushColumnChange(into: HistoryColumns, columns: ChangeColumns, at: number, index: number): void {
    const [day, sequence, amount, closeDay] = [
      columns.day(at),
      columns.sequence(at),
      columns.amount(at),
      columns.closeDay(at),
    ];
    if (!(
      isDayNumber(day) &&
      isSequence(sequence) &&
      Number.isSafeInteger(amount) &&
      isDayNumber(closeDay)
    )) {
      const place: Place = { list: 'opportunityChanges', index, id: columns.opportunityId(at) };
      sequenceValue(sequence, place);
      dayNumberValue(day, place, 'date');
      minorUnitsValue(amount, place, 'amount');
      dayNumberValue(closeDay, place, 'closeDate');
    }
    into.push(
      this.id('opportunities', columns.opportunityId(at)),
      day,
      sequence,
      this.labels.code('stage', columns.stage(at)),
      amount,
      closeDay,
      this.labels.code('forecast_category', columns.forecastCategory(at)),
      this.id('reps', columns.ownerId(at)),
    );
  }

  rep(rep: Rep, place: Place): RepsTable {
    const { labels, days } = this;
    return {
      id: this.id('reps', rep.id),
      crm_id: rep.id,
      name: rep.name,
      email: rep.email,
      role_code: labels.code('role', rep.role),
      manager_id: this.ref('reps', rep.managerId),
      team_code: labels.optionalCode('team', rep.team),
      segment_code: labels.optionalCode('segment', rep.segment),
      region_code: labels.optionalCode('region', rep.region),
      hire_day: days.optionalDay(rep.hireDate, place, 'hireDate'),
      end_day: days.optionalDay(rep.endDate, place, 'endDate'),
    };
  }

  account(account: Account, place: Place): AccountsTable {
    const { labels } = this;
    return {
      id: this.id('accounts', account.id),
      crm_id: account.id,
      name: account.name,
      industry_code: labels.optionalCode('industry', account.industry),
      employees: account.employees,
      annual_revenue: optionalMinorUnits(account.annualRevenue, place, 'annualRevenue'),
      region_code: labels.optionalCode('region', account.region),
      country_code: labels.optionalCode('country', account.country),
      segment_code: labels.optionalCode('segment', account.segment),
      tier_code: labels.optionalCode('tier', account.tier),
      potential: optionalMinorUnits(account.potential, place, 'potential'),
      owner_id: this.ref('reps', account.ownerId),
      territory_id: this.ref('territories', account.territoryId),
      parent_id: this.ref('accounts', account.parentId),
      created_day: this.days.optionalDay(account.createdDate, place, 'createdDate'),
    };
  }

  territory(territory: Territory): TerritoriesTable {
    return {
      id: this.id('territories', territory.id),
      crm_id: territory.id,
      name: territory.name,
      owner_id: this.ref('reps', territory.ownerId),
      parent_id: this.ref('territories', territory.parentId),
      segment_code: this.labels.optionalCode('segment', territory.segment),
      region_code: this.labels.optionalCode('region', territory.region),
    };
  }

  /**
   * The opportunity row, with its id and current state (the latest change of its history) at row `at` of
   * `current`.
   */
  opportunity(
    opportunity: Opportunity,
    place: Place,
    current: HistoryColumns,
    at: number,
  ): OpportunitiesTable {
    const { labels, days } = this;
    const { qualification } = opportunity;
    return {
      id: current.opportunityIds[at]!,
      crm_id: opportunity.id,
      name: opportunity.name,
      account_id: this.ref('accounts', opportunity.accountId),
      currency_code: labels.code('currency', opportunity.currency),
      type_code: labels.optionalCode('opportunity_type', opportunity.type),
      source_code: labels.optionalCode('source', opportunity.source),
      created_day: days.day(opportunity.createdDate, place, 'createdDate'),
      list_amount: optionalMinorUnits(opportunity.listAmount, place, 'listAmount'),
      competitor_code: labels.optionalCode('competitor', opportunity.competitor),
      loss_reason_code: labels.optionalCode('loss_reason', opportunity.lossReason),
      bant_budget: flagValue(qualification.budget),
      bant_authority: flagValue(qualification.authority),
      bant_need: flagValue(qualification.need),
      bant_timeline: flagValue(qualification.timeline),
      stage_code: current.stageCodes[at]!,
      amount: current.amounts[at]!,
      close_day: current.closeDays[at]!,
      category_code: current.categoryCodes[at]!,
      owner_id: current.ownerIds[at]!,
      next_step: opportunity.nextStep,
      state_from: current.days[at]!,
      state_sequence: current.sequences[at]!,
      product_code: labels.optionalCode('product', opportunity.product ?? null),
    };
  }

  activity(activity: Activity, place: Place): ActivitiesTable {
    return {
      id: this.id('activities', activity.id),
      crm_id: activity.id,
      type_code: this.labels.code('activity_type', activity.type),
      day: this.days.day(activity.date, place, 'date'),
      rep_id: this.id('reps', activity.repId),
      opportunity_id: this.ref('opportunities', activity.opportunityId),
      account_id: this.ref('accounts', activity.accountId),
      lead_id: this.ref('leads', activity.leadId),
    };
  }

  lead(lead: Lead, place: Place): LeadsTable {
    const { labels, days } = this;
    return {
      id: this.id('leads', lead.id),
      crm_id: lead.id,
      created_day: days.day(lead.createdDate, place, 'createdDate'),
      source_code: labels.optionalCode('source', lead.source),
      status_code: labels.code('lead_status', lead.status),
      mql_day: days.optionalDay(lead.mqlDate, place, 'mqlDate'),
      sql_day: days.optionalDay(lead.sqlDate, place, 'sqlDate'),
      converted_day: days.optionalDay(lead.convertedDate, place, 'convertedDate'),
      converted_opportunity_id: this.ref('opportunities', lead.convertedOpportunityId),
      converted_account_id: this.ref('accounts', lead.convertedAccountId),
      owner_id: this.ref('reps', lead.ownerId),
      segment_code: labels.optionalCode('segment', lead.segment),
      region_code: labels.optionalCode('region', lead.region),
    };
  }

  quota(quota: Quota, place: Place): QuotasTable {
    const repId = quota.ownerKind === 'rep' ? this.id('reps', quota.ownerId) : null;
    const teamCode = quota.ownerKind === 'team' ? this.labels.code('team', quota.ownerId) : null;
    return {
      owner_kind: quota.ownerKind,
      rep_id: repId,
      team_code: teamCode,
      period: quota.period,
      amount: minorUnitsValue(quota.amount, place, 'amount'),
      owner_ref: (repId ?? teamCode)!,
    };
  }

  cost(cost: Cost, place: Place): CostsTable {
    return {
      period: cost.period,
      category_code: this.labels.code('cost_category', cost.category),
      amount: minorUnitsValue(cost.amount, place, 'amount'),
    };
  }
}
