import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { isMainThread } from 'node:worker_threads';
import { CaptureError } from './errors.js';
import { capReleaseDir, helperAvailability } from './helper-path.js';

/** The part of the `cap` binding Wirepool uses. */
export interface CapModule {
  /** Set by Wirepool's build of cap (vendor/cap): it may be used in worker threads. */
  workerThreads?: boolean;
  Cap: {
    new (): CapHandle;
    deviceList(): CapDevice[];
    /**
     * Wirepool's cap: the time stamp types `device` offers (libpcap's pcap_list_tstamp_types on a
     * created, not activated, handle), for OpenOptions.tstampType; empty when it offers only the
     * default. Throws with libpcap's message when the device cannot be opened. Absent in a stock cap.
     */
    timestampTypes?(device: string): TimestampType[];
  };
}

/** A libpcap time stamp type (pcap_tstamp_type_val_to_name / _description). */
export interface TimestampType {
  /** e.g. 'host', 'adapter', 'adapter_unsynced' */
  name: string;
  description: string;
}

/** libpcap's counters for an open capture (pcap_stats). */
export interface KernelCounts {
  /** Packets the capture filter passed (on Linux: before any drop). */
  received: number;
  /** Dropped by the kernel: the capture buffer was full. */
  dropped: number;
  /** Dropped by the interface or its driver (where the platform counts them). */
  ifDropped: number;
  /**
   * Wirepool's cap, batch mode: dropped by the binding because no buffer big enough for them was
   * given (see CapHandle.fill); 0 otherwise. Absent from a stock cap or a test's stand-in.
   */
  bufferDropped?: number;
}

/** How Wirepool's cap opens an interface (libpcap's pcap_set_* of the same names). */
export interface OpenOptions {
  snaplen?: number;
  promiscuous?: boolean;
  immediate?: boolean;
  /** The read timeout (ms): how long the kernel may hold packets without immediate mode. */
  timeout?: number;
  /**
   * Batch mode: no 'packet' events; packets are written into buffers given with fill() and
   * handed back by 'batch' events (open()'s `buffer` may then be undefined).
   */
  batch?: boolean;
  /** Batch mode: the interface id written into every block and index entry (0–65535, default 0). */
  interfaceId?: number;
  /**
   * A libpcap time stamp type name (tcpdump's -j), e.g. 'adapter_unsynced', set before the
   * interface is activated. An unknown name, or one the device does not offer, makes open()
   * throw, naming the type and what the device offers (see CapModule.Cap.timestampTypes).
   */
  tstampType?: string;
}

/**
 * A batch handed over by the 'batch' event (listener arguments). `count` packets were written as
 * pcapng Enhanced Packet Blocks from fill()'s `start` to `dataEnd`, and their index entries (8 u32
 * each: data offset, captured length, wire length, frame number from 0 in this capture, seconds
 * low, seconds high, nanoseconds, interface id << 16 | link type) into fill()'s `index`. From the
 * event on, the binding holds neither buffer. `needBytes` > 0: a packet is waiting that did not
 * fit; a buffer of `needBytes` (from the same start and reserve) holds it alone. count 0 with
 * needBytes > 0: the buffer given was empty and still too small; give a bigger one or the packet
 * is dropped (counted in KernelCounts.bufferDropped).
 */
export type BatchListener = (count: number, dataEnd: number, needBytes: number) => void;

export interface CapHandle {
  /**
   * Opens `device` and returns its link type's name (e.g. 'ETHERNET'). Wirepool's cap takes
   * libpcap's choices as a fifth argument; a stock cap ignores it (65535, promiscuous, immediate).
   * `buffer` receives each packet in packet mode; with `{ batch: true }` it may be undefined.
   */
  open(device: string, filter: string, bufSize: number, buffer: Buffer | undefined, options?: OpenOptions): string;
  close(): void;
  /**
   * One packet copied into the buffer given to open(): its captured bytes and whether it was
   * cut to the buffer. Wirepool's cap adds the kernel's timestamp (seconds, nanoseconds) and the
   * packet's length on the wire; a stock cap (or a test's stand-in) gives only the first two.
   */
  on(event: 'packet', listener: (nbytes: number, truncated: boolean, sec?: number, nsec?: number, wireLen?: number) => void): void;
  /** Wirepool's cap, batch mode: a batch is handed over (see BatchListener). */
  on(event: 'batch', listener: BatchListener): void;
  /** Wirepool's cap: pcap_stats while open (undefined when closed or unsupported); absent in a stock cap. */
  stats?(): KernelCounts | undefined;
  /**
   * Wirepool's cap, batch mode: the buffers the next packets go into. Blocks are written from
   * `start` (a multiple of 4) up to no further than `end` of `buffer`; index entries into `index`
   * (at least maxPackets × 8 words); `reserve` bytes are kept free per packet (Wirepool's index
   * entry, 32). Throws TypeError/RangeError on bad arguments, Error when the capture is closed,
   * not in batch mode, or still holds packets. Called from a 'batch' listener to keep reading;
   * when no buffer is given the capture stops reading (packets wait in the kernel's ring) until
   * fill() is called. Only these JavaScript-allocated buffers are ever written. `prefault`: the
   * buffer is new (never written), so the binding maps its pages at once (Linux).
   */
  fill?(buffer: ArrayBuffer, start: number, end: number, index: Uint32Array, maxPackets: number, reserve: number, prefault?: boolean): void;
  /** Wirepool's cap, batch mode: hands over the partly filled batch now (a 'batch' event, synchronously); true if it had packets. */
  flush?(): boolean;
}

export interface CapDevice {
  name: string;
  description?: string;
  addresses: { addr: string }[];
  flags?: string;
}

const require = createRequire(import.meta.url);
const HOW_TO_ENABLE =
  'install the libpcap headers and build the optional `cap` binding: `apt-get install libpcap-dev && npm install` (`npm rebuild cap` when node_modules/cap is already there; macOS has libpcap); replay works without it';

/**
 * The module id to load as `cap`. WIREPOOL_CAP_MODULE overrides it (a path or package name),
 * e.g. to try a locally built binding, or to run as if it were missing.
 */
function moduleId(): string {
  return process.env.WIREPOOL_CAP_MODULE ?? 'cap';
}

/**
 * Loads `cap`; a missing or unbuilt binding becomes CAPTURE_NO_BINDING with how to enable it.
 * In a worker thread only Wirepool's build (vendor/cap) will do: the published cap polls on the
 * main thread's event loop, and used from a worker it crashes the process.
 */
export function loadCap(): CapModule {
  const id = moduleId();
  let cap: CapModule;
  try {
    cap = require(id) as CapModule;
  } catch (e) {
    const why = e instanceof Error ? e.message.split('\n')[0] : String(e);
    throw new CaptureError(
      'CAPTURE_NO_BINDING',
      `live capture is not available: the \`cap\` binding (${id}) could not be loaded (${why})`,
      HOW_TO_ENABLE,
      e,
    );
  }
  if (!isMainThread && cap.workerThreads !== true) {
    throw new CaptureError(
      'CAPTURE_NO_BINDING',
      `live capture is not available: the \`cap\` binding (${id}) is not Wirepool's build, which the engine's worker thread needs (the published cap crashes there)`,
      'reinstall with `npm ci` so npm builds cap from vendor/cap (see vendor/cap/WIREPOOL.md)',
    );
  }
  return cap;
}

/**
 * Whether capture can work here, checked without loading the binding: the module and its
 * compiled addon exist, and either this process may capture (root or CAP_NET_RAW on Linux) or
 * the capture helper may (it runs `--check` once). cap is a Node-API addon: the one
 * build/Release/cap.node npm builds loads in Node and in Electron alike (no rebuild). The reason says what is missing and the fix
 * that fits this runtime (Electron is never told to run as root).
 */
export function captureAvailability(): { available: boolean; reason?: string } {
  const id = moduleId();
  const dir = capReleaseDir(id);
  if (dir === undefined) return { available: false, reason: `the \`cap\` binding (${id}) is not installed; ${HOW_TO_ENABLE}` };
  const addon = path.join(dir, 'cap.node');
  if (id === 'cap' && !existsSync(addon))
    return { available: false, reason: `the \`cap\` binding was not built (no ${addon}); ${HOW_TO_ENABLE}` };
  if (hasCaptureRights()) return { available: true };
  const helper = helperAvailability();
  if (helper.available) return { available: true };
  return { available: false, reason: `this process may not capture (it needs root or CAP_NET_RAW) and ${helper.reason}; ${helper.fix}` };
}

const CAP_NET_RAW = 13n;

/** Linux: effective capabilities include CAP_NET_RAW (root has it). Elsewhere: assume yes; open() tells. */
export function hasCaptureRights(): boolean {
  if (process.platform !== 'linux') return true;
  try {
    const m = /^CapEff:\s*([0-9a-f]+)$/m.exec(readFileSync('/proc/self/status', 'utf8'));
    if (m === null) return true;
    return ((BigInt(`0x${m[1]}`) >> CAP_NET_RAW) & 1n) === 1n;
  } catch {
    return true;
  }
}
