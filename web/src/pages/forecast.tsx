/**
 * The period's Sales Forecast (GET /api/forecast): the total and how it is made up, its P10-P90 range, the
 * forecast's confidence apart from the chance of quota, the split by rep, manager or segment, and the risks with
 * their deals. The forecast is the server's, on the user's scope (a manager's team, a rep's own deals).
 * @module
 */
import { lazy, Suspense, useId } from 'react';
import type { PageProps } from '../app.js';
import { query } from '../api.js';
import type { Forecast, ForecastSplit } from '../api-types.js';
import {
  confidenceClaim,
  confidenceReasonText,
  confidenceWord,
  formatMinor,
  formatPercent,
  formatProbability,
} from '../format.js';
import { useApi, useSession } from '../session-context.js';
import { Figures, Loading, PeriodControls, PeriodErrorNote, Prose, Section } from '../ui.js';
import { AdjustmentsSection } from './adjustments.js';
import { useForecastMoney } from './forecast-money.js';
import { periodChoice } from './period-params.js';

// The chart library is most of the bundle's size: it loads after the page's figures and tables.
const RangeChart = lazy(() => import('../charts.js').then((charts) => ({ default: charts.RangeChart })));
const GroupChart = lazy(() => import('../charts.js').then((charts) => ({ default: charts.GroupChart })));

const SPLITS: readonly { id: ForecastSplit; title: string }[] = [
  { id: 'owner', title: 'Rep' },
  { id: 'manager', title: 'Manager' },
  { id: 'segment', title: 'Segment' },
];

function splitOf(value: string | null): ForecastSplit {
  return SPLITS.find((split) => split.id === value)?.id ?? 'owner';
}

function GroupTable({ forecast }: { forecast: Forecast }) {
  const money = useForecastMoney(forecast);
  const { locale } = useSession();
  const title = SPLITS.find((split) => split.id === forecast.byGroup.by)?.title ?? 'Group';
  return (
    <div className="table-wrap">
      <table>
        <caption>Forecast by {title.toLowerCase()}</caption>
        <thead>
          <tr>
            <th scope="col">{title}</th>
            <th scope="col" className="number">
              Quota
            </th>
            <th scope="col" className="number">
              Closed
            </th>
            <th scope="col" className="number" title="the open pipeline as the chosen model weighs it">
              Weighted (model)
            </th>
            <th scope="col" className="number">
              Forecast
            </th>
            <th scope="col" className="number" title="the forecast over the quota (not closed over quota)">
              Forecast / quota
            </th>
            <th scope="col">Risk</th>
          </tr>
        </thead>
        <tbody>
          {forecast.byGroup.rows.map((row) => (
            <tr key={`${row.id ?? ''}${row.group}`}>
              <th scope="row">{row.group}</th>
              <td className="number">{money(row.quota)}</td>
              <td className="number">{money(row.closed)}</td>
              <td className="number">{money(row.pipelineWeighted)}</td>
              <td className="number">{money(row.forecast)}</td>
              <td className="number">
                {row.attainment === null ? 'n/a' : formatPercent(row.attainment, locale)}
              </td>
              <td>{row.risk ? <span className={`badge risk-${row.risk}`}>{row.risk}</span> : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Risks({ forecast }: { forecast: Forecast }) {
  const money = useForecastMoney(forecast);
  if (forecast.risks.length === 0) return <p>No risks found in this forecast.</p>;
  return (
    <ul className="risks">
      {forecast.risks.map((risk) => (
        <li key={risk.kind}>
          <p>
            <strong>
              <Prose text={risk.risk} />
            </strong>
            {risk.impact !== 0 && <> — impact {money(risk.impact)}</>}
          </p>
          <p className="fix">
            <Prose text={risk.mitigation} />
          </p>
          {risk.deals.length > 0 && (
            <details>
              <summary>
                {risk.deals.length} deal{risk.deals.length === 1 ? '' : 's'}
              </summary>
              <ul>
                {risk.deals.map((deal) => (
                  <li key={deal.id}>
                    {deal.name} ({deal.owner}, {deal.stage}, {money(deal.amount)}, closes{' '}
                    {deal.closeDate ?? 'n/a'})
                  </li>
                ))}
              </ul>
            </details>
          )}
        </li>
      ))}
    </ul>
  );
}

export function ForecastPage({ place, go }: PageProps) {
  const { locale } = useSession();
  const choice = periodChoice(place);
  const by = splitOf(place.params.get('by'));
  const splitId = useId();
  const {
    data: forecast,
    error,
    reload,
  } = useApi<Forecast>(`/api/forecast${query({ period: choice.period, asOf: choice.asOf, by })}`);
  const money = (minor: number | null) =>
    forecast === null || minor === null
      ? 'n/a'
      : formatMinor(minor, forecast.currency, locale, { exponent: forecast.currencyExponent, whole: true });
  return (
    <>
      <PeriodControls
        period={choice.period}
        asOf={choice.asOf}
        answered={forecast?.period.name ?? null}
        onChange={(period, asOf) => go(null, { period, asOf })}
      />
      {error ? (
        <PeriodErrorNote error={error} showDefault={() => go(null, { period: undefined, asOf: undefined })} />
      ) : !forecast ? (
        <Loading what="the forecast (the models run on the server; this can take a few seconds)" />
      ) : (
        <>
          <p className="context">
            <strong>{forecast.period.name}</strong> ({forecast.period.start} to {forecast.period.end}), as of{' '}
            {forecast.asOf}, in {forecast.currency}. Model: {forecast.model.name}.
          </p>
          <Figures
            label="Forecast figures"
            figures={[
              { label: 'Forecast', value: money(forecast.totalForecast.total) },
              { label: 'Quota', value: money(forecast.executiveSummary.quota) },
              {
                label: 'Forecast / quota',
                value:
                  forecast.executiveSummary.percentOfQuota === null
                    ? 'n/a'
                    : formatPercent(forecast.executiveSummary.percentOfQuota, locale),
              },
              { label: 'Closed', value: money(forecast.totalForecast.closed) },
              {
                label: 'Weighted (model)',
                value: money(forecast.totalForecast.weightedPipeline),
                help: 'the open pipeline as the chosen model weighs it',
              },
              { label: 'New pipeline', value: money(forecast.totalForecast.newPipeline) },
              {
                label: 'P10',
                value: money(forecast.distribution.p10),
                help: '90% likely to reach at least this',
              },
              { label: 'P50', value: money(forecast.distribution.p50), help: 'as likely above as below' },
              {
                label: 'P90',
                value: money(forecast.distribution.p90),
                help: '10% likely to reach this or more',
              },
              {
                label: 'Chance of quota',
                help: 'how likely the period is to reach its quota',
                value:
                  forecast.distribution.probabilityOfQuota === null
                    ? 'n/a'
                    : formatProbability(forecast.distribution.probabilityOfQuota, locale),
              },
              {
                label: 'Forecast confidence',
                value: confidenceWord(forecast.confidence.level),
                note: confidenceClaim(forecast.confidence, locale),
                help: 'how sure the forecast itself is, not the chance of quota',
              },
            ]}
          />
          <Section title="Range and forecast confidence">
            <Suspense fallback={<Loading what="the chart" />}>
              <RangeChart forecast={forecast} />
            </Suspense>
            {forecast.confidence.reasons.length > 0 && (
              <ul className="reasons" aria-label="Why this forecast confidence">
                {forecast.confidence.reasons.map((reason) => (
                  <li key={reason.text}>
                    <Prose
                      text={confidenceReasonText(
                        reason,
                        forecast.currency,
                        forecast.currencyExponent,
                        locale,
                      )}
                    />
                  </li>
                ))}
              </ul>
            )}
          </Section>
          <Section
            title="Breakdown"
            actions={
              <div className="controls">
                <label htmlFor={splitId}>Split by</label>
                <select id={splitId} value={by} onChange={(event) => go(null, { by: event.target.value })}>
                  {SPLITS.map((split) => (
                    <option key={split.id} value={split.id}>
                      {split.title}
                    </option>
                  ))}
                </select>
              </div>
            }
          >
            <Suspense fallback={<Loading what="the chart" />}>
              <GroupChart forecast={forecast} />
            </Suspense>
            <GroupTable forecast={forecast} />
          </Section>
          <AdjustmentsSection forecast={forecast} asOf={choice.asOf} onSaved={reload} />
          <Section title="Risks">
            <Risks forecast={forecast} />
          </Section>
          {forecast.notes.length > 0 && (
            <Section title="Notes">
              <ul>
                {forecast.notes.map((note) => (
                  <li key={note.kind}>
                    <Prose text={note.message} />
                    {note.fix && (
                      <span className="fix">
                        {' '}
                        Fix: <Prose text={note.fix} />
                      </span>
                    )}
                  </li>
                ))}
              </ul>
            </Section>
          )}
        </>
      )}
    </>
  );
}
