import { timeSpan } from '../core/frame-times.js';
import type { PacketInfo } from '../core/packet-info.js';
import { frameSlot } from '../core/session.js';

/**
 * GeoNetworking's capture-wide analysis, as TShark 4.0's: duplicate packet detection per source
 * station (EN 302 636-4-1 Annex A) and Location Service request/reply matching. Both decide on
 * the first pass and are read back on a revisit.
 */

/** No sequence number in the packet (a beacon, a single-hop broadcast): TShark's SN_MAX + 1. */
export const NO_SEQUENCE = 0x10000;
const SN_MAX = 0xffff;
const TST_MAX = 0xffffffff;
/** Stations and pending requests kept at most: the oldest go first, so a flood stays bounded. */
const MAX_ENTRIES = 4096;

/** The last sequence number (NO_SEQUENCE: none yet) and timestamp seen from a station. */
interface Station {
  sn: number;
  tst: number;
}

const newStations = (): Map<string, Station> => new Map();

/** Whether timestamp `p` is later than `so`, modulo 2^32 (Annex A's test). */
function later(p: number, so: number): boolean {
  return (p > so && p - so <= Math.floor(TST_MAX / 2)) || (so > p && so - p > Math.floor(TST_MAX / 2));
}

/** Whether sequence number `p` is later than `so`, modulo 2^16. */
function laterSn(p: number, so: number): boolean {
  return (p > so && p - so <= Math.floor(SN_MAX / 2)) || (so > p && so - p > Math.floor(SN_MAX / 2));
}

/** Annex A on the station `addr` (its GN_ADDR in hex) for a packet with `sn` and `tst`: true when it is a duplicate. */
function checkDuplicate(pinfo: PacketInfo, addr: string, sn: number, tst: number): boolean {
  const stations = pinfo.session.state('geonw.stations', newStations);
  const st = stations.get(addr);
  if (st === undefined) {
    if (stations.size >= MAX_ENTRIES) stations.delete(stations.keys().next().value!);
    stations.set(addr, { sn, tst });
    return false;
  }
  if (sn <= SN_MAX && st.sn > SN_MAX) {
    st.sn = sn;
    st.tst = tst;
    return false;
  }
  if (sn <= SN_MAX) {
    if (later(tst, st.tst)) {
      st.sn = sn;
      st.tst = tst;
      return false;
    }
    // An earlier timestamp is neither recorded nor flagged; the same one is a duplicate unless its number is later.
    if (tst !== st.tst) return false;
    if (laterSn(sn, st.sn)) {
      st.sn = sn;
      return false;
    }
    return true;
  }
  if (later(tst, st.tst)) {
    st.tst = tst;
    return false;
  }
  return true;
}

const DUPLICATE = frameSlot<boolean>('geonw.stations', {
  write(v, out) {
    out.int(v ? 1 : 0);
  },
  read(from) {
    return from.int() === 1;
  },
});

/**
 * Whether the packet from station `addr` is a duplicate (TShark checks only GeoNetworking
 * version 0 packets, on its first pass; only duplicates are logged).
 */
export function isDuplicate(pinfo: PacketInfo, addr: string, sn: number, tst: number): boolean {
  return pinfo.frameDataOr(DUPLICATE, () => checkDuplicate(pinfo, addr, sn, tst), false);
}

/** An LS request waiting for its reply. */
interface LsRequest {
  frame: number;
  sec: number;
  nsec: number;
  /** The frame of its reply (0: none yet). */
  reply: number;
}

/** A reply's match: the request's frame (0: none) and the time since it in ms. */
export interface LsMatch {
  request: number;
  ms: number;
}
const NO_MATCH: LsMatch = { request: 0, ms: 0 };

/** Per pair of stations (the two GN_ADDRs, in order), the requests between them, newest last. */
const newRequests = (): Map<string, LsRequest[]> => new Map();

const pairKey = (a: string, b: string): string => (a < b ? `${a} ${b}` : `${b} ${a}`);

const MATCH = frameSlot<LsMatch>('geonw.ls', {
  write(v, out) {
    out.int(v.request);
    out.f64(v.ms);
  },
  read(from) {
    return { request: from.int(), ms: from.f64() };
  },
});

/** A Location Service request from `src` for `dst` (first pass: remembered for its reply). */
export function lsRequest(pinfo: PacketInfo, src: string, dst: string): void {
  if (pinfo.visited) return;
  const all = pinfo.session.state('geonw.ls', newRequests);
  const key = pairKey(src, dst);
  let list = all.get(key);
  if (list === undefined) {
    if (all.size >= MAX_ENTRIES) all.delete(all.keys().next().value!);
    list = [];
    all.set(key, list);
  }
  if (list.length >= MAX_ENTRIES) list.shift();
  list.push({ frame: pinfo.frame.number, sec: pinfo.frame.sec, nsec: pinfo.frame.nsec, reply: 0 });
}

/**
 * A Location Service reply from `src` to `dst`: it answers the newest request between the two
 * stations if that one has no reply yet (TShark's transaction_end). Only matches are logged.
 */
export function lsReply(pinfo: PacketInfo, src: string, dst: string): LsMatch {
  return pinfo.frameDataOr(
    MATCH,
    () => {
      const list = pinfo.session.state('geonw.ls', newRequests).get(pairKey(src, dst));
      const req = list?.[list.length - 1];
      if (req === undefined || req.reply !== 0) return NO_MATCH;
      req.reply = pinfo.frame.number;
      const [s, ns] = timeSpan(pinfo.frame.sec, pinfo.frame.nsec, req.sec, req.nsec);
      return { request: req.frame, ms: s * 1000 + ns / 1e6 };
    },
    NO_MATCH,
  );
}
