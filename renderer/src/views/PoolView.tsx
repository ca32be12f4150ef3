import { memo, useEffect, useMemo, useState, type ReactNode } from 'react';
import { CartesianGrid, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import type { RunStats } from '../../../native-bridge/protocol/index.js';
import type { SeriesPoint } from '../store/stats-history.js';
import { useUi, useUiStore } from '../store/react.js';

const COLORS = ['#1f77b4', '#2ca02c', '#d62728', '#9467bd', '#ff7f0e', '#8c564b'];
const DASH: Record<string, string | undefined> = { hits: undefined, misses: '5 3', drops: '2 2', outstanding: undefined, free: '5 3' };
const CHART_W = 340;
const CHART_H = 150;

export const tierName = (size: number): string =>
  size >= 1024 * 1024 ? `${size / 1048576} MiB` : size >= 1024 ? `${size / 1024} KiB` : `${size} B`;

function bytesText(n: number): string {
  if (n >= 1 << 30) return `${(n / 2 ** 30).toFixed(2)} GiB`;
  if (n >= 1 << 20) return `${(n / 2 ** 20).toFixed(1)} MiB`;
  if (n >= 1 << 10) return `${(n / 1024).toFixed(1)} KiB`;
  return `${n} B`;
}

interface ChartProps {
  id: string;
  title: string;
  data: SeriesPoint[];
  /** Series: key in the points, label, color, dash. */
  lines: { key: string; name: string; color: string; dash: string | undefined }[];
  /** What solid and dashed lines mean, and the colors' names (a compact legend). */
  legend: ReactNode;
  /** Y tick labels (default: compact numbers). */
  yFormat?: (v: number) => string;
}

const timeTick = (t: number): string => `${t < 10 ? t.toFixed(1) : t.toFixed(0)}s`;
const bytesTick = (v: number): string =>
  v >= 1 << 30
    ? `${+(v / 2 ** 30).toFixed(1)}G`
    : v >= 1 << 20
      ? `${+(v / 2 ** 20).toFixed(1)}M`
      : v >= 1024
        ? `${Math.round(v / 1024)}K`
        : `${v}`;
const countTick = (v: number): string =>
  v >= 1e6 ? `${+(v / 1e6).toFixed(1)}M` : v >= 1e3 ? `${+(v / 1e3).toFixed(1)}k` : `${+v.toFixed(1)}`;

/**
 * One chart. Memoized on its data array (a new array only when a stats sample arrived), no
 * animation, no dots: a redraw is one SVG path per series.
 */
const Chart = memo(function Chart({ id, title, data, lines, legend, yFormat = countTick }: ChartProps): ReactNode {
  return (
    <div className="chart" data-testid="pool-chart" data-chart={id} data-points={data.length}>
      <h3>{title}</h3>
      <LineChart width={CHART_W} height={CHART_H} data={data} margin={{ top: 4, right: 8, bottom: 0, left: 0 }}>
        <CartesianGrid strokeDasharray="3 3" stroke="#ddd" />
        <XAxis dataKey="t" type="number" domain={['dataMin', 'dataMax']} tickFormatter={timeTick} fontSize={10} />
        <YAxis fontSize={10} width={58} tickFormatter={yFormat} />
        <Tooltip isAnimationActive={false} />
        {lines.map((l) => (
          <Line key={l.key} dataKey={l.key} name={l.name} stroke={l.color} strokeDasharray={l.dash} dot={false} isAnimationActive={false} />
        ))}
      </LineChart>
      <div className="legend">{legend}</div>
    </div>
  );
});

function tierLines(tiers: number[], kinds: string[]): ChartProps['lines'] {
  return tiers.flatMap((size, i) =>
    kinds.map((k) => ({ key: `${k}${i}`, name: `${tierName(size)} ${k}`, color: COLORS[i % COLORS.length]!, dash: DASH[k] })),
  );
}

/** Renders at most every `ms`: bursts of stats (a fast replay) do not re-render the charts each time. */
function useThrottled<T>(value: T, ms: number): T {
  const [shown, setShown] = useState(value);
  const [last, setLast] = useState(0);
  useEffect(() => {
    const wait = last + ms - Date.now();
    if (wait <= 0) {
      setShown(value);
      setLast(Date.now());
      return;
    }
    const t = setTimeout(() => {
      setShown(value);
      setLast(Date.now());
    }, wait);
    return () => clearTimeout(t);
  }, [value, ms, last]);
  return shown;
}

function Counters({ stats }: { stats: RunStats | undefined }): ReactNode {
  const pool = stats?.pool;
  const hitRate = pool?.hitRate ?? 0;
  return (
    <div className="counters">
      <div className="big">
        hit rate{' '}
        <span data-testid="hit-rate" data-value={hitRate}>
          {(hitRate * 100).toFixed(1)} %
        </span>
      </div>
      {stats?.kind === 'capture' && stats.memory !== undefined && stats.memory.evictedPackets === 0 && (
        <div className="note" data-testid="capture-filling">
          The capture keeps its batches in memory until its {bytesText(stats.memory.budget)} budget is full; the pool reuses buffers from
          then on.
        </div>
      )}
      <table className="tiers">
        <thead>
          <tr>
            <th>tier</th>
            <th>hits</th>
            <th>misses</th>
            <th>drops</th>
            <th>out</th>
            <th>free</th>
          </tr>
        </thead>
        <tbody>
          {(pool?.tiers ?? []).map((t) => (
            <tr key={t.size} data-testid="pool-tier-row" data-tier={t.size}>
              <td>{tierName(t.size)}</td>
              <td data-col="hits">{t.hits}</td>
              <td data-col="misses">{t.misses}</td>
              <td data-col="drops">{t.drops}</td>
              <td data-col="outstanding">{t.outstanding}</td>
              <td data-col="free">{t.free}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <dl>
        <dt>packets</dt>
        <dd data-testid="stat-packets">{stats?.packets ?? 0}</dd>
        <dt>batches</dt>
        <dd>{stats?.batches ?? 0}</dd>
        <dt>bytes</dt>
        <dd>{bytesText(stats?.bytes ?? 0)}</dd>
        <dt>oversize</dt>
        <dd>{pool?.oversize.count ?? 0}</dd>
        <dt>seen (capture)</dt>
        <dd data-testid="capture-seen">{stats?.seen ?? '–'}</dd>
        <dt>dropped (engine)</dt>
        <dd data-testid="capture-dropped">{stats?.dropped ?? '–'}</dd>
        {stats?.memory !== undefined && (
          <>
            <dt>in memory (capture)</dt>
            <dd data-testid="capture-memory" title="packets kept in memory for scrolling back and saving, against the memory budget">
              {stats.memory.keptPackets} pkts, {bytesText(stats.memory.keptBytes)} of {bytesText(stats.memory.budget)}
            </dd>
            <dt>evicted (oldest)</dt>
            <dd data-testid="capture-evicted" title={stats.spool ? 'still in the spool file' : 'no spool file: these packets are gone'}>
              {stats.memory.evictedPackets}
              {stats.memory.evictedPackets > 0 && (stats.spool ? ' (in the spool)' : ' (lost: no spool)')}
            </dd>
          </>
        )}
        {stats?.spool !== undefined && (
          <>
            <dt>spool file</dt>
            <dd data-testid="capture-spool" title={stats.spool.path}>
              {bytesText(stats.spool.bytes)}
              {stats.spool.temporary ? ' (temporary: Save to keep it)' : ''}
            </dd>
          </>
        )}
      </dl>
    </div>
  );
}

/** Live pool charts and counters of the current run, from its stats stream (≥ 4 samples a second). */
export function PoolView(): ReactNode {
  const store = useUiStore();
  const version = useThrottled(
    useUi((s) => s.statsVersion),
    200,
  );
  const stats = useUi((s) => s.stats);
  // biome-ignore lint/correctness/useExhaustiveDependencies: version says a new sample arrived in the history
  const series = useMemo(() => store.data.history.series(), [store, version]); // version: a new sample arrived
  const tierKey = series.tiers.join(',');
  const lines = useMemo(() => {
    const tiers = tierKey === '' ? [] : tierKey.split(',').map(Number);
    return {
      rates: tierLines(tiers, ['hits', 'misses', 'drops']),
      buffers: tierLines(tiers, ['outstanding', 'free']),
      bytes: [
        { key: 'reserved', name: 'reserved', color: COLORS[0]!, dash: undefined },
        { key: 'requested', name: 'requested', color: COLORS[2]!, dash: '5 3' },
      ],
    };
  }, [tierKey]);
  const tierLegend = (styles: string): ReactNode => (
    <>
      {series.tiers.map((size, i) => (
        <span key={size} style={{ color: COLORS[i % COLORS.length] }}>
          ■ {tierName(size)}{' '}
        </span>
      ))}
      <span className="styles">{styles}</span>
    </>
  );
  // biome-ignore lint/correctness/useExhaustiveDependencies: the legend changes only with the set of tiers
  const rateLegend = useMemo(() => tierLegend('solid hits · dashed misses · dotted drops'), [tierKey]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the legend changes only with the set of tiers
  const bufLegend = useMemo(() => tierLegend('solid outstanding · dashed free'), [tierKey]);
  const bytesLegend = useMemo(
    () => (
      <>
        <span style={{ color: COLORS[0] }}>■ reserved</span> <span style={{ color: COLORS[2] }}>■ requested</span>
      </>
    ),
    [],
  );
  return (
    <section className="pool-view" data-testid="pool-view" aria-label="Buffer pool">
      <Counters stats={stats} />
      <Chart id="rates" title="Per second: hits, misses, drops" data={series.rates} lines={lines.rates} legend={rateLegend} />
      <Chart id="cumulative" title="Cumulative: hits, misses, drops" data={series.cumulative} lines={lines.rates} legend={rateLegend} />
      <Chart id="buffers" title="Buffers: outstanding, free" data={series.buffers} lines={lines.buffers} legend={bufLegend} />
      <Chart
        id="bytes"
        title="Bytes reserved vs requested"
        data={series.bytes}
        lines={lines.bytes}
        legend={bytesLegend}
        yFormat={bytesTick}
      />
    </section>
  );
}
