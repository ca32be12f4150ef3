import type { PacketInfo } from '../core/packet-info.js';
import { conversationKey } from './conversations.js';
import type { CryptoStream } from './quic-frames.js';
import { type InitialKeys, hexBytes, initialKeys } from './quic-protection.js';

/**
 * QUIC connection tracking (packet-quic.c's): a connection starts with a client Initial; it is
 * found again by the Connection IDs each side chose (client CIDs in `client`, server CIDs in
 * `server`), by the client's first DCID (`initial`), or by the UDP conversation (zero-length
 * CIDs). Bounded: at most MAX_CONNECTIONS connections, MAX_CIDS CIDs each.
 */
export const MAX_CONNECTIONS = 4096;
const MAX_CIDS = 16;
export const MAX_CID_LENGTH = 20;

export const LPT_INITIAL = 0;
export const LPT_0RTT = 1;
export const LPT_HANDSHAKE = 2;
export const LPT_RETRY = 3;
export const LPT_VERSION_NEGOTIATION = 0xfe;
export const SHORT_PACKET = 0xff;

export interface Connection {
  readonly number: number;
  version: number;
  /** The server's `address port`. */
  readonly server: string;
  readonly clientCids: string[];
  readonly serverCids: string[];
  /** The DCID of the client's first Initial (hex; '' after a Retry until the next Initial). */
  clientDcidInitial: string;
  /** Its bytes (the Initial keys derive from them). */
  initialDcid: Uint8Array;
  /** The DCID the Initial keys were derived from, and the keys. */
  keysFor: string;
  keys: { client: InitialKeys; server: InitialKeys } | undefined;
  /** Largest packet number that decrypted, per direction (server: +3) and space. */
  readonly largest: number[];
  /** CRYPTO streams' in-order ends, per direction (server: +3) and space. */
  readonly crypto: CryptoStream[];
  readonly prev: Connection | undefined;
}

interface State {
  readonly connections: Connection[];
  readonly client: Map<string, Connection>;
  readonly server: Map<string, Connection>;
  readonly initial: Map<string, Connection>;
  readonly byConversation: Map<string, Connection>;
  /** The UDP conversations the heuristic claimed, and from which frame. */
  readonly claims: Map<string, number>;
  /** Bit n set: some CID of length n is known. */
  cidLengths: number;
}

const newState = (): State => ({
  connections: [],
  client: new Map(),
  server: new Map(),
  initial: new Map(),
  byConversation: new Map(),
  claims: new Map(),
  cidLengths: 0,
});

export function quicState(pinfo: PacketInfo): State {
  return pinfo.session.state('quic.connections', newState);
}

/** Whether no more connections can be tracked (MAX_CONNECTIONS reached). */
export function connectionsFull(pinfo: PacketInfo): boolean {
  return quicState(pinfo).connections.length >= MAX_CONNECTIONS;
}

function sender(pinfo: PacketInfo): string {
  return `${pinfo.netSrc ?? pinfo.src} ${pinfo.srcPort}`;
}

function insertCid(s: State, conn: Connection, cid: string, fromServer: boolean): void {
  const list = fromServer ? conn.serverCids : conn.clientCids;
  if (list.length >= MAX_CIDS) return;
  list.push(cid);
  (fromServer ? s.server : s.client).set(cid, conn);
  s.cidLengths |= 1 << (cid.length / 2);
}

/** A connection by the DCID of a packet (or the conversation when it is empty), with its direction. */
function findByDcid(s: State, pinfo: PacketInfo, dcid: string): [Connection | undefined, boolean] {
  if (dcid.length > 0) {
    if ((s.cidLengths & (1 << (dcid.length / 2))) === 0) return [undefined, false];
    const c = s.client.get(dcid);
    if (c !== undefined) return [c, s.server.has(dcid) ? c.server === sender(pinfo) : true];
    const srv = s.server.get(dcid);
    return [srv, false];
  }
  const c = s.byConversation.get(conversationKey(pinfo));
  return [c, c !== undefined && c.server === sender(pinfo)];
}

function prefixMatch(cids: readonly string[], raw: string): boolean {
  // An empty CID matches every packet (the peer uses none).
  if (cids.length === 0) return true;
  for (const c of cids) if (raw.startsWith(c)) return true;
  return false;
}

/**
 * Finds the connection of a packet (quic_connection_find). For a short header `dcid` holds the
 * bytes after the first byte (up to 20); the CID length comes from the connection.
 */
export function findConnection(pinfo: PacketInfo, type: number, dcid: string): [Connection | undefined, boolean] {
  const s = quicState(pinfo);
  if (type === LPT_0RTT && dcid.length > 0) return [s.initial.get(dcid), false];
  if (type !== SHORT_PACKET) {
    let [conn, fromServer] = findByDcid(s, pinfo, dcid);
    if (type === LPT_INITIAL && conn === undefined && dcid.length > 0) {
      conn = s.initial.get(dcid);
      fromServer = false;
    }
    // A client Initial with a DCID of neither the first Initial nor the server: a new handshake.
    if (
      type === LPT_INITIAL &&
      conn !== undefined &&
      !fromServer &&
      dcid.length > 0 &&
      dcid !== conn.clientDcidInitial &&
      !prefixMatch(conn.serverCids, dcid)
    )
      conn = undefined;
    return [conn, fromServer];
  }
  let [conn, fromServer] = findByDcid(s, pinfo, '');
  while (conn !== undefined) {
    fromServer = conn.server === sender(pinfo);
    if (prefixMatch(fromServer ? conn.clientCids : conn.serverCids, dcid)) return [conn, fromServer];
    conn = conn.prev;
  }
  // Connection migration: the CID's length is unknown, try the known ones, longest first.
  for (let n = Math.min(dcid.length / 2, MAX_CID_LENGTH); n >= 1; n--) {
    if ((s.cidLengths & (1 << n)) === 0) continue;
    const [c, fs] = findByDcid(s, pinfo, dcid.slice(0, 2 * n));
    if (c !== undefined) return [c, fs];
  }
  return [undefined, false];
}

function createConnection(s: State, pinfo: PacketInfo, version: number): Connection | undefined {
  if (s.connections.length >= MAX_CONNECTIONS) return undefined;
  const key = conversationKey(pinfo);
  const conn: Connection = {
    number: s.connections.length,
    version,
    server: `${pinfo.netDst ?? pinfo.dst} ${pinfo.dstPort}`,
    clientCids: [],
    serverCids: [],
    clientDcidInitial: '',
    initialDcid: new Uint8Array(0),
    keysFor: '',
    keys: undefined,
    largest: [0, 0, 0, 0, 0, 0],
    crypto: Array.from({ length: 6 }, (): CryptoStream => ({ contiguous: 0, pending: undefined, ahead: [], aheadBytes: 0 })),
    prev: s.byConversation.get(key),
  };
  s.connections.push(conn);
  s.byConversation.set(key, conn);
  return conn;
}

function updateInitial(s: State, conn: Connection, scid: string, dcid: string): void {
  if (scid.length > 0 && conn.clientCids.length === 0) insertCid(s, conn, scid, false);
  if (dcid.length > 0) {
    conn.clientDcidInitial = dcid;
    conn.initialDcid = hexBytes(dcid);
    s.initial.set(dcid, conn);
  }
}

/** Creates or updates the connection from a long header (quic_connection_create_or_update). */
export function updateConnection(
  pinfo: PacketInfo,
  found: Connection | undefined,
  type: number,
  version: number,
  scid: string,
  dcid: string,
  fromServer: boolean,
): Connection | undefined {
  const s = quicState(pinfo);
  let conn = found;
  if (type === LPT_INITIAL && !fromServer) {
    if (conn === undefined) {
      conn = createConnection(s, pinfo, version);
      if (conn !== undefined) updateInitial(s, conn, scid, dcid);
    } else if (conn.clientDcidInitial === '' && dcid.length > 0) {
      // The client's Initial after a Retry: new Initial keys, and the server's next SCID links anew.
      updateInitial(s, conn, scid, dcid);
      const first = conn.serverCids.shift();
      if (first !== undefined) s.server.delete(first);
    }
    return conn;
  }
  if ((type === LPT_INITIAL || type === LPT_RETRY || type === LPT_HANDSHAKE) && fromServer && conn !== undefined) {
    if (type === LPT_RETRY) {
      s.initial.delete(conn.clientDcidInitial);
      conn.clientDcidInitial = '';
    }
    if (conn.serverCids.length === 0 && scid.length > 0) insertCid(s, conn, scid, true);
  }
  return conn;
}

/** The Initial keys of the connection for a client Initial whose DCID is the first one (derived once per DCID). */
export function keysFor(conn: Connection, dcid: Uint8Array, hex: string): void {
  if (conn.keysFor === hex) return;
  conn.keys = initialKeys(dcid, conn.version);
  conn.keysFor = hex;
}
