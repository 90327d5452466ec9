/**
 * A hand-made workspace for exact CLI checks: a salesops.yaml with a calendar fiscal year and one EUR rate, and
 * a few reps and deals written through the store, each deal with its dated changes.
 * @module
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { IsoDate } from '../../src/domain/dates.js';
import type {
  EntityBatch,
  ForecastCategory,
  Opportunity,
  OpportunityChange,
} from '../../src/domain/entities.js';
import type { MinorUnits } from '../../src/domain/money.js';
import { openWorkspace } from '../../src/workspace/workspace.js';

export const TINY_CONFIG = `company: Tiny
currency: USD
fx:
  - currency: EUR
    from: 2020-01-01
    rate: "0.8"
fiscalYear:
  startMonth: 1
`;

export interface TinyStep {
  readonly date: string;
  readonly stage: string;
  /** Minor units of the deal's currency. */
  readonly amount: number;
  readonly close: string;
  readonly owner: string;
  readonly category?: ForecastCategory;
}

export interface TinyWorkspaceDeal {
  readonly id: string;
  readonly steps: readonly TinyStep[];
  readonly currency?: string;
  readonly segment?: string;
  readonly competitor?: string;
  readonly lossReason?: string;
}

const DEFAULT_CATEGORY: Readonly<Record<string, ForecastCategory>> = {
  'Closed Won': 'closed',
  'Closed Lost': 'omitted',
};

/** Writes salesops.yaml and the reps and deals into an initialised workspace folder. */
export async function writeTinyWorkspace(
  folder: string,
  reps: readonly string[],
  deals: readonly TinyWorkspaceDeal[],
): Promise<void> {
  writeFileSync(join(folder, 'salesops.yaml'), TINY_CONFIG);
  const state = (step: TinyStep) => ({
    stage: step.stage,
    amount: step.amount as MinorUnits,
    closeDate: step.close as IsoDate,
    forecastCategory: step.category ?? DEFAULT_CATEGORY[step.stage] ?? 'pipeline',
    ownerId: step.owner,
  });
  const opportunities: Opportunity[] = deals.map((deal) => ({
    ...state(deal.steps.at(-1)!),
    id: deal.id,
    name: `Deal ${deal.id}`,
    accountId: `ACC-${deal.id}`,
    currency: deal.currency ?? 'USD',
    type: 'new',
    source: 'Inbound',
    createdDate: deal.steps[0]!.date as IsoDate,
    listAmount: null,
    competitor: deal.competitor ?? null,
    lossReason: deal.lossReason ?? null,
    nextStep: null,
    qualification: { budget: null, authority: null, need: null, timeline: null },
  }));
  const opportunityChanges: OpportunityChange[] = deals.flatMap((deal) =>
    deal.steps.map((step, index) => ({
      ...state(step),
      opportunityId: deal.id,
      date: step.date as IsoDate,
      sequence: deal.steps.slice(0, index).filter((earlier) => earlier.date === step.date).length,
    })),
  );
  const batch: EntityBatch = {
    reps: reps.map((name) => ({
      id: name,
      name,
      email: null,
      role: 'ae',
      managerId: null,
      team: 'Team',
      segment: 'Mid-Market',
      region: 'EMEA',
      hireDate: '2020-01-01' as IsoDate,
      endDate: null,
    })),
    accounts: deals.map((deal) => ({
      id: `ACC-${deal.id}`,
      name: `Account ${deal.id}`,
      industry: null,
      employees: null,
      annualRevenue: null,
      region: 'EMEA',
      country: null,
      segment: deal.segment ?? 'Mid-Market',
      tier: null,
      potential: null,
      ownerId: null,
      territoryId: null,
      parentId: null,
      createdDate: null,
    })),
    territories: [],
    opportunities,
    opportunityChanges,
    activities: [],
    leads: [],
    quotas: [],
    costs: [],
  };
  const workspace = await openWorkspace(folder);
  try {
    await workspace.store.write(batch, { source: 'test', asOf: '2026-11-27' as IsoDate });
  } finally {
    await workspace.close();
  }
}
