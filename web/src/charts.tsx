/**
 * The dashboard's charts (Recharts, SVG): loaded on demand, after the figures and tables they illustrate, since the
 * chart library is most of the bundle. Each chart has a text label, and the same figures are in a table beside it.
 * @module
 */
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { Forecast, MetricsAnswer } from './api-types.js';
import { formatMoney } from './format.js';
import { useForecastMoney } from './pages/forecast-money.js';
import { useSession } from './session-context.js';

export function StageChart({ answer }: { answer: MetricsAnswer }) {
  const { locale } = useSession();
  const money = (value: number) =>
    formatMoney(value, answer.currency, locale, { compact: true, whole: true });
  return (
    <figure className="chart" aria-label="Open pipeline and weighted pipeline by stage">
      <ResponsiveContainer width="100%" height={260}>
        <BarChart data={[...answer.rows]} margin={{ top: 8, right: 16, bottom: 8, left: 16 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="stage" />
          <YAxis tickFormatter={money} width={70} />
          <Tooltip
            formatter={(value) => formatMoney(Number(value), answer.currency, locale, { whole: true })}
          />
          <Legend />
          <Bar dataKey="pipeline_value" name="Pipeline" fill="#4f7cac" isAnimationActive={false} />
          <Bar dataKey="weighted_pipeline" name="Weighted" fill="#1f3a5f" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </figure>
  );
}

/** The colours of the range chart's marks, named in its key. */
const RANGE_COLOURS = { range: '#9fb8d4', p50: '#1f3a5f', forecast: '#2e7d32', quota: '#b3261e' } as const;

/**
 * The forecast's distribution as the API gives it (P10, P50 and P90 of the outcomes, no curve): the P10-P90 range
 * as a bar with the median, the forecast and the quota marked on it, and a key beneath with each figure in full.
 */
export function RangeChart({ forecast }: { forecast: Forecast }) {
  const money = useForecastMoney(forecast);
  const { distribution: d, executiveSummary: summary } = forecast;
  const data = [{ name: 'P10–P90', range: [d.p10, d.p90] }];
  const high = Math.max(d.p90, summary.quota ?? 0, summary.forecast);
  const key = [
    { mark: 'range', label: 'P10–P90, 80% of outcomes', value: `${money(d.p10)} to ${money(d.p90)}` },
    { mark: 'p50', label: 'P50, the median', value: money(d.p50) },
    { mark: 'forecast', label: 'Forecast', value: money(summary.forecast) },
    ...(summary.quota === null ? [] : [{ mark: 'quota', label: 'Quota', value: money(summary.quota) }]),
  ] as const;
  return (
    <figure
      className="chart"
      aria-label={`Forecast range: 80% likely between ${money(d.p10)} and ${money(d.p90)}, median ${money(d.p50)}${summary.quota === null ? '' : `, quota ${money(summary.quota)}`}`}
    >
      <ResponsiveContainer width="100%" height={150}>
        <BarChart data={data} layout="vertical" margin={{ top: 24, right: 32, bottom: 8, left: 16 }}>
          <CartesianGrid strokeDasharray="3 3" horizontal={false} />
          <XAxis
            type="number"
            domain={[0, Math.ceil(high * 1.05)]}
            tickFormatter={(v: number) => money(v, { compact: true })}
          />
          <YAxis type="category" dataKey="name" width={70} />
          <Bar dataKey="range" fill={RANGE_COLOURS.range} barSize={28} isAnimationActive={false} />
          <ReferenceLine
            x={d.p50}
            stroke={RANGE_COLOURS.p50}
            strokeWidth={2}
            label={{ value: 'P50', position: 'top' }}
          />
          <ReferenceLine x={summary.forecast} stroke={RANGE_COLOURS.forecast} strokeDasharray="4 2" />
          {summary.quota !== null && (
            <ReferenceLine
              x={summary.quota}
              stroke={RANGE_COLOURS.quota}
              strokeWidth={2}
              label={{ value: 'Quota', position: 'top' }}
            />
          )}
        </BarChart>
      </ResponsiveContainer>
      <dl className="chart-key" aria-label="Forecast range figures">
        {key.map((entry) => (
          <div key={entry.mark}>
            <dt>
              <span className={`swatch swatch-${entry.mark}`} aria-hidden="true" />
              {entry.label}
            </dt>
            <dd>{entry.value}</dd>
          </div>
        ))}
      </dl>
    </figure>
  );
}

export function GroupChart({ forecast }: { forecast: Forecast }) {
  const money = useForecastMoney(forecast);
  const rows = forecast.byGroup.rows.map((row) => ({
    group: row.group,
    closed: row.closed,
    forecast: row.forecast,
    quota: row.quota,
  }));
  return (
    <figure className="chart" aria-label="Closed, forecast and quota of each row of the table below">
      <ResponsiveContainer width="100%" height={Math.max(160, rows.length * 34 + 60)}>
        <BarChart data={rows} layout="vertical" margin={{ top: 8, right: 24, bottom: 8, left: 16 }}>
          <CartesianGrid strokeDasharray="3 3" horizontal={false} />
          <XAxis type="number" tickFormatter={(v: number) => money(v, { compact: true })} />
          <YAxis type="category" dataKey="group" width={140} />
          <Tooltip formatter={(value) => money(Number(value))} />
          <Legend />
          <Bar dataKey="closed" name="Closed" fill="#2e7d32" isAnimationActive={false} />
          <Bar dataKey="forecast" name="Forecast" fill="#4f7cac" isAnimationActive={false} />
          <Bar dataKey="quota" name="Quota" fill="#9aa3ae" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </figure>
  );
}
