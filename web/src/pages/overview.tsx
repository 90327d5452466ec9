/**
 * The period at a glance (GET /api/metrics): pipeline, win rate, deal size, cycle, closed won against quota and
 * coverage; open pipeline by stage; and, for a team or the company, the same per rep. Every figure is the
 * metric registry's, computed by the server on the user's scope; each one's definition is its tooltip.
 * @module
 */
import { lazy, Suspense } from 'react';
import type { PageProps } from '../app.js';
import { query } from '../api.js';
import type { MetricsAnswer } from '../api-types.js';
import { creditsLeftOutText, formatMetric, metricLabel, pipelineLeftOutText } from '../format.js';
import { useApi, useSession } from '../session-context.js';
import { ErrorNote, Figures, Loading, PeriodControls, PeriodErrorNote, Section } from '../ui.js';
import { periodChoice } from './period-params.js';

// The chart library is most of the bundle's size: it loads after the page's figures and tables.
const StageChart = lazy(() => import('../charts.js').then((charts) => ({ default: charts.StageChart })));

/** The headline metrics, in the order shown. */
const HEADLINE_METRICS = [
  'pipeline_value',
  'open_deals',
  'weighted_pipeline',
  'win_rate',
  'avg_deal_size',
  'sales_cycle_days',
  'closed_won',
  'quota',
  'quota_attainment',
  'pipeline_coverage',
] as const;
const STAGE_METRICS = ['open_deals', 'pipeline_value', 'weighted_pipeline'] as const;
const REP_METRICS = [
  'closed_won',
  'quota_attainment',
  'pipeline_value',
  'pipeline_coverage',
  'win_rate',
] as const;

function metricsPath(
  metrics: readonly string[],
  choice: { period: string; asOf: string },
  by?: string,
): string {
  return `/api/metrics${query({ metric: metrics.join(','), period: choice.period, asOf: choice.asOf, by })}`;
}

/**
 * What an answer's metric left out, in words: the open deals with a zero, negative or missing amount (open-pipeline
 * metrics) and the credits (win rates, average deal). Without `metric`, what any of its metrics did.
 */
function leftOutNotes(answer: MetricsAnswer, locale: string, metric?: string): string[] {
  const { leftOut, creditsLeftOut, period, currency } = answer;
  const applies = (metrics: readonly string[]) => metric === undefined || metrics.includes(metric);
  return [
    ...(leftOut && applies(leftOut.metrics) ? [pipelineLeftOutText(leftOut, period, currency, locale)] : []),
    ...(creditsLeftOut && applies(creditsLeftOut.metrics)
      ? [creditsLeftOutText(creditsLeftOut, period, currency, locale)]
      : []),
  ];
}

/** A table of a split metrics answer: the dimension's label, then each metric in its unit. */
function MetricsTable({ answer, caption }: { answer: MetricsAnswer; caption: string }) {
  const { locale } = useSession();
  const dimension = answer.dimensions[0] ?? '';
  return (
    <div className="table-wrap">
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">
              {dimension === 'owner' ? 'Rep' : dimension[0]?.toUpperCase() + dimension.slice(1)}
            </th>
            {answer.metrics.map((metric) => (
              <th scope="col" className="number" key={metric.id} title={metric.definition}>
                {metricLabel(metric)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {answer.rows.map((row, index) => (
            <tr key={index}>
              <th scope="row">{row[dimension] ?? '—'}</th>
              {answer.metrics.map((metric) => (
                <td className="number" key={metric.id}>
                  {formatMetric(row[metric.id], metric.unit, answer.currency, locale)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {leftOutNotes(answer, locale).map((text) => (
        <p className="hint left-out" key={text}>
          {text}
        </p>
      ))}
    </div>
  );
}

export function OverviewPage({ place, go }: PageProps) {
  const { me, locale } = useSession();
  const choice = periodChoice(place);
  const headline = useApi<MetricsAnswer>(metricsPath(HEADLINE_METRICS, choice));
  const answer = headline.data;
  // The splits are asked for the period and as-of day the headline answered for, once it has: a refused period is
  // one call and one error, and while another period loads they keep showing the one the key figures show.
  const answered = answer && { period: answer.period, asOf: answer.asOf };
  const stages = useApi<MetricsAnswer>(answered && metricsPath(STAGE_METRICS, answered, 'stage'));
  const reps = useApi<MetricsAnswer>(
    answered && me.role !== 'rep' ? metricsPath(REP_METRICS, answered, 'owner') : null,
  );
  const row = answer?.rows[0] ?? {};
  return (
    <>
      <PeriodControls
        period={choice.period}
        asOf={choice.asOf}
        answered={answer?.period ?? null}
        onChange={(period, asOf) => go(null, { period, asOf })}
      />
      {answer && (
        <p className="context">
          <strong>{answer.period}</strong> ({answer.periodStart} to {answer.periodEnd}), as of {answer.asOf},
          in {answer.currency}
        </p>
      )}
      {headline.error ? (
        <PeriodErrorNote
          error={headline.error}
          showDefault={() => go(null, { period: undefined, asOf: undefined })}
        />
      ) : (
        <>
          {answer ? (
            <Figures
              label="Key figures"
              figures={answer.metrics.map((metric) => ({
                label: metricLabel(metric),
                value: formatMetric(row[metric.id], metric.unit, answer.currency, locale),
                help: metric.definition,
                ...(metric.benchmark ? { note: `Benchmark: ${metric.benchmark}` } : {}),
                leftOut: leftOutNotes(answer, locale, metric.id),
              }))}
            />
          ) : (
            <Loading what="key figures" />
          )}
          <Section title="Open pipeline by stage">
            {stages.error ? (
              <ErrorNote error={stages.error} />
            ) : stages.data ? (
              stages.data.rows.length === 0 ? (
                <p>No open deals close in this period.</p>
              ) : (
                <>
                  <Suspense fallback={<Loading what="the chart" />}>
                    <StageChart answer={stages.data} />
                  </Suspense>
                  <MetricsTable answer={stages.data} caption="Open deals closing in the period, by stage" />
                </>
              )
            ) : (
              <Loading what="the pipeline by stage" />
            )}
          </Section>
          {me.role !== 'rep' && (
            <Section title="By rep">
              {reps.error ? (
                <ErrorNote error={reps.error} />
              ) : reps.data ? (
                <MetricsTable answer={reps.data} caption="Each rep's figures for the period" />
              ) : (
                <Loading what="the figures by rep" />
              )}
            </Section>
          )}
        </>
      )}
    </>
  );
}
