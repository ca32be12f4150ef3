import { type FieldInfo, fieldTable, textItem } from '../core/fields.js';
import { readSpan, timeSpan, writeSpan } from '../core/frame-times.js';
import type { PacketInfo } from '../core/packet-info.js';
import { frameSlot } from '../core/session.js';
import type { ProtoTree } from '../core/tree.js';
import type { Tvb } from '../core/tvb.js';
import { TCP } from './tcp-fields.js';

/**
 * TCP's "[Timestamps]" subtree (TShark's default `tcp.calculate_timestamps: TRUE`): the time
 * since the first frame of the segment's stream (`tcp.time_relative`) and since the stream's
 * previous frame, either direction (`tcp.time_delta`). Kept per stream index. The span since the
 * previous frame is recorded per frame (a word, mostly); a stream's first time never changes
 * once set, so a revisit reads it from the state.
 */
const [timeRelative, timeDelta] = fieldTable.extend(TCP.proto.abbrev, [
  { abbrev: 'tcp.time_relative', name: 'Time since first frame in this TCP stream', type: 'time', timeFormat: 'relative', generated: true },
  { abbrev: 'tcp.time_delta', name: 'Time since previous frame in this TCP stream', type: 'time', timeFormat: 'relative', generated: true },
]) as [FieldInfo, FieldInfo];

/** Each stream's first and latest frame times, by stream index (4 numbers a stream; NaN: not seen yet). */
class StreamTimes {
  times = new Float64Array(4 * 256).fill(Number.NaN);
}

const newTimes = (): StreamTimes => new StreamTimes();

const TCP_DELTA = frameSlot<[number, number]>('tcp.timestamps', { write: writeSpan, read: readSpan });

/** In capture order: the span since stream `index`'s previous frame, moving its latest time on. */
function track(s: StreamTimes, index: number, sec: number, nsec: number): [number, number] {
  const at = 4 * index;
  if (at + 4 > s.times.length) {
    const grown = new Float64Array(Math.max(s.times.length * 2, at + 4)).fill(Number.NaN);
    grown.set(s.times);
    s.times = grown;
  }
  const t = s.times;
  if (Number.isNaN(t[at]!)) {
    // The stream's first frame.
    t[at] = sec;
    t[at + 1] = nsec;
    t[at + 2] = sec;
    t[at + 3] = nsec;
  }
  const delta = timeSpan(sec, nsec, t[at + 2]!, t[at + 3]!);
  t[at + 2] = sec;
  t[at + 3] = nsec;
  return delta;
}

/** Adds "[Timestamps]" under TCP's node `node` for a segment of stream `index`. */
export function addTcpTimestamps(tree: ProtoTree, node: number, tvb: Tvb, pinfo: PacketInfo, index: number): void {
  const s = pinfo.session.state('tcp.timestamps', newTimes);
  const { sec, nsec } = pinfo.frame;
  const delta = pinfo.frameData(TCP_DELTA, () => track(s, index, sec, nsec));
  const at = 4 * index;
  const sub = tree.add(node, textItem, tvb, 0, 0, undefined, '[Timestamps]');
  tree.add(sub, timeRelative, tvb, 0, 0, timeSpan(sec, nsec, s.times[at]!, s.times[at + 1]!));
  tree.add(sub, timeDelta, tvb, 0, 0, delta);
}
