import type { Lease } from '../../pool/index.js';
import { type DissectSession, frameSlot } from '../core/session.js';

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
 *
 * Revisits: each fragment's result is recorded for its frame (`IP_FRAGMENT`). The completing
 * frame's record lists the pieces (frame, offset in that frame, place in the datagram), so a
 * revisit rebuilds the datagram from the frames' bytes, which the session reads again
 * (`frameBytes`); a session without that keeps a copy of each datagram instead.
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
  /** When complete: the pieces, in datagram order (what a revisit rebuilds the bytes from). */
  pieces: readonly Piece[];
  /** When complete, on a session that cannot read frames again: a copy of `bytes` for revisits. */
  kept: Uint8Array | undefined;
}

/** One fragment's bytes: [start, end) of the datagram, from `frame` at offset `at` (-1: not the frame's own bytes). */
export interface Piece {
  start: number;
  end: number;
  frame: number;
  at: number;
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
  add(key: string, nowSec: number, frame: number, offset: number, data: Uint8Array, more: boolean, at = -1): FragmentResult {
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
    insertPiece(d.pieces, { start: offset, end, frame, at });
    d.overlap ||= overlap;
    d.conflict ||= conflict;
    const duplicate = overlap && newBytes === 0;
    if (d.total < 0 || !covers(d.pieces, d.total)) {
      return { status: 'pending', bytes: undefined, frames: [], overlap, conflict, duplicate, reason: '', pieces: [], kept: undefined };
    }
    this.#pending.delete(key);
    const lease = d.lease!;
    this.#completed.push(lease);
    if (this.#completed.length > this.limits.keepCompleted) this.#completed.shift()!.release();
    const bytes = lease.bytes.subarray(0, d.total);
    // Bytes that cannot be read again from a frame are kept (no frameBytes, or a fragment inside a reassembled datagram).
    const keep = this.#session.keep(
      d.total,
      d.pieces.every((p) => p.at >= 0),
    );
    return {
      status: 'complete',
      bytes,
      frames: framesOf(d.pieces),
      overlap: d.overlap,
      conflict: d.conflict,
      duplicate,
      reason: '',
      pieces: d.pieces,
      kept: keep ? bytes.slice() : undefined,
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
    return {
      status: 'error',
      bytes: undefined,
      frames: [],
      overlap: false,
      conflict: false,
      duplicate: false,
      reason,
      pieces: [],
      kept: undefined,
    };
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

/** Frame numbers of the pieces, in datagram order, each once in a row (the fragment list). */
function framesOf(pieces: readonly Piece[]): number[] {
  const frames: number[] = [];
  for (const p of pieces) if (frames[frames.length - 1] !== p.frame) frames.push(p.frame);
  return frames;
}

const STATUS: readonly FragmentStatus[] = ['pending', 'complete', 'error'];

/**
 * A fragment's result, kept for revisits (without the bytes: those are rebuilt). Words: status
 * | overlap << 2 | conflict << 3 | duplicate << 4 | kept << 5; an error's reason (reference);
 * when complete: total length, piece count, then per piece frame, at, start, end; the kept copy.
 */
export const IP_FRAGMENT = frameSlot<FragmentResult>('ip.reassembly', {
  write(v, out) {
    const kept = v.kept !== undefined;
    out.int(STATUS.indexOf(v.status) | (v.overlap ? 4 : 0) | (v.conflict ? 8 : 0) | (v.duplicate ? 16 : 0) | (kept ? 32 : 0));
    if (v.status === 'error') out.ref(v.reason);
    if (v.status !== 'complete') return;
    out.int(v.bytes!.length);
    out.int(v.pieces.length);
    for (const p of v.pieces) {
      out.int(p.frame);
      out.int(p.at);
      out.int(p.start);
      out.int(p.end);
    }
    if (kept) out.ref(v.kept);
  },
  read(from) {
    const w = from.int();
    const status = STATUS[w & 3]!;
    const r: FragmentResult = {
      status,
      bytes: undefined,
      frames: [],
      overlap: (w & 4) !== 0,
      conflict: (w & 8) !== 0,
      duplicate: (w & 16) !== 0,
      reason: status === 'error' ? (from.ref() as string) : '',
      pieces: [],
      kept: undefined,
    };
    if (status !== 'complete') return r;
    const total = from.int();
    const pieces: Piece[] = [];
    for (let n = from.int(); n > 0; n--) pieces.push({ frame: from.int(), at: from.int(), start: from.int(), end: from.int() });
    r.pieces = pieces;
    r.frames = framesOf(pieces);
    r.kept = w & 32 ? (from.ref() as Uint8Array) : undefined;
    // The length travels in `bytes` until the revisit rebuilds them (rebuild() below).
    r.bytes = r.kept ?? new Uint8Array(total);
    return r;
  },
});

/**
 * The datagram of a recorded completion, rebuilt for a revisit: each piece from its frame's
 * bytes (`own` is the revisited fragment, from frame `frame` at offset `at`; the others are read
 * through `frameBytes`), earlier frames last so that, as on the first pass, the copy that came
 * first wins where fragments overlap. Returns the number of a frame that cannot be read again,
 * instead, when one cannot.
 */
export function rebuild(
  r: FragmentResult,
  frame: number,
  at: number,
  own: Uint8Array,
  frameBytes: ((number: number) => Uint8Array | undefined) | undefined,
): Uint8Array | number {
  if (r.kept !== undefined) return r.kept;
  const out = r.bytes!;
  const total = out.length;
  const pieces = [...r.pieces].sort((a, b) => b.frame - a.frame);
  for (const p of pieces) {
    const len = Math.min(p.end, total) - p.start;
    if (len <= 0) continue;
    const src = p.frame === frame && p.at === at ? own : frameBytes?.(p.frame)?.subarray(p.at);
    if (src === undefined || src.length < len) return p.frame;
    out.set(src.subarray(0, len), p.start);
  }
  return out;
}
