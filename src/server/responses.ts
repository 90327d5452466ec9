/**
 * The shapes of the API's success responses as zod schemas: the OpenAPI document describes each route's output
 * with them (src/server/openapi.ts), and test/server checks every route's real answer against its schema, so that
 * the document and the answers cannot drift apart. Strict objects: a field added to an answer and not here fails
 * that test.
 * @module
 */
import { z } from 'zod';
import { ADJUSTABLE_CATEGORIES } from '../forecast/category-rollup.js';
import { FORECAST_MODELS } from '../forecast/sales-forecast.js';
import { FORECAST_JSON_FORMAT } from '../reports/sales-forecast/json.js';
import { WATERFALL_BUCKETS } from '../analytics/waterfall.js';
import { AMOUNT_BUCKETS, BUCKET_OUTPUT, crossedField } from '../services/pipeline.js';
import { ROLES } from './users.js';

const minor = z.number().int().describe('integer minor units of the currency');
const date = z.string().describe('YYYY-MM-DD');

export const meResponse = z.strictObject({
  login: z.string(),
  role: z.enum(ROLES),
  rep: z.string().nullable().describe('the CRM id of the rep the user is (manager, rep)'),
  reps: z
    .union([z.literal('all'), z.array(z.string())])
    .describe('"all", or the CRM ids of the reps in scope'),
});

export const repsResponse = z.array(
  z.strictObject({
    id: z.string().describe('the CRM id, e.g. REP-0011'),
    name: z.string(),
    role: z.string().nullable().describe('the CRM role, e.g. AE (null when the CRM gives none)'),
    team: z.string().nullable(),
    segment: z.string().nullable(),
    managerId: z.string().nullable().describe('the CRM id of their manager (null at the top)'),
    active: z.boolean().describe('employed on the as-of day: hired by it and not left before it'),
  }),
);

const counts = [
  'reps',
  'accounts',
  'territories',
  'opportunities',
  'opportunityChanges',
  'activities',
  'leads',
  'quotas',
  'costs',
] as const;

export const statusResponse = z.strictObject({
  company: z.string(),
  dialect: z.string(),
  schemaVersion: z.number().int(),
  dataVersion: z.number().int(),
  counts: z.strictObject(Object.fromEntries(counts.map((name) => [name, z.number().int()]))),
  dateRange: z
    .strictObject({ from: date, to: date })
    .nullable()
    .describe('created and close dates, without the close-date outliers'),
  closeDateOutliers: z
    .strictObject({
      after: date.describe(
        'close dates after this day are outliers (the audit’s horizon past the as-of date)',
      ),
      count: z.number().int(),
      latest: date.nullable(),
    })
    .nullable(),
  history: z.strictObject({
    from: date.nullable(),
    to: date.nullable(),
    changesPerOpportunity: z.number(),
  }),
  lastWrite: z.strictObject({ source: z.string(), asOf: date, note: z.string().nullable() }).nullable(),
});

export const opportunitiesResponse = z.strictObject({
  asOf: date.describe(
    'the request’s asOf, else the server’s day: the day `overdue` compares close dates with',
  ),
  total: z.number().int().describe('every match, on all pages'),
  page: z.number().int(),
  pageSize: z.number().int(),
  items: z.array(
    z.strictObject({
      id: z.string(),
      name: z.string(),
      account: z.string().nullable(),
      owner: z.string().nullable().describe('CRM id'),
      ownerName: z.string().nullable(),
      stage: z.string().nullable(),
      forecastCategory: z.string().nullable(),
      amountMinor: minor.nullable(),
      currency: z.string().nullable(),
      createdDate: date.nullable(),
      closeDate: date.nullable(),
      overdue: z.boolean().describe('an open deal whose close date is before `asOf`'),
    }),
  ),
});

/** The credits a figure left out of its won deals (src/services/credits.ts). */
const creditsLeftOut = z.strictObject({
  deals: z.number().int(),
  amount: z.number().describe('their amounts summed, in major units (zero or negative)'),
  reason: z.literal('won-not-positive-amount'),
  ids: z.array(z.string()).describe('their CRM ids'),
});

export const metricsResponse = z.strictObject({
  asOf: date,
  period: z.string(),
  periodStart: date,
  periodEnd: date,
  currency: z.string(),
  dimensions: z.array(z.string()),
  metrics: z.array(
    z.strictObject({
      id: z.string(),
      name: z.string(),
      definition: z.string(),
      unit: z.string(),
      benchmark: z.string().nullable(),
    }),
  ),
  rows: z
    .array(z.record(z.string(), z.union([z.string(), z.number(), z.null()])))
    .describe(
      'one per group: each dimension’s label, each metric’s value (money in major units), and under by=manager the `level` (0 at the top) and the `parent` row’s manager (null at the top)',
    ),
  leftOut: z
    .strictObject({
      deals: z.number().int(),
      amount: z.number(),
      reason: z.literal('amount-not-positive'),
      metrics: z.array(z.string()),
    })
    .nullable()
    .describe(
      'the open deals closing in the period that the open-pipeline metrics left out for a zero, negative or missing amount (as the forecast does), their amounts summed in major units, and which metrics read the open pipeline; null when none was',
    ),
  creditsLeftOut: creditsLeftOut
    .extend({ metrics: z.array(z.string()) })
    .nullable()
    .describe(
      'the credits (deals won in the period at a zero or negative amount) that the win rates and the average deal left out of won deals, as the forecast’s models do, and which metrics did; null when none was',
    ),
});

const dealRef = {
  id: z.string(),
  name: z.string(),
  owner: z.string(),
  stage: z.string(),
  amount: minor,
  closeDate: date.nullable(),
  probability: z.number(),
};
const accuracy = z
  .strictObject({
    model: z.enum(FORECAST_MODELS),
    mape: z.number().nullable(),
    bias: z.number().nullable(),
    p10p90Coverage: z.number().nullable(),
  })
  .nullable();
const modelUsed = z.strictObject({
  id: z.enum(FORECAST_MODELS),
  name: z.string(),
  requested: z.string(),
  reason: z.string(),
});
const layer = z.strictObject({ commit: minor, bestCase: minor, pipeline: minor });

const riskGroup = z.strictObject({
  name: z.string(),
  variancePercent: z.number().describe('(forecast - quota) / quota'),
});
const probability = z.number().describe('a fraction');
const reasonText = { text: z.string().describe('the reason in the reports’ words') };
const confidenceReason = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('no-data'), period: z.string(), ...reasonText }),
  z.strictObject({ kind: z.literal('extrapolation'), period: z.string(), ...reasonText }),
  z.strictObject({
    kind: z.literal('risk'),
    risk: z.string().describe('the kind of a risk of `risks`'),
    ...reasonText,
  }),
  z.strictObject({
    kind: z.literal('reach'),
    threshold: minor.describe('90% of the forecast'),
    probability: probability.describe('of reaching at least `threshold`: `confidence.probability`'),
    probabilityOfForecast: probability.describe('of reaching the forecast itself'),
    ...reasonText,
  }),
  z.strictObject({ kind: z.literal('quota'), probability, ...reasonText }),
  z.strictObject({ kind: z.literal('range'), p10: minor, p90: minor, ...reasonText }),
]);

export const forecastResponse = z.strictObject({
  format: z.literal(FORECAST_JSON_FORMAT),
  moneyUnit: z.literal('minor'),
  currencyExponent: z.number().int(),
  title: z.string(),
  period: z.strictObject({ name: z.string(), start: date, end: date }),
  asOf: date,
  currency: z.string(),
  model: modelUsed,
  executiveSummary: z.strictObject({
    quota: minor.nullable(),
    forecast: minor,
    percentOfQuota: z.number().nullable(),
    confidence: z.string(),
    confidenceMeaning: z.string(),
  }),
  pipelineSnapshot: z.strictObject({
    stages: z.array(
      z.strictObject({
        stage: z.string(),
        probability: z.number(),
        count: z.number().int(),
        value: minor,
        weightedValue: minor,
      }),
    ),
    closingLater: z.strictObject({ count: z.number().int(), value: minor, weightedValue: minor }).nullable(),
    total: z.strictObject({ count: z.number().int(), value: minor, weightedValue: minor }),
  }),
  closedThisPeriod: minor,
  totalForecast: z.strictObject({
    model: z.enum(FORECAST_MODELS),
    weightedPipeline: minor,
    closed: minor,
    newPipeline: minor,
    adjustments: minor.describe('what the adjustments add under the commit and best_case models (else 0)'),
    adjustmentsNotIncluded: z
      .strictObject({ count: z.number().int(), commit: minor, bestCase: minor })
      .nullable()
      .describe('stored adjustments the chosen model leaves out, with their net commit and best-case effect'),
    total: minor,
  }),
  byGroup: z.strictObject({
    by: z.enum(['owner', 'manager', 'segment']),
    rows: z.array(
      z.strictObject({
        group: z.string(),
        id: z.string().nullable(),
        quota: minor.nullable(),
        closed: minor,
        pipelineWeighted: minor,
        forecast: minor,
        attainment: z.number().nullable(),
        risk: z.enum(['low', 'medium', 'high']).nullable(),
        parent: z
          .string()
          .nullable()
          .optional()
          .describe(
            'by=manager only: the `group` of the row above, the manager’s manager (null at the top), as metrics rows carry it',
          ),
      }),
    ),
    atRisk: z.array(z.string()),
  }),
  bySegment: z.strictObject({
    rows: z.array(
      z.strictObject({
        segment: z.string(),
        quota: minor.nullable(),
        forecast: minor,
        variance: minor.nullable(),
        variancePercent: z.number().nullable(),
        flag: z.enum(['yellow', 'red']).nullable(),
      }),
    ),
    behind: z.array(z.string()),
  }),
  risks: z.array(
    z.strictObject({
      kind: z.string(),
      risk: z.string(),
      groups: z.array(riskGroup).describe('the reps or segments it names (reps-below-80, segments-behind)'),
      impact: minor,
      mitigation: z.string(),
      deals: z.array(z.strictObject(dealRef)),
    }),
  ),
  upside: z.array(
    z.strictObject({
      kind: z.string(),
      description: z.string(),
      count: z.number().int(),
      value: minor,
      potential: minor,
      deals: z.array(z.strictObject(dealRef)),
    }),
  ),
  recommendations: z.array(z.strictObject({ from: z.string(), text: z.string() })),
  confidence: z.strictObject({
    level: z.string(),
    probability: z.number().nullable(),
    threshold: minor,
    meaning: z.string(),
    basis: z
      .string()
      .describe('what makes the level, after its word: its probability’s band ("70-85%"), or what else does'),
    reasons: z.array(confidenceReason),
  }),
  methods: z.strictObject({
    definitions: z.array(z.strictObject({ term: z.string(), definition: z.string() })),
    model: modelUsed,
    formula: z.string(),
    accuracy,
    backtest: z
      .strictObject({
        periodsAsked: z.number().int(),
        periodsTested: z.number().int(),
        offsetDays: z.number().int(),
      })
      .nullable(),
    dataQuality: z.strictObject({
      score: z.number(),
      affectedValue: minor,
      affectedShare: z.number(),
      rules: z.array(z.strictObject({ id: z.string(), title: z.string(), affectedValue: minor })),
    }),
    inputs: z.strictObject({
      openDeals: z.number().int(),
      closedWonDeals: z.number().int(),
      closedWonNotPositive: z.number().int(),
      openNotPositive: z.number().int(),
      openWithoutAmount: z.number().int(),
      overdueBeforePeriod: z.number().int(),
      openWithoutCloseDate: z.number().int(),
      openAfterPeriodEnded: z.number().int(),
    }),
    historyPeriods: z.array(z.string()),
  }),
  distribution: z.strictObject({
    method: z.enum(['grid', 'cornish-fisher']),
    mean: minor,
    sd: minor,
    p10: minor,
    p50: minor,
    p90: minor,
    probabilityOfQuota: z.number().nullable(),
    probabilityOfForecast: z.number(),
    errorBound: minor.nullable(),
    varianceModel: z.string(),
  }),
  models: z.array(
    z.strictObject({
      model: z.enum(FORECAST_MODELS),
      name: z.string(),
      forecast: minor,
      accuracy,
      chosen: z.boolean(),
    }),
  ),
  categories: z.strictObject({
    system: layer,
    ownerLayer: layer,
    managerLayer: layer,
    adjustments: z.array(
      z.strictObject({
        layer: z.enum(['owner', 'manager']),
        rep: z.string(),
        category: z.enum(ADJUSTABLE_CATEGORIES),
        amount: minor,
        note: z.string(),
      }),
    ),
  }),
  deals: z.array(
    z.strictObject({
      ...dealRef,
      stageProbability: z.number(),
      topFactors: z.array(z.strictObject({ feature: z.string(), value: z.string(), effect: z.number() })),
    }),
  ),
  notes: z.array(z.strictObject({ kind: z.string(), message: z.string(), fix: z.string().nullable() })),
});

export const adjustmentResponse = z.strictObject({
  adjustment: z.strictObject({
    layer: z.enum(['owner', 'manager']),
    by: z.string().optional().describe('the manager whose layer it is (manager layer)'),
    rep: z.string(),
    period: z.string(),
    category: z.enum(ADJUSTABLE_CATEGORIES),
    amount: minor,
    note: z.string(),
    madeOn: date,
    madeBy: z.string().describe('the login'),
  }),
  revision: z.number().int().describe('the revision of the period’s adjustments document'),
});

export const compRunsResponse = z.strictObject({
  periods: z
    .array(z.string())
    .describe(
      'the plan periods of the stored comp runs, in fiscal order (by end, then start): the latest last',
    ),
});

export const statementResponse = z.strictObject({
  period: z.string(),
  asOf: date,
  closed: z.strictObject({ at: z.string(), by: z.string() }).nullable(),
  payee: z.strictObject({ id: z.string(), name: z.string(), role: z.string(), plan: z.string() }),
  timing: z.string().nullable(),
  moneyUnit: z.literal('minor'),
  statement: z.strictObject({
    payee: z.string(),
    role: z.string(),
    period: z.string(),
    currency: z.string(),
    lines: z.array(
      z.strictObject({
        payee: z.string(),
        period: z.string(),
        kind: z.string(),
        measure: z.string().nullable(),
        amount: minor,
        trace: z.record(z.string(), z.unknown()).describe('the deals, rule, rate and formula of the line'),
      }),
    ),
    attainment: z.array(
      z.strictObject({ measure: z.string(), metric: z.string(), volume: z.number(), quota: z.number() }),
    ),
    total: minor,
    drawBalance: minor,
    rounding: z.string(),
  }),
});

/** An API user as the API shows one: never their token or its hash. */
export const userResponse = z.strictObject({
  login: z.string(),
  role: z.enum(ROLES),
  rep: z.string().nullable(),
  createdOn: date,
  createdBy: z.string(),
  revokedOn: date.nullable(),
  expiresOn: date.nullable().describe('the first day the token is refused; null: it does not expire'),
});

export const usersResponse = z.array(userResponse);

export const addedUserResponse = z.strictObject({
  user: userResponse,
  token: z
    .string()
    .describe('the bearer token, shown this once (only its hash is kept): hand it over privately'),
  warnings: z
    .array(z.string())
    .describe(
      'what may be a slip, the user added all the same (as `salesops users add` warns): a manager who manages nobody, a rep who has left; empty when none',
    ),
});

export const healthResponse = z.strictObject({ ok: z.literal(true) });

const major = z.number().describe('major units of the corporate currency (1234.5 for $1,234.50)');
const rate = z.number().nullable().describe('a fraction in [0, 1]; null when undefined');
const labels = z.string().describe('a dimension’s label (the keys are the dimensions asked)');
const periodOf = {
  asOf: date,
  period: z.string(),
  periodStart: date,
  periodEnd: date,
  currency: z.string(),
};

/** A waterfall row: start, each bucket signed (outs negative) with its deal count, end; start + buckets = end. */
const waterfallRow = z
  .strictObject({
    start: major,
    start_deals: z.number().int(),
    ...Object.fromEntries(
      WATERFALL_BUCKETS.flatMap((bucket) => [
        [BUCKET_OUTPUT[bucket].id, major],
        [`${BUCKET_OUTPUT[bucket].id}_deals`, z.number().int()],
      ]),
    ),
    ...Object.fromEntries([...AMOUNT_BUCKETS].map((bucket) => [crossedField(bucket), z.number().int()])),
    end: major,
    end_deals: z.number().int(),
  })
  .catchall(labels);
const dealState = z.strictObject({
  stage: z.string(),
  amount: z.number().int().describe('integer minor units of the deal’s own currency (the deal’s `currency`)'),
  value: major,
  closeDate: date,
  forecastCategory: z.string(),
  owner: z.string(),
});

export const changesResponse = z.strictObject({
  ...periodOf,
  from: date,
  to: date,
  dimensions: z.array(z.string()),
  buckets: z.array(
    z.strictObject({
      id: z.string(),
      direction: z.enum(['in', 'out']).optional(),
      definition: z.string(),
    }),
  ),
  total: waterfallRow,
  rows: z.array(waterfallRow).describe('one per group; the total alone without `by`'),
  ownerMoves: z.strictObject({ deals: z.number().int(), value: major }),
  categoryMoves: z.array(
    z.strictObject({ from: z.string(), to: z.string(), deals: z.number().int(), value: major }),
  ),
  deals: z.record(
    z.string(),
    z.array(
      z
        .strictObject({
          id: z.string(),
          name: z.string(),
          currency: z.string(),
          value: major,
          start: dealState.nullable(),
          end: dealState,
        })
        .catchall(labels),
    ),
  ),
});

const summary = z.strictObject({
  deals: z.number().int(),
  mean: z.number().nullable(),
  median: z.number().nullable(),
});
const conversionRow = z
  .strictObject({
    stage: z.string(),
    entered: z.number().int(),
    skipped: z.number().int(),
    reached: z.record(z.string(), z.strictObject({ deals: z.number().int(), rate })),
    next_rate: rate,
    won: z.number().int(),
    win_rate: rate,
    lost: z.number().int(),
    loss_rate: rate,
    open: z.number().int(),
    moved_back: z.number().int(),
    days_in_stage: summary,
  })
  .catchall(labels);

export const conversionResponse = z.strictObject({
  ...periodOf,
  dimensions: z.array(z.string()),
  stages: z.array(z.string()),
  rows: z.array(conversionRow),
  total: z.array(conversionRow),
  aging: z.array(
    z
      .strictObject({
        stage: z.string(),
        open_deals: z.number().int(),
        value: major,
        days_in_stage: summary,
        age_days: summary,
        bands: z.record(z.string(), z.number().int()),
      })
      .catchall(labels),
  ),
  agingLeftOut: z.strictObject({
    deals: z.number().int(),
    amount: major,
    reason: z.literal('amount-not-positive'),
  }),
  creditsLeftOut: creditsLeftOut
    .nullable()
    .describe(
      'the deals of the cohorts won at a zero or negative amount (credits), left out of every cohort; null when none was',
    ),
  notes: z.string(),
});

export const winlossResponse = z.strictObject({
  ...periodOf,
  by: z.array(z.string()),
  overall: z.strictObject({
    won: z.number().int(),
    lost: z.number().int(),
    win_rate: rate,
    win_rate_low: rate,
    win_rate_high: rate,
    won_value: major,
    lost_value: major,
    value_win_rate: rate,
  }),
  breakdowns: z.array(
    z.strictObject({
      by: z.string(),
      measure: z.enum(['win_rate', 'loss_share']),
      comparisons: z.number().int(),
    }),
  ),
  rows: z.array(
    z
      .strictObject({
        breakdown: z.string(),
        measure: z.enum(['win_rate', 'loss_share']),
        won: z.number().int().nullable(),
        lost: z.number().int(),
        rate,
        rate_low: rate,
        rate_high: rate,
        won_value: major.nullable(),
        lost_value: major,
        value_rate: rate,
        z: z.number().nullable(),
        p_value: z.number().nullable(),
        p_holm: z.number().nullable(),
        verdict: z.string().nullable(),
      })
      .catchall(labels),
  ),
  creditsLeftOut: creditsLeftOut
    .nullable()
    .describe(
      'the deals closed in the period that were won at a zero or negative amount (credits), left out of won and closed deals as the metrics’ win rate leaves them; null when none was',
    ),
  method: z.string(),
});

export const adjustmentsResponse = z.strictObject({
  period: z.string(),
  revision: z
    .number()
    .int()
    .describe(
      'the revision of the period’s adjustments (0 before the first, counting every save): send it with an adjustment, as If-Match or `revision`, to have it refused (409) if an adjustment of the same rep and layer was saved meanwhile',
    ),
  adjustments: z
    .array(
      adjustmentResponse.shape.adjustment.extend({
        byName: z.string().nullable().describe('the name of `by`, the manager (null for an owner layer)'),
      }),
    )
    .describe('those of the reps in the caller’s scope'),
});
