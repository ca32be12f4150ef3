import type { Dissector, HeuristicDissector } from '../core/dissector.js';
import { beginProtocol, callData } from '../core/dispatch.js';
import { type FieldInfo, type FieldSpec, fieldTable, textItem } from '../core/fields.js';
import { DESEGMENT_ONE_MORE_SEGMENT, type PacketInfo } from '../core/packet-info.js';
import { dissectorTable, heuristicList } from '../core/tables.js';
import type { ProtoTree } from '../core/tree.js';
import type { Tvb } from '../core/tvb.js';
import { MEDIA_TYPE, mediaFallback } from './media.js';
import { offerFrame } from './rtp-setup.js';
import { SDP_SETUP, type SdpSetup } from './sdp.js';

/**
 * SIP (RFC 3261) over UDP and TCP port 5060, and found by content over UDP (TShark's sip_udp
 * heuristic, on by default): the request or status line, the headers (From/To/Contact URIs,
 * Via, CSeq split as TShark splits them), and the body handed to the `media_type` table (SDP,
 * which sets up the call's RTP). Info as TShark 4.0 writes it: `Request: INVITE sip:…`,
 * `Status: 200 OK (INVITE)`, REGISTER's bindings, each message followed by ` | `. Over TCP a
 * message is reassembled up to its Content-Length (`PacketInfo.desegment`).
 */
const METHODS = new Set([
  'ACK',
  'BYE',
  'CANCEL',
  'DO',
  'INFO',
  'INVITE',
  'MESSAGE',
  'NOTIFY',
  'OPTIONS',
  'PRACK',
  'QAUTH',
  'REFER',
  'REGISTER',
  'SPRACK',
  'SUBSCRIBE',
  'UPDATE',
  'PUBLISH',
]);

/** Headers with a field of their own (`sip.Via`), and the compact forms of RFC 3261 7.3.3. */
const HEADERS = [
  'Accept',
  'Accept-Encoding',
  'Accept-Language',
  'Alert-Info',
  'Allow',
  'Allow-Events',
  'Authentication-Info',
  'Authorization',
  'Call-ID',
  'Call-Info',
  'Contact',
  'Content-Disposition',
  'Content-Encoding',
  'Content-Language',
  'Content-Length',
  'Content-Type',
  'CSeq',
  'Date',
  'Error-Info',
  'Event',
  'Expires',
  'From',
  'In-Reply-To',
  'Max-Forwards',
  'MIME-Version',
  'Min-Expires',
  'Min-SE',
  'Organization',
  'P-Asserted-Identity',
  'P-Preferred-Identity',
  'Priority',
  'Privacy',
  'Proxy-Authenticate',
  'Proxy-Authorization',
  'Proxy-Require',
  'RAck',
  'Reason',
  'Record-Route',
  'Refer-To',
  'Referred-By',
  'Reply-To',
  'Require',
  'Retry-After',
  'Route',
  'RSeq',
  'Server',
  'Session-Expires',
  'Subject',
  'Subscription-State',
  'Supported',
  'Timestamp',
  'To',
  'Unsupported',
  'User-Agent',
  'Via',
  'Warning',
  'WWW-Authenticate',
] as const;
const COMPACT: Readonly<Record<string, string>> = {
  i: 'Call-ID',
  m: 'Contact',
  e: 'Content-Encoding',
  l: 'Content-Length',
  c: 'Content-Type',
  f: 'From',
  s: 'Subject',
  k: 'Supported',
  t: 'To',
  v: 'Via',
  o: 'Event',
  u: 'Allow-Events',
  r: 'Refer-To',
  b: 'Referred-By',
};

const P = fieldTable.register('sip', 'Session Initiation Protocol', [
  { abbrev: 'sip.Request-Line', name: 'Request-Line', type: 'string' },
  { abbrev: 'sip.Method', name: 'Method', type: 'string' },
  { abbrev: 'sip.r-uri', name: 'Request-URI', type: 'string' },
  { abbrev: 'sip.r-uri.user', name: 'Request-URI User Part', type: 'string' },
  { abbrev: 'sip.r-uri.host', name: 'Request-URI Host Part', type: 'string' },
  { abbrev: 'sip.r-uri.port', name: 'Request-URI Host Port', type: 'string' },
  { abbrev: 'sip.Status-Line', name: 'Status-Line', type: 'string' },
  { abbrev: 'sip.Status-Code', name: 'Status-Code', type: 'uint', bits: 32 },
  { abbrev: 'sip.resend', name: 'Resent Packet', type: 'bool', generated: true },
  { abbrev: 'sip.msg_hdr', name: 'Message Header', type: 'string' },
  { abbrev: 'sip.msg_body', name: 'Message Body', type: 'none' },
  { abbrev: 'sip.display.info', name: 'SIP Display info', type: 'string' },
  { abbrev: 'sip.from.display.info', name: 'SIP from display info', type: 'string' },
  { abbrev: 'sip.from.addr', name: 'SIP from address', type: 'string' },
  { abbrev: 'sip.from.user', name: 'SIP from address User Part', type: 'string' },
  { abbrev: 'sip.from.host', name: 'SIP from address Host Part', type: 'string' },
  { abbrev: 'sip.from.port', name: 'SIP from address Host Port', type: 'string' },
  { abbrev: 'sip.from.tag', name: 'SIP from tag', type: 'string' },
  { abbrev: 'sip.to.display.info', name: 'SIP to display info', type: 'string' },
  { abbrev: 'sip.to.addr', name: 'SIP to address', type: 'string' },
  { abbrev: 'sip.to.user', name: 'SIP to address User Part', type: 'string' },
  { abbrev: 'sip.to.host', name: 'SIP to address Host Part', type: 'string' },
  { abbrev: 'sip.to.port', name: 'SIP to address Host Port', type: 'string' },
  { abbrev: 'sip.to.tag', name: 'SIP to tag', type: 'string' },
  { abbrev: 'sip.tag', name: 'SIP tag', type: 'string', hidden: true },
  { abbrev: 'sip.contact.uri', name: 'Contact URI', type: 'string' },
  { abbrev: 'sip.contact.user', name: 'Contact URI User Part', type: 'string' },
  { abbrev: 'sip.contact.host', name: 'Contact URI Host Part', type: 'string' },
  { abbrev: 'sip.contact.port', name: 'Contact URI Host Port', type: 'string' },
  { abbrev: 'sip.call_id_generated', name: 'Generated Call-ID', type: 'string', generated: true },
  { abbrev: 'sip.CSeq.seq', name: 'Sequence Number', type: 'uint', bits: 32 },
  { abbrev: 'sip.CSeq.method', name: 'Method', type: 'string' },
  { abbrev: 'sip.Via.transport', name: 'Transport', type: 'string' },
  { abbrev: 'sip.Via.sent-by.address', name: 'Sent-by Address', type: 'string' },
  { abbrev: 'sip.Via.sent-by.port', name: 'Sent-by port', type: 'uint', bits: 16 },
  { abbrev: 'sip.Via.branch', name: 'Branch', type: 'string' },
  { abbrev: 'sip.Via.rport', name: 'RPort', type: 'string' },
  { abbrev: 'sip.Via.received', name: 'Received', type: 'string' },
]);
const f = P.f;

/** The Call-ID RTP shows under its setup (`[Generated Call-ID: …]`). */
export const generatedCallId: FieldInfo = f.call_id_generated;

/** The headers' fields (`sip.Via`), by lower-case name and compact form. */
const HEADER_BY_NAME = new Map<string, FieldInfo>();
const headerFields = fieldTable.extend(
  'sip',
  HEADERS.map((h): FieldSpec => ({ abbrev: `sip.${h}`, name: h, type: 'string' })),
);
for (let i = 0; i < HEADERS.length; i++) HEADER_BY_NAME.set(HEADERS[i]!.toLowerCase(), headerFields[i]!);
for (const [c, h] of Object.entries(COMPACT)) {
  const field = HEADER_BY_NAME.get(h.toLowerCase());
  if (field !== undefined) HEADER_BY_NAME.set(c, field);
}

const CR = 0x0d;
const LF = 0x0a;
const SP = 0x20;

/** Where the line at `at` ends (before CR LF, or LF) and where the next starts; undefined when no line end follows. */
function lineEnd(b: Uint8Array, at: number): [end: number, next: number] | undefined {
  const lf = b.indexOf(LF, at);
  if (lf < 0) return undefined;
  return [lf > at && b[lf - 1] === CR ? lf - 1 : lf, lf + 1];
}

interface FirstLine {
  request: boolean;
  method: string;
  uri: string;
  code: number;
  phrase: string;
}

const isToken = (c: number): boolean => c > SP && c < 0x7f;

/**
 * The request or status line, as TShark's sip_parse_line checks it: `METHOD SP URI SP SIP/2.0`
 * (single spaces) or `SIP/2.0 SP DDD SP phrase`; undefined when the line is neither.
 */
function parseFirstLine(line: string): FirstLine | undefined {
  if (line.startsWith('SIP/2.0 ')) {
    const code = line.slice(8, 11);
    if (!/^[0-9]{3}$/.test(code) || line.charCodeAt(11) !== SP) return undefined;
    return { request: false, method: '', uri: '', code: Number(code), phrase: line.slice(12) };
  }
  const s1 = line.indexOf(' ');
  if (s1 <= 0) return undefined;
  const s2 = line.indexOf(' ', s1 + 1);
  if (s2 <= s1 + 1 || line.slice(s2 + 1) !== 'SIP/2.0') return undefined;
  for (let i = 0; i < s1; i++) if (!isToken(line.charCodeAt(i))) return undefined;
  for (let i = s1 + 1; i < s2; i++) if (!isToken(line.charCodeAt(i))) return undefined;
  return { request: true, method: line.slice(0, s1), uri: line.slice(s1 + 1, s2), code: 0, phrase: '' };
}

/** The first line of `tvb` as text, if it ends within the first 1 KiB or the datagram. */
function firstLineText(tvb: Tvb): string | undefined {
  const b = tvb.bytes;
  const e = lineEnd(b, 0);
  const end = e === undefined ? b.length : e[0];
  if (end < 8) return undefined;
  return tvb.ascii(0, end);
}

/** Parts of a SIP URI (`sip:user@host:port;params`). */
function uriParts(
  tree: ProtoTree,
  node: number,
  tvb: Tvb,
  at: number,
  uri: string,
  user: FieldInfo,
  host: FieldInfo,
  port: FieldInfo,
): void {
  const colon = uri.indexOf(':');
  if (colon < 0) return;
  let p = colon + 1;
  let end = uri.length;
  for (let i = p; i < uri.length; i++)
    if (uri[i] === ';' || uri[i] === '?' || uri[i] === '>') {
      end = i;
      break;
    }
  const atSign = uri.indexOf('@', p);
  if (atSign >= 0 && atSign < end) {
    // TShark 4.0 shows no user part of one character (its end offset is inclusive and must exceed the start).
    if (atSign - p > 1) tree.add(node, user, tvb, at + p, atSign - p, uri.slice(p, atSign));
    p = atSign + 1;
  }
  let hostEnd = end;
  let portAt = -1;
  if (uri[p] === '[') {
    const close = uri.indexOf(']', p);
    if (close > 0 && close < end) {
      hostEnd = close + 1;
      if (uri[hostEnd] === ':') portAt = hostEnd + 1;
    }
  } else {
    const c = uri.indexOf(':', p);
    if (c >= 0 && c < end) {
      hostEnd = c;
      portAt = c + 1;
    }
  }
  tree.add(node, host, tvb, at + p, hostEnd - p, uri.slice(p, hostEnd));
  if (portAt >= 0) tree.add(node, port, tvb, at + portAt, end - portAt, uri.slice(portAt, end));
}

/** From, To: display name, address (with its parts) and tag. */
function nameAddr(tree: ProtoTree, node: number, tvb: Tvb, at: number, value: string, to: boolean): void {
  const lt = value.indexOf('<');
  let addrStart = 0;
  let addrEnd = value.length;
  if (lt >= 0) {
    const display = value.slice(0, lt).trim();
    if (display !== '') {
      tree.add(node, to ? f['to.display.info'] : f['from.display.info'], tvb, at, display.length, display);
      tree.add(node, f['display.info'], tvb, at, display.length, display);
    }
    addrStart = lt + 1;
    const gt = value.indexOf('>', addrStart);
    addrEnd = gt < 0 ? value.length : gt;
  } else {
    const semi = value.indexOf(';');
    if (semi >= 0) addrEnd = semi;
  }
  const addr = value.slice(addrStart, addrEnd);
  const a = tree.add(node, to ? f['to.addr'] : f['from.addr'], tvb, at + addrStart, addr.length, addr);
  uriParts(
    tree,
    a,
    tvb,
    at + addrStart,
    addr,
    to ? f['to.user'] : f['from.user'],
    to ? f['to.host'] : f['from.host'],
    to ? f['to.port'] : f['from.port'],
  );
  const tagAt = value.indexOf(';tag=', addrEnd);
  if (tagAt >= 0) {
    let end = value.indexOf(';', tagAt + 5);
    if (end < 0) end = value.length;
    const tag = value.slice(tagAt + 5, end);
    tree.add(node, to ? f['to.tag'] : f['from.tag'], tvb, at + tagAt + 5, tag.length, tag);
    tree.add(node, f.tag, tvb, at + tagAt + 5, tag.length, tag);
  }
}

/** Contact: each address's URI and parts; returns the number of bindings and how many expire now (expires=0). */
function contacts(
  tree: ProtoTree,
  node: number,
  tvb: Tvb,
  at: number,
  value: string,
  count: { n: number; removed: number; star: boolean },
): void {
  if (value.trim() === '*') {
    count.star = true;
    return;
  }
  let p = 0;
  while (p < value.length) {
    // One contact runs to the next comma outside <> and quotes.
    let end = p;
    let angle = false;
    let quote = false;
    for (; end < value.length; end++) {
      const c = value[end];
      if (c === '"') quote = !quote;
      else if (!quote && c === '<') angle = true;
      else if (!quote && c === '>') angle = false;
      else if (!quote && !angle && c === ',') break;
    }
    const one = value.slice(p, end);
    const lt = one.indexOf('<');
    let s = 0;
    let e = one.length;
    if (lt >= 0) {
      s = lt + 1;
      const gt = one.indexOf('>', s);
      e = gt < 0 ? one.length : gt;
    } else {
      while (s < e && one[s] === ' ') s++;
      const semi = one.indexOf(';', s);
      if (semi >= 0) e = semi;
    }
    const uri = one.slice(s, e);
    const u = tree.add(node, f['contact.uri'], tvb, at + p + s, uri.length, uri);
    uriParts(tree, u, tvb, at + p + s, uri, f['contact.user'], f['contact.host'], f['contact.port']);
    count.n++;
    if (/;\s*expires\s*=\s*0*(\s|;|$)/i.test(one.slice(e))) count.removed++;
    p = end + 1;
  }
}

function via(tree: ProtoTree, node: number, tvb: Tvb, at: number, value: string): void {
  const m = /^SIP\s*\/\s*2\.0\s*\/\s*([A-Za-z]+)\s+/.exec(value);
  if (m === null) return;
  tree.add(node, f['Via.transport'], tvb, at + m[0].indexOf(m[1]!), m[1]!.length, m[1]);
  const rest = value.slice(m[0].length);
  const base = at + m[0].length;
  const semi = rest.indexOf(';');
  const sentBy = semi < 0 ? rest : rest.slice(0, semi);
  const colon = sentBy.lastIndexOf(':');
  const host = colon > 0 && !sentBy.endsWith(']') ? sentBy.slice(0, colon) : sentBy;
  tree.add(node, f['Via.sent-by.address'], tvb, base, host.length, host);
  if (host.length < sentBy.length)
    tree.add(node, f['Via.sent-by.port'], tvb, base + colon + 1, sentBy.length - colon - 1, Number(sentBy.slice(colon + 1)));
  if (semi < 0) return;
  let p = semi + 1;
  while (p <= rest.length) {
    let end = rest.indexOf(';', p);
    if (end < 0) end = rest.length;
    const param = rest.slice(p, end);
    const eq = param.indexOf('=');
    const name = (eq < 0 ? param : param.slice(0, eq)).trim().toLowerCase();
    const v = eq < 0 ? '' : param.slice(eq + 1);
    const field =
      name === 'branch' ? f['Via.branch'] : name === 'rport' ? f['Via.rport'] : name === 'received' ? f['Via.received'] : undefined;
    if (field !== undefined) tree.add(node, field, tvb, base + p + eq + 1, v.length, v);
    p = end + 1;
  }
}

const plural = (n: number): string => `${n} binding${n === 1 ? '' : 's'}`;

/**
 * One SIP message at `off`; returns where the next starts, or -1 when TCP was asked for more
 * bytes. `stream` says whether the transport is a byte stream (TCP).
 */
function dissectMessage(
  tvb: Tvb,
  off: number,
  pinfo: PacketInfo,
  tree: ProtoTree,
  parent: number,
  stream: boolean,
  first: boolean,
): number {
  const b = tvb.bytes;
  const le = lineEnd(b, off);
  const firstEnd = le === undefined ? b.length : le[0];
  const line = parseFirstLine(tvb.ascii(off, firstEnd - off));
  if (line === undefined) return -2;
  // Headers up to the empty line; the body's length from Content-Length (else the rest of a datagram).
  let p = le === undefined ? b.length : le[1];
  const headers: [start: number, end: number][] = [];
  let ended = false;
  while (p < b.length) {
    const e = lineEnd(b, p);
    if (e === undefined) {
      if (!stream) headers.push([p, b.length]);
      p = b.length;
      break;
    }
    if (e[0] === p) {
      p = e[1];
      ended = true;
      break;
    }
    headers.push([p, e[0]]);
    p = e[1];
  }
  if (stream && !ended && pinfo.desegment(off, DESEGMENT_ONE_MORE_SEGMENT)) return -1;
  // Continuation lines (starting with space or tab) belong to the header before.
  let contentLength = -1;
  let contentType = '';
  for (const [s, e] of headers) {
    const colon = b.indexOf(0x3a, s);
    if (colon < 0 || colon >= e) continue;
    const name = tvb
      .ascii(s, colon - s)
      .trim()
      .toLowerCase();
    if (name === 'content-length' || name === 'l') contentLength = Number.parseInt(tvb.ascii(colon + 1, e - colon - 1).trim(), 10);
    else if (name === 'content-type' || name === 'c') contentType = tvb.ascii(colon + 1, e - colon - 1).trim();
  }
  const bodyAt = p;
  let bodyLen = b.length - bodyAt;
  if (contentLength >= 0 && !Number.isNaN(contentLength)) {
    if (stream && contentLength > bodyLen && pinfo.desegment(off, contentLength - bodyLen)) return -1;
    bodyLen = Math.min(contentLength, bodyLen);
  } else if (stream) bodyLen = 0;
  const msgEnd = bodyAt + bodyLen;

  const msg = tvb.sub(off, msgEnd - off);
  const node = first ? beginProtocol(P, msg, pinfo, tree, parent) : tree.add(parent, P.proto, msg, 0, msg.length);
  const lineText = tvb.ascii(off, firstEnd - off);
  let cseqMethod = '';
  let callId = '';
  const binding = { n: 0, removed: 0, star: false };
  let expiresZero = false;
  if (line.request) {
    tree.setText(node, `Session Initiation Protocol (${line.method})`);
    const rl = tree.add(node, f['Request-Line'], tvb, off, firstEnd - off, lineText, `Request-Line: ${lineText}`);
    tree.add(rl, f.Method, tvb, off, line.method.length, line.method);
    const uriAt = off + line.method.length + 1;
    const ru = tree.add(rl, f['r-uri'], tvb, uriAt, line.uri.length, line.uri);
    uriParts(tree, ru, tvb, uriAt, line.uri, f['r-uri.user'], f['r-uri.host'], f['r-uri.port']);
    tree.add(rl, f.resend, tvb, off, 0, false);
  } else {
    tree.setText(node, `Session Initiation Protocol (${line.code})`);
    const sl = tree.add(node, f['Status-Line'], tvb, off, firstEnd - off, lineText, `Status-Line: ${lineText}`);
    tree.add(sl, f['Status-Code'], tvb, off + 8, 3, line.code);
    tree.add(sl, f.resend, tvb, off, 0, false);
  }
  const hdrEnd = headers.length > 0 ? headers[headers.length - 1]![1] : firstEnd;
  const hdrStart = le === undefined ? firstEnd : le[1];
  const hdrNode = tree.add(
    node,
    f.msg_hdr,
    tvb,
    hdrStart,
    Math.max(0, bodyAt - hdrStart),
    tvb.ascii(hdrStart, Math.max(0, hdrEnd - hdrStart)),
    'Message Header',
  );
  for (const [s, e] of headers) {
    const colon = b.indexOf(0x3a, s);
    if (colon < 0 || colon >= e) continue;
    const rawName = tvb.ascii(s, colon - s).trim();
    const name = rawName.toLowerCase();
    let vAt = colon + 1;
    while (vAt < e && (b[vAt] === SP || b[vAt] === 0x09)) vAt++;
    const value = tvb.ascii(vAt, e - vAt);
    const field = HEADER_BY_NAME.get(name);
    const text = `${tvb.ascii(s, colon - s)}: ${value}`;
    if (field === undefined) {
      tree.add(hdrNode, textItem, tvb, s, e - s, undefined, tvb.ascii(s, e - s));
      continue;
    }
    const h = tree.add(hdrNode, field, tvb, s, e - s, value, text);
    const canonical = field.name.toLowerCase();
    if (canonical === 'from' || canonical === 'to') nameAddr(tree, h, tvb, vAt, value, canonical === 'to');
    else if (canonical === 'contact') contacts(tree, h, tvb, vAt, value, binding);
    else if (canonical === 'via') via(tree, h, tvb, vAt, value);
    else if (canonical === 'call-id') {
      callId = value;
      tree.add(hdrNode, f.call_id_generated, tvb, vAt, 0, value);
    } else if (canonical === 'cseq') {
      const sp = value.indexOf(' ');
      if (sp > 0) {
        tree.add(h, f['CSeq.seq'], tvb, vAt, sp, Number.parseInt(value.slice(0, sp), 10));
        cseqMethod = value.slice(sp + 1).trim();
        tree.add(h, f['CSeq.method'], tvb, vAt + sp + 1, cseqMethod.length, cseqMethod);
      }
    } else if (canonical === 'expires' && /^0+$/.test(value.trim())) expiresZero = true;
  }

  // Info, as TShark writes it.
  let info: string;
  if (line.request) info = `${METHODS.has(line.method) ? 'Request' : 'Unknown request'}: ${line.method} ${line.uri}`;
  else info = `Status: ${line.code} ${line.phrase}${line.code === 200 && cseqMethod !== '' ? ` (${cseqMethod})` : ''}`;
  if (line.request && line.method === 'REGISTER') {
    if (binding.star) info += '  (remove all bindings)';
    else if (binding.n === 0) info += '  (fetch bindings)';
    else {
      const removed = expiresZero ? binding.n : binding.removed;
      if (removed === 0) info += `  (${plural(binding.n)})`;
      else info += `  (remove ${plural(removed)})${binding.n > removed ? ` (add ${plural(binding.n - removed)})` : ''}`;
    }
  } else if (!line.request && cseqMethod === 'REGISTER' && line.code >= 200 && line.code < 300) info += `  (${plural(binding.n)})`;
  // The columns change only once a message is complete (TCP keeps its own on a segment it holds back).
  if (first) {
    pinfo.protocol = 'SIP';
    pinfo.setInfo('');
  }
  pinfo.appendInfo(`${info} | `, '');

  if (bodyLen > 0) {
    const body = tvb.sub(bodyAt, bodyLen);
    // The body's protocol sits inside "Message Body", not beside SIP (TShark's io,phs counts no sdp).
    const bodyNode = tree.add(node, f.msg_body, tvb, bodyAt, bodyLen, undefined, 'Message Body');
    const media = contentType.replace(/;.*/s, '').trim().toLowerCase();
    // TShark hands a body on only when its type is given.
    if (media !== '') {
      pinfo.data.set(MEDIA_TYPE, media);
      const setup: SdpSetup = { frame: offerFrame(pinfo, `${callId} ${cseqMethod}`, line.request), callId };
      pinfo.data.set(SDP_SETUP, setup);
      const d = dissectorTable('media_type').get(media);
      if (d === undefined || d.dissect(body, pinfo, tree, bodyNode) === false) mediaFallback.dissect(body, pinfo, tree, bodyNode);
    }
  }
  return msgEnd;
}

function dissectSip(tvb: Tvb, pinfo: PacketInfo, tree: ProtoTree, parent: number, stream: boolean): boolean {
  let off = 0;
  let first = true;
  while (off < tvb.length) {
    const next = dissectMessage(tvb, off, pinfo, tree, parent, stream, first);
    if (next === -1) return true;
    if (next === -2) {
      if (first) return false;
      callData(tvb.sub(off), pinfo, tree, parent);
      return true;
    }
    first = false;
    // A datagram carries one message (TShark decodes the first).
    if (!stream || next <= off) break;
    off = next;
  }
  return true;
}

/** `SIP/2.0` as bytes, for the quick test every UDP datagram of the heuristic meets. */
const VERSION = [0x53, 0x49, 0x50, 0x2f, 0x32, 0x2e, 0x30];

/** Whether `SIP/2.0` is at `at` of `b`. */
function versionAt(b: Uint8Array, at: number): boolean {
  if (at < 0 || at + VERSION.length > b.length) return false;
  for (let i = 0; i < VERSION.length; i++) if (b[at + i] !== VERSION[i]) return false;
  return true;
}

/**
 * Whether the payload starts with a SIP request or status line: first, on the bytes, that the
 * first line starts or ends with `SIP/2.0` (no text is made for the datagrams that fail it).
 */
function looksLikeSip(tvb: Tvb): boolean {
  const b = tvb.bytes;
  const e = lineEnd(b, 0);
  const end = e === undefined ? b.length : e[0];
  if (!versionAt(b, 0) && !versionAt(b, end - VERSION.length)) return false;
  const line = firstLineText(tvb);
  return line !== undefined && parseFirstLine(line) !== undefined;
}

const sipUdp: Dissector = {
  name: 'sip',
  dissect(tvb, pinfo, tree, parent) {
    if (!looksLikeSip(tvb)) return false;
    return dissectSip(tvb, pinfo, tree, parent, false);
  },
};

const sipTcp: Dissector = {
  name: 'sip',
  dissect(tvb, pinfo, tree, parent) {
    if (!looksLikeSip(tvb)) return false;
    return dissectSip(tvb, pinfo, tree, parent, true);
  },
};

const sipHeuristic: HeuristicDissector = {
  name: 'sip',
  tryDissect(tvb, pinfo, tree, parent) {
    if (tvb.length < 16 || !looksLikeSip(tvb)) return false;
    return dissectSip(tvb, pinfo, tree, parent, false);
  },
};

dissectorTable('udp.port').add(5060, sipUdp);
dissectorTable('tcp.port').add(5060, sipTcp);
heuristicList('udp').push(sipHeuristic);
