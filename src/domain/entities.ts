/**
 * The CRM entities salesops works on, each as a zod schema and its inferred type. These are the records
 * importers and the demo generator produce and the store accepts. References between records use the CRM's own
 * ids (text, never numbers); the store maps them to its internal keys.
 *
 * Money fields are integer minor units: opportunity amounts in the opportunity's `currency`, every other money
 * field (account revenue and potential, quotas, costs) in the workspace's corporate currency.
 * @module
 */
import { z } from 'zod';
import { parseIsoDate, type IsoDate } from './dates.js';
import type { MinorUnits } from './money.js';
import {
  ACTIVITY_TYPES,
  COST_CATEGORIES,
  FORECAST_CATEGORIES,
  LEAD_STATUSES,
  OPPORTUNITY_TYPES,
  REP_ROLES,
} from './vocabularies.js';

export * from './vocabularies.js';

export const isoDateSchema = z
  .string()
  .refine((value) => parseIsoDate(value) !== null, { message: 'must be a date YYYY-MM-DD' })
  .transform((value) => value as IsoDate);

export const minorUnitsSchema = z
  .number()
  .refine(Number.isSafeInteger, { message: 'must be a whole number of minor units (cents)' })
  .transform((value) => value as MinorUnits);

export const currencySchema = z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as USD');

/** A CRM id: non-empty text, kept as written (a Salesforce id is case-sensitive). */
export const crmIdSchema = z.string().min(1, 'must not be empty');

const label = z.string().min(1).nullable();

export const repSchema = z.object({
  id: crmIdSchema,
  name: z.string().min(1),
  email: z.string().nullable(),
  role: z.enum(REP_ROLES),
  managerId: crmIdSchema.nullable(),
  team: label,
  segment: label,
  region: label,
  hireDate: isoDateSchema.nullable(),
  /** Last day employed, for reps who left. */
  endDate: isoDateSchema.nullable(),
});
export type Rep = z.infer<typeof repSchema>;

export const accountSchema = z.object({
  id: crmIdSchema,
  name: z.string().min(1),
  industry: label,
  employees: z.number().int().nonnegative().nullable(),
  annualRevenue: minorUnitsSchema.nullable(),
  region: label,
  country: label,
  segment: label,
  tier: label,
  /** Estimated total potential ARR of the account. */
  potential: minorUnitsSchema.nullable(),
  ownerId: crmIdSchema.nullable(),
  territoryId: crmIdSchema.nullable(),
  parentId: crmIdSchema.nullable(),
  createdDate: isoDateSchema.nullable(),
});
export type Account = z.infer<typeof accountSchema>;

/** BANT qualification: each element confirmed (true), disproven (false) or not yet assessed (null). */
export const qualificationSchema = z.object({
  budget: z.boolean().nullable(),
  authority: z.boolean().nullable(),
  need: z.boolean().nullable(),
  timeline: z.boolean().nullable(),
});
export type Qualification = z.infer<typeof qualificationSchema>;

/** The fields of an opportunity whose every change is kept as history. */
export const trackedStateSchema = z.object({
  /** A stage name of the workspace's stage model. */
  stage: z.string().min(1),
  amount: minorUnitsSchema,
  closeDate: isoDateSchema,
  forecastCategory: z.enum(FORECAST_CATEGORIES),
  ownerId: crmIdSchema,
});
export type TrackedState = z.infer<typeof trackedStateSchema>;

export const opportunitySchema = trackedStateSchema.extend({
  id: crmIdSchema,
  name: z.string().min(1),
  accountId: crmIdSchema.nullable(),
  currency: currencySchema,
  type: z.enum(OPPORTUNITY_TYPES).nullable(),
  source: label,
  createdDate: isoDateSchema,
  /** Price before discount, in the opportunity currency; discount = 1 - amount / listAmount. */
  listAmount: minorUnitsSchema.nullable(),
  competitor: label,
  lossReason: label,
  nextStep: z.string().nullable(),
  qualification: qualificationSchema,
  /**
   * The product or product family sold, as the CRM exports it (Salesforce's Product Name or Product Family,
   * HubSpot's and Pipedrive's Product). Optional: absent is the same as null (no product).
   */
  product: label.optional(),
});
export type Opportunity = z.infer<typeof opportunitySchema>;

/**
 * One dated change of an opportunity: the full tracked state that took effect on `date`. Several changes on one
 * day are kept in order (`sequence`). The state as of day d is the last change dated on or before d.
 */
export const opportunityChangeSchema = trackedStateSchema.extend({
  opportunityId: crmIdSchema,
  date: isoDateSchema,
  sequence: z.number().int().nonnegative(),
});
export type OpportunityChange = z.infer<typeof opportunityChangeSchema>;

export const activitySchema = z.object({
  id: crmIdSchema,
  type: z.enum(ACTIVITY_TYPES),
  date: isoDateSchema,
  repId: crmIdSchema,
  opportunityId: crmIdSchema.nullable(),
  accountId: crmIdSchema.nullable(),
  leadId: crmIdSchema.nullable(),
});
export type Activity = z.infer<typeof activitySchema>;

export const leadSchema = z.object({
  id: crmIdSchema,
  createdDate: isoDateSchema,
  source: label,
  status: z.enum(LEAD_STATUSES),
  mqlDate: isoDateSchema.nullable(),
  sqlDate: isoDateSchema.nullable(),
  convertedDate: isoDateSchema.nullable(),
  convertedOpportunityId: crmIdSchema.nullable(),
  convertedAccountId: crmIdSchema.nullable(),
  ownerId: crmIdSchema.nullable(),
  segment: label,
  region: label,
});
export type Lead = z.infer<typeof leadSchema>;

/** A fiscal period name: `FY2027`, `FY2027-Q1` or `FY2027-M01`. */
export const periodSchema = z
  .string()
  .regex(
    /^FY\d{4}(-Q[1-4]|-M(0[1-9]|1[0-2]))?$/,
    'must be a fiscal period such as FY2027, FY2027-Q1 or FY2027-M01',
  );

/** A quota for one rep, or for a team (by team name), in one fiscal period. */
export const quotaSchema = z.object({
  ownerKind: z.enum(['rep', 'team']),
  /** Rep CRM id, or team name. */
  ownerId: crmIdSchema,
  period: periodSchema,
  amount: minorUnitsSchema,
});
export type Quota = z.infer<typeof quotaSchema>;

export const costSchema = z.object({
  period: periodSchema,
  category: z.enum(COST_CATEGORIES),
  amount: minorUnitsSchema,
});
export type Cost = z.infer<typeof costSchema>;

export const territorySchema = z.object({
  id: crmIdSchema,
  name: z.string().min(1),
  ownerId: crmIdSchema.nullable(),
  parentId: crmIdSchema.nullable(),
  segment: label,
  region: label,
});
export type Territory = z.infer<typeof territorySchema>;

/** Everything one import (or one demo generation) writes, in one transaction. Each list may be empty. */
export interface EntityBatch {
  reps: Rep[];
  accounts: Account[];
  territories: Territory[];
  opportunities: Opportunity[];
  /** History. Where an import has none, the store derives changes by diffing against the stored state. */
  opportunityChanges: OpportunityChange[];
  activities: Activity[];
  leads: Lead[];
  quotas: Quota[];
  costs: Cost[];
}

export function emptyBatch(): EntityBatch {
  return {
    reps: [],
    accounts: [],
    territories: [],
    opportunities: [],
    opportunityChanges: [],
    activities: [],
    leads: [],
    quotas: [],
    costs: [],
  };
}
