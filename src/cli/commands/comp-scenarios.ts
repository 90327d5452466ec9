/**
 * The attainment scenarios of `comp model` and `comp whatif`, from one of two sources:
 *
 * - **forecast**: the company-level P10, P50 or P90 outcome of the period's Sales Forecast (src/forecast) over
 *   the company quota of the period: every payee at that attainment. The forecast only gives those three.
 * - **history**: each role's measures at that percentile of what its payees reached in past periods.
 *
 * `auto` (the default) takes the forecast where it gives the percentile and the period has a quota, and history
 * otherwise; every scenario says which source it came from. The comp domain only sees the scenarios.
 * @module
 */
import { parseAnalysisPeriod } from '../../analytics/periods.js';
import { money } from '../../comp/exact.js';
import { parseScenarios, type Scenario } from '../../comp/modelling.js';
import { type Dataset } from '../../dataset/dataset.js';
import { type IsoDate } from '../../domain/dates.js';
import { InputError, readField } from '../../domain/errors.js';
import { buildSalesForecast } from '../../forecast/sales-forecast.js';
import { type Workspace } from '../../workspace/workspace.js';
import { unknownChoice } from '../io.js';

export const SCENARIO_SOURCES = ['auto', 'forecast', 'history'] as const;
export type ScenarioSource = (typeof SCENARIO_SOURCES)[number];

/** The forecast's outcomes for the period, or why there are none. */
type ForecastOutcomes =
  | {
      readonly quota: number;
      readonly outcomes: Readonly<Record<string, number>>;
      readonly note: string;
      /** Why every percentile is the same outcome, when it is (the period has ended), else null. */
      readonly noSpread: string | null;
    }
  | { readonly missing: string };

export function scenarioSource(text: string): ScenarioSource {
  const found = SCENARIO_SOURCES.find((source) => source === text.trim().toLowerCase());
  if (found) return found;
  throw unknownChoice(
    '--from',
    text,
    SCENARIO_SOURCES,
    `use one of ${SCENARIO_SOURCES.join(', ')} (forecast: the Sales Forecast's P10/P50/P90; history: past attainment)`,
  );
}

/** The Sales Forecast of the period as of `asOf`: its P10/P50/P90 outcome and the company quota. */
function forecastOutcomes(
  workspace: Workspace,
  dataset: Dataset,
  period: string,
  asOf: IsoDate,
): ForecastOutcomes {
  let forecast;
  try {
    forecast = buildSalesForecast({
      dataset,
      config: workspace.config,
      period: parseAnalysisPeriod(period, workspace.config.fiscalCalendar),
      asOf,
    });
  } catch (error) {
    if (error instanceof InputError) return { missing: error.problems[0]?.message ?? error.message };
    throw error;
  }
  const quota = forecast.executiveSummary.quota;
  if (quota === null || quota <= 0)
    return { missing: `the Sales Forecast of ${period} has no quota to measure attainment against` };
  const { p10, p50, p90 } = forecast.distribution;
  // A period over by the as-of date has no open deals left to spread its outcome: what it booked is known.
  const end = workspace.config.fiscalCalendar.periodEnd(period);
  const ended = end < asOf && p10 === p90;
  return {
    quota,
    outcomes: { p10, p50, p90 },
    note: `Sales Forecast of ${period} as of ${asOf}, ${forecast.model.name}`,
    noSpread: ended
      ? `${period} ended on ${end}: its bookings are known, the same at every percentile`
      : null,
  };
}

/** The percentiles of `--scenarios`, as history gives them, or an InputError at the flag. */
export function scenarioList(text: string): Scenario[] {
  return readField('--scenarios', () => parseScenarios(text));
}

/**
 * The scenarios of `--scenarios` ({@link scenarioList}) from `--from`: forecast outcomes over the quota where the
 * source allows and the forecast has them, history percentiles otherwise, each saying where it came from.
 */
export function modelScenarios(
  parsed: readonly Scenario[],
  source: ScenarioSource,
  forecast: { workspace: Workspace; dataset: Dataset; period: string; asOf: IsoDate },
): Scenario[] {
  if (source === 'history') return [...parsed];
  const found = forecastOutcomes(forecast.workspace, forecast.dataset, forecast.period, forecast.asOf);
  const currency = forecast.workspace.config.currency;
  return parsed.map((scenario): Scenario => {
    const outcome = 'outcomes' in found ? found.outcomes[scenario.name] : undefined;
    if ('outcomes' in found && outcome !== undefined) {
      const attainment = outcome / found.quota;
      return {
        name: scenario.name,
        percentile: null,
        attainment,
        source: `forecast ${scenario.name.toUpperCase()}: ${money(outcome, currency)} of a ${money(found.quota, currency)} quota = ${(100 * attainment).toFixed(1)}% for every payee (${found.note})${found.noSpread === null ? '' : `; ${found.noSpread}`}`,
      };
    }
    const why = 'missing' in found ? found.missing : 'the forecast gives p10, p50 and p90 only';
    if (source === 'forecast') {
      throw new InputError({
        message: `${scenario.name} cannot come from the forecast: ${why}`,
        location: { field: '--scenarios' },
        fix:
          'missing' in found
            ? 'import quotas for the period with `salesops import`, or pass --from history'
            : 'use p10, p50 and p90 with --from forecast, or pass --from history for other percentiles',
      });
    }
    return { ...scenario, source: `${scenario.source} (not the forecast: ${why})` };
  });
}
