import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DissectSession, dissectFrame } from '../../native-bridge/dissect/index.js';
import { openCapture } from '../../native-bridge/formats/index.js';
import { BufferPool } from '../../native-bridge/pool/index.js';
import { IoSeries, plainStats } from '../../native-bridge/stats/index.js';
import { type IoStats, ioPoints, lineKey } from '../../renderer/src/lib/io-points.js';
import { ROOT } from '../helpers/corpus.js';

/** The sample's I/O series at `intervalNs`: every frame, and the UDP ones (time from the first frame either way). */
function sampleIo(intervalNs: number): [IoStats, IoStats] {
  const pool = new BufferPool();
  const reader = openCapture(path.join(ROOT, 'samples/sample.pcapng'), { pool });
  const session = new DissectSession(pool, { revisits: false });
  const all = new IoSeries(intervalNs);
  const udp = new IoSeries(intervalNs);
  try {
    for (let f = reader.next(); f !== undefined; f = reader.next()) {
      const d = dissectFrame(f, f.data.bytes, session);
      all.addFrame(f.sec, f.nsec, f.wireLen);
      udp.origin(f.sec, f.nsec);
      if (d.pinfo.protocols.includes('udp')) udp.addFrame(f.sec, f.nsec, f.wireLen);
    }
  } finally {
    reader.close();
  }
  const plain = (s: IoSeries) => plainStats({ kind: 'io', ...s.snapshot() }) as IoStats;
  return [plain(all), plain(udp)];
}

describe('the I/O graph points', () => {
  it('one point per interval, empty intervals 0, every line on the same time axis', () => {
    const interval = 100_000_000;
    const [all, udp] = sampleIo(interval);
    const points = ioPoints([all, udp], interval)!;
    expect(points).toHaveLength(all.count);
    expect(points.map((p) => p.t)).toEqual(points.map((_, i) => i / 10));
    expect(points.reduce((n, p) => n + p[lineKey(0)]!, 0)).toBe(113);
    expect(points.reduce((n, p) => n + p[lineKey(1)]!, 0)).toBe(udp.frames);
    expect(udp.frames).toBeGreaterThan(0);
    expect(udp.frames).toBeLessThan(113);
    expect(points.some((p) => p[lineKey(0)] === 0)).toBe(true); // the sample has quiet intervals
    for (const b of all.buckets) expect(points[b.index]![lineKey(0)]).toBe(b.frames);
    for (const b of udp.buckets) expect(points[b.index]![lineKey(1)]).toBe(b.frames);
  });

  it('a line not counted yet is left out; too many intervals is undefined', () => {
    const [all] = sampleIo(1_000_000);
    const points = ioPoints([all, undefined], 1_000_000, all.count)!;
    expect(points).toHaveLength(all.count);
    expect(Object.keys(points[0]!).sort()).toEqual(['l0', 't']);
    expect(ioPoints([all], 1_000_000, all.count - 1)).toBeUndefined();
  });
});
