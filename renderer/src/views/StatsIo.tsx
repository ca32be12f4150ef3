import { type ReactNode, useCallback, useEffect, useState } from 'react';
import { Brush, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { StatsResult } from '../../../native-bridge/protocol/index.js';
import { type IoStats, MAX_IO_POINTS, ioPoints, lineKey } from '../lib/io-points.js';
import { secondsTick } from '../lib/units.js';
import { tierColor } from './PoolChart.js';
import { StatsProgress } from './StatsProgress.js';
import { useStats } from './use-stats.js';

/** The intervals offered, in nanoseconds (Wireshark's I/O graph offers these and more). */
const INTERVALS: readonly [string, number][] = [
  ['1 ms', 1_000_000],
  ['10 ms', 10_000_000],
  ['100 ms', 100_000_000],
  ['1 s', 1_000_000_000],
  ['10 s', 10_000_000_000],
  ['1 min', 60_000_000_000],
];
/** The tooltip in the theme's colours (recharts styles it inline). */
const TOOLTIP_STYLE = { background: 'var(--surface)', borderColor: 'var(--border-strong)', borderRadius: 4 };
/** Lines one graph shows. */
const MAX_LINES = 4;

/** Asks for one line's counts and hands them up; draws nothing but an error or its progress. */
function IoLine(props: {
  index: number;
  filter: string;
  intervalNs: number;
  onResult: (i: number, r: StatsResult | undefined) => void;
}): ReactNode {
  const { index, filter, intervalNs, onResult } = props;
  const { result, error } = useStats({ kind: 'io', intervalNs, ...(filter !== '' ? { filter } : {}) });
  useEffect(() => onResult(index, result), [index, result, onResult]);
  if (error !== undefined)
    return (
      <div className="stats-error" data-testid={`io-line-error-${index}`}>
        {error.message}
      </div>
    );
  return result === undefined ? null : <StatsProgress result={result} />;
}

/** I/O graph: packets per interval of every packet and of up to three display filters. */
export function StatsIo(): ReactNode {
  const [intervalNs, setIntervalNs] = useState(1_000_000_000);
  /** What each line's box holds, and the filter it applies (set on Enter or when the box is left). */
  const [texts, setTexts] = useState<string[]>(['']);
  const [applied, setApplied] = useState<string[]>(['']);
  const [results, setResults] = useState<(StatsResult | undefined)[]>([]);
  const onResult = useCallback(
    (i: number, r: StatsResult | undefined) =>
      setResults((old) => {
        const next = [...old];
        next[i] = r;
        return next;
      }),
    [],
  );
  const apply = (i: number): void => setApplied(applied.map((a, k) => (k === i ? texts[i]!.trim() : a)));
  const lines = applied.map((_, i) => {
    const s = results[i]?.stats;
    return s?.kind === 'io' && s.interval === (intervalNs / 1e9).toFixed(9) ? (s as IoStats) : undefined;
  });
  const points = ioPoints(lines, intervalNs);
  // Each point's value holds over its interval (a step after it): one more point where the last
  // interval ends, so the last interval is drawn as wide as the others.
  const last = points?.at(-1);
  const drawn = points === undefined || last === undefined ? points : [...points, { ...last, t: last.t + intervalNs / 1e9 }];
  // Zoom: the brush under the graph picks the intervals shown (indexes into `drawn`); a new
  // interval or line set shows everything again.
  const [zoom, setZoom] = useState<{ start: number; end: number; of: string } | undefined>(undefined);
  const zoomOf = `${intervalNs} ${applied.join('\u0000')} ${drawn?.length ?? 0}`;
  const shown = zoom !== undefined && zoom.of === zoomOf && drawn !== undefined && zoom.end < drawn.length ? zoom : undefined;
  return (
    <div className="stats-io" data-testid="io-graph">
      <div className="io-controls">
        <label>
          Interval{' '}
          <select data-testid="io-interval" value={intervalNs} onChange={(e) => setIntervalNs(Number(e.target.value))}>
            {INTERVALS.map(([label, ns]) => (
              <option key={ns} value={ns}>
                {label}
              </option>
            ))}
          </select>
        </label>
        {texts.map((t, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: a line is its place in the list
          <span key={i} className="io-line" style={{ color: tierColor(i) }}>
            {i === 0 ? (
              'All packets'
            ) : (
              <input
                type="text"
                spellCheck={false}
                className="io-filter"
                data-testid={`io-line-filter-${i}`}
                placeholder="display filter"
                value={t}
                onChange={(e) => setTexts(texts.map((x, k) => (k === i ? e.target.value : x)))}
                onKeyDown={(e) => e.key === 'Enter' && apply(i)}
                onBlur={() => apply(i)}
              />
            )}
            <span data-testid={`io-line-total-${i}`} data-value={lines[i]?.frames ?? ''}>
              {lines[i] !== undefined ? ` ${lines[i].frames} packets` : ''}
            </span>
          </span>
        ))}
        <button
          type="button"
          data-testid="io-add-line"
          disabled={texts.length >= MAX_LINES}
          onClick={() => {
            setTexts([...texts, '']);
            setApplied([...applied, '']);
          }}
        >
          Add line
        </button>
      </div>
      {applied.map((f, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: a line is its place in the list
        <IoLine key={`${i} ${f} ${intervalNs}`} index={i} filter={f} intervalNs={intervalNs} onResult={onResult} />
      ))}
      {points === undefined ? (
        <div className="stats-error">More than {MAX_IO_POINTS} intervals: choose a longer interval.</div>
      ) : (
        <div className="io-chart" data-testid="io-chart" data-points={points.length}>
          {shown !== undefined && drawn !== undefined ? (
            <div className="io-zoom" data-testid="io-zoom" data-start={drawn[shown.start]!.t} data-end={drawn[shown.end]!.t}>
              Showing {secondsTick(drawn[shown.start]!.t)}–{secondsTick(drawn[shown.end]!.t)}{' '}
              <button type="button" data-testid="io-zoom-reset" onClick={() => setZoom(undefined)}>
                Show all
              </button>
            </div>
          ) : null}
          <ResponsiveContainer width="100%" height={320}>
            <LineChart data={drawn} margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis dataKey="t" type="number" domain={['dataMin', 'dataMax']} tickFormatter={secondsTick} />
              <YAxis allowDecimals={false} />
              <Tooltip contentStyle={TOOLTIP_STYLE} />
              <Legend />
              {lines.map((l, i) =>
                l === undefined ? null : (
                  <Line
                    key={lineKey(i)}
                    dataKey={lineKey(i)}
                    name={applied[i] === '' ? 'All packets' : applied[i]}
                    stroke={tierColor(i)}
                    dot={false}
                    isAnimationActive={false}
                    type="stepAfter"
                  />
                ),
              )}
              {drawn !== undefined && drawn.length > 2 ? (
                <Brush
                  dataKey="t"
                  height={22}
                  travellerWidth={8}
                  stroke="var(--accent)"
                  fill="var(--surface-2)"
                  tickFormatter={secondsTick}
                  startIndex={shown?.start ?? 0}
                  endIndex={shown?.end ?? drawn.length - 1}
                  onChange={(r) => {
                    const { startIndex, endIndex } = r as { startIndex?: number; endIndex?: number };
                    if (startIndex === undefined || endIndex === undefined) return;
                    setZoom(
                      startIndex === 0 && endIndex === drawn.length - 1 ? undefined : { start: startIndex, end: endIndex, of: zoomOf },
                    );
                  }}
                />
              ) : null}
            </LineChart>
          </ResponsiveContainer>
        </div>
      )}
    </div>
  );
}
