import { type ReactNode, type RefObject, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { RunStats } from '../../../native-bridge/protocol/index.js';
import { POOL_LABEL, type PoolScope, scopedPools } from '../lib/pool-stats.js';
import { bytes, bytesTick, count, megabytesPerSecond, percent, seconds, sig, tierName } from '../lib/units.js';
import { useUi, useUiStore } from '../store/react.js';
import type { SeriesTier } from '../store/stats-history.js';
import { ChevronIcon } from './icons.js';
import { COLORS, DASH, PoolChart, tierColor, tierLines } from './PoolChart.js';
import { setPoolCollapsed, usePoolCollapsed } from './prefs.js';

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

/**
 * `value`, `ms` after it changed (at once when `ms` is 0). The four charts take their new data
 * one after the other, each in a task of its own: one chart's redraw fits between two frames of
 * a list being scrolled, four in one task did not.
 */
function useLagged<T>(value: T, ms: number): T {
  const [shown, setShown] = useState(value);
  useEffect(() => {
    if (ms === 0) {
      setShown(value);
      return;
    }
    const t = setTimeout(() => setShown(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return ms === 0 ? value : shown;
}

/** A capture's drops: libpcap's (kernel, interface) and the engine's own, as two series. */
const DROP_LINES = [
  { key: 'kernel', group: 'kernel', kind: '', color: COLORS[2]!, dash: undefined },
  { key: 'engine', group: 'engine', kind: '', color: COLORS[4]!, dash: '5 3' },
];
/** A legend entry: a stroke of the series' colour and its name. */
const Swatch = ({ color, children }: { color: string | undefined; children: ReactNode }): ReactNode => (
  <span className="swatch" style={{ color }}>
    <i />
    {children}
  </span>
);
const DROP_LEGEND = (
  <>
    <Swatch color={COLORS[2]}>kernel (buffer full, interface)</Swatch>
    <Swatch color={COLORS[4]}>engine (consumer held back)</Swatch>
  </>
);

/** The charts' turns within one throttle period (ms after the first). */
const CHART_LAG = [0, 125, 250, 375, 450] as const;

/** "This run" (the default) or "Since start": which pool numbers the counters and charts show. */
function ScopeToggle({ scope, total, onChange }: { scope: PoolScope; total: boolean; onChange: (s: PoolScope) => void }): ReactNode {
  const option = (value: PoolScope, label: string, title: string, disabled = false): ReactNode => (
    <label title={title} className={disabled ? 'disabled' : undefined}>
      <input
        type="radio"
        name="pool-scope"
        value={value}
        data-testid={`pool-scope-${value}`}
        checked={scope === value}
        disabled={disabled}
        onChange={() => onChange(value)}
      />
      {label}
    </label>
  );
  return (
    <fieldset className="pool-scope" data-testid="pool-scope" data-scope={scope}>
      <legend>Pool numbers</legend>
      {option('run', 'This run', "the run's own pools, counted from zero when it started")}
      {option(
        'total',
        'Since start',
        total ? 'every pool of every run since the engine started, tiers of one size summed' : 'the engine reports no since-start totals',
        !total,
      )}
    </fieldset>
  );
}

/** A tier's hit rate as a bar's width (%) behind its cell; none before its first acquisition. */
const meter = (t: { hits: number; misses: number; hitRate: number }): number =>
  t.hits + t.misses === 0 ? 0 : Math.min(1, Math.max(0, t.hitRate)) * 100;

function Counters({ stats, scope }: { stats: RunStats | undefined; scope: PoolScope }): ReactNode {
  const scoped = stats === undefined ? undefined : scopedPools(stats, scope);
  const hitRate = scoped?.hitRate ?? 0;
  const over =
    scope === 'total'
      ? 'since the engine started, every run'
      : `this run's packets${stats?.chunks !== undefined ? ' and file chunks' : ''} (the UI's pool apart)`;
  const elapsed = stats?.seconds ?? 0;
  const oversize = scoped?.combined.oversize;
  return (
    <div className="counters">
      <div className="big">
        hit rate{' '}
        <span data-testid="hit-rate" data-value={hitRate} data-scope={scope}>
          {scoped === undefined ? '–' : percent(hitRate)}
        </span>
        <div className="meter" aria-hidden="true">
          <i style={{ width: `${Math.min(1, Math.max(0, hitRate)) * 100}%` }} />
        </div>
        <div className="over" data-testid="hit-rate-over">
          {scoped === undefined ? 'waiting for the run’s first stats' : over}
        </div>
      </div>
      {stats?.kind === 'capture' && stats.memory !== undefined && stats.memory.evictedPackets === 0 && (
        <div className="note" data-testid="capture-filling">
          The capture keeps its batches in memory until its {bytes(stats.memory.budget)} budget is full; the pool reuses buffers from then
          on.
        </div>
      )}
      <table className="tiers">
        <thead>
          <tr>
            <th>tier</th>
            <th title="acquisitions served from the free list">hits</th>
            <th title="acquisitions that allocated">misses</th>
            <th>hit %</th>
            <th title="released buffers the full free list discarded">drops</th>
            <th title="acquired and not back yet, as the engine reports">out</th>
            <th title="buffers on the free list">free</th>
          </tr>
        </thead>
        <tbody>
          {scoped?.pools.map(({ name, stats: pool }) => [
            <tr key={name} className="pool-group" data-testid="pool-group" data-pool={name}>
              <th colSpan={7} scope="colgroup">
                {POOL_LABEL[name]}
                {name === 'total' ? ' (since start)' : ''}
              </th>
            </tr>,
            ...pool.tiers.map((t) => (
              <tr key={`${name}:${t.size}`} data-testid="pool-tier-row" data-pool={name} data-tier={t.size}>
                <td>{tierName(t.size)}</td>
                <td data-col="hits" data-value={t.hits}>
                  {count(t.hits)}
                </td>
                <td data-col="misses" data-value={t.misses}>
                  {count(t.misses)}
                </td>
                <td data-col="hitRate" data-value={t.hitRate} className="rate" style={{ backgroundSize: `${meter(t)}% 100%` }}>
                  {t.hits + t.misses === 0 ? '–' : percent(t.hitRate)}
                </td>
                <td data-col="drops" data-value={t.drops}>
                  {count(t.drops)}
                </td>
                <td data-col="outstanding" data-value={t.outstanding}>
                  {count(t.outstanding)}
                </td>
                <td data-col="free" data-value={t.free}>
                  {count(t.free)}
                </td>
              </tr>
            )),
          ])}
        </tbody>
      </table>
      <dl>
        <dt>elapsed</dt>
        <dd data-testid="stat-seconds">{stats === undefined ? '–' : seconds(elapsed)}</dd>
        <dt>packets</dt>
        <dd data-testid="stat-packets" data-value={stats?.packets ?? 0}>
          {count(stats?.packets ?? 0)}
        </dd>
        <dt>throughput</dt>
        <dd data-testid="stat-throughput" title="averaged over the run">
          {stats === undefined || elapsed <= 0
            ? '–'
            : `${sig(stats.packets / elapsed)} packets/s · ${megabytesPerSecond(stats.bytes / elapsed)}`}
        </dd>
        <dt>batches</dt>
        <dd>{count(stats?.batches ?? 0)}</dd>
        <dt>bytes</dt>
        <dd data-testid="stat-bytes">{bytes(stats?.bytes ?? 0)}</dd>
        <dt>oversize</dt>
        <dd data-testid="stat-oversize">{oversize === undefined ? '–' : `${count(oversize.count)} (${bytes(oversize.bytes)})`}</dd>
        <dt>seen (capture)</dt>
        <dd data-testid="capture-seen">{stats?.seen === undefined ? '–' : count(stats.seen)}</dd>
        <dt>dropped (engine)</dt>
        <dd data-testid="capture-dropped">{stats?.dropped === undefined ? '–' : count(stats.dropped)}</dd>
        <dt>dropped (kernel)</dt>
        <dd
          data-testid="capture-kernel-dropped"
          title={
            stats?.kernel === undefined
              ? undefined
              : `libpcap: ${count(stats.kernel.received)} received by the filter, ${count(stats.kernel.dropped)} dropped by the kernel (its capture buffer was full), ${count(stats.kernel.ifDropped)} dropped by the interface`
          }
        >
          {stats?.kernel === undefined ? '–' : count(stats.kernel.dropped + stats.kernel.ifDropped)}
        </dd>
        {stats?.memory !== undefined && (
          <>
            <dt>in memory (capture)</dt>
            <dd data-testid="capture-memory" title="packets kept in memory for scrolling back and saving, against the memory budget">
              {count(stats.memory.keptPackets)} pkts, {bytes(stats.memory.keptBytes)} of {bytes(stats.memory.budget)}
            </dd>
            <dt>evicted (oldest)</dt>
            <dd data-testid="capture-evicted" title={stats.spool ? 'still in the spool file' : 'no spool file: these packets are gone'}>
              {count(stats.memory.evictedPackets)}
              {stats.memory.evictedPackets > 0 && (stats.spool ? ' (in the spool)' : ' (lost: no spool)')}
            </dd>
          </>
        )}
        {stats?.spool !== undefined && (
          <>
            <dt>spool file</dt>
            <dd data-testid="capture-spool" title={stats.spool.path}>
              {bytes(stats.spool.bytes)}
              {stats.spool.temporary ? ' (temporary: Save to keep it)' : ''}
            </dd>
          </>
        )}
      </dl>
    </div>
  );
}

/** The tiers' colors, once for the charts that draw a line per tier. */
function TierLegend({ tiers }: { tiers: readonly SeriesTier[] }): ReactNode {
  return (
    <div className="legend tier-legend" data-testid="pool-legend">
      {tiers.map((t, i) => (
        <Swatch key={t.key} color={tierColor(i)}>
          {t.label}
        </Swatch>
      ))}
    </div>
  );
}

/** What a chart's line styles mean (its colors are the tiers', above). */
function Styles({ kinds }: { kinds: readonly string[] }): ReactNode {
  return (
    <span className="styles">
      {kinds.map((k) => (
        <span key={k} className="style">
          <svg width="16" height="6" aria-hidden="true">
            <line x1="0" y1="3" x2="16" y2="3" stroke="currentColor" strokeWidth="1.5" strokeDasharray={DASH[k]} />
          </svg>
          {k}
        </span>
      ))}
    </span>
  );
}

/** Space a chart's card takes beside its plot: title above and legend below, its padding and border (px). */
const CHART_CHROME = 40;
const CARD_SIDES = 14;
const GRID_GAP = 10;

/**
 * The size of each chart's plot: the charts share the grid's area in two columns, as many
 * rows as they need, so the four of them fit the panel's height. Undefined until measured (and
 * where nothing can be measured): the charts' own default size.
 */
function useChartSize(count: number): [RefObject<HTMLDivElement | null>, { width: number; height: number } | undefined] {
  const ref = useRef<HTMLDivElement>(null);
  const [box, setBox] = useState<{ w: number; h: number } | undefined>(undefined);
  useLayoutEffect(() => {
    const el = ref.current;
    if (el === null || typeof ResizeObserver === 'undefined') return;
    const measure = (): void => {
      const w = el.clientWidth;
      const h = el.clientHeight;
      setBox((old) => (old !== undefined && old.w === w && old.h === h ? old : { w, h }));
    };
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  const rows = Math.ceil(count / 2);
  const size =
    box === undefined || box.w === 0
      ? undefined
      : {
          width: Math.max(120, Math.floor((box.w - GRID_GAP) / 2) - CARD_SIDES),
          height: Math.max(80, Math.floor((box.h - GRID_GAP * (rows - 1)) / rows) - CHART_CHROME),
        };
  return [ref, size];
}

/**
 * Live pool charts and counters of the current run, from its stats stream (≥ 4 samples a
 * second): the run's own pools by default, since-start totals when the user picks them.
 */
export function PoolView(): ReactNode {
  const store = useUiStore();
  const [picked, setPicked] = useState<PoolScope>('run');
  // Two chart renders a second at most: a flood's stats (5 a second) redrew four charts each time.
  const version = useThrottled(
    useUi((s) => s.statsVersion),
    500,
  );
  const run = useUi((s) => s.run);
  const latest = useUi((s) => s.stats);
  // Until a new run's first sample, the stats in the store are the previous run's: not this run's numbers.
  const stats = latest !== undefined && (run === undefined || latest.runId === run.runId) ? latest : undefined;
  const total = stats?.total !== undefined;
  const scope: PoolScope = picked === 'total' && total ? 'total' : 'run';
  const runId = run?.runId;
  // biome-ignore lint/correctness/useExhaustiveDependencies: version says a new sample arrived in the history, runId that it was cleared
  const series = useMemo(() => store.data.history.series(scope), [store, version, scope, runId]);
  const tierKey = series.tiers.map((t) => t.key).join(',');
  // biome-ignore lint/correctness/useExhaustiveDependencies: lines and legends change only with the set of tiers
  const parts = useMemo(
    () => ({
      rates: tierLines(series.tiers, ['hits', 'misses', 'drops']),
      buffers: tierLines(series.tiers, ['outstanding', 'free']),
      tierLegend: <TierLegend tiers={series.tiers} />,
      rateLegend: <Styles kinds={['hits', 'misses', 'drops']} />,
      bufLegend: <Styles kinds={['outstanding', 'free']} />,
    }),
    [tierKey],
  );
  const bytesLines = useMemo(
    () => [
      { key: 'reserved', group: 'reserved', kind: '', color: COLORS[0]!, dash: undefined },
      { key: 'requested', group: 'requested', kind: '', color: COLORS[2]!, dash: '5 3' },
    ],
    [],
  );
  const bytesLegend = useMemo(
    () => (
      <>
        <Swatch color={COLORS[0]}>reserved</Swatch>
        <Swatch color={COLORS[2]}>requested</Swatch>
      </>
    ),
    [],
  );
  const rates = useLagged(series.rates, CHART_LAG[0]);
  const cumulative = useLagged(series.cumulative, CHART_LAG[1]);
  const buffers = useLagged(series.buffers, CHART_LAG[2]);
  const bytesSeries = useLagged(series.bytes, CHART_LAG[3]);
  const dropsSeries = useLagged(series.drops, CHART_LAG[4]);
  const where = scope === 'total' ? ' (since start)' : '';
  const [gridRef, size] = useChartSize(dropsSeries.length > 0 ? 5 : 4);
  return (
    <section className="pool-view" data-testid="pool-view" aria-label="Buffer pool">
      <header className="pool-head">
        <h2>Buffer pool</h2>
        <ScopeToggle scope={scope} total={total} onChange={setPicked} />
        <button
          type="button"
          className="btn icon-only"
          data-testid="pool-collapse"
          title="Collapse the pool panel to a strip"
          onClick={() => setPoolCollapsed(true)}
        >
          <ChevronIcon dir="right" />
          <span className="sr-only">Collapse the pool panel</span>
        </button>
      </header>
      <Counters stats={stats} scope={scope} />
      {parts.tierLegend}
      <div className="pool-charts" ref={gridRef}>
        <PoolChart
          id="rates"
          width={size?.width}
          height={size?.height}
          title={`Buffers per second${where}`}
          data={rates}
          lines={parts.rates}
          legend={parts.rateLegend}
          unit="buffers/s"
          format={sig}
          curve="stepBefore"
        />
        <PoolChart
          id="cumulative"
          width={size?.width}
          height={size?.height}
          title={`Cumulative buffers${where}`}
          data={cumulative}
          lines={parts.rates}
          legend={parts.rateLegend}
          unit="buffers"
          format={count}
        />
        <PoolChart
          id="buffers"
          width={size?.width}
          height={size?.height}
          title={`Buffers out and free${where}`}
          data={buffers}
          lines={parts.buffers}
          legend={parts.bufLegend}
          unit="buffers"
          format={count}
        />
        <PoolChart
          id="bytes"
          width={size?.width}
          height={size?.height}
          title={`Bytes reserved vs requested${where}`}
          data={bytesSeries}
          lines={bytesLines}
          legend={bytesLegend}
          unit=""
          format={bytes}
          tick={bytesTick}
        />
        {dropsSeries.length > 0 && (
          <PoolChart
            id="drops"
            width={size?.width}
            height={size?.height}
            title="Capture: packets dropped, kernel vs engine"
            data={dropsSeries}
            lines={DROP_LINES}
            legend={DROP_LEGEND}
            unit="packets"
            format={count}
          />
        )}
      </div>
    </section>
  );
}

/** The pool panel collapsed: a strip with the hit rate and a button to open it again. */
function PoolStrip(): ReactNode {
  const hitRate = useUi((s) =>
    s.stats !== undefined && s.stats.runId === s.run?.runId ? scopedPools(s.stats, 'run')?.hitRate : undefined,
  );
  return (
    <aside className="pool-strip" data-testid="pool-strip" aria-label="Buffer pool (collapsed)">
      <button
        type="button"
        className="btn icon-only"
        data-testid="pool-expand"
        title="Show the pool panel"
        onClick={() => setPoolCollapsed(false)}
      >
        <ChevronIcon dir="left" />
        <span className="sr-only">Show the pool panel</span>
      </button>
      <div className="strip-rate" title="the run's pool hit rate">
        hit rate{' '}
        <b data-testid="pool-strip-hit-rate" data-value={hitRate ?? ''}>
          {hitRate === undefined ? '–' : percent(hitRate)}
        </b>
      </div>
    </aside>
  );
}

/** The pool panel beside the packets, or its strip when the user collapsed it. */
export function PoolPanel(): ReactNode {
  return usePoolCollapsed() ? <PoolStrip /> : <PoolView />;
}
