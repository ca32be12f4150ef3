import { type PacketMeta, grown } from '../common/index.js';
import { type DissectSession, ProtoTree, dissectFrame } from '../dissect/index.js';
import { ROW_SEPARATOR } from '../protocol/index.js';
import type { PacketLocator } from './worker-records.js';

const encoder = new TextEncoder();

/**
 * A run's packets as the list shows them, kept in the engine: the frame index (where each
 * frame's record is in the run's file, its times and lengths) and the summary columns of the
 * run's one in-order, stateful dissection (TCP streams and relative sequence numbers, analysis
 * flags, reassembly: what `wirepool read` prints). The session of that pass stays with the
 * store, so a frame dissected again for its detail tree sees the same state.
 *
 * Per packet: 38 bytes of typed arrays, plus its summary text (UTF-8, fields separated by
 * ROW_SEPARATOR) in one growing arena; no object per packet. Store index i is frame i + 1.
 */
export class PacketStore implements PacketLocator {
  readonly session: DissectSession;
  #count = 0;
  #cap = 0;
  #offset = new Float64Array(0);
  #sec = new Float64Array(0);
  #nsec = new Uint32Array(0);
  #capLen = new Uint32Array(0);
  #wireLen = new Uint32Array(0);
  /** Interface id (-1: none) and link type. */
  #iface = new Int32Array(0);
  #linkType = new Uint16Array(0);
  /** End of packet i's summary in the arena (its start is the end of i - 1). */
  #textEnd = new Uint32Array(0);
  #arena = new Uint8Array(1 << 16);
  #arenaUsed = 0;
  readonly #meta: PacketMeta = { number: 0, sec: 0, nsec: 0, wireLen: 0, capLen: 0, interfaceId: -1, linkType: 0 };

  /** The store keeps the summary columns only: its dissections build no tree. */
  readonly #summary = new ProtoTree({ summary: true });

  constructor(session: DissectSession) {
    this.session = session;
  }

  get count(): number {
    return this.#count;
  }

  /** Bytes the store holds (typed arrays and arena, by capacity). */
  get bytes(): number {
    return this.#cap * 38 + this.#arena.length;
  }

  /** The first frame's time, for times relative to it. */
  get firstTime(): { sec: number; nsec: number } | undefined {
    return this.#count === 0 ? undefined : { sec: this.#sec[0]!, nsec: this.#nsec[0]! };
  }

  /** Packet i's time, as a new object (`meta` reuses one, which a dissection may hold). */
  time(i: number): { sec: number; nsec: number } {
    return { sec: this.#sec[i]!, nsec: this.#nsec[i]! };
  }

  /**
   * Adds the next packet of the run (frames in order, numbered 1, 2, …): dissects it on the
   * store's session and keeps its summary. `offset`: its record's byte offset in the run's file
   * (-1 when it has none).
   */
  add(meta: PacketMeta, bytes: Uint8Array, offset: number): void {
    const i = this.#count;
    if (meta.number !== i + 1) throw new Error(`internal: the store's packet ${i + 1} arrived numbered ${meta.number}`);
    if (i === this.#cap) this.#grow();
    const { pinfo } = dissectFrame(meta, bytes, this.session, this.#summary);
    this.#offset[i] = offset;
    this.#sec[i] = meta.sec;
    this.#nsec[i] = meta.nsec;
    this.#capLen[i] = meta.capLen;
    this.#wireLen[i] = meta.wireLen;
    this.#iface[i] = meta.interfaceId;
    this.#linkType[i] = meta.linkType;
    const sep = String.fromCharCode(ROW_SEPARATOR);
    this.#text(`${pinfo.src}${sep}${pinfo.dst}${sep}${pinfo.protocol}${sep}${pinfo.info}`);
    this.#textEnd[i] = this.#arenaUsed;
    this.#count = i + 1;
  }

  offset(i: number): number {
    return this.#offset[i]!;
  }

  number(i: number): number {
    return i + 1;
  }

  /** Packet i's metadata (one object, reused: copy what you keep). */
  meta(i: number): PacketMeta {
    const m = this.#meta;
    m.number = i + 1;
    m.sec = this.#sec[i]!;
    m.nsec = this.#nsec[i]!;
    m.capLen = this.#capLen[i]!;
    m.wireLen = this.#wireLen[i]!;
    m.interfaceId = this.#iface[i]!;
    m.linkType = this.#linkType[i]!;
    return m;
  }

  /** Packet i's summary: source, destination, protocol, info, separated by ROW_SEPARATOR (a view into the arena). */
  summary(i: number): Uint8Array {
    const start = i === 0 ? 0 : this.#textEnd[i - 1]!;
    return this.#arena.subarray(start, this.#textEnd[i]!);
  }

  #text(s: string): void {
    // UTF-8 takes at most 3 bytes per UTF-16 unit.
    if (this.#arenaUsed + s.length * 3 > this.#arena.length) {
      let n = this.#arena.length * 2;
      while (n < this.#arenaUsed + s.length * 3) n *= 2;
      const a = new Uint8Array(n);
      a.set(this.#arena.subarray(0, this.#arenaUsed));
      this.#arena = a;
    }
    this.#arenaUsed += encoder.encodeInto(s, this.#arena.subarray(this.#arenaUsed)).written;
  }

  #grow(): void {
    const cap = Math.max(1024, this.#cap * 2);
    this.#offset = grown(this.#offset, cap);
    this.#sec = grown(this.#sec, cap);
    this.#nsec = grown(this.#nsec, cap);
    this.#capLen = grown(this.#capLen, cap);
    this.#wireLen = grown(this.#wireLen, cap);
    this.#iface = grown(this.#iface, cap);
    this.#linkType = grown(this.#linkType, cap);
    this.#textEnd = grown(this.#textEnd, cap);
    this.#cap = cap;
  }
}
