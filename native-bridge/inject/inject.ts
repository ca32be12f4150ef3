import { setTimeout as sleep } from 'node:timers/promises';
import { FrameLayout, Rewriter, locate } from '../craft/index.js';
import { Pacer, type Range, checkSpeed, inRange, rangeText, type Speed } from '../common/index.js';
import { openCapture, type CaptureReader } from '../formats/index.js';
import { InjectError } from './errors.js';
import { Sender } from './sender.js';

/** Where frames go: an interface opened through `cap` (Sender), or a stand-in in tests. */
export interface FrameSender {
  readonly iface: string;
  readonly linkType: number;
  readonly mtu: number;
  send(bytes: Uint8Array): void;
  close(): void;
}

export interface InjectOptions {
  iface: string;
  file: string;
  /** Multiple of the recorded timing, or 'max': as fast as possible. Default 1. */
  speed?: Speed;
  /** Fixed rate in packets per second (overrides speed). */
  pps?: number;
  /** Passes over the file (LOOPS; default 1). */
  loop?: number;
  /** In-place rewrites, e.g. "ip.dst=127.0.0.1,udp.dstport=9". */
  rewrite?: string;
  /** Called about every 250 ms and at the end. */
  onProgress?: (s: InjectStats) => void;
  /** Called once per kind of problem (a frame over the MTU, a failed send). */
  onWarning?: (message: string) => void;
  /** Instead of opening `iface` through `cap`. */
  sender?: FrameSender;
}

export interface InjectStats {
  iface: string;
  file: string;
  linkType: number;
  mtu: number | null;
  /** Frames handed to the interface. */
  sent: number;
  /** Frames the interface refused (libpcap's error). */
  failed: number;
  /** Frames larger than the MTU, not sent. */
  skippedMtu: number;
  /** Frames with at least one field rewritten. */
  rewritten: number;
  /** Bytes sent (link header included). */
  bytes: number;
  loops: number;
  seconds: number;
  packetsPerSecond: number;
  bitsPerSecond: number;
}

const LINK_NAMES: Readonly<Record<number, string>> = {
  0: 'BSD loopback',
  1: 'Ethernet',
  101: 'raw IP',
  105: 'IEEE 802.11',
  113: 'Linux cooked (SLL)',
  127: '802.11 radiotap',
  228: 'raw IPv4',
  229: 'raw IPv6',
  276: 'Linux cooked v2 (SLL2)',
};
const linkName = (t: number) => `${LINK_NAMES[t] ?? 'link type'} (${t})`;

function refuseLinkType(file: string, fileLink: number, iface: string, ifaceLink: number): InjectError {
  return new InjectError(
    'INJECT_LINK_TYPE',
    `${file} holds ${linkName(fileLink)} frames but ${iface} carries ${linkName(ifaceLink)} frames; nothing was sent`,
    `inject onto an interface of the same link type (Ethernet captures onto an Ethernet interface or lo), or convert the capture first`,
  );
}

/** Passes over the file (`loop`, `--loop`). */
export const LOOPS = { min: 1, max: Number.MAX_SAFE_INTEGER, default: 1 } as const satisfies Range;

function checkOptions(o: InjectOptions): { speed: Speed; pps: number; loops: number } {
  const speed = checkSpeed(o.speed ?? 1, (message, hint) => new InjectError('INJECT_BAD_OPTIONS', message, hint));
  const pps = o.pps ?? 0;
  if (!(Number.isFinite(pps) && pps >= 0))
    throw new InjectError('INJECT_BAD_OPTIONS', `--pps ${String(o.pps)} is not a rate`, 'give packets per second > 0');
  const loops = o.loop ?? LOOPS.default;
  if (!inRange(LOOPS, loops))
    throw new InjectError('INJECT_BAD_OPTIONS', `--loop ${String(o.loop)} is not a count`, `give ${rangeText(LOOPS)}`);
  return { speed, pps, loops };
}

/**
 * Waits until `due` (ms, performance.now()): sleeps while the frame is more than 2 ms away and
 * spins the last stretch (timers are too coarse for sub-millisecond gaps).
 */
async function until(due: number): Promise<void> {
  let left = due - performance.now();
  if (left > 2) {
    await sleep(left - 1);
    left = due - performance.now();
  }
  while (left > 0) left = due - performance.now();
}

/**
 * Replays a capture onto an interface: every frame, in file order, paced like the recording
 * (or faster, or at a fixed rate), rewritten in place in the pooled buffer the reader lent
 * (incremental checksums), never copied. The file's link types are checked against the
 * interface's before anything is sent; a frame over the MTU is counted and skipped.
 */
export async function inject(o: InjectOptions): Promise<InjectStats> {
  const { speed, pps, loops } = checkOptions(o);
  const rewriter = o.rewrite === undefined || o.rewrite === '' ? undefined : Rewriter.parse(o.rewrite);
  const sender = o.sender ?? new Sender(o.iface);
  let reader: CaptureReader;
  try {
    reader = openCapture(o.file);
  } catch (e) {
    sender.close();
    throw e;
  }
  const stats: InjectStats = {
    iface: o.iface,
    file: o.file,
    linkType: sender.linkType,
    mtu: Number.isFinite(sender.mtu) ? sender.mtu : null,
    sent: 0,
    failed: 0,
    skippedMtu: 0,
    rewritten: 0,
    bytes: 0,
    loops: 0,
    seconds: 0,
    packetsPerSecond: 0,
    bitsPerSecond: 0,
  };
  const warned = new Set<string>();
  const warn = (kind: string, message: string) => {
    if (warned.has(kind)) return;
    warned.add(kind);
    o.onWarning?.(message);
  };
  const t0 = performance.now();
  const update = () => {
    stats.seconds = (performance.now() - t0) / 1000;
    stats.packetsPerSecond = stats.seconds > 0 ? stats.sent / stats.seconds : 0;
    stats.bitsPerSecond = stats.seconds > 0 ? (stats.bytes * 8) / stats.seconds : 0;
  };
  try {
    for (const i of reader.interfaces)
      if (i.linkType !== sender.linkType) throw refuseLinkType(o.file, i.linkType, o.iface, sender.linkType);
    const pacer = new Pacer(speed, pps);
    const layout = new FrameLayout();
    let lastReport = t0;
    for (let pass = 0; pass < loops; pass++) {
      if (pass > 0) {
        reader.close();
        reader = openCapture(o.file);
      }
      pacer.restart();
      for (let f = reader.next(); f !== undefined; f = reader.next()) {
        if (f.linkType !== sender.linkType) throw refuseLinkType(o.file, f.linkType, o.iface, sender.linkType);
        const bytes = f.data.bytes;
        locate(bytes, f.linkType, layout);
        const l3 = bytes.length - layout.linkLen;
        if (l3 > sender.mtu) {
          stats.skippedMtu++;
          warn(
            'mtu',
            `frame ${f.number}: its ${l3}-byte packet is larger than ${o.iface}'s MTU (${sender.mtu}); skipped, and so is every such frame (counted as skippedMtu)`,
          );
          continue;
        }
        if (rewriter !== undefined && rewriter.apply(bytes, layout) > 0) stats.rewritten++;
        if (pacer.paced) await until(pacer.next(f.sec, f.nsec, performance.now()));
        try {
          sender.send(bytes);
          stats.sent++;
          stats.bytes += bytes.length;
        } catch (e) {
          stats.failed++;
          warn(
            'send',
            `frame ${f.number}: ${o.iface} refused it: ${e instanceof Error ? e.message : String(e)} (counted as failed; later failures are counted silently)`,
          );
        }
        if (o.onProgress !== undefined && (stats.sent & 255) === 0) {
          const now = performance.now();
          if (now - lastReport >= 250) {
            lastReport = now;
            update();
            o.onProgress(stats);
          }
        }
      }
      stats.loops++;
    }
  } finally {
    reader.close();
    sender.close();
  }
  update();
  o.onProgress?.(stats);
  return stats;
}
