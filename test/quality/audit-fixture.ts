/**
 * Tiny hand-built CRMs for the audit's rule tests: records written through the real SQLite store, read back as
 * the columnar dataset, and audited. Deals are described by their dated states, each inheriting what it does
 * not change from the one before; the record is the last state.
 * @module
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildDataset } from '../../src/dataset/build-dataset.js';
import { textAt, type Dataset } from '../../src/dataset/dataset.js';
import { isoDate, type IsoDate } from '../../src/domain/dates.js';
import {
  emptyBatch,
  type Account,
  type Activity,
  type EntityBatch,
  type ForecastCategory,
  type Opportunity,
  type Rep,
} from '../../src/domain/entities.js';
import type { MinorUnits } from '../../src/domain/money.js';
import { DEFAULT_STAGES } from '../../src/domain/stage-model.js';
import { parseWorkspaceConfig, type WorkspaceConfig } from '../../src/domain/workspace-config.js';
import { prepareAuditInput } from '../../src/quality/audit-input.js';
import { runAudit, type AuditReport } from '../../src/quality/audit.js';
import {
  DEFAULT_AUDIT_OPTIONS,
  type AuditOptions,
  type QualityRule,
  type RuleFinding,
} from '../../src/quality/rule.js';
import { openStore } from '../../src/store/open-store.js';

export const AS_OF = isoDate('2026-06-30');

/** USD workspace with the default stages and a EUR rate of 0.8 EUR per USD. */
export const CONFIG: WorkspaceConfig = parseWorkspaceConfig({
  company: 'Test Co',
  currency: 'USD',
  fx: [{ currency: 'EUR', from: '2020-01-01', rate: '0.8' }],
});

export function rep(id: string, fields: Partial<Rep> = {}): Rep {
  return {
    id,
    name: `Rep ${id}`,
    email: null,
    role: 'ae',
    managerId: null,
    team: null,
    segment: null,
    region: null,
    hireDate: isoDate('2020-01-01'),
    endDate: null,
    ...fields,
  };
}

export function account(id: string, name: string, fields: Partial<Account> = {}): Account {
  return {
    id,
    name,
    industry: null,
    employees: null,
    annualRevenue: null,
    region: null,
    country: null,
    segment: null,
    tier: null,
    potential: null,
    ownerId: null,
    territoryId: null,
    parentId: null,
    createdDate: isoDate('2024-01-01'),
    ...fields,
  };
}

/** One dated state of a deal; what it leaves out is carried over from the state before. */
export interface DealState {
  readonly date: string;
  readonly stage?: string;
  /** Major units (dollars). */
  readonly amount?: number;
  readonly close?: string;
  readonly category?: ForecastCategory;
  readonly owner?: string;
}

export interface DealSpec {
  readonly id: string;
  readonly name?: string;
  readonly account?: string | null;
  readonly currency?: string;
  readonly lossReason?: string | null;
  /** The first state is dated on the created date; stage defaults to Qualification. */
  readonly states: readonly [DealState, ...DealState[]];
}

function defaultCategory(stage: string): ForecastCategory {
  return DEFAULT_STAGES.find((known) => known.name === stage)?.forecastCategory ?? 'pipeline';
}

/** A deal and its history, appended to the batch. */
export function addDeal(batch: EntityBatch, spec: DealSpec): void {
  let stage = 'Qualification';
  let amount = 10_000;
  let close = '2026-09-30';
  let owner = 'R1';
  let category: ForecastCategory | undefined;
  const days = new Map<string, number>();
  for (const state of spec.states) {
    stage = state.stage ?? stage;
    amount = state.amount ?? amount;
    close = state.close ?? close;
    owner = state.owner ?? owner;
    category =
      state.category ?? (state.stage ? defaultCategory(stage) : (category ?? defaultCategory(stage)));
    const sequence = days.get(state.date) ?? 0;
    days.set(state.date, sequence + 1);
    batch.opportunityChanges.push({
      opportunityId: spec.id,
      date: isoDate(state.date),
      sequence,
      stage,
      amount: Math.round(amount * 100) as MinorUnits,
      closeDate: isoDate(close),
      forecastCategory: category,
      ownerId: owner,
    });
  }
  const last = batch.opportunityChanges[batch.opportunityChanges.length - 1]!;
  const opportunity: Opportunity = {
    id: spec.id,
    name: spec.name ?? `Deal ${spec.id}`,
    accountId: spec.account === undefined ? 'A1' : spec.account,
    currency: spec.currency ?? 'USD',
    type: 'new',
    source: null,
    createdDate: isoDate(spec.states[0].date),
    listAmount: null,
    competitor: null,
    lossReason: spec.lossReason ?? null,
    nextStep: null,
    qualification: { budget: null, authority: null, need: null, timeline: null },
    stage: last.stage,
    amount: last.amount,
    closeDate: last.closeDate,
    forecastCategory: last.forecastCategory,
    ownerId: last.ownerId,
  };
  batch.opportunities.push(opportunity);
}

export function activity(id: string, opportunityId: string, date: string): Activity {
  return {
    id,
    type: 'call',
    date: isoDate(date),
    repId: 'R1',
    opportunityId,
    accountId: null,
    leadId: null,
  };
}

/** A batch with rep R1 and account A1 (Acme), to which tests add their records. */
export function baseBatch(): EntityBatch {
  const batch = emptyBatch();
  batch.reps.push(rep('R1'));
  batch.accounts.push(account('A1', 'Acme'));
  return batch;
}

/** Writes the batch to a fresh SQLite store and reads it back as a dataset. */
export async function datasetOf(batch: EntityBatch): Promise<Dataset> {
  const folder = mkdtempSync(join(tmpdir(), 'salesops-quality-'));
  const store = await openStore({ sqlitePath: join(folder, 'salesops.db') });
  try {
    await store.write(batch, { source: 'test', asOf: AS_OF });
    return await buildDataset(store);
  } finally {
    await store.close();
    rmSync(folder, { recursive: true, force: true });
  }
}

/** A rule's finding on the dataset, with the CRM ids of the flagged records. */
export function check(
  dataset: Dataset,
  rule: QualityRule,
  options: Partial<AuditOptions> = {},
  asOf: IsoDate = AS_OF,
): RuleFinding & { ids: string[] } {
  const input = prepareAuditInput(dataset, CONFIG, asOf, { ...DEFAULT_AUDIT_OPTIONS, ...options });
  const finding = rule.check(input);
  const table = finding.flagged.table === 'opportunities' ? dataset.opportunities : dataset.accounts;
  return { ...finding, ids: Array.from(finding.flagged.rows, (row) => textAt(table.crmId, row)) };
}

export function audit(
  dataset: Dataset,
  options: Partial<AuditOptions> = {},
  asOf: IsoDate = AS_OF,
): AuditReport {
  return runAudit(dataset, CONFIG, asOf, options);
}

/** Dollars as minor units. */
export const cents = (dollars: number): number => Math.round(dollars * 100);
