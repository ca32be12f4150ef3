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
 * One unfinished PDU per direction of a stream (Wireshark's multisegment PDU). A segment that
 * does not start where the PDU's bytes end (a segment lost before it, data seen twice that the
 * sequence analysis did not flag) gives the PDU up: it could never complete in order. Bounds,
 * so a capture cannot make us hold memory without limit: a PDU may not collect more than `maxPdu` bytes (it is waited for whatever length it announces, as in TShark) and
 * unfinished PDUs together `maxPending` (the oldest goes first); a PDU given up leaves an
 * expert note on the frame that made it so.
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
]);
const [segmentsField, segmentField, countField, lengthField, dataField] = R;
const segmentDataField = fieldTable.get('tcp.segment_data')!;

const EI = expertTable('tcp', 'TCP', [
  {
    name: 'tcp.reassembly.given_up',
    severity: 'warn',
    group: 'reassemble',
    summary: 'TCP reassembly given up',
  },
]);

/** One segment's bytes in a PDU: [start, end) of the PDU, from `frame` at offset `at` (-1: not the frame's own bytes). */
interface Piece {
  start: number;
  end: number;
  frame: number;
  at: number;
}

/**
 * A PDU's pieces, four 32-bit words each (the frame log keeps a reference to the list of every
 * PDU a frame completed, for the capture's life: objects per segment would cost 3-4 times as
 * much). Append-only: a record that read the first n pieces reads the same n later.
 */
class PieceList {
  #words = new Int32Array(16);
  length = 0;
  /** Whether some piece is not a frame's own bytes (cannot be read again). */
  unreadable = false;

  push(start: number, end: number, frame: number, at: number): void {
    const i = this.length * 4;
    this.#words = grown(this.#words, i + 4);
    const w = this.#words;
    w[i] = start;
    w[i + 1] = end;
    w[i + 2] = frame;
    w[i + 3] = at;
    if (at < 0) this.unreadable = true;
    this.length++;
  }

  get(k: number): Piece {
    const w = this.#words;
    const i = k * 4;
    return { start: w[i]!, end: w[i + 1]!, frame: w[i + 2]!, at: w[i + 3]! };
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
  /** 0: no PDU was waiting; 1: the segment went into one that is not complete; 2: it completed one. */
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

  /** A segment of direction `key` at raw sequence number `seq`: what the PDU waiting there (if any) takes of it. */
  continue(key: string, seq: number, data: Uint8Array, frame: number, at: number, fin: boolean): Part {
    const pdu = this.#pdus.get(key);
    if (pdu === undefined) return NONE;
    // A segment without payload (a FIN's) completes only a PDU that waited for the FIN: one that
    // waits for the next segment waits on (Wireshark passes TCP no empty payload but there).
    if (data.length === 0 && pdu.need !== NEED_FIN) return NONE;
    const off = (seq - pdu.seq) >>> 0;
    // A segment lost before this one leaves a hole: the PDU then never completes (TShark keeps
    // marking its later segments as part of it), unless this one starts past the PDU's end
    // (past its last byte, or past the one more segment it waited for): then it is given up.
    const past = pdu.need >= 0 ? off >= pdu.need : pdu.need === NEED_NEXT && off > pdu.reach;
    if (past || off < pdu.reach) {
      this.#drop(pdu);
      return { ...NONE, gaveUp: 1 };
    }
    const take = pdu.need >= 0 ? Math.min(data.length, pdu.need - off) : data.length;
    if (off + take > this.limits.maxPdu) {
      this.#drop(pdu);
      return { ...NONE, gaveUp: 2 };
    }
    const grow = off + take - pdu.reach;
    if (!this.#room(pdu, off + take, grow)) return { ...NONE, gaveUp: 3 };
    this.#pending += grow;
    this.#buffer(pdu).set(data.subarray(0, take), off);
    pdu.pieces.push(off, off + take, frame, at);
    if (off > pdu.reach) pdu.hole = true;
    pdu.reach = off + take;
    if (pdu.hole) return { ...NONE, kind: 1, used: take };
    const complete = pdu.need === NEED_NEXT || (pdu.need === NEED_FIN ? fin : pdu.reach >= pdu.need);
    if (!complete) return { ...NONE, kind: 1, used: take };
    this.#pdus.delete(key);
    this.#pending -= pdu.reach;
    const bytes = this.#buffer(pdu).subarray(0, pdu.reach);
    const readable = !pdu.pieces.unreadable;
    const kept = this.#session.keep(pdu.reach, readable) ? bytes.slice() : undefined;
    return { kind: 2, used: take, total: pdu.reach, count: pdu.pieces.length, pieces: pdu.pieces, gaveUp: 0, kept, pdu, bytes };
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
      // The whole PDU goes on: keep its buffer and pieces.
      from.need = need;
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
 * revisited frame's bytes. A frame number that cannot be read again instead.
 */
function rebuild(
  part: Part,
  frame: number,
  own: Uint8Array,
  frameBytes: ((n: number) => Uint8Array | undefined) | undefined,
): Uint8Array | number {
  if (part.kept !== undefined) return part.kept;
  const out = new Uint8Array(part.total);
  for (let i = 0; i < part.count; i++) {
    const p = part.pieces.get(i);
    const len = p.end - p.start;
    const src = p.at < 0 ? undefined : (p.frame === frame ? own : frameBytes?.(p.frame))?.subarray(p.at, p.at + len);
    if (src === undefined || src.length < len) return p.frame;
    out.set(src.subarray(0, len), p.start);
  }
  return out;
}

/** The PDU's first `count` pieces as TShark lists them: one per frame, a frame's adjacent pieces joined. */
function framePieces(pieces: PieceList, count: number): Piece[] {
  const out: Piece[] = [];
  for (let i = 0; i < count; i++) {
    const p = pieces.get(i);
    const last = out[out.length - 1];
    if (last !== undefined && last.frame === p.frame && last.end === p.start) out[out.length - 1] = { ...last, end: p.end };
    else out.push(p);
  }
  return out;
}

/** The "[N Reassembled TCP Segments (X bytes): #6(187), #8(7240), #10(938)]" subtree over the reassembled data source. */
function addSegments(tree: ProtoTree, parent: number, tvb: Tvb, part: Part): void {
  const pieces = framePieces(part.pieces, part.count);
  const n = pieces.length;
  let list = '';
  for (let i = 0; i < n; i++) list += `${i > 0 ? ', ' : ''}#${pieces[i]!.frame}(${pieces[i]!.end - pieces[i]!.start})`;
  const node = tree.add(
    parent,
    segmentsField!,
    tvb,
    0,
    tvb.length,
    undefined,
    `[${n} Reassembled TCP Segments (${part.total} bytes): ${list}]`,
  );
  for (const p of pieces) {
    const len = p.end - p.start;
    tree.add(node, segmentField!, tvb, p.start, len, p.frame, `[Frame: ${p.frame}, payload: ${p.start}-${p.end - 1} (${len} bytes)]`);
  }
  tree.add(node, countField!, tvb, 0, 0, n, `[Segment count: ${n}]`);
  tree.add(node, lengthField!, tvb, 0, 0, part.total, `[Reassembled TCP length: ${part.total}]`);
  tree.add(node, dataField!, tvb, 0, tvb.length, tvb.bytes);
}

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
    if (part.gaveUp !== 0) {
      const note = tree.add(tcpNode, segmentDataField, payload, from, 0, undefined, `[Reassembly given up: ${GAVE_UP[part.gaveUp]}]`);
      addExpert(tree, note, payload, EI['reassembly.given_up'], `TCP reassembly given up: ${GAVE_UP[part.gaveUp]}`);
    }
    if (part.kind === 0) break;
    if (part.used > 0) tree.add(tcpNode, segmentDataField, payload, from, part.used, payload.bytes.subarray(from, from + part.used));
    if (part.kind === 1) {
      markSegment(pinfo);
      return;
    }
    offset += part.used;
    const bytes = pinfo.visited ? rebuild(part, frame, tree.bytes, pinfo.session.frameBytes) : part.bytes!;
    if (typeof bytes === 'number') {
      const note = tree.add(tcpNode, segmentDataField, payload, 0, 0, undefined, `[Reassembled PDU: frame ${bytes} cannot be read again]`);
      addExpert(tree, note, payload, EI['reassembly.given_up'], `TCP reassembly given up: frame ${bytes} cannot be read again`);
      break;
    }
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
  addSegments(tree, parent, tvb, part);
  const shown = snapshot(pinfo, tree);
  const more = callUp(route, tvb, pinfo, tree, parent, fin);
  const state = pinfo.visited ? undefined : pinfo.session.state('tcp.reassembly', newDesegmenter);
  if (!more) {
    if (state !== undefined) state.finish(part.pdu!);
    return false;
  }
  const refused = pinfo.frameData(TCP_PDU_START, () =>
    state!.start(key, part.pdu!.seq, bytes, asked.offset, asked.more, part.pieces, part.count, part.pdu),
  );
  if (refused !== 0) {
    giveUp(route, tvb, pinfo, tree, parent, tcpNode, shown, refused);
    return false;
  }
  if (asked.offset !== 0) return false;
  tree.truncate(before.size, before.sources);
  pinfo.protocols.length = before.layers;
  markSegment(pinfo);
  return true;
}
