import type { PacketInfo } from '../core/packet-info.js';
import { frameSlot } from '../core/session.js';
import { inError } from './ip-common.js';

/**
 * SCTP's half associations, for relative TSNs (TShark 4.0's defaults sctp.tsn_analysis and
 * sctp.relative_tsns): one per source port, destination port and verification tag, paired with
 * the opposite direction by ports and addresses. A half's TSNs count from the first TSN its DATA
 * chunks carried; a SACK's cumulative ack counts from its peer's (0 while the peer sent none).
 * Packets with tag 0 (INIT) and packets quoted in ICMP errors belong to none: their TSNs stay
 * absolute. The pairing is Wireshark's get_half_assoc: a half waits under its own ports and
 * source address until a packet of the other direction finds it under its reversed ports and
 * destination address; a half created later in the same direction replaces the one waiting.
 */
interface Half {
  started: boolean;
  first: number;
  peer: Half | undefined;
}

interface Associations {
  readonly halves: Map<string, Half>;
  /** Halves waiting for their peer, by ports and source address (an empty box: taken). */
  readonly waiting: Map<string, { half: Half | undefined }>;
}

const newAssociations = (): Associations => ({ halves: new Map(), waiting: new Map() });

function halfOf(pinfo: PacketInfo, sport: number, dport: number, tag: number): Half | undefined {
  if (tag === 0 || inError(pinfo)) return undefined;
  const a = pinfo.session.state('sctp.associations', newAssociations);
  const key = `${sport} ${dport} ${tag}`;
  let half = a.halves.get(key);
  if (half?.peer !== undefined) return half;
  if (half === undefined) {
    half = { started: false, first: 0, peer: undefined };
    a.halves.set(key, half);
  }
  const src = pinfo.netSrc ?? pinfo.src;
  const dst = pinfo.netDst ?? pinfo.dst;
  const box = a.waiting.get(`${dport} ${sport} ${dst}`);
  if (box === undefined) a.waiting.set(`${sport} ${dport} ${src}`, { half });
  else if (box.half === undefined) box.half = half;
  else {
    half.peer = box.half;
    box.half.peer = half;
    box.half = undefined;
  }
  return half;
}

/** What a packet's chunks count TSNs from, as its half association stood when it came. */
export interface TsnBases {
  /** The packet belongs to a half association. */
  half: boolean;
  /** The half's first TSN is known (else the packet's first DATA chunk sets it). */
  started: boolean;
  first: number;
  /** The half has a peer: a SACK's ack is relative to `peerFirst`. */
  peer: boolean;
  peerFirst: number;
}

/** Words: half | started << 1 | peer << 2, first, peerFirst. */
const SCTP_PACKET = frameSlot<TsnBases>('sctp.associations', {
  write(v, out) {
    out.int((v.half ? 1 : 0) | (v.started ? 2 : 0) | (v.peer ? 4 : 0));
    out.int(v.first);
    out.int(v.peerFirst);
  },
  read(from) {
    const w = from.int();
    return { half: (w & 1) !== 0, started: (w & 2) !== 0, peer: (w & 4) !== 0, first: from.int() >>> 0, peerFirst: from.int() >>> 0 };
  },
});

/**
 * The packet's TSN bases (a fresh object: the caller's DATA chunks may start it) and, on the
 * first pass, its half association to start as well.
 */
export function tsnBases(pinfo: PacketInfo, sport: number, dport: number, tag: number): [TsnBases, Half | undefined] {
  let half: Half | undefined;
  const bases = pinfo.frameData(SCTP_PACKET, () => {
    half = halfOf(pinfo, sport, dport, tag);
    const peer = half?.peer;
    return {
      half: half !== undefined,
      started: half?.started ?? false,
      first: half?.first ?? 0,
      peer: peer !== undefined,
      peerFirst: peer?.first ?? 0,
    };
  });
  return [{ ...bases }, half];
}

/** A DATA or I-DATA chunk's TSN: relative (undefined outside an association), starting the half on its first. */
export function relativeTsn(bases: TsnBases, half: Half | undefined, tsn: number): number | undefined {
  if (!bases.half) return undefined;
  if (!bases.started) {
    bases.started = true;
    bases.first = tsn;
    if (half !== undefined && !half.started) {
      half.started = true;
      half.first = tsn;
    }
  }
  return (tsn - bases.first) >>> 0;
}

/** A SACK's cumulative ack, relative to the peer's first TSN (undefined without a peer). */
export function relativeAck(bases: TsnBases, ack: number): number | undefined {
  return bases.peer ? (ack - bases.peerFirst) >>> 0 : undefined;
}
