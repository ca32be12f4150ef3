import type { PlainStats } from '../protocol/index.js';
import type { StatsSnapshot } from './snapshot.js';
import { spanOfProduct, spanText, type Span } from './time.js';

const seconds = (s: Span): string => spanText(s, 9);

/**
 * A snapshot as plain data (the protocol's `PlainStats`): spans as exact decimal seconds
 * ("0.000300308"), everything else as the snapshot has it. What `wirepool stats --json` prints
 * and what the engine's `stats` operation answers.
 */
export function plainStats(s: StatsSnapshot): PlainStats {
  switch (s.kind) {
    case 'hierarchy':
      return s;
    case 'conversations':
      return { ...s, rows: s.rows.map((r) => ({ ...r, relStart: seconds(r.relStart), duration: seconds(r.duration) })) };
    case 'endpoints':
    case 'expert':
      return s;
    case 'io':
      return {
        kind: s.kind,
        interval: seconds(spanOfProduct(1, s.intervalNs)),
        duration: seconds(s.duration),
        count: s.count,
        frames: s.frames,
        bytes: s.bytes,
        buckets: s.buckets.map((b) => ({
          index: b.index,
          start: seconds(spanOfProduct(b.index, s.intervalNs)),
          frames: b.frames,
          bytes: b.bytes,
        })),
      };
  }
}
