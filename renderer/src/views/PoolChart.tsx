import { memo, type ReactNode, useCallback, useMemo, useRef } from 'react';
import {
  CartesianGrid,
  Line,
  LineChart,
  Tooltip,
  type TooltipContentProps,
  XAxis,
  type XAxisTickContentProps,
  YAxis,
  type YAxisTickContentProps,
} from 'recharts';
import { innerTicks, niceTicks } from '../lib/ticks.js';
import { countTick, seconds, secondsTick } from '../lib/units.js';
import type { SeriesPoint, SeriesTier } from '../store/stats-history.js';

/**
 * Ten distinguishable colors (d3's category10 in the light theme, brighter ones in the dark):
 * a run's pools have up to seven tiers between them. The theme's CSS variables (styles.css),
 * which SVG strokes and fills take as they are.
 */
export const COLORS = Array.from({ length: 10 }, (_, i) => `var(--series-${i})`);
/** The line style of each kind of series (the legends draw the same). */
export const DASH: Record<string, string | undefined> = {
  hits: undefined,
  misses: '5 3',
  drops: '2 2',
  outstanding: undefined,
  free: '5 3',
};
const CHART_W = 340;
const CHART_H = 150;
/** The grid and the tick labels, in the theme's colors. */
const GRID = 'var(--chart-grid)';
const TICK_TEXT = 'var(--chart-text)';
const AXIS = 'var(--chart-axis)';
// Props recharts compares by identity: a new object at every render makes it store them again
// (a dispatch, and every selector of every line runs).
const MARGIN = { top: 4, right: 8, bottom: 0, left: 0 };
const DOT = { r: 2 };

/**
 * A tick label as one plain SVG text: recharts' own label component measures every word in the
 * DOM (for wrapping), a third of a redraw. `dy` places it as recharts would (below an X axis,
 * centred on a Y tick).
 */
function tickLabel(format: (v: number) => string, dy: string): (p: XAxisTickContentProps | YAxisTickContentProps) => ReactNode {
  return ({ x, y, textAnchor, payload }) => (
    <text x={x} y={y} dy={dy} textAnchor={textAnchor} fontSize={10} fill={TICK_TEXT}>
      {format(Number(payload.value))}
    </text>
  );
}

const X_TICK = tickLabel(secondsTick, '0.71em');

/** `values`, or the array given before when it holds the same numbers. */
function useStable(values: number[]): number[] {
  const last = useRef(values);
  const prev = last.current;
  if (prev.length !== values.length || prev.some((v, i) => v !== values[i])) last.current = values;
  return last.current;
}

export const tierColor = (i: number): string => COLORS[i % COLORS.length]!;

/** One series: `group` (a tier, or the series itself) is a tooltip row, `kind` (hits, misses…) a column. */
export interface ChartLine {
  key: string;
  group: string;
  kind: string;
  color: string;
  dash: string | undefined;
}

export interface ChartProps {
  id: string;
  title: string;
  data: SeriesPoint[];
  lines: ChartLine[];
  /** What solid and dashed lines mean, and the colors' names (a compact legend). */
  legend: ReactNode;
  /** The unit of the values, once in the tooltip's head (`buffers/s`); empty when `format` gives it. */
  unit: string;
  /** A value as the tooltip shows it (`12.3`, `1.5 MiB`). Module-level: the chart is memoized. */
  format: (v: number) => string;
  /** Y tick labels (default: compact numbers). */
  tick?: (v: number) => string;
  /** `stepBefore`: each point's value holds over the interval before it (rates). */
  curve?: 'linear' | 'stepBefore';
  /** The plot's size in px (the pool panel lays its charts out to fit its height). */
  width?: number | undefined;
  height?: number | undefined;
}

const unique = (xs: string[]): string[] => [...new Set(xs)];

/**
 * The values at one point: a table of tiers by kind, the time and the unit on top. As a table
 * rather than recharts' list of `name : value` lines, a run's seven tiers fit in the chart's height.
 */
export function PoolTooltip({
  point,
  lines,
  unit,
  format,
}: Pick<ChartProps, 'lines' | 'unit' | 'format'> & { point: SeriesPoint }): ReactNode {
  const kinds = unique(lines.map((l) => l.kind));
  const groups = unique(lines.map((l) => l.group));
  const cell = (group: string, kind: string): ReactNode => {
    const v = point[lines.find((l) => l.group === group && l.kind === kind)?.key ?? ''];
    return v === undefined ? '–' : format(v);
  };
  return (
    <div className="pool-tooltip" data-testid="pool-tooltip">
      <div className="when" data-testid="pool-tooltip-head">
        at {seconds(point.t)}
        {unit !== '' && ` · ${unit}`}
      </div>
      <table>
        {kinds.some((k) => k !== '') && (
          <thead>
            <tr>
              <th className="cell" />
              {kinds.map((k) => (
                <th key={k} className="cell">
                  {k}
                </th>
              ))}
            </tr>
          </thead>
        )}
        <tbody>
          {groups.map((g) => (
            <tr key={g}>
              <th className="cell tier" scope="row" style={{ color: lines.find((l) => l.group === g)?.color }}>
                {g}
              </th>
              {kinds.map((k) => (
                <td key={k} className="cell" data-testid="pool-tooltip-value">
                  {cell(g, k)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/**
 * One chart. Memoized on its data array (a new array only when a stats sample arrived), no
 * animation: a redraw is one SVG path per series.
 */
export const PoolChart = memo(function PoolChart({
  id,
  title,
  data,
  lines,
  legend,
  unit,
  format,
  tick = countTick,
  curve = 'linear',
  width = CHART_W,
  height = CHART_H,
}: ChartProps): ReactNode {
  // One pass over the points for what the chart needs of them:
  // - a series with one value so far (one sample, or a tier's free buffers, unknown at the
  //   run's start) is no line: it gets a dot (dots elsewhere would cost an SVG element a point);
  // - only series with a value other than 0 are drawn (a zero line lies on the axis and costs
  //   recharts as much as any other); the tooltip still lists every series;
  // - the value axis, ours (lib/ticks.ts) like the time axis: 0 up to the largest value shown.
  let yLo = 0;
  let yHi = 0;
  const live = new Set<string>();
  const values = new Map<string, number>();
  for (const p of data)
    for (const l of lines) {
      const v = p[l.key];
      if (v === undefined) continue;
      values.set(l.key, (values.get(l.key) ?? 0) + 1);
      if (v === 0) continue;
      live.add(l.key);
      if (v > yHi) yHi = v;
      if (v < yLo) yLo = v;
    }
  const lone = new Set(lines.filter((l) => values.get(l.key) === 1).map((l) => l.key));
  const drawnKey = lines
    .filter((l) => live.has(l.key))
    .map((l) => l.key)
    .join(',');
  // biome-ignore lint/correctness/useExhaustiveDependencies: drawnKey names the lines drawn; a new array only when they change
  const drawn = useMemo(() => lines.filter((l) => live.has(l.key)), [lines, drawnKey]);
  // New arrays only when the ticks change: recharts stores an axis' props again at every new array.
  const t0 = data[0]?.t ?? 0;
  const t1 = Math.max(data.at(-1)?.t ?? 1, t0 + 1e-3);
  const xTicks = useStable(innerTicks(t0, t1));
  const yTicks = useStable(niceTicks(yLo, yHi));
  // The time axis ends where the data ends; the value axis at a round value.
  const xDomain = useMemo(() => [t0, t1] as const, [t0, t1]);
  const yDomain = useMemo(() => [yTicks[0]!, yTicks.at(-1)!] as const, [yTicks]);
  const yTick = useMemo(() => tickLabel(tick, '0.355em'), [tick]);
  const content = useCallback(
    ({ active, payload }: TooltipContentProps): ReactNode => {
      const point = payload[0]?.payload as SeriesPoint | undefined;
      return active && point !== undefined ? <PoolTooltip point={point} lines={lines} unit={unit} format={format} /> : null;
    },
    [lines, unit, format],
  );
  return (
    <div className="chart" data-testid="pool-chart" data-chart={id} data-points={data.length}>
      <h3>{title}</h3>
      <LineChart width={width} height={height} data={data} margin={MARGIN}>
        <CartesianGrid strokeDasharray="3 3" stroke={GRID} />
        {/* interval 0: every one of our (≤ 6) ticks, so recharts need not measure labels to thin them */}
        <XAxis
          dataKey="t"
          type="number"
          height={20}
          stroke={AXIS}
          domain={xDomain}
          ticks={xTicks}
          tick={X_TICK}
          interval={0}
          allowDataOverflow
        />
        <YAxis width={52} stroke={AXIS} domain={yDomain} ticks={yTicks} tick={yTick} interval={0} allowDataOverflow />
        <Tooltip isAnimationActive={false} content={content} />
        {drawn.map((l) => (
          <Line
            key={l.key}
            dataKey={l.key}
            name={l.kind === '' ? l.group : `${l.group} ${l.kind}`}
            type={curve}
            stroke={l.color}
            strokeDasharray={l.dash}
            dot={lone.has(l.key) ? DOT : false}
            connectNulls
            isAnimationActive={false}
          />
        ))}
      </LineChart>
      <div className="legend">{legend}</div>
    </div>
  );
});

/** One line per tier and kind (`hits`, `misses`…), keyed as the series are (`hits0`), colored by tier. */
export function tierLines(tiers: readonly SeriesTier[], kinds: readonly string[]): ChartLine[] {
  return tiers.flatMap((t, i) =>
    kinds.map((kind) => ({ key: `${kind}${i}`, group: t.label, kind, color: tierColor(i), dash: DASH[kind] })),
  );
}
