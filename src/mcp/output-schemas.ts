/**
 * The tools' output schemas: the top-level fields of each answer with their units, so that an assistant knows the
 * shape before it calls and a client can check the answer (the SDK's client does). Loose objects at every level: the nested parts of the larger
 * documents (the forecast's sections, the audit's rules) are described here and defined by the CLI's JSON they
 * equal, and a field added there does not break a client.
 * @module
 */
import { z } from 'zod';
import { FORECAST_JSON_FORMAT } from '../reports/sales-forecast/json.js';

const day = z.string().describe('a calendar date, YYYY-MM-DD');
const asOf = day.describe('the day the figures look from, YYYY-MM-DD');
const asOfDefaulted = z.boolean().describe('true when asOf was not given and today was used');
const currency = z.string().describe('the corporate currency, ISO 4217 (e.g. USD)');
const minorUnit = z.literal('minor').describe('money fields are integer minor units (cents for USD)');
const periodFields = {
  period: z.string().describe('the period, e.g. FY2027-Q4'),
  periodStart: day.describe('its first day'),
  periodEnd: day.describe('its last day'),
};
const plainRow = z.record(z.string(), z.union([z.string(), z.number(), z.null()]));
const looseRows = (what: string) => z.array(z.looseObject({})).describe(what);

export const STATUS_OUTPUT = z.looseObject({
  workspace: z.string().describe('the workspace folder'),
  company: z.string(),
  dialect: z.string().describe('sqlite or postgres'),
  dataVersion: z.number().describe('increases with every import'),
  counts: z
    .record(z.string(), z.number())
    .describe('records per entity (opportunities, accounts, reps, ...)'),
  dateRange: z
    .object({ from: day, to: day })
    .nullable()
    .describe('created and close dates, without placeholder close dates; null when empty'),
  closeDateOutliers: z
    .looseObject({ after: day, count: z.number(), latest: day.nullable() })
    .nullable()
    .describe('close dates far past the data (placeholders such as 2099-12-31), counted apart'),
  lastWrite: z
    .looseObject({ source: z.string(), asOf: day })
    .nullable()
    .describe('the last import: its source and as-of day; null before the first'),
});

export const LIST_METRICS_OUTPUT = z.looseObject({
  metrics: z
    .array(
      z.looseObject({
        id: z.string(),
        name: z.string(),
        category: z.string(),
        unit: z.string().describe('money, ratio, multiple, count, days, months or money_per_day'),
        definition: z.string(),
        dimensions: z.array(z.string()).describe('the dimensions it can be split by'),
      }),
    )
    .describe('every metric of the registry'),
  dimensions: z.array(z.string()).describe('every dimension a split can use'),
});

export const METRICS_OUTPUT = z.looseObject({
  asOf,
  asOfDefaulted,
  ...periodFields,
  currency,
  dimensions: z.array(z.string()).describe('the split, in order'),
  metrics: z
    .array(z.looseObject({ id: z.string(), name: z.string(), definition: z.string(), unit: z.string() }))
    .describe('the metrics asked for, with their definitions'),
  rows: z
    .array(plainRow)
    .describe(
      'one row per group: { <dimension>: label, <metric id>: value or null }; money in major units, rates as fractions; by manager, `level` (0 at the top)',
    ),
});

export const FORECAST_OUTPUT = z.looseObject({
  format: z.string().describe(FORECAST_JSON_FORMAT),
  moneyUnit: minorUnit,
  currencyExponent: z.number().describe('major = minor / 10^currencyExponent'),
  title: z.string(),
  period: z.looseObject({ name: z.string(), start: day, end: day }),
  asOf,
  asOfDefaulted,
  currency,
  model: z
    .looseObject({ id: z.string(), name: z.string(), reason: z.string() })
    .describe('the model of the total, and why it was chosen'),
  executiveSummary: z
    .looseObject({
      quota: z.number().nullable().describe('minor units; null without imported quotas'),
      forecast: z.number().describe('minor units'),
      percentOfQuota: z.number().nullable().describe('a fraction'),
      confidenceMeaning: z.string(),
    })
    .describe('quota, forecast, % of quota, confidence'),
  closedThisPeriod: z.number().describe('won so far in the period, minor units'),
  totalForecast: z.looseObject({}).describe('closed + weighted pipeline + new pipeline + adjustments'),
  byGroup: z.looseObject({}).describe('the forecast by owner, manager or segment (`by`)'),
  risks: looseRows('risk factors with their deals and money impact'),
  upside: looseRows('upside opportunities'),
  recommendations: looseRows('what to do, with the deals it is about'),
  distribution: z.looseObject({}).describe('the outcome distribution: P10, P50, P90 and the chance of quota'),
  models: looseRows("every model's total, side by side"),
  deals: looseRows('the largest open deals with their probability and top factors'),
  notes: looseRows('what the report could not do, with fixes'),
});

export const AUDIT_OUTPUT = z.looseObject({
  asOf,
  asOfDefaulted,
  currency,
  moneyUnit: minorUnit,
  score: z.number().describe('0-100'),
  scoreFormula: z.string(),
  records: z.looseObject({}).describe('deals and accounts audited, flagged by their worst finding'),
  openPipeline: z
    .looseObject({
      deals: z.number(),
      value: z.number().describe('minor units'),
      affectedDeals: z.number(),
      affectedValue: z.number().describe('minor units'),
      affectedShare: z.number().describe('a fraction'),
    })
    .describe('the open pipeline and the part of it flagged by an error or warning'),
  rules: looseRows('every rule: id, title, severity, count, open deals and value affected, fix, examples'),
});

export const PIPELINE_CHANGES_OUTPUT = z.looseObject({
  asOf,
  asOfDefaulted,
  ...periodFields,
  from: day,
  to: day,
  currency,
  dimensions: z.array(z.string()),
  buckets: looseRows('the buckets in order, with their direction (in, out) and definition'),
  total: plainRow.describe(
    'start, each bucket and end in major units (outs negative) with their deal counts (<bucket>_deals)',
  ),
  rows: z.array(plainRow).describe('the same per group of the split (one total row without a split)'),
  ownerMoves: z.looseObject({ deals: z.number(), value: z.number() }),
  categoryMoves: looseRows('forecast category moves of deals in the pipeline on both dates'),
  deals: z.record(z.string(), z.array(z.looseObject({}))).describe('the deals of each bucket'),
});

export const PIPELINE_CONVERSION_OUTPUT = z.looseObject({
  asOf,
  asOfDefaulted,
  ...periodFields,
  currency,
  dimensions: z.array(z.string()),
  stages: z.array(z.string()).describe('the open stages in process order'),
  rows: looseRows('per stage (and group): entered, skipped, reached later stages, rates, days in stage'),
  total: looseRows('the same for all deals'),
  aging: looseRows('deals open on asOf by stage: count, value (major units), days in stage, age'),
  notes: z.string(),
});

export const WINLOSS_OUTPUT = z.looseObject({
  asOf,
  asOfDefaulted,
  ...periodFields,
  currency,
  by: z.array(z.string()).describe('the breakdowns'),
  overall: z
    .looseObject({
      won: z.number(),
      lost: z.number(),
      win_rate: z.number().nullable(),
      won_value: z.number().describe('major units'),
    })
    .describe('all deals closed in the period'),
  breakdowns: looseRows('each breakdown: by, measure (win_rate or loss_share), groups compared'),
  rows: looseRows(
    'one row per group: labels, won, lost, rate with its interval, values, z, p, Holm p, verdict',
  ),
  method: z.string(),
});

export const OPPORTUNITIES_OUTPUT = z.looseObject({
  total: z.number().describe('opportunities that match'),
  asOf: day.nullable().describe('the day the deals were read as of; null: their current state'),
  page: z.number(),
  pageSize: z.number(),
  moneyUnit: minorUnit,
  items: z
    .array(
      z.looseObject({
        id: z.string(),
        name: z.string(),
        owner: z.string().nullable().describe("the owner's CRM id"),
        stage: z.string().nullable(),
        amountMinor: z.number().nullable().describe("integer minor units of the deal's currency"),
        currency: z.string().nullable(),
        closeDate: day.nullable(),
      }),
    )
    .describe('the page'),
});

export const COMP_RUN_OUTPUT = z.looseObject({
  period: z.string(),
  asOf,
  closed: z
    .looseObject({ at: z.string(), by: z.string() })
    .nullable()
    .describe('null while the period is open'),
  moneyUnit: minorUnit,
  payees: z
    .array(
      z.looseObject({
        payee: z.string(),
        name: z.string().nullable(),
        role: z.string(),
        total: z.number().describe('the payout, minor units'),
      }),
    )
    .describe('each payee of the run'),
});

export const COMP_STATEMENT_OUTPUT = z.looseObject({
  period: z.string(),
  asOf,
  closed: z.looseObject({ at: z.string(), by: z.string() }).nullable(),
  payee: z.looseObject({ id: z.string(), name: z.string(), role: z.string(), plan: z.string() }),
  timing: z.string().describe("the plan's payout timing"),
  moneyUnit: minorUnit,
  statement: z
    .looseObject({
      currency: z.string(),
      total: z.number().describe('minor units: the sum of the lines'),
      lines: looseRows(
        'each line: kind, measure, amount (minor units), trace with deals, rule, rate, formula',
      ),
      attainment: looseRows('credits and quota per measure'),
    })
    .describe('the statement'),
});
