import { grown } from '../../common/index.js';
import type { Lease } from '../../pool/index.js';
import { type PayloadRoute, dispatchPayload } from '../core/dispatch.js';
import { addExpert, expertTable } from '../core/expert-info.js';
import { fieldTable } from '../core/fields.js';
import { DESEGMENT_ONE_MORE_SEGMENT, DESEGMENT_UNTIL_FIN, type PacketInfo } from '../core/packet-info.js';
import { type DissectSession, frameSlot } from '../core/session.js';
import type { ProtoTree } from '../core/tree.js';
import { Tvb } from '../core/tvb.js';

/**
 * TCP desegmentation with TShark 4.0's default behaviour: the layer above TCP (HTTP, TLS, DNS
 * over TCP…) says, through `PacketInfo.desegment`, that a PDU goes on past the segment; TCP then
 * collects the sender's next segments into one pooled buffer until the PDU is whole, and calls
 * the layer again on the frame that completes it, with the reassembled bytes as a data source
 * of their own ("Reassembled TCP"). The segments before it show as
 * "[TCP segment of a reassembled PDU]" (Protocol TCP), as TShark's single pass shows them.
 *
 * One unfinished PDU per direction of a stream (Wireshark's multisegment PDU). It takes the
 * segments that start inside it, overlapping its bytes or not (`Desegmenter.continue`); an
 * in-order segment starting outside it gives it up: it could never complete in order. Bounds,
 * so a capture cannot make us hold memory without limit: a PDU may not collect more than
 * `maxPdu` bytes (it is waited for whatever length it announces, as in TShark) and unfinished
 * PDUs together `maxPending` (the oldest goes first); a PDU given up leaves an expert note on
 * the frame that made it so.
 *
 * Revisits: each segment's part is recorded for its frame (`TCP_PDU`). The frame that completes
 * a PDU records its pieces (frame, offset in that frame, place in the PDU), so a revisit
 * rebuilds the bytes from the frames (the session reads them again, `frameBytes`), as IP
 * reassembly does; the layer above is called again on them and decides as it did.
 */
export interface DesegmentLimits {
  /** Largest PDU reassembled, in bytes. */
  maxPdu: number;
  /** Bytes all unfinished PDUs of a capture may hold together. */
  maxPending: number;
  /** Completed PDUs whose buffers stay valid after the frame that completed them. */
  keepCompleted: number;
}

export const DESEGMENT_LIMITS: DesegmentLimits = { maxPdu: 16 << 20, maxPending: 64 << 20, keepCompleted: 8 };

const R = fieldTable.extend('tcp', [
  { abbrev: 'tcp.segments', name: 'Reassembled TCP Segments', type: 'none' },
  { abbrev: 'tcp.segment', name: 'TCP Segment', type: 'framenum' },
  { abbrev: 'tcp.segment.count', name: 'Segment count', type: 'uint', bits: 32 },
  { abbrev: 'tcp.reassembled.length', name: 'Reassembled TCP length', type: 'uint', bits: 32 },
  { abbrev: 'tcp.reassembled.data', name: 'Reassembled TCP Data', type: 'bytes' },
  { abbrev: 'tcp.segment.error', name: 'Reassembling error', type: 'framenum' },
  { abbrev: 'tcp.segment.overlap', name: 'Segment overlap', type: 'bool' },
  { abbrev: 'tcp.segment.overlap.conflict', name: 'Conflicting data in segment overlap', type: 'bool' },
]);
const [segmentsField, segmentField, countField, lengthField, dataField, segmentErrorField, overlapField, conflictField] = R;
const segmentDataField = fieldTable.get('tcp.segment_data')!;

const EI = expertTable('tcp', 'TCP', [
  {
    name: 'tcp.reassembly.given_up',
    severity: 'warn',
    group: 'reassemble',
    summary: 'TCP reassembly given up',
  },
]);

/** Piece flags (Wireshark's FD_OVERLAP, FD_OVERLAPCONFLICT): it overlaps bytes held before it; some of them differ. */
const OVERLAP = 1;
const CONFLICT = 2;

/**
 * One segment's bytes in a PDU: [start, end) of the PDU, from `frame` at offset `at` (-1: not the
 * frame's own bytes); `flags` OVERLAP / CONFLICT.
 */
interface Piece {
  start: number;
  end: number;
  frame: number;
  at: number;
  flags: number;
}

/** 32-bit words a piece takes. */
const WORDS = 5;

/**
 * A PDU's pieces, five 32-bit words each (the frame log keeps a reference to the list of every
 * PDU a frame completed, for the capture's life: objects per segment would cost 3-4 times as
 * much). Append-only: a record that read the first n pieces reads the same n later.
 */
class PieceList {
  #words = new Int32Array(4 * WORDS);
  length = 0;
  /** Whether some piece is not a frame's own bytes (cannot be read again). */
  unreadable = false;

  push(start: number, end: number, frame: number, at: number, flags = 0): void {
    const i = this.length * WORDS;
    this.#words = grown(this.#words, i + WORDS);
    const w = this.#words;
    w[i] = start;
    w[i + 1] = end;
    w[i + 2] = frame;
    w[i + 3] = at;
    w[i + 4] = flags;
    if (at < 0) this.unreadable = true;
    this.length++;
  }

  get(k: number): Piece {
    const w = this.#words;
    const i = k * WORDS;
    return { start: w[i]!, end: w[i + 1]!, frame: w[i + 2]!, at: w[i + 3]!, flags: w[i + 4]! };
  }
}

/** How many bytes a PDU still waits for: a total length, or until the next segment / the FIN. */
const NEED_NEXT = -1;
const NEED_FIN = -2;

/** A PDU being collected (Wireshark's multisegment PDU). */
interface Pdu {
  key: string;
  /** Raw sequence number of its first byte. */
  seq: number;
  /** Bytes held (the offset of the next byte expected). */
  reach: number;
  /** Total length once known, or NEED_NEXT / NEED_FIN. */
  need: number;
  lease: Lease | undefined;
  /** Unpooled buffer, for a PDU larger than the pool's largest tier. */
  big: Uint8Array | undefined;
  /** Shared with the records of the frames that completed it so far (append-only; a revisit reads the first n). */
  pieces: PieceList;
  /** A segment is missing inside it: it cannot complete. */
  hole: boolean;
}

/** Why a PDU was given up (kept in the frame's record for the expert note). */
const GAVE_UP = [
  '',
  'this segment does not continue the PDU in order',
  'the PDU would pass the largest size reassembled',
  'too many bytes held',
];

/** A segment's part in reassembly, decided on the first pass (what a revisit reads back). */
interface Part {
  /**
   * 0: no PDU was waiting (or the segment is not inside it); 1: the segment went into one that
   * is not complete; 2: it completed one; 3: it starts where the waiting PDU does, within it
   * (sent again: the PDU is left as it is).
   */
  kind: number;
  /** Bytes of the segment the waiting PDU took. */
  used: number;
  /** When complete: the PDU's length and its first `count` pieces. */
  total: number;
  count: number;
  pieces: PieceList;
  /** GAVE_UP index: why a waiting PDU was given up at this segment (0: it was not). */
  gaveUp: number;
  /** A copy of the PDU, when its pieces cannot all be read again (first pass only otherwise undefined). */
  kept: Uint8Array | undefined;
  /** First pass only: the completed PDU and its bytes. */
  pdu: Pdu | undefined;
  bytes: Uint8Array | undefined;
}

const NONE: Part = {
  kind: 0,
  used: 0,
  total: 0,
  count: 0,
  pieces: new PieceList(),
  gaveUp: 0,
  kept: undefined,
  pdu: undefined,
  bytes: undefined,
};

const RESENT: Part = { ...NONE, kind: 3 };

/**
 * Flags of a piece over `data` from `off` whose bytes up to `held` were held before it
 * (Wireshark's reassembly compares them at the end; the bytes held do not change, so here).
 */
function overlapFlags(buffer: Uint8Array, data: Uint8Array, off: number, held: number): number {
  for (let i = off; i < held; i++) if (buffer[i] !== data[i - off]) return OVERLAP | CONFLICT;
  return OVERLAP;
}

/** Words: kind | gaveUp << 2 | kept << 4, used; when complete: total, count, a reference to the pieces; the copy. */
const TCP_PDU = frameSlot<Part>('tcp.reassembly', {
  write(v, out) {
    out.int(v.kind | (v.gaveUp << 2) | (v.kept !== undefined ? 16 : 0));
    if (v.kind === 0) return;
    out.int(v.used);
    if (v.kind !== 2) return;
    out.int(v.total);
    out.int(v.count);
    out.ref(v.pieces);
    if (v.kept !== undefined) out.ref(v.kept);
  },
  read(from) {
    const w = from.int();
    const kind = w & 3;
    const gaveUp = (w >>> 2) & 3;
    if (kind === 0) return gaveUp === 0 ? NONE : { ...NONE, gaveUp };
    const used = from.int();
    if (kind !== 2) return { ...NONE, kind, used, gaveUp };
    const total = from.int();
    const count = from.int();
    const pieces = from.ref() as PieceList;
    const kept = w & 16 ? (from.ref() as Uint8Array) : undefined;
    return { ...NONE, kind, used, total, count, pieces, gaveUp, kept };
  },
});

/** What `Desegmenter.start` answered (0: collecting; else a GAVE_UP index), kept for revisits. */
const TCP_PDU_START = frameSlot<number>('tcp.reassembly.start', {
  write(v, out) {
    out.int(v);
  },
  read(from) {
    return from.int();
  },
});

/** The capture's unfinished PDUs (session state 'tcp.reassembly'). */
export class Desegmenter {
  readonly #session: DissectSession;
  readonly limits: DesegmentLimits;
  /** By direction of a stream; insertion order is age order. */
  readonly #pdus = new Map<string, Pdu>();
  readonly #completed: Lease[] = [];
  #pending = 0;
  /** PDUs given up (limits, gaps): for tests and statistics. */
  dropped = 0;

  constructor(session: DissectSession, limits: Partial<DesegmentLimits> = {}) {
    this.#session = session;
    this.limits = { ...DESEGMENT_LIMITS, ...limits };
  }

  get pendingCount(): number {
    return this.#pdus.size;
  }

  /** Bytes the unfinished PDUs hold. */
  get pendingBytes(): number {
    return this.#pending;
  }

  /**
   * A segment of direction `key` at raw sequence number `seq`: what the PDU waiting there (if
   * any) takes of it. As TShark's multisegment PDU, the PDU takes a segment that starts inside
   * it: from its first byte up to the byte after the last it waits for (the next segment's first
   * byte, when it waits for one). A segment starting at its first byte again and ending within
   * it was sent again (TShark shows it as such and leaves the PDU). Bytes a segment shares with
   * those held stay as first received (TShark's reassembly keeps them), compared: a difference
   * makes the PDU's segments illegal. One starting past those held leaves a hole: the PDU then
   * never completes (TShark keeps marking its later segments as part of it). `reordered`: TCP's
   * analysis found the segment out of order; one not inside the PDU then leaves it waiting, as
   * TShark does (an in-order one gives it up: it could never complete in order).
   */
  continue(key: string, seq: number, data: Uint8Array, frame: number, at: number, fin: boolean, reordered = false): Part {
    const pdu = this.#pdus.get(key);
    if (pdu === undefined) return NONE;
    // A segment without payload (a FIN's) completes only a PDU that waited for the FIN: one that
    // waits for the next segment waits on (Wireshark passes TCP no empty payload but there).
    if (data.length === 0 && pdu.need !== NEED_FIN) return NONE;
    const off = (seq - pdu.seq) >>> 0;
    const bound = pdu.need >= 0 ? pdu.need : pdu.need === NEED_NEXT ? pdu.reach + 1 : 2 ** 32;
    // Unsigned: a segment starting before the PDU is not inside it.
    if (off === 0 && data.length <= bound) return RESENT;
    if (off === 0 || off >= bound) {
      if (reordered) return NONE;
      this.#drop(pdu);
      return { ...NONE, gaveUp: 1 };
    }
    const take = pdu.need >= 0 ? Math.min(data.length, pdu.need - off) : data.length;
    const end = off + take;
    if (end > this.limits.maxPdu) {
      this.#drop(pdu);
      return { ...NONE, gaveUp: 2 };
    }
    const held = pdu.reach;
    const grow = Math.max(0, end - held);
    if (!this.#room(pdu, Math.max(end, held), grow)) return { ...NONE, gaveUp: 3 };
    const flags = off < held ? overlapFlags(this.#buffer(pdu), data, off, Math.min(end, held)) : 0;
    if (end > held) {
      this.#pending += grow;
      this.#buffer(pdu).set(data.subarray(Math.max(0, held - off), take), Math.max(off, held));
      pdu.reach = end;
    }
    pdu.pieces.push(off, end, frame, at, flags);
    if (off > held) pdu.hole = true;
    if (pdu.hole || !this.#completes(pdu, off + data.length, held, fin)) return { ...NONE, kind: 1, used: take };
    return this.#complete(pdu, take);
  }

  /** The PDU is whole with the `take` bytes of the segment: no longer waiting, its bytes handed out. */
  #complete(pdu: Pdu, take: number): Part {
    this.#pdus.delete(pdu.key);
    this.#pending -= pdu.reach;
    const total = pdu.need >= 0 ? pdu.need : pdu.reach;
    const bytes = this.#buffer(pdu).subarray(0, total);
    const kept = this.#session.keep(total, !pdu.pieces.unreadable) ? bytes.slice() : undefined;
    return { kind: 2, used: take, total, count: pdu.pieces.length, pieces: pdu.pieces, gaveUp: 0, kept, pdu, bytes };
  }

  /**
   * Whether the segment ending at `last` (offset in the PDU) completes it, `held` bytes having
   * been held before it. As in TShark, a PDU of known length completes on the segment that
   * reaches its end, every byte before it held; one waiting for the next segment on a segment
   * that brings a new byte. One that brings none (it lies within the bytes held) ends the PDU
   * where the segment does (TShark's PDU then ends there): a later segment reaching that end
   * completes it.
   */
  #completes(pdu: Pdu, last: number, held: number, fin: boolean): boolean {
    if (pdu.need === NEED_FIN) return fin;
    if (pdu.need >= 0) return last >= pdu.need && pdu.reach >= pdu.need;
    if (last > held) return true;
    pdu.need = last;
    return false;
  }

  /**
   * The layer above asked for more: the PDU starting at `offset` of `bytes` (a segment's payload
   * from `seq`, or a completed PDU's bytes) needs `more` bytes past their end. `pieces` says
   * where `bytes` came from (a segment: one piece), `from` is the completed PDU they are, if so.
   */
  start(
    key: string,
    seq: number,
    bytes: Uint8Array,
    offset: number,
    more: number,
    pieces: PieceList,
    count: number,
    from: Pdu | undefined,
  ): number {
    const have = bytes.length - offset;
    // A PDU longer than `maxPdu` is waited for as TShark waits for it; what stops it is the
    // bytes it actually collects (`continue` gives it up past the limit), so a hostile length
    // alone reserves nothing (see #room).
    const need = more === DESEGMENT_ONE_MORE_SEGMENT ? NEED_NEXT : more === DESEGMENT_UNTIL_FIN ? NEED_FIN : have + more;
    const old = this.#pdus.get(key);
    if (old !== undefined) this.#drop(old);
    if (from !== undefined && offset === 0) {
      // The whole PDU goes on: keep its buffer and pieces (bytes held past its end, from a
      // segment that lay within it, are not its own).
      from.need = need;
      from.reach = have;
      this.#pdus.set(key, from);
      this.#pending += from.reach;
      return 0;
    }
    const pdu: Pdu = {
      key,
      seq: (seq + offset) >>> 0,
      reach: 0,
      need,
      lease: undefined,
      big: undefined,
      pieces: new PieceList(),
      hole: false,
    };
    if (!this.#room(pdu, have, have)) {
      if (from !== undefined) this.finish(from);
      return 3;
    }
    this.#buffer(pdu).set(bytes.subarray(offset), 0);
    for (let k = 0; k < count; k++) {
      const p = pieces.get(k);
      if (p.end <= offset) continue;
      const cut = Math.max(0, offset - p.start);
      pdu.pieces.push(p.start + cut - offset, p.end - offset, p.frame, p.at < 0 ? -1 : p.at + cut);
    }
    pdu.reach = have;
    this.#pdus.set(key, pdu);
    this.#pending += have;
    // The completed PDU's bytes are still shown by the frame: kept like any completed one.
    if (from !== undefined) this.finish(from);
    return 0;
  }

  /** A completed PDU nobody asks more of: its buffer stays valid for the next `keepCompleted` completions. */
  finish(pdu: Pdu): void {
    if (pdu.lease === undefined) return;
    this.#completed.push(pdu.lease);
    pdu.lease = undefined;
    if (this.#completed.length > this.limits.keepCompleted) this.#completed.shift()!.release();
  }

  /** The end of the pass (DissectSession.endPass): every buffer back to the pool. */
  close(): void {
    for (const pdu of this.#pdus.values()) pdu.lease?.release();
    this.#pdus.clear();
    this.#pending = 0;
    for (const l of this.#completed) l.release();
    this.#completed.length = 0;
  }

  #buffer(pdu: Pdu): Uint8Array {
    return pdu.big ?? pdu.lease!.bytes;
  }

  /**
   * Makes room for `end` bytes, `grow` of them new to the pending total (a larger tier, or an
   * unpooled buffer past the largest; older PDUs give way past `maxPending`). False, with the
   * PDU given up, when even that is not enough.
   */
  #room(pdu: Pdu, end: number, grow: number): boolean {
    while (this.#pending + grow > this.limits.maxPending) {
      const oldest = this.#pdus.values().next().value;
      if (oldest === undefined || oldest === pdu) break;
      this.#drop(oldest);
    }
    if (this.#pending + grow > this.limits.maxPending) {
      this.#drop(pdu);
      return false;
    }
    const size = pdu.big?.length ?? pdu.lease?.bytes.length ?? 0;
    if (size >= end) return true;
    const pool = this.#session.pool;
    // Known length within the limit: one buffer of it; otherwise double, so collecting n bytes
    // copies O(n).
    const want = Math.max(end, pdu.need > 0 && pdu.need <= this.limits.maxPdu ? pdu.need : 0, size * 2);
    let lease: Lease | undefined;
    let big: Uint8Array | undefined;
    if (want <= pool.maxPooledSize) lease = pool.acquire(pool.tierSizes[pool.tierFor(want)]!);
    else big = new Uint8Array(want);
    const next = big ?? lease!.bytes;
    if (pdu.reach > 0) next.set(this.#buffer(pdu).subarray(0, pdu.reach));
    pdu.lease?.release();
    pdu.lease = lease;
    pdu.big = big;
    return true;
  }

  #drop(pdu: Pdu): void {
    if (this.#pdus.get(pdu.key) === pdu) {
      this.#pdus.delete(pdu.key);
      this.#pending -= pdu.reach;
    }
    this.#release(pdu);
    this.dropped++;
  }

  #release(pdu: Pdu): void {
    pdu.lease?.release();
    pdu.lease = undefined;
    pdu.big = undefined;
  }
}

const newDesegmenter = (session: DissectSession): Desegmenter => new Desegmenter(session);

/**
 * The PDU's bytes again on a revisit, from the frames (or the kept copy): `own` holds the
 * revisited frame's bytes. A frame number that cannot be read again instead. A piece adds only
 * the bytes past those before it (a completed PDU has no hole), as the first pass kept them.
 */
function rebuild(
  part: Part,
  frame: number,
  own: Uint8Array,
  frameBytes: ((n: number) => Uint8Array | undefined) | undefined,
): Uint8Array | number {
  if (part.kept !== undefined) return part.kept;
  const out = new Uint8Array(part.total);
  let filled = 0;
  for (let i = 0; i < part.count && filled < part.total; i++) {
    const p = part.pieces.get(i);
    const from = Math.max(p.start, filled);
    const len = Math.min(p.end, part.total) - from;
    if (len <= 0) continue;
    const at = p.at + from - p.start;
    const src = p.at < 0 ? undefined : (p.frame === frame ? own : frameBytes?.(p.frame))?.subarray(at, at + len);
    if (src === undefined || src.length < len) return p.frame;
    out.set(src.subarray(0, len), from);
    filled = from + len;
  }
  return out;
}

/**
 * The PDU's first `count` pieces as TShark lists them: one per frame, a frame's adjacent pieces
 * joined, none from `cut` on (TShark cuts a PDU where the layer above found the next one starting).
 */
function framePieces(pieces: PieceList, count: number, cut: number): Piece[] {
  const out: Piece[] = [];
  for (let i = 0; i < count; i++) {
    const p = pieces.get(i);
    if (p.start >= cut) continue;
    p.end = Math.min(p.end, cut);
    const last = out[out.length - 1];
    if (last !== undefined && last.frame === p.frame && last.end === p.start)
      out[out.length - 1] = { ...last, end: p.end, flags: last.flags | p.flags };
    else out.push(p);
  }
  return out;
}

/**
 * The "[N Reassembled TCP Segments (X bytes): #6(187), #8(7240), #10(938)]" subtree over the
 * reassembled data source, its pieces before `cut`: the head goes in first (beside TCP, where
 * TShark moves it), `showSegments` fills it once the layer above has said where the PDU ends.
 */
function addSegmentsHead(tree: ProtoTree, parent: number, tvb: Tvb): number {
  return tree.add(parent, segmentsField!, tvb, 0, tvb.length);
}

/**
 * Fills the head (see addSegmentsHead). Returns whether a piece's bytes differ from those held
 * before it where they overlap (TShark then puts "[Illegal Segments]" in Info).
 */
function showSegments(tree: ProtoTree, node: number, tvb: Tvb, part: Part, cut: number): boolean {
  // Uncut, a FIN's empty piece at the end stays listed ("#18(0)").
  const pieces = framePieces(part.pieces, part.count, cut < part.total ? cut : Number.POSITIVE_INFINITY);
  const n = pieces.length;
  let list = '';
  let conflict = false;
  for (let i = 0; i < n; i++) {
    const p = pieces[i]!;
    list += `${i > 0 ? ', ' : ''}#${p.frame}(${p.end - p.start})`;
    if (p.flags & CONFLICT) conflict = true;
  }
  tree.setText(node, `[${n} Reassembled TCP Segments (${tvb.length} bytes): ${list}]`);
  for (const p of pieces) {
    const len = p.end - p.start;
    const field = p.flags & CONFLICT ? segmentErrorField! : segmentField!;
    const item = tree.add(node, field, tvb, p.start, len, p.frame, `[Frame: ${p.frame}, payload: ${p.start}-${p.end - 1} (${len} bytes)]`);
    if (p.flags & OVERLAP) tree.add(item, overlapField!, tvb, 0, 0, true);
    if (p.flags & CONFLICT) tree.add(item, conflictField!, tvb, 0, 0, true);
  }
  tree.add(node, countField!, tvb, 0, 0, n, `[Segment count: ${n}]`);
  tree.add(node, lengthField!, tvb, 0, 0, tvb.length, `[Reassembled TCP length: ${tvb.length}]`);
  tree.add(node, dataField!, tvb, 0, tvb.length, tvb.bytes);
  return conflict;
}

/** TShark's mark for a PDU whose segments overlap with different bytes (Wireshark's show_fragment_errs_in_col). */
const ILLEGAL = '[Illegal Segments]';

/** What the layer above asked for, after a call (cleared for the next). */
interface Asked {
  offset: number;
  more: number;
  /** The layer stays on the stack though it consumed nothing. */
  keeps: boolean;
}
const asked: Asked = { offset: 0, more: 0, keeps: false };

/** Calls the layer above on `tvb` with desegmentation allowed; true if it asked for more (then `asked` says what). */
function callUp(route: PayloadRoute, tvb: Tvb, pinfo: PacketInfo, tree: ProtoTree, parent: number, fin: boolean): boolean {
  pinfo.canDesegment = true;
  pinfo.closing = fin;
  pinfo.desegmentOffset = 0;
  pinfo.desegmentLen = 0;
  dispatchPayload(route, tvb, pinfo, tree, parent);
  pinfo.canDesegment = false;
  pinfo.closing = false;
  asked.offset = pinfo.desegmentOffset;
  asked.more = pinfo.desegmentLen;
  asked.keeps = pinfo.desegmentKeeps;
  pinfo.desegmentLen = 0;
  pinfo.desegmentKeeps = false;
  return asked.more > 0 && asked.offset >= 0 && asked.offset < tvb.length;
}

/** The frame carries part of a PDU and none of what it completes: TShark's marks. */
function markSegment(pinfo: PacketInfo): void {
  pinfo.protocol = 'TCP';
  if (!pinfo.info.endsWith(SEGMENT_MARK)) pinfo.appendInfo(SEGMENT_MARK);
}

const SEGMENT_MARK = '[TCP segment of a reassembled PDU]';

/**
 * Hands a TCP segment's payload up with desegmentation (tcp.ts calls it for payloads it hands
 * up at all: not resent or reordered data, not a reset's text). `tcpNode` is the TCP subtree,
 * `seq` the raw sequence number of the payload's first byte, `fin` whether the segment closes
 * its direction, `key` the direction of its stream.
 */
export function handPayload(
  route: PayloadRoute,
  payload: Tvb,
  pinfo: PacketInfo,
  tree: ProtoTree,
  parent: number,
  tcpNode: number,
  seq: number,
  fin: boolean,
  key: string,
): void {
  const state = pinfo.session.state('tcp.reassembly', newDesegmenter);
  const frame = pinfo.frame.number;
  const at = payload.source === 0 ? payload.base : -1;
  let offset = 0;
  for (;;) {
    const from = offset;
    // Most segments continue no PDU: that answer (NONE) is not logged.
    const part = pinfo.frameDataOr(
      TCP_PDU,
      () => state.continue(key, (seq + from) >>> 0, payload.bytes.subarray(from), frame, at < 0 ? -1 : at + from, fin),
      NONE,
    );
    noteGaveUp(tree, tcpNode, payload, from, part.gaveUp);
    if (part.kind === 0) break;
    if (part.kind === 3) {
      // TShark's early return for a PDU's first segment seen again: nothing is handed up.
      const rest = payload.length - from;
      tree.add(
        tcpNode,
        segmentDataField,
        payload,
        from,
        rest,
        payload.bytes.subarray(from),
        `Retransmitted TCP segment data (${rest} bytes)`,
      );
      return;
    }
    if (part.used > 0) tree.add(tcpNode, segmentDataField, payload, from, part.used, payload.bytes.subarray(from, from + part.used));
    if (part.kind === 1) {
      markSegment(pinfo);
      return;
    }
    offset += part.used;
    const bytes = pduBytes(part, pinfo, tree, tcpNode, payload);
    if (bytes === undefined) break;
    // The layer above asked for more of the same PDU: the rest of the segment goes into it too.
    if (!completed(route, bytes, part, pinfo, tree, parent, tcpNode, key, fin)) break;
    if (offset >= payload.length) return;
  }
  if (offset >= payload.length) return;
  // More follows a PDU this segment completed: what that PDU put in Info stays (TShark fences it).
  if (offset > 0) pinfo.fenceInfo();
  const rest = offset === 0 ? payload : payload.sub(offset);
  const before = snapshot(pinfo, tree);
  if (!callUp(route, rest, pinfo, tree, parent, fin)) return;
  const piece = new PieceList();
  piece.push(0, rest.length, frame, at < 0 ? -1 : at + offset);
  const refused = pinfo.frameData(TCP_PDU_START, () =>
    state.start(key, (seq + offset) >>> 0, rest.bytes, asked.offset, asked.more, piece, 1, undefined),
  );
  if (refused !== 0) {
    giveUp(route, rest, pinfo, tree, parent, tcpNode, before, refused);
    return;
  }
  if (asked.offset === 0) {
    // Nothing of it could be decoded yet: the layer's part comes off the stack (TShark removes
    // a layer that consumed nothing), what it put in Info stays.
    if (!asked.keeps) {
      tree.truncate(before.size);
      pinfo.protocols.length = before.layers;
    }
    if (offset === 0) markSegment(pinfo);
  }
}

/** The expert note for a PDU given up at this segment (`why`: a GAVE_UP index; 0: none). */
function noteGaveUp(tree: ProtoTree, tcpNode: number, payload: Tvb, at: number, why: number): void {
  if (why === 0) return;
  const note = tree.add(tcpNode, segmentDataField, payload, at, 0, undefined, `[Reassembly given up: ${GAVE_UP[why]}]`);
  addExpert(tree, note, payload, EI['reassembly.given_up'], `TCP reassembly given up: ${GAVE_UP[why]}`);
}

/** A completed PDU's bytes (rebuilt on a revisit), or undefined with a note when a frame of it cannot be read again. */
function pduBytes(part: Part, pinfo: PacketInfo, tree: ProtoTree, tcpNode: number, payload: Tvb): Uint8Array | undefined {
  const bytes = pinfo.visited ? rebuild(part, pinfo.frame.number, tree.bytes, pinfo.session.frameBytes) : part.bytes!;
  if (typeof bytes !== 'number') return bytes;
  const note = tree.add(tcpNode, segmentDataField, payload, 0, 0, undefined, `[Reassembled PDU: frame ${bytes} cannot be read again]`);
  addExpert(tree, note, payload, EI['reassembly.given_up'], `TCP reassembly given up: frame ${bytes} cannot be read again`);
  return undefined;
}

/**
 * A segment TCP's analysis found out of order. TShark hands none of it to the layer above
 * (tcp.no_subdissector_on_error), but it still goes into the PDU waiting where it starts
 * (see Desegmenter.continue): it may be part of it, or complete it; the PDU is then shown, its
 * segments and their overlaps, and not handed up either (nothing more is asked of it).
 */
export function reorderedPayload(
  payload: Tvb,
  pinfo: PacketInfo,
  tree: ProtoTree,
  parent: number,
  tcpNode: number,
  seq: number,
  key: string,
): void {
  const state = pinfo.session.state('tcp.reassembly', newDesegmenter);
  const at = payload.source === 0 ? payload.base : -1;
  const frame = pinfo.frame.number;
  const part = pinfo.frameDataOr(TCP_PDU, () => state.continue(key, seq, payload.bytes, frame, at, false, true), NONE);
  noteGaveUp(tree, tcpNode, payload, 0, part.gaveUp);
  if (part.kind === 1) markSegment(pinfo);
  if (part.kind !== 2) return;
  const bytes = pduBytes(part, pinfo, tree, tcpNode, payload);
  if (bytes !== undefined) {
    const tvb = new Tvb(bytes, 0, tree.addSource('Reassembled TCP', bytes));
    if (showSegments(tree, addSegmentsHead(tree, parent, tvb), tvb, part, part.total)) pinfo.setInfo(ILLEGAL);
  }
  if (!pinfo.visited) state.finish(part.pdu!);
}

/** What a call up may change, to go back to. */
interface Before {
  size: number;
  sources: number;
  layers: number;
  info: string;
  protocol: string;
}

function snapshot(pinfo: PacketInfo, tree: ProtoTree): Before {
  return { size: tree.size, sources: tree.extraSources.length, layers: pinfo.protocols.length, info: pinfo.info, protocol: pinfo.protocol };
}

/**
 * TCP will not collect the PDU the layer asked for (past a limit): the layer's try is undone and
 * it is called again on `tvb` without desegmentation, so it shows what there is, with a note why.
 */
function giveUp(
  route: PayloadRoute,
  tvb: Tvb,
  pinfo: PacketInfo,
  tree: ProtoTree,
  parent: number,
  tcpNode: number,
  before: Before,
  why: number,
): void {
  tree.truncate(before.size, before.sources);
  pinfo.protocols.length = before.layers;
  pinfo.info = before.info;
  pinfo.protocol = before.protocol;
  const note = tree.add(tcpNode, segmentDataField, tvb, 0, 0, undefined, `[Reassembly given up: ${GAVE_UP[why]}]`);
  addExpert(tree, note, tvb, EI['reassembly.given_up'], `TCP reassembly given up: ${GAVE_UP[why]}`);
  dispatchPayload(route, tvb, pinfo, tree, parent);
}

/**
 * The PDU a segment completed: shown as a data source of its own and handed up. Returns true
 * when the layer above asked for even more from its start (the frame is then one more segment
 * of it: the rest of the segment, if any, belongs to it too and is not handed up on its own).
 * As TShark, the segments end where the layer found a PDU starting in this segment's bytes, and
 * overlaps with different bytes replace Info with "[Illegal Segments]" unless the layer went on
 * with bytes of earlier segments.
 */
function completed(
  route: PayloadRoute,
  bytes: Uint8Array,
  part: Part,
  pinfo: PacketInfo,
  tree: ProtoTree,
  parent: number,
  tcpNode: number,
  key: string,
  fin: boolean,
): boolean {
  const before = snapshot(pinfo, tree);
  const source = tree.addSource('Reassembled TCP', bytes);
  const tvb = new Tvb(bytes, 0, source);
  const head = addSegmentsHead(tree, parent, tvb);
  const shown = snapshot(pinfo, tree);
  const more = callUp(route, tvb, pinfo, tree, parent, fin);
  const state = pinfo.visited ? undefined : pinfo.session.state('tcp.reassembly', newDesegmenter);
  // Where the layer went on: in this segment's bytes (past those of the earlier ones), or before.
  const inLast = !more || asked.offset > part.total - part.used;
  const show = (cut: number): void => {
    if (showSegments(tree, head, tvb, part, cut) && inLast) pinfo.setInfo(ILLEGAL);
  };
  if (!more) {
    if (state !== undefined) state.finish(part.pdu!);
    show(part.total);
    return false;
  }
  const refused = pinfo.frameData(TCP_PDU_START, () =>
    state!.start(key, part.pdu!.seq, bytes, asked.offset, asked.more, part.pieces, part.count, part.pdu),
  );
  if (refused !== 0) {
    giveUp(route, tvb, pinfo, tree, parent, tcpNode, shown, refused);
    show(part.total);
    return false;
  }
  if (asked.offset !== 0) {
    show(inLast ? asked.offset : part.total);
    return false;
  }
  tree.truncate(before.size, before.sources);
  pinfo.protocols.length = before.layers;
  markSegment(pinfo);
  return true;
}
