/**
 * The Sales Forecast of a workspace, shared by `salesops forecast` and the HTTP API: its inputs read from the
 * store (the period's adjustments) and the cache (the last backtest), the engine run on a dataset, and an
 * owner/manager adjustment checked by the engine and kept as a `forecast_adjustment` document revision plus an
 * audit entry.
 * @module
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import {
  type AnalysisPeriod,
  defaultAnalysisPeriod,
  parseAnalysisPeriod,
  resolveAnalysisPeriod,
} from '../analytics/periods.js';
import type { Dataset } from '../dataset/dataset.js';
import { toDayNumber, type IsoDate } from '../domain/dates.js';
import { type ArgumentSyntax, FLAG_SYNTAX, InputError, type Problem, readPlaced } from '../domain/errors.js';
import { checkAdjustmentFits, type ForecastAdjustment } from '../forecast/category-rollup.js';
import { periodEnded } from '../forecast/period-deals.js';
import {
  type BacktestSummary,
  buildSalesForecast,
  FORECAST_MODELS,
  type ForecastBy,
  type ModelChoice,
  type SalesForecast,
  type SalesForecastInput,
} from '../forecast/sales-forecast.js';
import type { Store } from '../store/store.js';
import type { Workspace } from '../workspace/workspace.js';

/** A forecast adjustment as stored: the engine's fields, who made it and on which day. */
export interface StoredAdjustment extends ForecastAdjustment {
  readonly madeOn: IsoDate;
  readonly madeBy: string;
}

interface AdjustmentsBody {
  readonly period: string;
  readonly adjustments: readonly StoredAdjustment[];
}

const adjustmentKey = (period: AnalysisPeriod): string => period.name;

/** A period's stored adjustments and the revision of their document (0 before the first). */
export async function storedAdjustments(
  store: Store,
  period: AnalysisPeriod,
): Promise<{ readonly revision: number; readonly adjustments: readonly StoredAdjustment[] }> {
  const document = await store.document<AdjustmentsBody>('forecast_adjustment', adjustmentKey(period));
  return { revision: document?.revision ?? 0, adjustments: document?.body.adjustments ?? [] };
}

/**
 * An adjustment based on a revision of its period's adjustments after which another adjustment of the same rep and
 * layer (`touched`) was saved: someone changed the number this change replaces (a lost update, refused).
 * Adjustments of other reps or layers saved meanwhile are no conflict. Without `touched`, saves kept landing
 * while this one was being saved. An InputError, so the CLI exits 2; the HTTP API answers 409.
 */
export class StaleRevisionError extends InputError {
  constructor(
    readonly period: string,
    readonly expected: number,
    readonly current: number,
    field: string,
    touched?: Pick<StoredAdjustment, 'rep' | 'layer'>,
  ) {
    super({
      message:
        touched === undefined
          ? `the adjustments of ${period} are at revision ${current}, not ${expected}: others kept saving meanwhile`
          : `the ${touched.layer} layer of ${touched.rep} in ${period} was adjusted after revision ${expected} (the adjustments are at revision ${current}): someone saved one meanwhile`,
      location: { field },
      fix: `read them again (revision ${current}), check your change against theirs, and send it with that revision`,
    });
    this.name = 'StaleRevisionError';
  }
}

/** Whether two adjustments touch the same number: one rep's one layer (the engine keeps the last of each). */
const sameNumber = (a: Pick<StoredAdjustment, 'rep' | 'layer'>, b: Pick<StoredAdjustment, 'rep' | 'layer'>) =>
  a.rep === b.rep && a.layer === b.layer;

/** The adjustments saved after `revision` of a period's document, whose latest revision holds `latest`. */
async function adjustmentsSince(
  store: Store,
  period: AnalysisPeriod,
  revision: number,
  latest: readonly StoredAdjustment[],
): Promise<readonly StoredAdjustment[]> {
  if (revision === 0) return latest;
  const then = await store.document<AdjustmentsBody>('forecast_adjustment', adjustmentKey(period), revision);
  // Append-only: revision r's list is a prefix of every later one.
  return latest.slice(then?.body.adjustments.length ?? 0);
}

/** The adjustments of a period made by the as-of day, as the engine takes them. */
async function readAdjustments(
  store: Store,
  period: AnalysisPeriod,
  asOf: IsoDate,
): Promise<ForecastAdjustment[]> {
  const document = await store.document<AdjustmentsBody>('forecast_adjustment', adjustmentKey(period));
  return (document?.body.adjustments ?? [])
    .filter((adjustment) => adjustment.madeOn <= asOf)
    .map(({ madeOn: _madeOn, madeBy: _madeBy, ...adjustment }) => adjustment);
}

/** Refuses an empty workspace with how to fill it (a forecast of nothing would be a silent zero). */
export function requireData(dataset: Dataset, workspace: Workspace): void {
  if (dataset.opportunities.count > 0) return;
  throw new InputError({
    message: `the workspace ${workspace.folder} holds no opportunities to forecast`,
    fix:
      'import your CRM export, e.g. `salesops import Opportunity.csv Account.csv User.csv --source salesforce` ' +
      '(quotas too, for attainment), or try the demo: `salesops demo`',
  });
}

/**
 * The fiscal period given (a forecast learns from past fiscal periods; a date range has none), or an InputError in
 * the caller's `syntax`, as the period parser's own problems are; null when none is given, whose
 * default is drawn from the day once that is checked too ({@link fiscalPeriod}).
 */
export function givenFiscalPeriod(
  text: string | undefined,
  workspace: Workspace,
  syntax: ArgumentSyntax = FLAG_SYNTAX,
): AnalysisPeriod | null {
  if (text === undefined) return null;
  const period = parseAnalysisPeriod(text, workspace.config.fiscalCalendar, syntax);
  if (period.kind === 'range') {
    throw new InputError(
      syntax.problem(
        'period',
        `${period.name} is a date range; forecasts are of fiscal periods`,
        'give a fiscal quarter, e.g. FY2026-Q4 (or a fiscal month or year)',
      ),
    );
  }
  return period;
}

/** The fiscal period given ({@link givenFiscalPeriod}), else the fiscal quarter of `asOf`. */
export function fiscalPeriod(
  text: string | undefined,
  asOf: IsoDate,
  workspace: Workspace,
  syntax: ArgumentSyntax = FLAG_SYNTAX,
): AnalysisPeriod {
  return (
    givenFiscalPeriod(text, workspace, syntax) ?? defaultAnalysisPeriod(asOf, workspace.config.fiscalCalendar)
  );
}

/** The model as the user writes it, and the engine's model it names (`all`: auto, every model shown). */
export const MODEL_CHOICES: Readonly<Record<string, ModelChoice>> = {
  auto: 'auto',
  stage_weighted: 'stage-weighted',
  category: 'commit',
  commit: 'commit',
  best_case: 'best-case',
  historical: 'historical-conversion',
  deal: 'deal-level',
  all: 'auto',
};

/** Where `salesops forecast backtest` keeps its summary for `--model auto`, in the workspace's cache folder. */
export const BACKTEST_CACHE_FILE = 'forecast-backtest.json';

export const cachedBacktestSchema = z.object({
  storeIdentity: z.string(),
  dataVersion: z.number(),
  period: z.string(),
  summary: z.object({
    periodsAsked: z.number(),
    periodsTested: z.array(z.string()),
    offsetDays: z.number(),
    accuracy: z.array(
      z.object({
        model: z.enum(FORECAST_MODELS),
        mape: z.number().nullable(),
        bias: z.number().nullable(),
        p10p90Coverage: z.number().nullable(),
      }),
    ),
    bestModel: z.enum(FORECAST_MODELS).nullable(),
  }),
});

/**
 * The last backtest run before `period` on this data version, kept in the workspace's cache folder by
 * `forecast backtest` so that `--model auto` can pick the best model without rerunning it (seconds to minutes on
 * a large workspace). Another data version, store or period, or an unreadable file, is no backtest.
 */
async function cachedBacktest(
  workspace: Workspace,
  dataset: Dataset,
  period: AnalysisPeriod,
): Promise<BacktestSummary | undefined> {
  let text: string;
  try {
    text = await readFile(join(workspace.cacheDir, BACKTEST_CACHE_FILE), 'utf8');
  } catch {
    return undefined;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return undefined;
  }
  const parsed = cachedBacktestSchema.safeParse(json);
  if (!parsed.success) return undefined;
  const cached = parsed.data;
  const current =
    cached.storeIdentity === workspace.storeIdentity &&
    cached.dataVersion === dataset.dataVersion &&
    cached.period === period.name;
  return current ? cached.summary : undefined;
}

export interface ForecastRequest {
  readonly period: AnalysisPeriod;
  readonly asOf: IsoDate;
  readonly by: ForecastBy;
  readonly model: ModelChoice;
  /** The CLI's --workspace and --as-of as given, for the commands the report's notes suggest. */
  readonly commandLine?: SalesForecastInput['commandLine'];
  /**
   * The reps (rows of the dataset's reps) a scoped view reports on (the HTTP API's rep or manager): the models
   * learn from the whole dataset, the figures are of these reps' deals and adjustments only. Undefined: every rep.
   */
  readonly reportOwners?: ReadonlySet<number>;
}

/**
 * Builds the Sales Forecast with the period's adjustments and the last backtest of this data version (`forecast
 * backtest` keeps it), from which `auto` picks the model and the Methods footnote takes its accuracy.
 */
export async function buildForecast(
  workspace: Workspace,
  dataset: Dataset,
  request: ForecastRequest,
): Promise<SalesForecast> {
  requireData(dataset, workspace);
  const adjustments = await readAdjustments(workspace.store, request.period, request.asOf);
  const backtest = await cachedBacktest(workspace, dataset, request.period);
  return buildSalesForecast({
    dataset,
    config: workspace.config,
    period: request.period,
    asOf: request.asOf,
    adjustments,
    ...(backtest === undefined ? {} : { backtest }),
    options: {
      model: request.model,
      by: request.by,
      ...(request.reportOwners === undefined ? {} : { reportOwners: request.reportOwners }),
    },
    ...(request.commandLine === undefined ? {} : { commandLine: request.commandLine }),
  });
}

/**
 * Refuses an adjustment of a period that ended before the day it is made, at the caller's `period` (written in
 * `syntax`): its outcome is what closed in it.
 */
function checkPeriodOpen(
  workspace: Workspace,
  period: AnalysisPeriod,
  madeOn: IsoDate,
  syntax: ArgumentSyntax,
): void {
  if (periodEnded(period, toDayNumber(madeOn))) {
    const current = resolveAnalysisPeriod(undefined, madeOn, workspace.config.fiscalCalendar).name;
    throw new InputError({
      message: `${period.name} ended on ${period.end}, before ${madeOn}: its outcome is what closed in it`,
      location: { field: syntax.name('period') },
      fix: `adjust an open or future period, e.g. ${current}`,
    });
  }
}

/**
 * The engine's problem at `adjustments[0].<key>` placed at the caller's argument for `key`, named as
 * {@link ArgumentSyntax} names an argument: the key itself, but for the manager who makes a manager-layer
 * adjustment, the engine's `by`, which is the caller's `manager` (`--manager`). Any other problem is kept.
 */
const atCallerField =
  (syntax: ArgumentSyntax) =>
  (problem: Problem): Problem => {
    const key = /^adjustments\[0\]\.(\w+)$/.exec(problem.location?.field ?? '')?.[1];
    if (key === undefined) return problem;
    const field = syntax.name(key === 'by' ? 'manager' : key);
    return { ...problem, location: { ...problem.location, field } };
  };

/** Saves that may race one adjustment's (each landing between its read and its write) before it gives up. */
const SAVE_ATTEMPTS = 5;

/**
 * Keeps an adjustment as the next revision of its period's `forecast_adjustment` document and appends
 * `forecast.adjust` to the audit log. An adjustment of a period that ended before the day it is made, and the
 * engine's own checks (a manager layer needs a manager of the rep; the rep needs a forecast of their own in the
 * period; commit ≤ best case ≤ pipeline must still hold in the layer with the stored adjustments), refuse it
 * before anything is saved, at the caller's arguments as `syntax` writes them (the CLI's flags by default).
 * With `basedOn` (the revision of the period's adjustments the caller read), an adjustment of the same rep and
 * layer saved since is a {@link StaleRevisionError}; adjustments of other reps or layers are not, and this one is
 * added after them. A save landing between this one's read and write (the store's revision guard) is read and
 * checked the same way, and this one saved after it: no adjustment is silently dropped.
 */
export async function saveForecastAdjustment(
  workspace: Workspace,
  dataset: Dataset,
  period: AnalysisPeriod,
  adjustment: StoredAdjustment,
  syntax: ArgumentSyntax = FLAG_SYNTAX,
  basedOn?: { readonly revision: number; readonly field: string },
): Promise<{ readonly revision: number }> {
  requireData(dataset, workspace);
  const { madeBy: _madeBy, ...checked } = adjustment;
  checkPeriodOpen(workspace, period, checked.madeOn, syntax);
  const key = adjustmentKey(period);
  const { store } = workspace;
  for (let attempt = 1; ; attempt++) {
    const latest = await storedAdjustments(store, period);
    // The engine's checks, in the caller's syntax: the adjustment itself (its rep, manager, category, amount), and
    // with the period's stored adjustments, the rep's forecast of their own and a layer that stays cumulative.
    const { madeOn, ...forEngine } = checked;
    readPlaced(
      () =>
        checkAdjustmentFits(
          dataset,
          workspace.config,
          period,
          toDayNumber(madeOn),
          latest.adjustments,
          forEngine,
          syntax,
        ),
      atCallerField(syntax),
    );
    const stale = (current: number, touched?: StoredAdjustment) =>
      new StaleRevisionError(
        period.name,
        basedOn?.revision ?? latest.revision,
        current,
        basedOn?.field ?? syntax.name('period'),
        touched,
      );
    if (basedOn !== undefined) {
      if (basedOn.revision > latest.revision) {
        throw new InputError({
          message: `revision ${basedOn.revision} is ahead of the adjustments of ${period.name}, which are at revision ${latest.revision}`,
          location: { field: basedOn.field },
          fix: `send the revision you read with the adjustments (revision ${latest.revision} now)`,
        });
      }
      const since = await adjustmentsSince(store, period, basedOn.revision, latest.adjustments);
      if (since.some((other) => sameNumber(other, adjustment))) throw stale(latest.revision, adjustment);
    }
    const body: AdjustmentsBody = { period: period.name, adjustments: [...latest.adjustments, adjustment] };
    const meta = await store
      .saveDocument({
        kind: 'forecast_adjustment',
        key,
        body,
        savedAt: adjustment.madeOn,
        savedBy: adjustment.madeBy,
        note: adjustment.note,
        expectRevision: latest.revision,
      })
      .catch(async (error: unknown) => {
        // The store's guard: another save landed between the read above and this one. Read it and try again.
        const now = (await storedAdjustments(store, period)).revision;
        if (!(error instanceof InputError) || now === latest.revision) throw error;
        if (attempt < SAVE_ATTEMPTS) return null;
        throw stale(now);
      });
    if (meta === null) continue;
    await workspace.store.appendAudit({
      at: adjustment.madeOn,
      actor: adjustment.madeBy,
      action: 'forecast.adjust',
      subject: `forecast_adjustment:${key}`,
      detail: adjustment,
    });
    return { revision: meta.revision };
  }
}
