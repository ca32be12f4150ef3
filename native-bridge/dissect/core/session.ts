import { BufferPool } from '../../pool/index.js';
import { type FrameCodec, FrameLog, type FrameLogStats } from './frame-log.js';
import { Scratch } from './scratch.js';
import type { ProtoTree } from './tree.js';

/** The keys protocols keep their capture-wide state under: a misspelt key does not compile. */
export type SessionStateKey =
  | 'ip.reassembly'
  | 'icmp.echo'
  | 'udp.conversations'
  | 'tcp.conversations'
  | 'dns.transactions'
  | 'http.conversations'
  | 'tls.sessions'
  | 'tcp.reassembly'
  | 'tcp.reassembly.start'
  | 'frame.times'
  | 'tcp.timestamps'
  | 'arp.addresses'
  | 'rtp.conversations'
  | 'kerberos.conversations'
  | 'quic.connections'
  | 'afs.calls'
  | 'openflow.conversations'
  | 'sctp.associations'
  | 'dccp.conversations'
  | 'dec_dna.segments'
  | 'aoe.requests'
  | 'tftp.transfers'
  | 'ssh.flows'
  | 'geonw.stations'
  | 'geonw.ls';

/** Each key's number: its slot in the state array and the kind of its per-frame log entries. */
const KEY_IDS: Readonly<Record<SessionStateKey, number>> = {
  'ip.reassembly': 1,
  'icmp.echo': 2,
  'udp.conversations': 3,
  'tcp.conversations': 4,
  'dns.transactions': 5,
  'http.conversations': 6,
  'tls.sessions': 7,
  'tcp.reassembly': 8,
  'frame.times': 9,
  'tcp.timestamps': 10,
  // Its own kind of log entry, so that TCP reassembly's unlogged common answer (frameDataOr) cannot shift its reads.
  'tcp.reassembly.start': 11,
  'arp.addresses': 12,
  'rtp.conversations': 13,
  'kerberos.conversations': 14,
  'quic.connections': 15,
  'afs.calls': 16,
  'openflow.conversations': 17,
  'sctp.associations': 18,
  'dccp.conversations': 19,
  'dec_dna.segments': 20,
  'aoe.requests': 21,
  'tftp.transfers': 22,
  'ssh.flows': 23,
  'geonw.stations': 24,
  'geonw.ls': 25,
};
/** One past the largest key number (0 is no key's): sizes the state array and the log's kinds. */
const KEY_COUNT = Math.max(...Object.values(KEY_IDS)) + 1;

/**
 * What a protocol decides per frame from the state under `key` (a TCP segment's stream and
 * relative numbers, a DNS response's request): computed on the first pass, read back on a
 * revisit through `PacketInfo.frameData`. Made by `frameSlot`, one per key, at module level.
 */
export interface FrameSlot<T> extends FrameCodec<T> {
  readonly key: SessionStateKey;
  /** The key's number (the kind of its log entries). */
  readonly id: number;
}

/** The slot for decisions from the state under `key`, written and read by `codec`. */
export function frameSlot<T>(key: SessionStateKey, codec: FrameCodec<T>): FrameSlot<T> {
  return { key, id: KEY_IDS[key], write: codec.write, read: codec.read };
}

export interface DissectSessionOptions {
  /**
   * Whether frames may be dissected again on this session (default true). A single pass in
   * capture order that never looks back (`wirepool read`, statistics, a filtered replay) says
   * false: the session then keeps nothing per frame, and a revisit is refused (the frame is
   * marked with an internal error) instead of answered from state that has moved on.
   */
  revisits?: boolean;
  /**
   * The captured bytes of frame `number`, as they were when it was first dissected (the engine
   * reads them again from the file or its packet store), or undefined when they cannot be had.
   * A revisit of a frame that completed a reassembly rebuilds the data from its pieces with
   * this; without it the session keeps a copy of every reassembled datagram instead.
   */
  frameBytes?(number: number): Uint8Array | undefined;
}

export interface DissectSessionStats {
  /** The per-frame log (what revisits read). */
  log: FrameLogStats;
  /** Bytes of reassembled data the session keeps for revisits (none with `frameBytes`). */
  keptBytes: number;
}

/**
 * State that lives across the packets of one capture: IP fragment tables, TCP stream
 * numbering and sequence analysis, DNS transaction matching.
 *
 * The first pass dissects frames in capture order (increasing `PacketMeta.number`); each frame
 * updates the state. Dissecting a frame again on the same session, in any order and at any
 * time (also between first-pass frames of a live capture), is a revisit (Wireshark's visited
 * flag): protocols read back what they decided for that frame on the first pass, so the tree
 * and the columns come out the same, and the state is left as it was.
 */
export class DissectSession {
  /** Where reassembled datagrams are built (64 KiB datagrams use the large tier). */
  readonly pool: BufferPool;
  /** Reads a frame's bytes again, for revisits of reassembled data (undefined: keep copies). */
  readonly frameBytes: ((number: number) => Uint8Array | undefined) | undefined;
  /** Whether the session keeps what revisits need (`DissectSessionOptions.revisits`). */
  readonly revisits: boolean;
  readonly #state: unknown[] = new Array(KEY_COUNT).fill(undefined);
  readonly #log = new FrameLog();
  #keptBytes = 0;
  /** The tree of a one-pass session's frames (`checkTree`). */
  #tree: ProtoTree | undefined;
  /** The newest frame number of a one-pass session (`revisits: false`), which keeps no log. */
  #last = -1;
  /** `PacketInfo.data` of the frame being dissected (frames are dissected one at a time): one scratch, emptied per frame. */
  readonly #scratch = new Scratch();
  /** Each frame's network address words (`PacketInfo.netWords`): one array, frames are decoded one at a time. */
  readonly netWords = new Int32Array(8);

  constructor(pool: BufferPool = new BufferPool(), options: DissectSessionOptions = {}) {
    this.pool = pool;
    this.frameBytes = options.frameBytes?.bind(options);
    this.revisits = options.revisits ?? true;
  }

  /** The scratch map for a frame's layers, emptied (PacketInfo.data: valid while that frame is being dissected). */
  freshScratch(): Scratch {
    this.#scratch.clear();
    return this.#scratch;
  }

  /**
   * The state object a protocol keeps under `key`, created by `init` on first use. (This runs
   * for every packet: pass a function made once, not a new arrow each call.)
   */
  state<T>(key: SessionStateKey, init: (session: DissectSession) => T): T {
    const id = KEY_IDS[key];
    let s = this.#state[id] as T | undefined;
    if (s === undefined) {
      s = init(this);
      this.#state[id] = s;
    }
    return s;
  }

  /**
   * Holds a one-pass session to one set of kept fields: dissectFrame calls it with each frame's
   * tree. On such a session a protocol skips state that only fields the tree does not keep would
   * show (`PacketInfo.tracks`), so a tree keeping other fields part-way would get wrong values
   * (stream numbers counted from the middle): that is refused, as a programming error.
   */
  checkTree(tree: ProtoTree): void {
    if (this.revisits || this.#tree === tree) return;
    if (this.#tree !== undefined && !this.#tree.keepsSameAs(tree))
      throw new Error("a one-pass session (revisits: false) was given a tree keeping other fields than its first frame's");
    this.#tree = tree;
  }

  /** Starts dissecting frame `number`: false the first time, true on a revisit. (PacketInfo calls it.) */
  enter(number: number): boolean {
    if (this.revisits) return this.#log.enter(number);
    // One pass: no per-frame index, only the newest number.
    if (number <= this.#last) return true;
    this.#last = number;
    return false;
  }

  /** The highest frame number dissected on this session (-1: none): frames up to it are revisits. */
  get lastFrame(): number {
    return this.revisits ? this.#log.last : this.#last;
  }

  /** Records `value` for frame `number`, the one being dissected on the first pass. (PacketInfo.frameData calls it.) */
  record<T>(slot: FrameSlot<T>, number: number, value: T): void {
    if (!this.revisits) return;
    if (number !== this.#log.last)
      throw new Error(`frame ${number} records a ${slot.key} decision while frame ${this.#log.last} is the newest`);
    this.#log.write(slot.id, slot, value);
  }

  /** The `ordinal`-th value recorded under `slot` for frame `number`, or undefined. (PacketInfo.frameData calls it.) */
  recorded<T>(slot: FrameSlot<T>, number: number, ordinal: number): T | undefined {
    return this.#log.read(number, slot.id, ordinal, slot);
  }

  /**
   * Whether a reassembled datagram must be kept for revisits, and if so counts its bytes: when
   * revisits are on and its pieces cannot all be read again (no `frameBytes`, or `readable` false).
   */
  keep(bytes: number, readable: boolean): boolean {
    if (!this.revisits || (readable && this.frameBytes !== undefined)) return false;
    this.#keptBytes += bytes;
    return true;
  }

  /** What the session keeps for revisits, for memory accounting. */
  stats(): DissectSessionStats {
    return { log: this.#log.stats(), keptBytes: this.#keptBytes };
  }

  /**
   * The in-order pass is over (a replay read to its end, a capture stopped): state that holds
   * pooled buffers (half-reassembled datagrams, which can no longer complete) lets them go.
   * Revisits still work: they read the per-frame log, not that state.
   */
  endPass(): void {
    for (const s of this.#state) {
      const close = (s as { close?: unknown } | undefined)?.close;
      if (typeof close === 'function') close.call(s);
    }
  }

  /** Lets go of everything: the session is not used after. */
  close(): void {
    this.endPass();
    this.#state.fill(undefined);
  }
}

export { KEY_COUNT as SESSION_KEY_COUNT };
