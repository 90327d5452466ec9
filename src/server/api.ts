/**
 * The HTTP API's routes: what each reads, who may call it, and how its data is scoped. Every figure comes from
 * the library functions the CLI uses, on the dataset cut to the caller's scope (src/server/scope.ts); a forecast
 * reports on the scope's deals with the company's models (src/server/forecast-job.ts).
 * @module
 */
import { z } from 'zod';
import { DIMENSION_IDS, parseDimensions } from '../analytics/dimensions.js';
import { closestNames } from '../analytics/closest-names.js';
import { METRICS, parseMetricIds } from '../analytics/metric-registry.js';
import { parseAnalysisPeriod, PERIOD_FORMS, resolveAnalysisPeriod } from '../analytics/periods.js';
import { byCrmId, rosterEntry } from '../analytics/rep-roster.js';
import { type Dataset, repRow, textAt } from '../dataset/dataset.js';
import { type IsoDate, toDayNumber } from '../domain/dates.js';
import {
  API_SYNTAX,
  type ArgumentSyntax,
  checkArguments,
  commandOnServer,
  InputError,
  readField,
} from '../domain/errors.js';
import type { WorkspaceConfig } from '../domain/workspace-config.js';
import { parseDecimalToMinor } from '../domain/money.js';
import { ADJUSTABLE_CATEGORIES } from '../forecast/category-rollup.js';
import {
  fiscalPeriod,
  MODEL_CHOICES,
  saveForecastAdjustment,
  storedAdjustments,
  type StoredAdjustment,
} from '../services/forecast.js';
import { compRun, statementInRun } from '../services/comp-statements.js';
import { type ManagerView, managerView } from '../services/manager-view.js';
import { keyspaceOptions, metricsDocument, metricsWithHierarchy } from '../services/metrics.js';
import {
  type AnalysisData,
  changesWindow,
  periodOrDefault,
  pipelineChanges,
  pipelineChangesDocument,
  pipelineConversion,
  pipelineConversionDocument,
} from '../services/pipeline.js';
import { parseBreakdowns, winLossDocument, winLossResults } from '../services/winloss.js';
import {
  OPPORTUNITY_SORT_FIELDS,
  OPPORTUNITY_STATES,
  opportunityPage,
  parseOpportunitySort,
} from '../services/opportunities.js';
import { workspaceStatus } from '../services/status.js';
import { runForecastJob } from './forecast-job.js';
import { HttpError } from './http-errors.js';
import {
  addedUserResponse,
  adjustmentResponse,
  adjustmentsResponse,
  changesResponse,
  compRunsResponse,
  conversionResponse,
  forecastResponse,
  meResponse,
  metricsResponse,
  opportunitiesResponse,
  repsResponse,
  statementResponse,
  statusResponse,
  userResponse,
  usersResponse,
  winlossResponse,
} from './responses.js';
import { asOfField, dateField, NO_QUERY, type Route, route, type RouteRequest } from './routes.js';
import { inScope, type Scope, scopeDataset, scopeOf } from './scope.js';
import {
  addUser,
  API_USERS,
  type ApiUser,
  listUsers,
  newUserWarnings,
  parseExpiresIn,
  repOfNewUser,
  revokeUser,
  ROLES,
} from './users.js';

const EVERY_ROLE = ROLES;
const PIPELINE_READERS = EVERY_ROLE;
const COMPANY_READERS = ['admin', 'revops', 'finance'] as const;
/** Who may read comp statements (a manager their subtree's, a rep their own) and list the periods of the runs. */
const STATEMENT_READERS = ['admin', 'finance', 'manager', 'rep'] as const;

/** The full dataset and the caller's scope in it. */
async function scopeOfCaller(request: RouteRequest<unknown, unknown>) {
  const full = await request.data.dataset();
  return { full, scope: scopeOf(request.user, full) };
}

/**
 * The full dataset, the caller's scope in it, and the dataset cut to that scope: for the analyses, which run off
 * the event loop (`offThread`). The cut takes seconds for a manager of most of a million deals (measured: 2 s for
 * a VP's scope of 1M deals and 4.4M history rows), so a route on the event loop filters the full dataset instead.
 */
async function scoped(request: RouteRequest<unknown, unknown>) {
  const { full, scope } = await scopeOfCaller(request);
  return { full, scope, dataset: scopeDataset(full, scope) };
}

/** The reps of a scoped view (rows of the reps table), undefined for a view of every rep. */
const scopeReps = (scope: Scope): ReadonlySet<number> | undefined => (scope.all ? undefined : scope.reps);

/** The rows (labels first) a manager view shows, relabelled as it shows them. */
function viewRows<Row extends Record<string, unknown>>(
  rows: readonly Row[],
  view: ManagerView,
): Record<string, unknown>[] {
  return rows.flatMap((row) => {
    const shown = view.labels(row);
    return shown === null ? [] : [shown];
  });
}

/**
 * The reps of a scope, by CRM id, for pickers: who they are, where they sit in the hierarchy, and whether they
 * are employed on `asOf`. A scope's top keeps their manager's id (the hierarchy is not pipeline).
 */
function scopeRepList(dataset: Dataset, scope: Scope, asOf: IsoDate) {
  const day = toDayNumber(asOf);
  const rows: number[] = [];
  for (let row = 0; row < dataset.reps.count; row++) if (inScope(scope, row)) rows.push(row);
  return rows
    .map((row) => {
      // The roster's entry without its employment dates, its fields in the order the API gives them.
      const { id, name, role, team, segment, managerId, active } = rosterEntry(dataset, row, day);
      return { id, name, role, team, segment, managerId, active };
    })
    .sort(byCrmId);
}

const byField = z
  .string()
  .optional()
  .describe(`dimensions to split by, comma-separated: ${DIMENSION_IDS.join(', ')}`);

/**
 * The rep with this CRM id when the caller's scope holds them; otherwise (unknown, or someone else's) the same
 * 404, so that a request cannot tell a colleague outside the scope from a rep who does not exist.
 */
function repInScope(dataset: Dataset, scope: Scope, crmId: string, field: string): number {
  const row = repRow(dataset, crmId);
  if (row < 0 || !inScope(scope, row)) {
    throw new HttpError(
      404,
      `${field} ${JSON.stringify(crmId)} is not in your data`,
      'give the CRM id of a rep you can see (GET /api/me lists them)',
      field,
    );
  }
  return row;
}

/** The stage model's stage that `text` names, whatever its case; else a 400 with the closest names. */
function stageNamed(stages: readonly string[], text: string): string {
  const stage = stages.find((name) => name.toLowerCase() === text.trim().toLowerCase());
  if (stage !== undefined) return stage;
  const close = closestNames(text, stages);
  throw new InputError({
    message: `stage ${JSON.stringify(text)} is not in the workspace's stage model`,
    location: { field: 'stage' },
    fix: `${close.length > 0 ? `did you mean ${close.join(' or ')}? ` : ''}the stages are ${stages.join(', ')}`,
  });
}

const opportunitiesQuery = z.strictObject({
  page: z.coerce.number().int().min(1).default(1).describe('the page, from 1'),
  pageSize: z.coerce.number().int().min(1).max(500).default(100).describe('opportunities a page, 1 to 500'),
  owner: z.string().optional().describe('only the deals of this owner (CRM id)'),
  stage: z.string().optional().describe('only the deals now in this stage, e.g. Negotiation'),
  state: z
    .enum(OPPORTUNITY_STATES)
    .optional()
    .describe('only the deals now open, won, lost, or closed (won or lost)'),
  sort: z
    .string()
    .optional()
    .describe(
      `sort keys, comma-separated, the first deciding, - before one for descending: ${OPPORTUNITY_SORT_FIELDS.join(', ')}; e.g. closeDate or -amount,closeDate. amount compares in the corporate currency; deals without the value come last (default: the workspace's order)`,
    ),
});

const metricsQuery = z.strictObject({
  metric: z
    .string()
    .min(1)
    .describe(
      'metric ids, comma-separated, e.g. win_rate,pipeline_value (`salesops metrics list` lists them)',
    ),
  period: z
    .string()
    .optional()
    .describe(`the period: ${PERIOD_FORMS.join(', ')} (default: the fiscal quarter of asOf)`),
  by: byField,
  asOf: asOfField,
});

/**
 * The metrics query's fields that need the workspace, checked together so that one answer names every problem:
 * the route's `checkQuery` (beside the schema's problems, before any work) and its handler (for the values).
 */
function metricsFields(
  query: Readonly<Record<string, string | undefined>>,
  config: WorkspaceConfig,
  asOf: IsoDate,
) {
  const { metric } = query;
  return checkArguments({
    // No metric at all is the schema's problem, named once there.
    metrics: () =>
      metric ? readField('metric', () => parseMetricIds(metric.split(',').map((id) => id.trim()))) : [],
    dimensions: () => readField('by', () => parseDimensions(query.by, API_SYNTAX)),
    period: () => readField('period', () => resolveAnalysisPeriod(query.period, asOf, config.fiscalCalendar)),
  });
}

const forecastQuery = z.strictObject({
  period: z
    .string()
    .optional()
    .describe('a fiscal period, e.g. FY2027-Q4 (default: the fiscal quarter of asOf)'),
  model: z
    .enum(Object.keys(MODEL_CHOICES) as [string, ...string[]])
    .default('auto')
    .describe('the model (auto: the best backtest)'),
  by: z.enum(['owner', 'manager', 'segment']).default('owner').describe('the split of Forecast by Rep'),
  asOf: asOfField,
});

const adjustmentBody = z.strictObject({
  rep: z.string().min(1).describe('the CRM id of the rep whose forecast is adjusted'),
  category: z.enum(ADJUSTABLE_CATEGORIES).describe('the cumulative category adjusted'),
  amount: z
    .union([z.number(), z.string()])
    .describe('the adjusted forecast in the corporate currency, e.g. 120000 or "120000.50"'),
  note: z.string().trim().min(1).describe('why (shown with the adjustment in the report)'),
  period: z.string().optional().describe('the fiscal period adjusted (default: the fiscal quarter of asOf)'),
  manager: z
    .string()
    .optional()
    .describe(
      "revops and admin: the manager whose layer this is (a manager's own adjustments are always theirs)",
    ),
  revision: z
    .number()
    .int()
    .min(0)
    .optional()
    .describe(
      'the revision of the period’s adjustments this change is based on (GET /api/forecast/adjustments); refused with 409 if an adjustment of the same rep and layer was saved since (others are no conflict). Or send it as If-Match',
    ),
  asOf: dateField(
    'the server’s as-of day (`serve --as-of`, else today), or leave it out: an adjustment is made on the day it is saved, and another day is refused',
  ),
});

/**
 * The day an adjustment is made on: the server's (`serve --as-of`, else today). The body's `asOf` may repeat it
 * but not change it, so that no caller backdates an adjustment's `madeOn`, or adjusts a period that has ended by
 * naming a day inside it.
 */
function adjustmentDay(sent: IsoDate | undefined, serverDay: IsoDate): IsoDate {
  if (sent === undefined || sent === serverDay) return serverDay;
  throw new InputError({
    message: `asOf ${sent} is not the server's day (${serverDay}): an adjustment is made on the day it is saved`,
    location: { field: 'asOf' },
    fix: 'leave asOf out of the body (GET /api/forecast?period=…&asOf=YYYY-MM-DD still shows a forecast as of another day)',
  });
}

/** `If-Match: "3"` (or `3`, or a weak `W/"3"`): the revision of the adjustments a change is based on. */
const IF_MATCH = /^\s*(?:W\/)?"?(\d+)"?\s*$/;

/**
 * The revision an adjustment is based on, from `If-Match` or the body's `revision` (which must agree when both
 * are sent); undefined when neither is, and the adjustment is added to the latest revision.
 */
function basedOnRevision(
  request: RouteRequest<unknown, z.output<typeof adjustmentBody>>,
): { readonly revision: number; readonly field: string } | undefined {
  const header = request.header('if-match');
  const { revision, period } = request.body;
  const read = `GET /api/forecast/adjustments${period === undefined ? '' : `?period=${period}`} gives it`;
  if (header === undefined) return revision === undefined ? undefined : { revision, field: 'revision' };
  const match = IF_MATCH.exec(header);
  if (!match) {
    throw new InputError({
      message: `If-Match ${JSON.stringify(header)} is not a revision`,
      location: { field: 'If-Match' },
      fix: `send the revision of the period’s adjustments you read, e.g. If-Match: "3" (${read})`,
    });
  }
  const fromHeader = Number(match[1]);
  if (revision !== undefined && revision !== fromHeader) {
    throw new InputError({
      message: `revision ${revision} and If-Match ${fromHeader} disagree`,
      location: { field: 'revision' },
      fix: 'send the revision once, as If-Match or as revision',
    });
  }
  return { revision: fromHeader, field: 'If-Match' };
}

const adjustmentsQuery = z.strictObject({
  period: z
    .string()
    .optional()
    .describe('a fiscal period, e.g. FY2027-Q4 (default: the fiscal quarter of asOf)'),
  asOf: asOfField,
});

const changesQuery = z.strictObject({
  from: dateField('the first day, YYYY-MM-DD (default: 7 days before to)'),
  to: dateField('the last day, YYYY-MM-DD, not after asOf (default: asOf)'),
  period: z
    .string()
    .optional()
    .describe(`the close dates that count: ${PERIOD_FORMS.join(', ')} (default: the fiscal quarter of to)`),
  by: byField,
  asOf: asOfField,
});

/**
 * The waterfall query's period (when given; the default needs the window) and `by`, checked together (the route's
 * `checkQuery` and its handler); the dates' forms are the schema's, their window the handler's.
 */
function changesFields(
  query: Readonly<Record<string, string | undefined>>,
  config: WorkspaceConfig,
  asOf: IsoDate,
) {
  const { period } = query;
  return checkArguments({
    period: () =>
      period === undefined
        ? null
        : readField('period', () => periodOrDefault(period, config, asOf, 'quarter')),
    dimensions: () => readField('by', () => parseDimensions(query.by, API_SYNTAX)),
  });
}

const conversionQuery = z.strictObject({
  period: z
    .string()
    .optional()
    .describe(
      `the cohort window, deals entering a stage in it: ${PERIOD_FORMS.join(', ')} (default: the fiscal year of asOf)`,
    ),
  by: byField,
  asOf: asOfField,
});

/** The conversion query's period and `by`, checked together (the route's `checkQuery` and its handler). */
function conversionFields(
  query: Readonly<Record<string, string | undefined>>,
  config: WorkspaceConfig,
  asOf: IsoDate,
) {
  return checkArguments({
    period: () => readField('period', () => periodOrDefault(query.period, config, asOf, 'year')),
    dimensions: () => readField('by', () => parseDimensions(query.by, API_SYNTAX)),
  });
}

const winlossQuery = z.strictObject({
  period: z
    .string()
    .optional()
    .describe(`close dates in: ${PERIOD_FORMS.join(', ')} (default: the fiscal year of asOf)`),
  by: z
    .string()
    .optional()
    .describe(
      'breakdowns separated by semicolons, each crossing comma-separated dimensions: competitor;loss_reason,segment (default: competitor, loss_reason, stage_lost_at, segment, size_band, source, owner, fiscal_quarter)',
    ),
  asOf: asOfField,
});

/** The win/loss query's `by` as its fixes write it: one parameter, its breakdowns separated by semicolons. */
const BREAKDOWNS_SYNTAX: ArgumentSyntax = {
  ...API_SYNTAX,
  entry: (argument) => `semicolon-separated part of ${argument}`,
};

/** The win/loss query's period and breakdowns, checked together (the route's `checkQuery` and its handler). */
function winlossFields(
  query: Readonly<Record<string, string | undefined>>,
  config: WorkspaceConfig,
  asOf: IsoDate,
) {
  return checkArguments({
    period: () => readField('period', () => periodOrDefault(query.period, config, asOf, 'year')),
    breakdowns: () => readField('by', () => parseBreakdowns(query.by?.split(';'), BREAKDOWNS_SYNTAX)),
  });
}

/** Who made an adjustment, in which layer: a manager for their team, revops and admin as they say. */
function adjustmentLayer(
  request: RouteRequest<unknown, z.output<typeof adjustmentBody>>,
  dataset: Dataset,
  scope: Scope,
): Pick<StoredAdjustment, 'layer' | 'by'> {
  const { user, body } = request;
  if (user.role === 'manager') {
    if (body.manager !== undefined && body.manager !== user.rep) {
      throw new InputError({
        message: `a manager adjusts as themself (${user.rep ?? ''}), not as ${JSON.stringify(body.manager)}`,
        location: { field: 'manager' },
        fix: 'leave manager out',
      });
    }
    return body.rep === user.rep ? { layer: 'owner' } : { layer: 'manager', by: user.rep ?? '' };
  }
  if (body.manager === undefined) return { layer: 'owner' };
  repInScope(dataset, scope, body.manager, 'manager');
  return { layer: 'manager', by: body.manager };
}

function amountOf(value: number | string, currency: string): number {
  const amount = readField('amount', () => parseDecimalToMinor(String(value).trim(), currency));
  if (amount < 0) {
    throw new InputError({
      message: `amount ${String(value)} is negative`,
      location: { field: 'amount' },
      fix: `give the adjusted forecast in ${currency}, e.g. 120000`,
    });
  }
  return amount;
}

const newUserBody = z.strictObject({
  login: z.string().describe('a short name: letters, digits, dots, dashes and underscores, e.g. dana'),
  role: z.enum(ROLES).describe('what the user may see and do'),
  rep: z
    .string()
    .min(1)
    .optional()
    .describe('managers and reps: the rep they are (CRM id); a manager sees their subtree'),
  expiresIn: z
    .string()
    .optional()
    .describe('refuse the token after this long, in days or weeks: 90d, 12w (default: it does not expire)'),
});

/** A user as the API shows one: everything but the token's hash. */
const shownUser = ({ tokenHash: _tokenHash, ...user }: ApiUser) => user;

const USERS_CONFLICT =
  'another change to the users was saved while this one was (two admins at once): read them again and resend';

const statementQuery = z.strictObject({
  period: z.string().min(1).describe('the plan period of a stored comp run, e.g. FY2027-M03'),
});

export const API_ROUTES: readonly Route[] = [
  route({
    method: 'get',
    path: '/api/me',
    response: meResponse,
    summary: 'who the token belongs to, and the reps whose data they see',
    description:
      'Every role. `reps` is "all", or the CRM ids of the reps in scope (a manager: their subtree).',
    roles: EVERY_ROLE,
    query: NO_QUERY,
    handle: async (request) => {
      const { full, scope } = await scopeOfCaller(request);
      const { login, role, rep } = request.user;
      const reps = scope.all ? 'all' : [...scope.reps].map((row) => textAt(full.reps.crmId, row)).sort();
      return { login, role, rep, reps };
    },
  }),
  route({
    method: 'get',
    path: '/api/reps',
    response: repsResponse,
    summary: 'the reps in scope with name, role, team, segment, manager and whether employed (for pickers)',
    description:
      'Every role, scoped as `/api/me`: admin, revops and finance every rep (those who left too, `active` false), a manager their subtree, a rep themself. Sorted by CRM id. No pipeline, quota or pay: names and the hierarchy are not pipeline, but a picker lists only whom the caller may read.',
    roles: EVERY_ROLE,
    query: NO_QUERY,
    handle: async (request) => {
      const { full, scope } = await scopeOfCaller(request);
      return scopeRepList(full, scope, request.asOf);
    },
  }),
  route({
    method: 'get',
    path: '/api/status',
    response: statusResponse,
    summary: 'what the workspace holds: counts, data version, date range',
    description:
      'Company-wide counts: admin, revops and finance. As `salesops status --format json` without the server’s folder and store location: the date range leaves out close dates far past the data’s as-of date (placeholders such as 2099-12-31), counted in closeDateOutliers.',
    roles: COMPANY_READERS,
    query: NO_QUERY,
    handle: async ({ data }) => {
      const {
        workspace: _folder,
        store: _store,
        ...status
      } = await workspaceStatus(data.workspace, () => data.dataset());
      return status;
    },
  }),
  route({
    method: 'get',
    path: '/api/opportunities',
    response: opportunitiesResponse,
    summary: 'opportunities in their current state, paged',
    description: "Scoped: a rep gets the deals they own, a manager their subtree's, the others every deal.",
    roles: PIPELINE_READERS,
    query: opportunitiesQuery,
    handle: async (request) => {
      const { query, data } = request;
      const { full, scope } = await scopeOfCaller(request);
      if (query.owner !== undefined) repInScope(full, scope, query.owner, 'owner');
      const stages = data.workspace.config.stageModel.stages.map((stage) => stage.name);
      const stage = query.stage === undefined ? undefined : stageNamed(stages, query.stage);
      const sort = query.sort === undefined ? undefined : parseOpportunitySort(query.sort);
      const owners = scopeReps(scope);
      const { stageModel } = data.workspace.config;
      const page = opportunityPage(full, { ...query, stage, sort, owners }, data.workspace.config);
      const overdue = (deal: (typeof page.items)[number]) => {
        const index = deal.stage === null ? undefined : stageModel.indexOf(deal.stage);
        const open = index !== undefined && stageModel.stage(index).outcome === 'open';
        return open && deal.closeDate !== null && deal.closeDate < request.asOf;
      };
      return {
        asOf: request.asOf,
        ...page,
        items: page.items.map((deal) => ({ ...deal, overdue: overdue(deal) })),
      };
    },
  }),
  route({
    method: 'get',
    path: '/api/metrics',
    response: metricsResponse,
    summary: 'KPIs of a period, split by dimensions (as `salesops metrics --format json`)',
    description:
      'Computed on the scoped data: a rep’s win rate is theirs, a manager’s totals are their team’s. Team quotas and costs are company figures, left out of a scoped view. Under by=manager each row has its `level` and `parent` (the manager’s manager); a scoped view starts at its top, and a rep’s (or a manager’s without reports) has their own row.',
    roles: PIPELINE_READERS,
    query: metricsQuery,
    offThread: true,
    checkQuery: (query, { data, asOf }) => metricsFields(query, data.workspace.config, asOf),
    handle: async (request) => {
      const { query, asOf, data } = request;
      const { config } = data.workspace;
      const { metrics, dimensions, period } = metricsFields(query, config, asOf);
      const { scope, dataset } = await scoped(request);
      const costly = metrics.filter((id) => METRICS[id].inputs.includes('costs'));
      if (!scope.all && costly.length > 0) {
        throw new InputError({
          message: `${costly.join(', ')} uses the company's sales and marketing costs, which are not in a ${request.user.role}'s view`,
          location: { field: 'metric' },
          fix: 'leave it out, or ask RevOps or finance for the company figure',
        });
      }
      const { table, hierarchy } = metricsWithHierarchy({
        dataset,
        config,
        asOf,
        period,
        dimensions,
        metrics,
        syntax: API_SYNTAX,
        ...(scope.all ? {} : { scopeReps: scope.reps }),
      });
      return metricsDocument(table, hierarchy, { parent: true });
    },
  }),
  route({
    method: 'get',
    path: '/api/forecast',
    response: forecastResponse,
    summary: 'the Sales Forecast of a period (as `salesops forecast --format json`; money in minor units)',
    description:
      'Scoped: a rep’s forecast is of their own deals, a manager’s of their team’s. The models learn from and score the whole company’s data, so a deal and a rep have the company report’s numbers in every view; totals are sums over the scope’s deals.',
    roles: PIPELINE_READERS,
    query: forecastQuery,
    offThread: true,
    handle: ({ query, asOf, user, data }) =>
      runForecastJob(data, { user, period: query.period, asOf, by: query.by, model: query.model }),
  }),
  route({
    method: 'post',
    path: '/api/forecast/adjustments',
    response: adjustmentResponse,
    summary:
      "adjust a rep's Commit, Best Case or Pipeline forecast (a layer with a note; system numbers stay)",
    description:
      'revops and admin for any rep (owner layer, or a manager’s with `manager`); a manager for the reps of their subtree (their manager layer; their own line in the owner layer). Send the revision read from GET /api/forecast/adjustments as If-Match (or `revision`) to have the change refused with 409 if an adjustment of the same rep and layer was saved meanwhile (saves for other reps or layers are no conflict); without it the change is added to the latest revision.',
    roles: ['admin', 'revops', 'manager'],
    query: NO_QUERY,
    body: adjustmentBody,
    status: 201,
    conflict:
      'the change was based on a revision of the period’s adjustments (If-Match or `revision`) after which another save adjusted the same rep’s same layer: read them again and resend',
    handle: async (request) => {
      const { body, data, user } = request;
      const { workspace } = data;
      const { full, scope } = await scopeOfCaller(request);
      // Every field checked, and their problems answered in one 400; a rep outside the scope is a 404 first.
      const checked = checkArguments({
        rep: () => repInScope(full, scope, body.rep, 'rep'),
        madeOn: () => adjustmentDay(body.asOf, request.asOf),
        period: () =>
          readField('period', () => fiscalPeriod(body.period, request.asOf, workspace, API_SYNTAX)),
        layer: () => adjustmentLayer(request, full, scope),
        amount: () => amountOf(body.amount, workspace.config.currency),
        basedOn: () => basedOnRevision(request),
      });
      const { period } = checked;
      const adjustment: StoredAdjustment = {
        ...checked.layer,
        rep: body.rep,
        period: period.name,
        category: body.category,
        amount: checked.amount,
        note: body.note,
        madeOn: checked.madeOn,
        madeBy: user.login,
      };
      const { revision } = await saveForecastAdjustment(
        workspace,
        full,
        period,
        adjustment,
        API_SYNTAX,
        checked.basedOn,
      );
      return { adjustment, revision };
    },
  }),
  route({
    method: 'get',
    path: '/api/forecast/adjustments',
    response: adjustmentsResponse,
    summary: "a period's stored forecast adjustments and their revision (to send back with a change)",
    description:
      'Every role: the adjustments of the reps in the caller’s scope. `revision` counts every save of the period (anyone’s): send it back with a change, which is refused (409) rather than lost if an adjustment of the same rep and layer landed first.',
    roles: EVERY_ROLE,
    query: adjustmentsQuery,
    handle: async (request) => {
      const { query, asOf, data } = request;
      const { workspace } = data;
      const period = readField('period', () => fiscalPeriod(query.period, asOf, workspace, API_SYNTAX));
      const { full, scope } = await scopeOfCaller(request);
      const { revision, adjustments } = await storedAdjustments(workspace.store, period);
      const visible = adjustments.filter((each) => {
        const row = repRow(full, each.rep);
        return row >= 0 && inScope(scope, row);
      });
      // A manager layer's manager named, for a rep whose scope (GET /api/reps) does not hold their manager.
      const byName = (by: string | undefined) => {
        const row = by === undefined ? -1 : repRow(full, by);
        return row < 0 ? null : textAt(full.reps.name, row);
      };
      return {
        period: period.name,
        revision,
        adjustments: visible.map((each) => ({ ...each, byName: byName(each.by) })),
      };
    },
  }),
  route({
    method: 'get',
    path: '/api/pipeline/changes',
    response: changesResponse,
    summary:
      'the pipeline waterfall between two dates (as `salesops pipeline changes --format json`): start + ins − outs = end',
    description:
      'Scoped: the open pipeline of the caller’s deals whose close date falls in the period, on `from` and on `to`, and every deal’s movement between (created, pulled or pushed in, reopened, increased; won, lost, pushed or pulled out, decreased; moved between groups). Amounts are signed, outs negative, so that start plus the buckets is the end exactly, in every row. Money in major units.',
    roles: PIPELINE_READERS,
    query: changesQuery,
    offThread: true,
    checkQuery: (query, { data, asOf }) => changesFields(query, data.workspace.config, asOf),
    handle: async (request) => {
      const { query, asOf, data } = request;
      const { config } = data.workspace;
      const fields = changesFields(query, config, asOf);
      const { from, to } = changesWindow({ from: query.from, to: query.to }, asOf, API_SYNTAX);
      const period = fields.period ?? periodOrDefault(undefined, config, to, 'quarter');
      const { dimensions } = fields;
      const { scope, dataset } = await scoped(request);
      const view = managerView(dataset, dimensions, scopeReps(scope), keyspaceOptions(config, period));
      const input: AnalysisData = { config, dataset, asOf, syntax: API_SYNTAX };
      const changes = pipelineChanges(input, { from, to, period, dimensions: view.dimensions });
      const document = pipelineChangesDocument(input, changes);
      return {
        ...document,
        dimensions,
        rows: viewRows(document.rows, view),
        deals: Object.fromEntries(
          Object.entries(document.deals).map(([bucket, deals]) => [
            bucket,
            viewRows(deals as Record<string, unknown>[], view),
          ]),
        ),
      };
    },
  }),
  route({
    method: 'get',
    path: '/api/pipeline/conversion',
    response: conversionResponse,
    summary:
      'stage-to-stage conversion of the deals entering each stage in a period, and the aging of open deals (as `salesops pipeline conversion --format json`)',
    description:
      'Scoped: the caller’s deals. Rates are fractions (null when a cohort is empty); days are recorded days in the stage; money in major units.',
    roles: PIPELINE_READERS,
    query: conversionQuery,
    offThread: true,
    checkQuery: (query, { data, asOf }) => conversionFields(query, data.workspace.config, asOf),
    handle: async (request) => {
      const { query, asOf, data } = request;
      const { config } = data.workspace;
      const { period, dimensions } = conversionFields(query, config, asOf);
      const { scope, dataset } = await scoped(request);
      const view = managerView(dataset, dimensions, scopeReps(scope), keyspaceOptions(config, period));
      const input: AnalysisData = { config, dataset, asOf, syntax: API_SYNTAX };
      const document = pipelineConversionDocument(
        input,
        pipelineConversion(input, { period, dimensions: view.dimensions }),
      );
      return {
        ...document,
        dimensions,
        rows: viewRows(document.rows, view),
        aging: viewRows(document.aging, view),
      };
    },
  }),
  route({
    method: 'get',
    path: '/api/winloss',
    response: winlossResponse,
    summary:
      'win rates of the deals closed in a period by competitor, segment, size band, source, rep …, losses by reason and stage (as `salesops winloss --format json`)',
    description:
      'Scoped: the caller’s deals. Each breakdown’s rows with 95% Wilson intervals and, for win rates, a two-proportion z-test of each group against the rest of the scope’s deals (Holm-corrected). Money in major units.',
    roles: PIPELINE_READERS,
    query: winlossQuery,
    offThread: true,
    checkQuery: (query, { data, asOf }) => winlossFields(query, data.workspace.config, asOf),
    handle: async (request) => {
      const { query, asOf, data } = request;
      const { config } = data.workspace;
      const { period, breakdowns } = winlossFields(query, config, asOf);
      const { scope, dataset } = await scoped(request);
      const options = keyspaceOptions(config, period);
      const views = breakdowns.map((each) =>
        managerView(dataset, each.dimensions, scopeReps(scope), options),
      );
      // Each breakdown keeps its name; a view showing the scope's own row computes it by owner.
      const computed = {
        period,
        breakdowns: breakdowns.map((each, index) => ({ ...each, dimensions: views[index]!.dimensions })),
      };
      const input: AnalysisData = { config, dataset, asOf, syntax: API_SYNTAX };
      const document = winLossDocument(input, computed, winLossResults(input, computed));
      const viewOf = (name: unknown) => views[breakdowns.findIndex((each) => each.name === name)]!;
      return {
        ...document,
        rows: document.rows.flatMap((row) => viewRows([row], viewOf(row.breakdown))),
      };
    },
  }),
  route({
    method: 'get',
    path: '/api/comp/runs',
    response: compRunsResponse,
    summary: 'the plan periods that have a stored comp run, the latest last',
    description:
      'Whoever may read statements: finance, admin, managers and reps; revops may not. A period says nothing of any payee: a statement of it may still be out of the caller’s scope.',
    roles: STATEMENT_READERS,
    query: NO_QUERY,
    handle: async ({ data }) => {
      const { store, config } = data.workspace;
      const periods = (await store.listDocuments('comp_run')).map((run) =>
        parseAnalysisPeriod(run.key, config.fiscalCalendar),
      );
      periods.sort((a, b) => a.endDay - b.endDay || a.startDay - b.startDay);
      return { periods: periods.map((period) => period.name) };
    },
  }),
  route({
    method: 'get',
    path: '/api/comp/statements/:payee',
    response: statementResponse,
    summary: "a payee's statement of a stored comp run, every line with its deals, rule, rate and formula",
    description:
      'finance and admin for every payee, a manager for their subtree, a rep for themself; revops may not. Money in minor units.',
    roles: STATEMENT_READERS,
    params: [{ name: 'payee', description: 'the payee’s rep id (CRM id), e.g. REP-0015' }],
    query: statementQuery,
    handle: async (request) => {
      const payee = request.params.payee ?? '';
      const { workspace } = request.data;
      const period = readField(
        'period',
        () => resolveAnalysisPeriod(request.query.period, request.asOf, workspace.config.fiscalCalendar).name,
      );
      const { full, scope } = await scopeOfCaller(request);
      const notFound = new HttpError(
        404,
        `no statement of ${JSON.stringify(payee)} for ${period} in your data`,
        'give the CRM id of a payee you can see (GET /api/me lists them)',
        'payee',
      );
      const row = repRow(full, payee);
      if (row < 0 || !inScope(scope, row)) throw notFound;
      const run = await compRun(workspace, period);
      if (!run) {
        // Whether a period has a run says nothing of any payee.
        throw new HttpError(
          404,
          `no comp run is stored for ${period}`,
          `ask finance or an admin to run it: ${commandOnServer(`comp run --period ${period}`)}`,
          'period',
        );
      }
      const found = statementInRun(run.body, payee);
      if (!found) throw notFound;
      return {
        period: found.period,
        asOf: found.asOf,
        closed: found.closed,
        payee: found.payee,
        // The API says null where the run names no plan for the payee (the CLI prints an empty timing).
        timing: found.timing || null,
        moneyUnit: 'minor',
        statement: found.statement,
      };
    },
  }),
  route({
    method: 'get',
    path: '/api/users',
    response: usersResponse,
    summary: 'the API users (never their tokens or token hashes)',
    description:
      'admin only. Revoked users included, in the order they were added. Add and revoke users with POST /api/users and POST /api/users/{login}/revoke, or `salesops users add|revoke`.',
    roles: ['admin'],
    query: NO_QUERY,
    handle: async ({ data }) => (await listUsers(data.workspace.store)).map(shownUser),
  }),
  route({
    method: 'post',
    path: '/api/users',
    response: addedUserResponse,
    summary: 'add a user; the answer holds their bearer token, shown this once (only its hash is kept)',
    description:
      'admin only, as `salesops users add`: the same checks and warnings (a manager who manages nobody, a rep who has left: the user is added all the same), the token kept as its hash, a new revision of the users and an audit entry naming the admin. Managers and reps name the rep they are (`rep`); admin, revops and finance none. The token is in this answer only: never in GET /api/users or the server’s log.',
    roles: ['admin'],
    query: NO_QUERY,
    body: newUserBody,
    status: 201,
    conflict: USERS_CONFLICT,
    handle: async (request) => {
      const { body, data, user, asOf } = request;
      // The route is an admin's, whose scope is every rep: the full dataset.
      const dataset = body.rep === undefined ? null : await data.dataset();
      // The rep and the lifetime checked together (one 400 for both); the login and role by addUser.
      const checked = checkArguments({
        rep: () => {
          if (body.rep === undefined || dataset === null) return { id: null, warnings: [] };
          const row = repOfNewUser(dataset, body.rep, API_USERS);
          return { id: body.rep, warnings: newUserWarnings(dataset, row, body.role, asOf, API_USERS) };
        },
        lifetime: () =>
          body.expiresIn === undefined ? {} : { expiresInDays: parseExpiresIn(body.expiresIn, API_USERS) },
      });
      const added = await addUser(
        data.workspace.store,
        { login: body.login, role: body.role, rep: checked.rep.id, ...checked.lifetime },
        { on: asOf, by: user.login },
        API_USERS,
      );
      return { user: shownUser(added.user), token: added.token, warnings: checked.rep.warnings };
    },
  }),
  route({
    method: 'post',
    path: '/api/users/:login/revoke',
    response: userResponse,
    summary: "revoke a user's token: refused from the next request on",
    description:
      'admin only, as `salesops users revoke`: a new revision of the users and an audit entry naming the admin. An admin cannot revoke their own token (400): another admin does, or salesops `users revoke` on the server.',
    roles: ['admin'],
    params: [{ name: 'login', description: 'the login of an active user, e.g. dana' }],
    query: NO_QUERY,
    conflict: USERS_CONFLICT,
    handle: async ({ params, data, user, asOf }) => {
      const login = params.login ?? '';
      if (login === user.login) {
        throw new InputError({
          message: `${login} is the user you are signed in as: revoking your own token would lock you out`,
          location: { field: 'login' },
          fix: `ask another admin to revoke it, or run ${commandOnServer(`users revoke ${login}`)}`,
        });
      }
      return shownUser(
        await revokeUser(data.workspace.store, login, { on: asOf, by: user.login }, API_USERS),
      );
    },
  }),
];
