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

/** The P10-P90 range as a bar, with the median, the forecast and the quota marked on it. */
export function RangeChart({ forecast }: { forecast: Forecast }) {
  const money = useForecastMoney(forecast);
  const { distribution: d, executiveSummary: summary } = forecast;
  const data = [{ name: 'P10–P90', range: [d.p10, d.p90] }];
  const high = Math.max(d.p90, summary.quota ?? 0, summary.forecast);
  return (
    <figure
      className="chart"
      aria-label={`Forecast range: 80% likely between ${money(d.p10)} and ${money(d.p90)}, median ${money(d.p50)}${summary.quota === null ? '' : `, quota ${money(summary.quota)}`}`}
    >
      <ResponsiveContainer width="100%" height={170}>
        <BarChart data={data} layout="vertical" margin={{ top: 24, right: 32, bottom: 24, left: 16 }}>
          <CartesianGrid strokeDasharray="3 3" horizontal={false} />
          <XAxis
            type="number"
            domain={[0, Math.ceil(high * 1.05)]}
            tickFormatter={(v: number) => money(v, { compact: true })}
          />
          <YAxis type="category" dataKey="name" width={70} />
          <Bar dataKey="range" fill="#9fb8d4" barSize={28} isAnimationActive={false} />
          <ReferenceLine
            x={d.p50}
            stroke="#1f3a5f"
            strokeWidth={2}
            label={{ value: 'P50', position: 'top' }}
          />
          <ReferenceLine
            x={summary.forecast}
            stroke="#2e7d32"
            strokeDasharray="4 2"
            label={{ value: 'Forecast', position: 'insideBottomRight' }}
          />
          {summary.quota !== null && (
            <ReferenceLine
              x={summary.quota}
              stroke="#b3261e"
              strokeWidth={2}
              label={{ value: 'Quota', position: 'top' }}
            />
          )}
        </BarChart>
      </ResponsiveContainer>
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
