/**
 * The report's charts as inline SVG, written by hand (docs/decisions.md, "Sales Forecast report"): the outcome
 * distribution against quota, the pipeline by stage, and forecast against quota by rep. Pure functions of their
 * numbers; coordinates are rounded to one decimal so that the same numbers give the same bytes. Every label
 * goes through the escaping element helpers.
 * @module
 */
import { element, empty, join, type Html } from './html.js';

/** Formats an axis or label amount (minor units), e.g. `$1.2M`. */
export type AmountFormat = (minor: number) => string;

export const CHART_COLORS = {
  closed: '#374151',
  weighted: '#2f6fb3',
  pipeline: '#b9d3ee',
  band: '#cfe0f3',
  median: '#1f4f86',
  quota: '#c0392b',
  quotaTick: '#111827',
  forecast: '#111111',
  grid: '#e3e6ea',
  axis: '#6b7280',
  low: '#1b7f3b',
  medium: '#d4a017',
  high: '#c0392b',
} as const;

const coordinate = (value: number): string => (Math.round(value * 10) / 10).toFixed(1);

/** Round axis ticks from 0 to at least `max`: steps of 1, 2 or 5 times a power of ten, about `count` of them. */
export function axisTicks(max: number, count = 5): number[] {
  if (!(max > 0)) return [0, 1];
  const rough = max / count;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((factor) => factor * power).find((candidate) => candidate >= rough)!;
  const ticks: number[] = [];
  for (let tick = 0; ticks.length === 0 || ticks[ticks.length - 1]! < max; tick += step) ticks.push(tick);
  return ticks;
}

function text(x: number, y: number, label: string, anchor: 'start' | 'middle' | 'end', extra = {}): Html {
  return element('text', { x: coordinate(x), y: coordinate(y), 'text-anchor': anchor, ...extra }, label);
}

function rect(x: number, y: number, width: number, height: number, fill: string, title?: string): Html {
  const shape = {
    x: coordinate(x),
    y: coordinate(y),
    width: coordinate(Math.max(0, width)),
    height: coordinate(Math.max(0, height)),
    fill,
  };
  return title === undefined ? empty('rect', shape) : element('rect', shape, element('title', {}, title));
}

function line(x1: number, y1: number, x2: number, y2: number, stroke: string, extra = {}): Html {
  return empty('line', {
    x1: coordinate(x1),
    y1: coordinate(y1),
    x2: coordinate(x2),
    y2: coordinate(y2),
    stroke,
    ...extra,
  });
}

function svg(label: string, width: number, height: number, ...children: Html[]): Html {
  return element(
    'svg',
    {
      xmlns: 'http://www.w3.org/2000/svg',
      viewBox: `0 0 ${width} ${coordinate(height)}`,
      width,
      height: coordinate(height),
      role: 'img',
      'aria-label': label,
      class: 'chart',
    },
    element('title', {}, label),
    ...children,
  );
}

/** A horizontal money axis: grid lines and tick labels under a plot area. */
function horizontalAxis(
  ticks: readonly number[],
  scale: (value: number) => number,
  top: number,
  bottom: number,
  format: AmountFormat,
): Html {
  return join(
    ticks.map((tick) =>
      join(
        line(scale(tick), top, scale(tick), bottom, CHART_COLORS.grid),
        text(scale(tick), bottom + 14, format(tick), 'middle', { class: 'tick' }),
      ),
    ),
  );
}

function legend(x: number, y: number, entries: readonly (readonly [string, string])[]): Html {
  let offset = x;
  return join(
    entries.map(([color, label]) => {
      const item = join(rect(offset, y - 9, 10, 10, color), text(offset + 14, y, label, 'start'));
      // About 7 px a character at 12 px: room for the widest labels, then a gap.
      offset += 28 + label.length * 7;
      return item;
    }),
  );
}

export interface DistributionChartInput {
  readonly closed: number;
  readonly p10: number;
  readonly p50: number;
  readonly p90: number;
  readonly forecast: number;
  readonly quota: number | null;
  readonly format: AmountFormat;
}

/**
 * The period outcome against quota: closed so far, the P10-P90 range with its median, the forecast, and the
 * quota line.
 */
export function distributionChart(input: DistributionChartInput): Html {
  const width = 760;
  const height = 190;
  const left = 20;
  const right = width - 30;
  const max = Math.max(input.p90, input.quota ?? 0, input.forecast, input.closed) * 1.05;
  const ticks = axisTicks(max);
  const top = ticks[ticks.length - 1]!;
  const scale = (value: number) => left + ((right - left) * value) / top;
  const barTop = 70;
  const barHeight = 40;
  const { format } = input;
  const marker = (value: number, label: string, y: number, color: string, anchor: 'middle' | 'end') =>
    join(
      line(scale(value), barTop - 8, scale(value), barTop + barHeight + 8, color, { 'stroke-width': 2 }),
      text(scale(value), y, label, anchor, { fill: color }),
    );
  const quota =
    input.quota === null
      ? join()
      : join(
          line(scale(input.quota), 28, scale(input.quota), barTop + barHeight + 8, CHART_COLORS.quota, {
            'stroke-width': 2,
            'stroke-dasharray': '6 4',
          }),
          text(scale(input.quota), 22, `Quota ${format(input.quota)}`, 'middle', {
            fill: CHART_COLORS.quota,
          }),
        );
  return svg(
    'Outcome distribution (P10, P50, P90) against quota',
    width,
    height,
    horizontalAxis(ticks, scale, 30, barTop + barHeight + 16, format),
    rect(
      scale(input.p10),
      barTop,
      scale(input.p90) - scale(input.p10),
      barHeight,
      CHART_COLORS.band,
      `P10 ${format(input.p10)} to P90 ${format(input.p90)}`,
    ),
    rect(scale(0), barTop + 12, scale(input.closed) - scale(0), barHeight - 24, CHART_COLORS.closed),
    marker(input.p10, `P10 ${format(input.p10)}`, barTop + barHeight + 44, CHART_COLORS.median, 'middle'),
    marker(input.p50, `P50 ${format(input.p50)}`, barTop - 14, CHART_COLORS.median, 'middle'),
    marker(input.p90, `P90 ${format(input.p90)}`, barTop + barHeight + 44, CHART_COLORS.median, 'middle'),
    line(scale(input.forecast), barTop, scale(input.forecast), barTop + barHeight, CHART_COLORS.forecast, {
      'stroke-width': 3,
    }),
    quota,
    legend(left, height - 8, [
      [CHART_COLORS.closed, `Closed ${format(input.closed)}`],
      [CHART_COLORS.band, 'P10-P90 range'],
      [CHART_COLORS.forecast, `Forecast ${format(input.forecast)}`],
    ]),
  );
}

export interface StageBar {
  readonly label: string;
  readonly value: number;
  readonly weighted: number;
}

/**
 * Open pipeline by stage: value and weighted value side by side, in process order; `weightedLabel` names the
 * weighted bars in the legend (the table's header, e.g. "Weighted Value (deal-level model)").
 */
export function stageChart(stages: readonly StageBar[], format: AmountFormat, weightedLabel: string): Html {
  const width = 760;
  const height = 260;
  const left = 64;
  const bottom = height - 52;
  const top = 16;
  const ticks = axisTicks(Math.max(0, ...stages.map((stage) => stage.value)));
  const ceiling = ticks[ticks.length - 1]!;
  const y = (value: number) => bottom - ((bottom - top) * value) / ceiling;
  const slot = (width - left - 10) / Math.max(1, stages.length);
  const bar = Math.min(36, slot / 2.6);
  return svg(
    'Open pipeline by stage: value and weighted value',
    width,
    height,
    join(
      ticks.map((tick) =>
        join(
          line(left, y(tick), width - 10, y(tick), CHART_COLORS.grid),
          text(left - 6, y(tick) + 4, format(tick), 'end', { class: 'tick' }),
        ),
      ),
    ),
    join(
      stages.map((stage, index) => {
        const center = left + slot * (index + 0.5);
        return join(
          rect(
            center - bar - 1,
            y(stage.value),
            bar,
            bottom - y(stage.value),
            CHART_COLORS.pipeline,
            `${stage.label}: value ${format(stage.value)}`,
          ),
          rect(
            center + 1,
            y(stage.weighted),
            bar,
            bottom - y(stage.weighted),
            CHART_COLORS.weighted,
            `${stage.label}: weighted ${format(stage.weighted)}`,
          ),
          text(center, bottom + 16, stage.label, 'middle'),
        );
      }),
    ),
    line(left, bottom, width - 10, bottom, CHART_COLORS.axis),
    legend(left, height - 8, [
      [CHART_COLORS.pipeline, 'Value'],
      [CHART_COLORS.weighted, weightedLabel],
    ]),
  );
}

export type RiskLevel = 'low' | 'medium' | 'high';

export interface RepBar {
  readonly label: string;
  readonly closed: number;
  readonly forecast: number;
  readonly quota: number | null;
  readonly risk: RiskLevel | null;
}

/** Forecast against quota by rep: closed, the rest of the forecast coloured by risk, and a quota tick. */
export function repChart(reps: readonly RepBar[], format: AmountFormat): Html {
  const width = 760;
  const rowHeight = 22;
  const left = 170;
  const right = width - 20;
  const top = 10;
  const plotBottom = top + rowHeight * Math.max(1, reps.length);
  const height = plotBottom + 48;
  const ticks = axisTicks(Math.max(0, ...reps.map((rep) => Math.max(rep.forecast, rep.quota ?? 0))));
  const ceiling = ticks[ticks.length - 1]!;
  const scale = (value: number) => left + ((right - left) * value) / ceiling;
  return svg(
    'Forecast against quota by rep',
    width,
    height,
    horizontalAxis(ticks, scale, top, plotBottom, format),
    join(
      reps.map((rep, index) => {
        const y = top + index * rowHeight;
        const color = rep.risk === null ? CHART_COLORS.weighted : CHART_COLORS[rep.risk];
        const label = rep.label.length > 26 ? `${rep.label.slice(0, 25)}…` : rep.label;
        const quota = rep.quota === null ? 'no quota' : `quota ${format(rep.quota)}`;
        return join(
          text(left - 6, y + 15, label, 'end'),
          rect(
            scale(0),
            y + 4,
            scale(rep.forecast) - scale(0),
            rowHeight - 8,
            color,
            `${rep.label}: forecast ${format(rep.forecast)}, ${quota}`,
          ),
          rect(scale(0), y + 8, scale(rep.closed) - scale(0), rowHeight - 16, CHART_COLORS.closed),
          rep.quota === null
            ? join()
            : line(scale(rep.quota), y + 1, scale(rep.quota), y + rowHeight - 1, CHART_COLORS.quotaTick, {
                'stroke-width': 2,
              }),
        );
      }),
    ),
    legend(20, height - 8, [
      [CHART_COLORS.closed, 'Closed'],
      [CHART_COLORS.low, 'Forecast, low risk'],
      [CHART_COLORS.medium, 'medium'],
      [CHART_COLORS.high, 'high'],
      [CHART_COLORS.quotaTick, 'Quota'],
    ]),
  );
}
