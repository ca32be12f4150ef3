import type { Dissector } from '../core/dissector.js';
import { beginProtocol, claimingHeuristic } from '../core/dispatch.js';
import { markMalformed } from '../core/expert.js';
import { textItem } from '../core/fields.js';
import { DESEGMENT_ONE_MORE_SEGMENT, type PacketInfo } from '../core/packet-info.js';
import { frameSlot } from '../core/session.js';
import { dissectorTable, heuristicList } from '../core/tables.js';
import type { ProtoTree } from '../core/tree.js';
import { BoundsError, type Tvb } from '../core/tvb.js';
import { conversationKey } from './conversations.js';
import { inError } from './ip-common.js';
import { ALERT_DESCRIPTIONS, ALERT_LEVELS, CONTENT_TYPES, SHORT_VERSIONS, TLS } from './tls-fields.js';
import { dissectHandshakeBody, handshakeName } from './tls-handshake.js';

/**
 * TLS and SSL records over TCP (RFC 8446 section 5, RFC 5246 section 6.2): several records per
 * segment, each with its content type, version and length; handshake messages are decoded
 * (tls-handshake.ts), encrypted data is shown as such. Registered on TShark 4.0's TLS ports and
 * as a `tcp` heuristic (a plausible record header), which then keeps the conversation.
 *
 * A record cut by the end of a segment is reassembled by TCP (`PacketInfo.desegment`) and shown
 * in the segment where it ends, as TShark does. Where TCP cannot reassemble, the record shows
 * what is there, and the conversation remembers how many bytes of it are still to come, so the
 * next segment in the same direction starts after them instead of misreading the middle of a
 * record as a header.
 */
const f = TLS.f;
/** Marks, in pinfo.data, a frame whose Info TLS has set (several TLS calls in a frame after reassembly). */
const TLS_INFO = 'tls.info';
const SSL2_VERSION = 0x0002;
const MAX_RECORD = 16384 + 2048;

/** TShark 4.0's TLS ports (HTTPS, SMTPS, LDAPS, DNS over TLS, IMAPS, POP3S, SIPS, MQTT, AMQP, ...). */
const PORTS = [
  324, 443, 465, 636, 802, 853, 993, 995, 1300, 2221, 2443, 3249, 3250, 3251, 3252, 3496, 5061, 5671, 5684, 5868, 8883, 11207, 19999, 27017,
];

interface Session {
  /** Negotiated version (from the Server Hello), once known. */
  version?: number;
  /** Cipher suite the Server Hello chose (0 until then): key exchange messages are read by it. */
  cipher: number;
  /** Senders (address port) that have sent Change Cipher Spec: their later handshake records are encrypted. */
  readonly encrypted: Set<string>;
  /** Bytes still to come of a record cut by the end of the sender's last segment. */
  readonly pending: Map<string, number>;
  /** Frame from which the heuristic claimed the conversation (Infinity: never). */
  claimedFrom: number;
}

const newTable = (): Map<string, Session> => new Map();

function sessionOf(pinfo: PacketInfo): Session {
  const table = pinfo.session.state('tls.sessions', newTable);
  const key = conversationKey(pinfo);
  let s = table.get(key);
  if (s === undefined) {
    s = { cipher: 0, encrypted: new Set(), pending: new Map(), claimedFrom: Infinity };
    table.set(key, s);
  }
  return s;
}

/** Application protocols TLS commonly carries, by port, for the record label (as TShark names them). */
const APP_NAMES: Readonly<Record<number, string>> = { 443: 'Hypertext Transfer Protocol', 853: 'Domain Name System' };

function validContentType(t: number): boolean {
  return t >= 20 && t <= 25;
}

/** Wireshark's ssl_looks_like_sslv3: a content type and an SSL 3.0 – TLS 1.2 record version. */
function looksLikeRecord(tvb: Tvb, at: number): boolean {
  if (!tvb.has(at, 5) || !validContentType(tvb.u8(at))) return false;
  const v = tvb.u16(at + 1);
  return v >= 0x0300 && v <= 0x0303;
}

/** Wireshark's ssl_looks_like_sslv2: a 2- or 3-byte SSLv2 header before a known message type. */
function looksLikeSsl2(tvb: Tvb, at: number): boolean {
  if (!tvb.has(at, 3) || tvb.u8(at) < 0x80) return false;
  return [0, 1, 2, 4, 0x12, 0x13].includes(tvb.u8(at + 2));
}

/** What a segment needs from its session, as it found it (first pass): kept for revisits. */
interface SegmentStart {
  /** The negotiated version, -1 while unknown. */
  version: number;
  /** Whether the sender had sent Change Cipher Spec. */
  encrypted: boolean;
  /** Bytes of the sender's last record still to come. */
  owed: number;
  /** The chosen cipher suite, 0 while unknown. */
  cipher: number;
}

/** Words: version + 1 | encrypted << 17, owed, cipher. */
const TLS_SEGMENT = frameSlot<SegmentStart>('tls.sessions', {
  write(v, out) {
    out.int((v.version + 1) | (v.encrypted ? 1 << 17 : 0));
    out.int(v.owed);
    out.int(v.cipher);
  },
  read(from) {
    const w = from.int();
    return { version: (w & 0x1ffff) - 1, encrypted: (w & (1 << 17)) !== 0, owed: from.int(), cipher: from.int() };
  },
});

interface Ctx {
  tvb: Tvb;
  pinfo: PacketInfo;
  tree: ProtoTree;
  node: number;
  /** The session to move on as the segment is read (first pass); undefined on a revisit. */
  s: Session | undefined;
  /** The session's version and the sender's encryption as this segment goes (a Server Hello or a Change Cipher Spec changes them). */
  version: number | undefined;
  /** The session's cipher suite as this segment goes (0: none chosen yet). */
  cipher: number;
  encrypted: boolean;
  sender: string;
  info: string[];
  /** Version of the last record (for the Protocol column while the session's is unknown). */
  recordVersion: number;
}

/** An SSLv2 record (a message or encrypted data); returns its end. */
function ssl2Record(c: Ctx, at: number): number {
  const { tvb, tree } = c;
  const b0 = tvb.u8(at);
  const header = b0 & 0x80 ? 2 : 3;
  const len = header === 2 ? ((b0 & 0x7f) << 8) | tvb.u8(at + 1) : ((b0 & 0x3f) << 8) | tvb.u8(at + 1);
  const clientHello = tvb.has(at + header, 1) && tvb.u8(at + header) === 1 && len >= 9;
  const what = clientHello ? 'Client Hello' : 'Encrypted Data';
  const rec = tree.add(c.node, f.record, tvb, at, Math.min(header + len, tvb.length - at), undefined, `SSLv2 Record Layer: ${what}`);
  tree.add(rec, f['record.version'], tvb, at, 0, SSL2_VERSION, '[Version: SSL 2.0 (0x0002)]');
  if (clientHello) tree.add(rec, f['handshake.type'], tvb, at + header, 1, 1);
  c.info.push(what);
  c.recordVersion = SSL2_VERSION;
  return at + header + len;
}

/** The handshake messages of one (plaintext) handshake record in [at, end). */
function handshakes(c: Ctx, rec: number, at: number, recordEnd: number, labels: string[]): void {
  const { tvb, tree } = c;
  const avail = Math.min(recordEnd, tvb.length);
  for (let p = at; p < avail; ) {
    if (p + 4 > avail) {
      tree.add(rec, textItem, tvb, p, avail - p, undefined, '[Handshake message header continues in a later segment]');
      return;
    }
    const type = tvb.u8(p);
    const len = tvb.u24(p + 1);
    const name = handshakeName(tvb, p, type);
    labels.push(name);
    c.info.push(name);
    const end = Math.min(p + 4 + len, avail);
    const hs = tree.add(rec, f.handshake, tvb, p, end - p, undefined, `Handshake Protocol: ${name}`);
    tree.add(hs, f['handshake.type'], tvb, p, 1, type);
    tree.add(hs, f['handshake.length'], tvb, p + 1, 3, len);
    const whole = p + 4 + len <= avail;
    try {
      // Reads stop at the message's end, or the segment's: what lies beyond is not this message.
      const pinfo = inError(c.pinfo) ? undefined : c.pinfo;
      const learned = dissectHandshakeBody(tvb.sub(0, end), tree, hs, type, p + 4, end, pinfo, c);
      if (type === 2 && learned.version !== undefined && !inError(c.pinfo)) {
        c.version = learned.version;
        c.cipher = learned.cipher ?? 0;
        if (c.s !== undefined) {
          c.s.version = learned.version;
          c.s.cipher = c.cipher;
        }
      }
    } catch (e) {
      if (!(e instanceof BoundsError)) throw e;
      if (whole) markMalformed(tvb, c.pinfo, tree, hs, e.offset - tvb.base, 1, `${name} ends before its fields do`);
    }
    if (!whole)
      tree.add(hs, textItem, tvb, end, 0, undefined, `[${name} continues in a later segment: ${end - p - 4} of ${len} bytes here]`);
    p += 4 + len;
  }
}

/** One SSLv3/TLS record at `at`; returns where the next one starts. */
function record(c: Ctx, at: number): number {
  const { tvb, tree, pinfo } = c;
  const type = tvb.u8(at);
  const version = tvb.u16(at + 1);
  const len = tvb.u16(at + 3);
  const end = at + 5 + len;
  const have = Math.min(len, tvb.length - at - 5);
  const layer = SHORT_VERSIONS[c.version ?? version] ?? 'TLS';
  const tls13 = c.version === 0x0304;
  const encrypted = c.encrypted || (tls13 && type === 23);
  const rec = tree.add(c.node, f.record, tvb, at, 5 + have, undefined, '');
  tree.add(rec, tls13 && type === 23 ? f['record.opaque_type'] : f['record.content_type'], tvb, at, 1, type);
  tree.add(rec, f['record.version'], tvb, at + 1, 2, version);
  tree.add(rec, f['record.length'], tvb, at + 3, 2, len);
  c.recordVersion = version;
  const labels: string[] = [];
  let label: string;
  switch (type) {
    case 20:
      tree.add(rec, f.change_cipher_spec, tvb, at + 5, have);
      if (!inError(pinfo)) {
        c.encrypted = true;
        c.s?.encrypted.add(c.sender);
      }
      label = 'Change Cipher Spec Protocol: Change Cipher Spec';
      c.info.push('Change Cipher Spec');
      break;
    case 21:
      if (encrypted || len !== 2) {
        tree.add(rec, f.alert_message, tvb, at + 5, have, undefined, 'Alert Message: Encrypted Alert');
        label = 'Encrypted Alert';
        c.info.push('Encrypted Alert');
      } else {
        const level = tvb.has(at + 5, 1) ? tvb.u8(at + 5) : 0;
        const desc = tvb.has(at + 6, 1) ? tvb.u8(at + 6) : 0;
        const alert = tree.add(rec, f.alert_message, tvb, at + 5, have);
        if (have >= 1) tree.add(alert, f['alert_message.level'], tvb, at + 5, 1, level);
        if (have >= 2) tree.add(alert, f['alert_message.desc'], tvb, at + 6, 1, desc);
        const text = `Alert (Level: ${ALERT_LEVELS[level] ?? 'Unknown'}, Description: ${ALERT_DESCRIPTIONS[desc] ?? 'Unknown'})`;
        label = `Alert Protocol: ${text.slice(7, -1)}`;
        c.info.push(text);
      }
      break;
    case 22:
      if (encrypted) {
        tree.add(rec, f.handshake, tvb, at + 5, have, undefined, 'Handshake Protocol: Encrypted Handshake Message');
        labels.push('Encrypted Handshake Message');
        c.info.push('Encrypted Handshake Message');
      } else handshakes(c, rec, at + 5, end, labels);
      label = `Handshake Protocol: ${labels.join(', ') || 'Handshake'}`;
      break;
    case 23: {
      const app = APP_NAMES[Math.min(pinfo.srcPort, pinfo.dstPort)] ?? 'Application Data';
      tree.add(rec, f.app_data, tvb, at + 5, have, tvb.view(at + 5, have));
      label = `Application Data Protocol: ${app}`;
      c.info.push('Application Data');
      break;
    }
    default:
      tree.add(rec, textItem, tvb, at + 5, have, undefined, `${CONTENT_TYPES[type]} (${len} bytes)`);
      label = `${CONTENT_TYPES[type]} Protocol`;
      c.info.push(encrypted ? `Encrypted ${CONTENT_TYPES[type]}` : CONTENT_TYPES[type]!);
  }
  if (tree.building) tree.setText(rec, `${layer} Record Layer: ${label}`);
  if (have < len)
    tree.add(rec, textItem, tvb, tvb.length, 0, undefined, `[Record continues in a later segment: ${have} of ${len} bytes here]`);
  return end;
}

function dissectSegment(tvb: Tvb, pinfo: PacketInfo, tree: ProtoTree, parent: number): void {
  const sender = `${pinfo.netSrc ?? pinfo.src} ${pinfo.srcPort}`;
  // The session, to move on as the segment is read: on the first pass only (compute runs then).
  let s: Session | undefined;
  const start = pinfo.frameData(TLS_SEGMENT, () => {
    s = sessionOf(pinfo);
    return { version: s.version ?? -1, encrypted: s.encrypted.has(sender), owed: s.pending.get(sender) ?? 0, cipher: s.cipher };
  });
  const node = beginProtocol(TLS, tvb, pinfo, tree, parent);
  const version = start.version < 0 ? undefined : start.version;
  const c: Ctx = {
    tvb,
    pinfo,
    tree,
    node,
    s,
    version,
    cipher: start.cipher,
    encrypted: start.encrypted,
    sender,
    info: [],
    recordVersion: 0,
  };
  let off = 0;
  // The rest of a record the sender's previous segment began, if the bytes after it fit.
  const owed = start.owed;
  if (owed > 0 && (owed >= tvb.length || looksLikeRecord(tvb, owed) || looksLikeSsl2(tvb, owed))) {
    const n = Math.min(owed, tvb.length);
    tree.add(node, textItem, tvb, 0, n, undefined, `[Continuation of a record from an earlier segment: ${n} bytes]`);
    c.info.push('Continuation Data');
    off = n;
  }
  let rest = owed - off;
  let asked = false;
  while (off < tvb.length) {
    let next: number;
    const header = looksLikeRecord(tvb, off) || (c.version !== undefined && tvb.has(off, 5) && validContentType(tvb.u8(off)));
    // A record that goes on past the segment: TCP collects the rest and calls again with the
    // whole record (TShark's tls.desegment_ssl_records); the records before it are shown here.
    if (header && off + 5 + tvb.u16(off + 3) > tvb.length && pinfo.desegment(off, off + 5 + tvb.u16(off + 3) - tvb.length, true)) {
      asked = true;
      break;
    }
    if (!header && tvb.length - off < 5 && validContentType(tvb.u8(off)) && pinfo.desegment(off, DESEGMENT_ONE_MORE_SEGMENT, true)) {
      asked = true;
      break;
    }
    if (c.version === undefined && looksLikeSsl2(tvb, off)) next = ssl2Record(c, off);
    else if (header) next = record(c, off);
    else {
      // Not a record header: the middle of a record whose start we did not see.
      tree.add(node, textItem, tvb, off, tvb.length - off, undefined, `[Continuation Data: ${tvb.length - off} bytes]`);
      c.info.push('Continuation Data');
      next = tvb.length;
    }
    rest = next - tvb.length;
    off = next;
  }
  if (!inError(pinfo)) s?.pending.set(sender, asked ? 0 : Math.max(0, rest));
  // The frame's first TLS call sets Info, later ones (the records after a reassembled one) add to it.
  const first = pinfo.data.get(TLS_INFO) === undefined;
  pinfo.data.set(TLS_INFO, true);
  // Nothing decoded before the record TCP now collects: TShark clears Info, TCP marks the segment.
  if (asked && c.info.length === 0) {
    if (first) pinfo.setInfo('');
    return;
  }
  pinfo.protocol = SHORT_VERSIONS[c.version ?? c.recordVersion] ?? 'TLS';
  if (first) {
    // TShark's TLS clears Info and appends each record with its separator, so after TCP's fenced
    // notes it reads "[TCP Window Full] , Application Data".
    pinfo.setInfo('');
    pinfo.setInfo(pinfo.info === '' ? c.info.join(', ') : `, ${c.info.join(', ')}`);
  } else pinfo.appendInfo(c.info.join(', '), ', ');
}

/** Wireshark refuses payloads that start with four printable characters: plain text, not TLS. */
function plainText(tvb: Tvb): boolean {
  if (tvb.length <= 4) return false;
  for (let i = 0; i < 4; i++) {
    const b = tvb.u8(i);
    if (b < 0x20 || b > 0x7e) return false;
  }
  return true;
}

const tls: Dissector = {
  name: 'tls',
  dissect(tvb, pinfo, tree, parent) {
    if (plainText(tvb)) return false;
    dissectSegment(tvb, pinfo, tree, parent);
    return true;
  },
};

/**
 * TShark 4.0's TLS heuristic: a Handshake or Application Data record header with an SSL 3.0 –
 * TLS 1.2 (or GM TLS) version and a sane length, or an SSLv2-compatible Client Hello. A match
 * claims the conversation from this frame on.
 */
function startsTls(tvb: Tvb): boolean {
  if (tvb.length < 5) return false;
  const type = tvb.u8(0);
  const version = tvb.u16(1);
  const len = tvb.u16(3);
  const record =
    (type === 22 || type === 23) && ((version >= 0x0300 && version <= 0x0303) || version === 0x0101) && len > 0 && len < MAX_RECORD;
  const v2Hello = tvb.length >= 46 && type === 0x80 && tvb.u8(2) === 1 && tvb.u16(5) > 0 && tvb.u16(5) % 3 === 0;
  return record || v2Hello;
}

const claimOf = (pinfo: PacketInfo): Session | undefined => (inError(pinfo) ? undefined : sessionOf(pinfo));

for (const port of PORTS) dissectorTable('tcp.port').add(port, tls);
heuristicList('tcp').push(claimingHeuristic('tls', claimOf, startsTls, dissectSegment));
