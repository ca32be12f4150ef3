import { CONTEXT, type DerElement, derChildren, derElement, derSmallInt, derString } from '../core/der.js';
import type { Dissector, HeuristicDissector } from '../core/dissector.js';
import { beginProtocol } from '../core/dispatch.js';
import { fieldTable, textItem } from '../core/fields.js';
import type { PacketInfo } from '../core/packet-info.js';
import { frameSlot } from '../core/session.js';
import { dissectorTable, heuristicList } from '../core/tables.js';
import type { ProtoTree } from '../core/tree.js';
import type { Tvb } from '../core/tvb.js';
import { wildcardPortKey } from './conversations.js';
import { inError } from './ip-common.js';

/**
 * Kerberos V5 (RFC 4120) on UDP and TCP port 88 (and on the UDP conversations of its clients), through the DER reader: the message type
 * (its APPLICATION tag), pvno, msg-type, the error code of a KRB-ERROR, the client and server
 * names and realms in the clear. Info as TShark 4.0 writes it (`AS-REQ`, `KRB Error:
 * KRB5KDC_ERR_PREAUTH_REQUIRED`). Over TCP each message has a 4-byte record mark (RFC 4120
 * 7.2.2); a message that goes on past the segment is reassembled (`PacketInfo.desegment`).
 * Encrypted parts and pre-authentication data are shown as they come, not decoded.
 */
const MESSAGES: Readonly<Record<number, [info: string, node: string]>> = {
  // A Ticket on its own (a krb524 request): TShark leaves Info empty.
  1: ['', 'ticket'],
  10: ['AS-REQ', 'as-req'],
  11: ['AS-REP', 'as-rep'],
  12: ['TGS-REQ', 'tgs-req'],
  13: ['TGS-REP', 'tgs-rep'],
  14: ['AP-REQ', 'ap-req'],
  15: ['AP-REP', 'ap-rep'],
  20: ['KRB-SAFE', 'krb-safe'],
  21: ['KRB-PRIV', 'krb-priv'],
  22: ['KRB-CRED', 'krb-cred'],
  30: ['KRB-ERROR', 'krb-error'],
};

/** Error codes (RFC 4120 7.5.9) by the names TShark's Info column uses (MIT's). */
const ERRORS: readonly string[] = [
  'KRB5KDC_ERR_NONE',
  'KRB5KDC_ERR_NAME_EXP',
  'KRB5KDC_ERR_SERVICE_EXP',
  'KRB5KDC_ERR_BAD_PVNO',
  'KRB5KDC_ERR_C_OLD_MAST_KVNO',
  'KRB5KDC_ERR_S_OLD_MAST_KVNO',
  'KRB5KDC_ERR_C_PRINCIPAL_UNKNOWN',
  'KRB5KDC_ERR_S_PRINCIPAL_UNKNOWN',
  'KRB5KDC_ERR_PRINCIPAL_NOT_UNIQUE',
  'KRB5KDC_ERR_NULL_KEY',
  'KRB5KDC_ERR_CANNOT_POSTDATE',
  'KRB5KDC_ERR_NEVER_VALID',
  'KRB5KDC_ERR_POLICY',
  'KRB5KDC_ERR_BADOPTION',
  'KRB5KDC_ERR_ETYPE_NOSUPP',
  'KRB5KDC_ERR_SUMTYPE_NOSUPP',
  'KRB5KDC_ERR_PADATA_TYPE_NOSUPP',
  'KRB5KDC_ERR_TRTYPE_NOSUPP',
  'KRB5KDC_ERR_CLIENT_REVOKED',
  'KRB5KDC_ERR_SERVICE_REVOKED',
  'KRB5KDC_ERR_TGT_REVOKED',
  'KRB5KDC_ERR_CLIENT_NOTYET',
  'KRB5KDC_ERR_SERVICE_NOTYET',
  'KRB5KDC_ERR_KEY_EXP',
  'KRB5KDC_ERR_PREAUTH_FAILED',
  'KRB5KDC_ERR_PREAUTH_REQUIRED',
  'KRB5KDC_ERR_SERVER_NOMATCH',
  'KRB5KDC_ERR_MUST_USE_USER2USER',
  'KRB5KDC_ERR_PATH_NOT_ACCEPTED',
  'KRB5KDC_ERR_SVC_UNAVAILABLE',
  '',
  'KRB5KRB_AP_ERR_BAD_INTEGRITY',
  'KRB5KRB_AP_ERR_TKT_EXPIRED',
  'KRB5KRB_AP_ERR_TKT_NYV',
  'KRB5KRB_AP_ERR_REPEAT',
  'KRB5KRB_AP_ERR_NOT_US',
  'KRB5KRB_AP_ERR_BADMATCH',
  'KRB5KRB_AP_ERR_SKEW',
  'KRB5KRB_AP_ERR_BADADDR',
  'KRB5KRB_AP_ERR_BADVERSION',
  'KRB5KRB_AP_ERR_MSG_TYPE',
  'KRB5KRB_AP_ERR_MODIFIED',
  'KRB5KRB_AP_ERR_BADORDER',
  'KRB5KRB_AP_ERR_ILL_CR_TKT',
  'KRB5KRB_AP_ERR_BADKEYVER',
  'KRB5KRB_AP_ERR_NOKEY',
  'KRB5KRB_AP_ERR_MUT_FAIL',
  'KRB5KRB_AP_ERR_BADDIRECTION',
  'KRB5KRB_AP_ERR_METHOD',
  'KRB5KRB_AP_ERR_BADSEQ',
  'KRB5KRB_AP_ERR_INAPP_CKSUM',
  'KRB5KDC_AP_PATH_NOT_ACCEPTED',
  'KRB5KRB_ERR_RESPONSE_TOO_BIG',
  '',
  '',
  '',
  '',
  '',
  '',
  '',
  'KRB5KRB_ERR_GENERIC',
  'KRB5KRB_ERR_FIELD_TOOLONG',
];

const errorName = (code: number): string => ERRORS[code] || `Unknown error (${code})`;

const P = fieldTable.register('kerberos', 'Kerberos', [
  { abbrev: 'kerberos.pvno', name: 'pvno', type: 'uint', bits: 32 },
  { abbrev: 'kerberos.tkt_vno', name: 'tkt-vno', type: 'uint', bits: 32 },
  { abbrev: 'kerberos.msg_type', name: 'msg-type', type: 'uint', bits: 32 },
  { abbrev: 'kerberos.error_code', name: 'error-code', type: 'uint', bits: 32 },
  { abbrev: 'kerberos.crealm', name: 'crealm', type: 'string' },
  { abbrev: 'kerberos.realm', name: 'realm', type: 'string' },
  { abbrev: 'kerberos.CNameString', name: 'CNameString', type: 'string' },
  { abbrev: 'kerberos.SNameString', name: 'SNameString', type: 'string' },
  { abbrev: 'kerberos.e_text', name: 'e-text', type: 'string' },
  { abbrev: 'kerberos.rm.length', name: 'Record Length', type: 'uint', bits: 32 },
]);
const f = P.f;

/** The context-tagged fields of a SEQUENCE by tag number. */
function byTag(tvb: Tvb, seq: DerElement): Map<number, DerElement> {
  const out = new Map<number, DerElement>();
  for (const c of derChildren(tvb, seq)) if (c.cls === CONTEXT) out.set(c.tag, c);
  return out;
}

/** The one element inside an explicit tag. */
const inner = (tvb: Tvb, tagged: DerElement): DerElement => derElement(tvb, tagged.at, tagged.end);

function int(tree: ProtoTree, node: number, tvb: Tvb, tagged: DerElement | undefined, field: typeof f.pvno): number | undefined {
  if (tagged === undefined) return undefined;
  const e = inner(tvb, tagged);
  const v = derSmallInt(tvb, e);
  if (v !== undefined) tree.add(node, field, tvb, e.start, e.end - e.start, v);
  return v;
}

function str(tree: ProtoTree, node: number, tvb: Tvb, tagged: DerElement | undefined, field: typeof f.realm): void {
  if (tagged === undefined) return;
  const e = inner(tvb, tagged);
  tree.add(node, field, tvb, e.start, e.end - e.start, derString(tvb, e));
}

/** PrincipalName: SEQUENCE { [0] name-type, [1] SEQUENCE OF KerberosString }. */
function principal(
  tree: ProtoTree,
  node: number,
  tvb: Tvb,
  tagged: DerElement | undefined,
  field: typeof f.CNameString,
  label: string,
): void {
  if (tagged === undefined) return;
  const seq = inner(tvb, tagged);
  const n = tree.add(node, textItem, tvb, seq.start, seq.end - seq.start, undefined, label);
  const strings = byTag(tvb, seq).get(1);
  if (strings === undefined) return;
  for (const s of derChildren(tvb, inner(tvb, strings))) tree.add(n, field, tvb, s.start, s.end - s.start, derString(tvb, s));
}

/** One message at `at` (its APPLICATION element); sets Info. */
function dissectMessage(tvb: Tvb, pinfo: PacketInfo, tree: ProtoTree, node: number, at: number, limit: number): void {
  const app = derElement(tvb, at, limit);
  const msg = MESSAGES[app.tag];
  if (app.cls !== 1 || msg === undefined) {
    if (!inError(pinfo)) pinfo.setInfo('Unknown Kerberos message');
    return;
  }
  const m = tree.add(node, textItem, tvb, app.start, app.end - app.start, undefined, msg[1]);
  const seq = derElement(tvb, app.at, app.end);
  const t = byTag(tvb, seq);
  if (app.tag === 10 || app.tag === 12) {
    int(tree, m, tvb, t.get(1), f.pvno);
    int(tree, m, tvb, t.get(2), f.msg_type);
    const body = t.get(4);
    if (body !== undefined) {
      const b = byTag(tvb, inner(tvb, body));
      principal(tree, m, tvb, b.get(1), f.CNameString, 'cname');
      str(tree, m, tvb, b.get(2), f.realm);
      principal(tree, m, tvb, b.get(3), f.SNameString, 'sname');
    }
  } else if (app.tag === 11 || app.tag === 13) {
    int(tree, m, tvb, t.get(0), f.pvno);
    int(tree, m, tvb, t.get(1), f.msg_type);
    str(tree, m, tvb, t.get(3), f.crealm);
    principal(tree, m, tvb, t.get(4), f.CNameString, 'cname');
  } else if (app.tag === 30) {
    int(tree, m, tvb, t.get(0), f.pvno);
    int(tree, m, tvb, t.get(1), f.msg_type);
    const code = int(tree, m, tvb, t.get(6), f.error_code);
    str(tree, m, tvb, t.get(7), f.crealm);
    principal(tree, m, tvb, t.get(8), f.CNameString, 'cname');
    str(tree, m, tvb, t.get(9), f.realm);
    principal(tree, m, tvb, t.get(10), f.SNameString, 'sname');
    str(tree, m, tvb, t.get(11), f.e_text);
    if (!inError(pinfo)) pinfo.setInfo(`KRB Error: ${code === undefined ? '' : errorName(code)}`);
    return;
  } else if (app.tag === 1) {
    int(tree, m, tvb, t.get(0), f.tkt_vno);
    str(tree, m, tvb, t.get(1), f.realm);
    principal(tree, m, tvb, t.get(2), f.SNameString, 'sname');
  } else {
    int(tree, m, tvb, t.get(0), f.pvno);
    int(tree, m, tvb, t.get(1), f.msg_type);
  }
  if (!inError(pinfo)) pinfo.setInfo(msg[0]);
}

/** Whether the bytes start like a Kerberos V5 message (an APPLICATION tag TShark knows). */
const isKrb5 = (tvb: Tvb, at: number): boolean =>
  tvb.has(at, 2) && (tvb.bytes[at]! & 0xe0) === 0x60 && MESSAGES[tvb.bytes[at]! & 0x1f] !== undefined;

/** Kerberos v4's message types (the type byte without its byte-order bit), as TShark names them. */
const KRB4_TYPES: Readonly<Record<number, string>> = {
  1: 'KDC Request',
  2: 'KDC Reply',
  3: 'Appl Request',
  4: 'Appl Request Mutual',
  5: 'Error',
  6: 'Private',
  7: 'Safe',
  8: 'Cred',
  9: 'Appl Error',
  10: 'Error',
};

const K4 = fieldTable.register('krb4', 'Kerberos v4', [
  { abbrev: 'krb4.version', name: 'Version', type: 'uint', bits: 8 },
  { abbrev: 'krb4.m_type', name: 'M Type', type: 'uint', bits: 8, mask: 0xfe, maskBits: 8, strings: KRB4_TYPES },
  {
    abbrev: 'krb4.byte_order',
    name: 'Byte Order',
    type: 'uint',
    bits: 8,
    mask: 0x01,
    maskBits: 8,
    strings: { 0: 'Big Endian', 1: 'Little Endian' },
  },
]);

/** Kerberos v4 (version byte 4), which TShark's Kerberos decoder hands on: its version and message type. */
function dissectKrb4(tvb: Tvb, pinfo: PacketInfo, tree: ProtoTree, parent: number): void {
  const quoted = inError(pinfo);
  if (!quoted) pinfo.protocol = 'KRB4';
  const node = beginProtocol(K4, tvb, pinfo, tree, parent);
  tree.add(node, K4.f.version, tvb, 0, 1, 4);
  const type = tvb.u8(1);
  tree.add(node, K4.f.m_type, tvb, 1, 1, type >> 1);
  tree.add(node, K4.f.byte_order, tvb, 1, 1, type & 1);
  if (!quoted) pinfo.setInfo(KRB4_TYPES[type >> 1] ?? `Unknown (${type >> 1})`);
}

/**
 * The client endpoints that spoke Kerberos with a KDC over UDP, keyed `client port kdc`: TShark
 * goes on decoding datagrams between that client port and the KDC's address as Kerberos on any
 * KDC port (a krb524 request to port 4444 after an AS exchange on 88), as a conversation it
 * keeps. Bounded: past the limit the table starts again.
 */
const MAX_CLIENTS = 10_000;

class Clients {
  readonly keys = new Set<string>();
  /** The frame of the first exchange remembered (-1: none): frames up to it are in no conversation. */
  first = -1;
}
const newClients = (): Clients => new Clients();

/** Whether this datagram's conversation was claimed by an earlier Kerberos exchange, kept per frame for revisits. */
const CLAIMED = frameSlot<boolean>('kerberos.conversations', {
  write: (v, out) => out.int(v ? 1 : 0),
  read: (from) => from.int() === 1,
});

/** Remembers the client of a Kerberos exchange on port 88 (first pass). */
function rememberClient(pinfo: PacketInfo): void {
  if (pinfo.visited || inError(pinfo)) return;
  const state = pinfo.session.state('kerberos.conversations', newClients);
  if (state.first < 0) state.first = pinfo.frame.number;
  const clients = state.keys;
  if (clients.size >= MAX_CLIENTS) clients.clear();
  if (pinfo.dstPort === 88) clients.add(wildcardPortKey(pinfo, true));
  else if (pinfo.srcPort === 88) clients.add(wildcardPortKey(pinfo, false));
}

const kerberosConversation: HeuristicDissector = {
  name: 'kerberos',
  tryDissect(tvb, pinfo, tree, parent) {
    const state = pinfo.session.state('kerberos.conversations', newClients);
    // As for RTP (rtp-setup.ts): nothing before the first exchange, every answer logged after it.
    if (state.first < 0 || pinfo.frame.number <= state.first || pinfo.srcPort === 88 || pinfo.dstPort === 88) return false;
    const claimed = pinfo.frameData(
      CLAIMED,
      () => state.keys.has(wildcardPortKey(pinfo, true)) || state.keys.has(wildcardPortKey(pinfo, false)),
    );
    return claimed && kerberosUdp.dissect(tvb, pinfo, tree, parent) !== false;
  },
};

const kerberosUdp: Dissector = {
  name: 'kerberos',
  dissect(tvb, pinfo, tree, parent) {
    // TShark: a first byte up to 0x10 is Kerberos v4 (krb5 messages start with an APPLICATION tag, 0x60 up).
    if (tvb.length >= 2 && tvb.bytes[0]! <= 0x10) {
      pinfo.protocols.push(P.proto.abbrev);
      dissectKrb4(tvb, pinfo, tree, parent);
      return;
    }
    if (!isKrb5(tvb, 0)) return false;
    if (!inError(pinfo)) pinfo.protocol = 'KRB5';
    if (pinfo.srcPort === 88 || pinfo.dstPort === 88) rememberClient(pinfo);
    const node = beginProtocol(P, tvb, pinfo, tree, parent);
    dissectMessage(tvb, pinfo, tree, node, 0, tvb.length);
  },
};

/** Record-marked messages over TCP: a 4-byte length (top bit reserved), then the message. */
const kerberosTcp: Dissector = {
  name: 'kerberos',
  dissect(tvb, pinfo, tree, parent) {
    if (!tvb.has(0, 5) || (tvb.u32(0) & 0x80000000) !== 0 || !isKrb5(tvb, 4)) return false;
    let first = true;
    for (let off = 0; off + 4 <= tvb.length; ) {
      const len = tvb.u32(off) & 0x7fffffff;
      if (off + 4 + len > tvb.length && pinfo.desegment(off, off + 4 + len - tvb.length)) return;
      if (!inError(pinfo)) pinfo.protocol = 'KRB5';
      const end = Math.min(tvb.length, off + 4 + len);
      const rec = tvb.sub(off, end - off);
      const node = first ? beginProtocol(P, rec, pinfo, tree, parent) : tree.add(parent, P.proto, rec, 0, rec.length);
      first = false;
      tree.add(node, f['rm.length'], tvb, off, 4, len);
      dissectMessage(tvb, pinfo, tree, node, off + 4, end);
      off = end;
    }
  },
};

dissectorTable('udp.port').add(88, kerberosUdp);
heuristicList('udp.conversation').push(kerberosConversation);
dissectorTable('tcp.port').add(88, kerberosTcp);
