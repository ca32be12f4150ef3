import { type Range, inRange, rangeText } from '../common/index.js';
import { MAX_CAPTURE_INTERFACES } from '../protocol/index.js';
import { CaptureError } from './errors.js';

/** The snap length: at most, and by default, 262144 bytes, as tcpdump and dumpcap. */
export const SNAPLEN = { min: 1, max: 262144, unit: 'bytes', default: 262144 } as const satisfies Range;

/**
 * A tier the engine adds to a capture's pool (when its tiers stop short of it) for frames larger
 * than 64 KiB: loopback's (65536-byte MTU, 65550-byte frames) and offloaded (GRO/GSO) ones.
 * 257 KiB holds four loopback frames with their block framing and index entries (262,499 bytes)
 * at 99.7 % use, or one frame of the largest snap length (262,144 bytes) alone: a capture at
 * tcpdump's snap length never allocates outside the pool.
 */
export const CAPTURE_LARGE_TIER = 257 * 1024;

/**
 * The largest batch of a capture (a tier the engine adds above CAPTURE_LARGE_TIER): sixteen
 * loopback frames, or about 3,000 small packets. A flood fills batches of this size, so the
 * engine's work per batch (its message, the pool, the store) is shared by thousands of packets:
 * measured on small UDP datagrams, 257 KiB batches cost Wirepool 0.6–0.75 µs a packet, 1028 KiB
 * ones 0.42–0.46 (tcpdump 0.31; docs/PERFORMANCE.md). A quiet capture's batches stay small: a
 * batch flushed by the clock mostly empty makes the next one a tier smaller.
 */
export const CAPTURE_BULK_TIER = 4 * CAPTURE_LARGE_TIER;

/** The tiers a capture's pool adds above the packet tiers (each kept when the packet tiers stop short of it). */
export const CAPTURE_TIERS = [CAPTURE_LARGE_TIER, CAPTURE_BULK_TIER] as const;

/**
 * libpcap's kernel buffer (`bufferSize`, `-B`). Without immediate mode (the default) Linux uses
 * TPACKET_V3 blocks that hold packets at their own size; with `immediate` it uses TPACKET_V2
 * slots of the snap length (~64 KiB each: the default 64 MiB is then about 1000 packets, about
 * 500 on lo, where each packet is seen twice, out and in).
 */
export const KERNEL_BUFFER = { min: 64 * 1024, max: 2 ** 31 - 1, unit: 'bytes', default: 64 * 1024 * 1024 } as const satisfies Range;

/** Interfaces one capture may take at once (each holds a kernel ring of KERNEL_BUFFER bytes). */
export const INTERFACES = { min: 1, max: MAX_CAPTURE_INTERFACES, unit: 'interfaces' } as const satisfies Range;

/**
 * The interface list of a capture: 1 to INTERFACES.max names, none twice (CAPTURE_BAD_INTERFACES).
 * `any` is libpcap's every-interface device; with others it would see their packets twice.
 */
export function checkInterfaces(ifaces: readonly string[]): void {
  if (!inRange(INTERFACES, ifaces.length))
    throw new CaptureError(
      'CAPTURE_BAD_INTERFACES',
      `a capture takes ${rangeText(INTERFACES)}, got ${ifaces.length}`,
      'give each interface once with -i',
    );
  const twice = ifaces.find((n, i) => ifaces.indexOf(n) !== i);
  if (twice !== undefined)
    throw new CaptureError('CAPTURE_BAD_INTERFACES', `interface ${twice} is given twice`, 'give each interface once');
  if (ifaces.length > 1 && ifaces.includes('any'))
    throw new CaptureError(
      'CAPTURE_BAD_INTERFACES',
      `"any" captures on every interface already, so with ${ifaces.filter((n) => n !== 'any').join(', ')} each packet would be captured twice`,
      'capture on "any" alone, or list the interfaces you want',
    );
}

/**
 * The capture options that can be judged before anything is opened; throws CaptureError
 * (CAPTURE_BAD_SNAPLEN, CAPTURE_BAD_BUFFER, CAPTURE_SPOOL_NAME) at once. What only opening
 * tells (permission, the filter, the interface) comes later.
 */
export function checkCaptureOptions(o: {
  ifaces: readonly string[];
  snaplen?: number | undefined;
  bufferSize?: number | undefined;
  file?: string | undefined;
}): void {
  checkInterfaces(o.ifaces);
  if (o.snaplen !== undefined && !inRange(SNAPLEN, o.snaplen))
    throw new CaptureError('CAPTURE_BAD_SNAPLEN', `snap length ${String(o.snaplen)} is invalid`, `give ${rangeText(SNAPLEN)}`);
  if (o.bufferSize !== undefined && !inRange(KERNEL_BUFFER, o.bufferSize))
    throw new CaptureError(
      'CAPTURE_BAD_BUFFER',
      `kernel buffer size ${String(o.bufferSize)} is invalid`,
      `give ${rangeText(KERNEL_BUFFER)}`,
    );
  if (o.file !== undefined && !/\.pcapng$/i.test(o.file)) {
    throw new CaptureError(
      'CAPTURE_SPOOL_NAME',
      `cannot capture to ${o.file}: a capture is written as it arrives in pcapng, and the name does not end in .pcapng`,
      'name the file .pcapng (save as .pcap afterwards if you need pcap)',
    );
  }
}
