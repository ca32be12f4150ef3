import type { Lease } from '../../pool/index.js';
import type { DissectSession } from '../core/session.js';

/**
 * IP fragment reassembly, shared by IPv4 and IPv6 (Wireshark's reassemble.c, reduced to what
 * IP needs). Fragments of one datagram are copied into one pooled buffer as they arrive: the
 * buffer starts in the tier that holds the bytes seen so far and moves up a tier when a later
 * fragment reaches further, so a 1 KiB datagram never holds a 64 KiB buffer.
 *
 * Bounds, so a capture cannot make us hold memory without limit:
 *  - at most `maxDatagrams` incomplete datagrams (the oldest is dropped for a new one);
 *  - at most `maxFragments` fragments per datagram (more drops the datagram);
 *  - an incomplete datagram older than `timeoutSec` of capture time is dropped;
 *  - a datagram may not pass `maxSize` bytes.
 * A completed datagram's bytes stay valid (its lease held) until `keepCompleted` more datagrams
 * have completed: the frame that completed it, and whatever reads its tree next, see them.
 *
 * Overlaps: bytes already held win; a fragment whose overlapping bytes differ is flagged as a
 * conflict, one that brings nothing new as a duplicate (Wireshark's overlap/conflict marks).
 */
export interface ReassemblyLimits {
  maxDatagrams: number;
  maxFragments: number;
  timeoutSec: number;
  maxSize: number;
  keepCompleted: number;
}

export const DEFAULT_LIMITS: ReassemblyLimits = { maxDatagrams: 512, maxFragments: 256, timeoutSec: 60, maxSize: 65535, keepCompleted: 8 };

export type FragmentStatus = 'pending' | 'complete' | 'error';

export interface FragmentResult {
  status: FragmentStatus;
  /** The whole datagram payload, when complete (a view into a pooled buffer). */
  bytes: Uint8Array | undefined;
  /** Frame numbers of the fragments, in offset order, when complete. */
  frames: number[];
  overlap: boolean;
  conflict: boolean;
  duplicate: boolean;
  /** Why the fragment was refused (status 'error'). */
  reason: string;
}

interface Piece {
  start: number;
  end: number;
  frame: number;
}

interface Datagram {
  lease: Lease | undefined;
  /** Payload length, known once the last fragment (no "more" flag) is seen; -1 before. */
  total: number;
  pieces: Piece[];
  firstSec: number;
  overlap: boolean;
  conflict: boolean;
}

export class Reassembler {
  readonly #session: DissectSession;
  readonly limits: ReassemblyLimits;
  /** Insertion order = age order: the first entry is the oldest. */
  readonly #pending = new Map<string, Datagram>();
  readonly #completed: Lease[] = [];
  /** Datagrams given up on (limits, age, errors): for tests and statistics. */
  dropped = 0;

  constructor(session: DissectSession, limits: Partial<ReassemblyLimits> = {}) {
    this.#session = session;
    this.limits = { ...DEFAULT_LIMITS, ...limits };
  }

  get pendingCount(): number {
    return this.#pending.size;
  }

  /**
   * Adds one fragment: `offset` in bytes within the datagram payload, `data` its bytes, `more`
   * the More Fragments flag. `nowSec` is the frame's capture time.
   */
  add(key: string, nowSec: number, frame: number, offset: number, data: Uint8Array, more: boolean): FragmentResult {
    this.#expire(nowSec);
    const end = offset + data.length;
    if (end > this.limits.maxSize) return this.#fail(key, 'fragment ends past the largest datagram size');
    let d = this.#pending.get(key);
    if (d === undefined) {
      if (this.#pending.size >= this.limits.maxDatagrams) this.#dropOldest();
      d = { lease: undefined, total: -1, pieces: [], firstSec: nowSec, overlap: false, conflict: false };
      this.#pending.set(key, d);
    }
    if (d.pieces.length >= this.limits.maxFragments) return this.#fail(key, 'too many fragments');
    if (!more) {
      if (d.total >= 0 && d.total !== end) return this.#fail(key, 'more than one last fragment');
      d.total = end;
    }
    if (d.total >= 0 && end > d.total) return this.#fail(key, 'fragment runs past the last fragment');
    const buf = this.#room(d, end);
    // Copy the parts not held yet; compare the parts already held.
    let newBytes = 0;
    let cursor = offset;
    let conflict = false;
    let overlap = false;
    for (const p of d.pieces) {
      if (p.end <= cursor || p.start >= end) continue;
      if (p.start > cursor) {
        buf.set(data.subarray(cursor - offset, p.start - offset), cursor);
        newBytes += p.start - cursor;
      }
      const oStart = Math.max(cursor, p.start);
      const oEnd = Math.min(end, p.end);
      if (oEnd > oStart) {
        overlap = true;
        for (let i = oStart; i < oEnd && !conflict; i++) if (buf[i] !== data[i - offset]) conflict = true;
      }
      cursor = Math.max(cursor, p.end);
      if (cursor >= end) break;
    }
    if (cursor < end) {
      buf.set(data.subarray(cursor - offset), cursor);
      newBytes += end - cursor;
    }
    insertPiece(d.pieces, { start: offset, end, frame });
    d.overlap ||= overlap;
    d.conflict ||= conflict;
    const duplicate = overlap && newBytes === 0;
    if (d.total < 0 || !covers(d.pieces, d.total)) {
      return { status: 'pending', bytes: undefined, frames: [], overlap, conflict, duplicate, reason: '' };
    }
    this.#pending.delete(key);
    const lease = d.lease!;
    this.#completed.push(lease);
    if (this.#completed.length > this.limits.keepCompleted) this.#completed.shift()!.release();
    const frames: number[] = [];
    for (const p of d.pieces) if (frames[frames.length - 1] !== p.frame) frames.push(p.frame);
    return {
      status: 'complete',
      bytes: lease.bytes.subarray(0, d.total),
      frames,
      overlap: d.overlap,
      conflict: d.conflict,
      duplicate,
      reason: '',
    };
  }

  /** Releases every buffer (end of a capture). */
  clear(): void {
    for (const d of this.#pending.values()) d.lease?.release();
    this.#pending.clear();
    for (const l of this.#completed) l.release();
    this.#completed.length = 0;
  }

  /** The session's end (DissectSession.close): every buffer back to the pool. */
  close(): void {
    this.clear();
  }

  /** A buffer holding at least `end` bytes: the current one, or the next tier with the bytes so far copied over. */
  #room(d: Datagram, end: number): Uint8Array {
    if (d.lease !== undefined && d.lease.bytes.length >= end) return d.lease.bytes;
    const pool = this.#session.pool;
    const want = Math.max(end, d.total);
    const size = want <= pool.maxPooledSize ? pool.tierSizes[pool.tierFor(want)]! : want;
    const lease = pool.acquire(size);
    if (d.lease !== undefined) {
      lease.bytes.set(d.lease.bytes);
      d.lease.release();
    }
    d.lease = lease;
    return lease.bytes;
  }

  #fail(key: string, reason: string): FragmentResult {
    const d = this.#pending.get(key);
    if (d !== undefined) {
      d.lease?.release();
      this.#pending.delete(key);
      this.dropped++;
    }
    return { status: 'error', bytes: undefined, frames: [], overlap: false, conflict: false, duplicate: false, reason };
  }

  #dropOldest(): void {
    for (const [k, d] of this.#pending) {
      d.lease?.release();
      this.#pending.delete(k);
      this.dropped++;
      return;
    }
  }

  #expire(nowSec: number): void {
    for (const [k, d] of this.#pending) {
      if (nowSec - d.firstSec <= this.limits.timeoutSec) return;
      d.lease?.release();
      this.#pending.delete(k);
      this.dropped++;
    }
  }
}

/** Keeps pieces sorted by start (few per datagram: insertion sort). */
function insertPiece(pieces: Piece[], p: Piece): void {
  let i = pieces.length;
  while (i > 0 && pieces[i - 1]!.start > p.start) i--;
  pieces.splice(i, 0, p);
}

/** Whether the sorted pieces cover [0, total) without a hole. */
function covers(pieces: readonly Piece[], total: number): boolean {
  let reach = 0;
  for (const p of pieces) {
    if (p.start > reach) return false;
    if (p.end > reach) reach = p.end;
  }
  return reach >= total;
}
