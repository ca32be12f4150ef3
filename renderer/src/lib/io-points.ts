import type { PlainStats } from '../../../native-bridge/protocol/index.js';

export type IoStats = Extract<PlainStats, { kind: 'io' }>;

/** Most points an I/O graph draws: more intervals than this asks for a longer interval. */
export const MAX_IO_POINTS = 10_000;

/** One interval of the graph: `t` its start in seconds from the first frame, `l0`, `l1`… each line's packets. */
export type IoPoint = { t: number } & Record<string, number>;

/** The key of line i in an IoPoint. */
export const lineKey = (i: number): string => `l${i}`;

/**
 * The lines as one dense series, an interval per point with the intervals of no packets as 0
 * (the engine lists only the intervals that have packets), as many points as the longest line
 * has intervals; undefined when that is more than `max`. A line not counted yet (undefined)
 * is left out of the points.
 */
export function ioPoints(lines: readonly (IoStats | undefined)[], intervalNs: number, max = MAX_IO_POINTS): IoPoint[] | undefined {
  const count = Math.max(0, ...lines.map((l) => l?.count ?? 0));
  if (count > max) return undefined;
  const points: IoPoint[] = [];
  for (let i = 0; i < count; i++) {
    const p = { t: (i * intervalNs) / 1e9 } as IoPoint;
    lines.forEach((l, k) => {
      if (l !== undefined) p[lineKey(k)] = 0;
    });
    points.push(p);
  }
  lines.forEach((l, k) => {
    for (const b of l?.buckets ?? []) points[b.index]![lineKey(k)] = b.frames;
  });
  return points;
}
