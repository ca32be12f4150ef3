import { gunzipSync, inflateSync, unzlibSync } from 'fflate';
import type { Dissector } from '../core/dissector.js';
import { brotliDecoder } from '../core/codecs.js';
import { beginProtocol, claimingHeuristic, dispatchPayload } from '../core/dispatch.js';
import { type ProtocolFields, fieldTable, textItem } from '../core/fields.js';
import { expertTable, addExpert } from '../core/expert-info.js';
import { formatText } from '../core/format.js';
import { DESEGMENT_ONE_MORE_SEGMENT, DESEGMENT_UNTIL_FIN, type PacketInfo } from '../core/packet-info.js';
import { dissectorTable, heuristicList } from '../core/tables.js';
import type { ProtoTree } from '../core/tree.js';
import { Tvb } from '../core/tvb.js';
import { type Conversation, conversation, track } from './http-conversation.js';
import { HEADER_FIELDS, HEADER_NAMES, METHODS, STATUS_CODES, headerFieldSpecs } from './http-headers.js';
import { inError } from './ip-common.js';
import { MEDIA_TYPE, mediaFallback } from './media.js';

/**
 * HTTP/1.x (RFC 9112) over TCP: request and status lines, headers, and the body handed to the
 * `media_type` table by its Content-Type (then `data`). Registered on TShark 4.0's HTTP ports
 * and as a `tcp` heuristic, which (as in TShark) then keeps the whole TCP conversation.
 *
 * A message whose headers or body go on in the next segments is reassembled by TCP
 * (`PacketInfo.desegment`, TShark's http.desegment_headers and http.desegment_body): the
 * headers up to the empty line, then a Content-Length body, or a chunked body chunk by chunk.
 * The frames before the last show as "[TCP segment of a reassembled PDU]", the last one as
 * HTTP with the whole message. Where TCP cannot reassemble (a quoted segment, a lost segment),
 * a message is shown as far as it goes.
 */
const P = fieldTable.register('http', 'Hypertext Transfer Protocol', [
  { abbrev: 'http.request', name: 'Request', type: 'bool' },
  { abbrev: 'http.response', name: 'Response', type: 'bool' },
  { abbrev: 'http.request.method', name: 'Request Method', type: 'string' },
  { abbrev: 'http.request.uri', name: 'Request URI', type: 'string' },
  { abbrev: 'http.request.uri.path', name: 'Request URI Path', type: 'string' },
  { abbrev: 'http.request.uri.query', name: 'Request URI Query', type: 'string' },
  { abbrev: 'http.request.uri.query.parameter', name: 'Request URI Query Parameter', type: 'string' },
  { abbrev: 'http.request.version', name: 'Request Version', type: 'string' },
  { abbrev: 'http.request.full_uri', name: 'Full request URI', type: 'string' },
  { abbrev: 'http.response.version', name: 'Response Version', type: 'string' },
  { abbrev: 'http.response.code', name: 'Status Code', type: 'uint', bits: 16 },
  { abbrev: 'http.response.code.desc', name: 'Status Code Description', type: 'string' },
  { abbrev: 'http.response.phrase', name: 'Response Phrase', type: 'string' },
  { abbrev: 'http.request.line', name: 'Request line', type: 'string' },
  { abbrev: 'http.response.line', name: 'Response line', type: 'string' },
  ...headerFieldSpecs(),
  { abbrev: 'http.content_length', name: 'Content length', type: 'uint', bits: 64 },
  { abbrev: 'http.cookie_pair', name: 'Cookie pair', type: 'string' },
  { abbrev: 'http.request_number', name: 'Request number', type: 'uint', bits: 32 },
  { abbrev: 'http.response_number', name: 'Response number', type: 'uint', bits: 32 },
  { abbrev: 'http.request_in', name: 'Request in frame', type: 'framenum' },
  { abbrev: 'http.prev_request_in', name: 'Prev request in frame', type: 'framenum' },
  { abbrev: 'http.prev_response_in', name: 'Prev response in frame', type: 'framenum' },
  { abbrev: 'http.time', name: 'Time since request', type: 'time' },
  { abbrev: 'http.response_for.uri', name: 'Request URI', type: 'string' },
  { abbrev: 'http.file_data', name: 'File Data', type: 'bytes' },
  { abbrev: 'http.chunked_response', name: 'HTTP chunked response', type: 'none' },
  { abbrev: 'http.chunk_size', name: 'Chunk size', type: 'uint', bits: 32 },
  { abbrev: 'http.chunk_data', name: 'Chunk data', type: 'bytes' },
  { abbrev: 'http.chunk_boundary', name: 'Chunk boundary', type: 'bytes' },
  { abbrev: 'http.content_encoded_entity', name: 'Content-encoded entity body', type: 'none' },
]);

/** The request or response line as a chat item (TShark's `http.chat`: "Formatted text"). */
const HTTP_EXPERT = expertTable('http', 'HTTP', [{ name: 'http.chat', severity: 'chat', group: 'sequence', summary: 'Formatted text' }]);
const f = P.f;

const LF = 0x0a;
const CR = 0x0d;

/** HTTP's TCP ports in TShark 4.0 (HTTP itself, proxies, SSDP/UPnP, IPP, DAAP, WinRM, HKP). */
const PORTS = [80, 631, 1900, 2710, 2869, 3128, 3132, 3689, 5985, 8080, 8088, 11371];

interface Line {
  start: number;
  /** End of the text (before CR LF or LF). */
  end: number;
  /** Start of the next line. */
  next: number;
}

/** The line starting at `off`, or undefined when the segment ends before its LF. */
function lineAt(tvb: Tvb, off: number): Line | undefined {
  const rest = tvb.view(off, tvb.remaining(off));
  const lf = rest.indexOf(LF);
  if (lf < 0) return undefined;
  const end = lf > 0 && rest[lf - 1] === CR ? off + lf - 1 : off + lf;
  return { start: off, end, next: off + lf + 1 };
}

const ascii = (tvb: Tvb, l: Line): string => tvb.ascii(l.start, l.end - l.start);
/** A line as Wireshark shows it, terminator escaped (`GET / HTTP/1.1\r\n`). */
const shown = (tvb: Tvb, l: Line): string => formatText(tvb.view(l.start, l.next - l.start));

type FirstLine =
  | { kind: 'request'; method: string; uri: string; version: string }
  | { kind: 'response'; version: string; code: number; phrase: string }
  | undefined;

const VERSION = /^HTTP\/\d\.\d$/;

function classify(text: string): FirstLine {
  if (/^HTTP\/\d\.\d /.test(text)) {
    const m = /^(HTTP\/\d\.\d) (\d{3})(?: (.*))?$/.exec(text);
    if (m === null) return undefined;
    return { kind: 'response', version: m[1]!, code: Number(m[2]), phrase: m[3] ?? '' };
  }
  const sp1 = text.indexOf(' ');
  const sp2 = text.lastIndexOf(' ');
  if (sp1 <= 0 || sp2 <= sp1 || !METHODS.has(text.slice(0, sp1))) return undefined;
  const version = text.slice(sp2 + 1);
  if (!VERSION.test(version)) return undefined;
  return { kind: 'request', method: text.slice(0, sp1), uri: text.slice(sp1 + 1, sp2), version };
}

function dissectFirstLine(tvb: Tvb, tree: ProtoTree, node: number, l: Line, first: NonNullable<FirstLine>): void {
  const line = tree.add(node, textItem, tvb, l.start, l.next - l.start, undefined, shown(tvb, l));
  addExpert(tree, line, tvb, HTTP_EXPERT.chat, shown(tvb, l));
  const text = ascii(tvb, l);
  if (first.kind === 'request') {
    const { method, uri, version } = first;
    const uriAt = l.start + method.length + 1;
    tree.add(line, f['request.method'], tvb, l.start, method.length, method);
    const uriNode = tree.add(line, f['request.uri'], tvb, uriAt, uri.length, formatText(tvb.view(uriAt, uri.length)));
    const q = uri.indexOf('?');
    if (q >= 0) {
      tree.add(uriNode, f['request.uri.path'], tvb, uriAt, q, uri.slice(0, q));
      tree.add(uriNode, f['request.uri.query'], tvb, uriAt + q + 1, uri.length - q - 1, uri.slice(q + 1));
      let p = q + 1;
      for (const param of uri.slice(q + 1).split('&')) {
        tree.add(uriNode, f['request.uri.query.parameter'], tvb, uriAt + p, param.length, param);
        p += param.length + 1;
      }
    }
    tree.add(line, f['request.version'], tvb, l.end - version.length, version.length, version);
    return;
  }
  const { version, code, phrase } = first;
  tree.add(line, f['response.version'], tvb, l.start, version.length, version);
  tree.add(line, f['response.code'], tvb, l.start + version.length + 1, 3, code);
  tree.add(
    line,
    f['response.code.desc'],
    tvb,
    l.start + version.length + 1,
    3,
    STATUS_CODES[code] ?? 'Unknown',
    `[Status Code Description: ${STATUS_CODES[code] ?? 'Unknown'}]`,
  );
  if (text.length > version.length + 4) tree.add(line, f['response.phrase'], tvb, l.start + version.length + 5, phrase.length, phrase);
}

interface Headers {
  contentType?: string;
  contentEncoding?: string;
  contentLength?: number;
  chunked: boolean;
  host?: string;
}

/** Header lines up to the empty line; returns the offset after it, or -1 if the segment ends first. */
function dissectHeaders(tvb: Tvb, tree: ProtoTree, node: number, off: number, request: boolean, h: Headers): number {
  const lineField = request ? f['request.line'] : f['response.line'];
  for (let l = lineAt(tvb, off); l !== undefined; l = lineAt(tvb, l.next)) {
    if (l.end === l.start) {
      tree.add(node, textItem, tvb, l.start, l.next - l.start, undefined, shown(tvb, l));
      return l.next;
    }
    const text = shown(tvb, l);
    const lineNode = tree.add(node, lineField, tvb, l.start, l.next - l.start, tvb.ascii(l.start, l.next - l.start), text);
    const colon = ascii(tvb, l).indexOf(':');
    if (colon <= 0) continue;
    const name = ascii(tvb, l).slice(0, colon).toLowerCase();
    const raw = ascii(tvb, l).slice(colon + 1);
    const value = raw.trim();
    const valueAt = l.start + colon + 1 + (raw.length - raw.trimStart().length);
    const key = HEADER_FIELDS[name];
    if (key === undefined) continue;
    const vNode = tree.add(lineNode, f[key], tvb, valueAt, value.length, value, `${HEADER_NAMES[key]}: ${value}`);
    if (key === 'content_type') h.contentType = value;
    if (key === 'content_encoding') h.contentEncoding = value.toLowerCase();
    if (key === 'host') h.host = value;
    if (key === 'transfer_encoding' && /chunked/i.test(value)) h.chunked = true;
    if (key === 'content_length_header' && /^\d+$/.test(value)) {
      h.contentLength = Number(value);
      tree.add(vNode, f.content_length, tvb, valueAt, value.length, h.contentLength, `[Content length: ${value}]`);
    }
    if (key === 'cookie') {
      let p = valueAt;
      for (const pair of value.split(';')) {
        const lead = pair.length - pair.trimStart().length;
        tree.add(vNode, f.cookie_pair, tvb, p + lead, pair.trim().length, pair.trim());
        p += pair.length + 1;
      }
    }
  }
  return -1;
}

/**
 * How many more bytes the message whose headers start at `at` needs (0: it is all here), by
 * its framing: the header block up to the empty line, then a Content-Length body or a chunked
 * one (each chunk asked for exactly when its size line is here), or a response's body up to
 * the close of the connection when it has neither. `hasBody` says whether a length or chunking
 * applies (a request; a response other than 1xx, 204 and 304).
 */
function missing(tvb: Tvb, at: number, hasBody: boolean, untilClose: boolean): number {
  let p = at;
  let length = -1;
  let chunked = false;
  for (;;) {
    const l = lineAt(tvb, p);
    if (l === undefined) return DESEGMENT_ONE_MORE_SEGMENT;
    p = l.next;
    if (l.end === l.start) break;
    const text = tvb.ascii(l.start, l.end - l.start);
    const colon = text.indexOf(':');
    if (colon <= 0) continue;
    const name = text.slice(0, colon).trim().toLowerCase();
    if (name === 'content-length') {
      const v = text.slice(colon + 1).trim();
      if (/^\d+$/.test(v)) length = Number(v);
    } else if (name === 'transfer-encoding' && /chunked/i.test(text.slice(colon + 1))) chunked = true;
  }
  if (!hasBody) return 0;
  if (chunked) return chunksMissing(tvb, p);
  if (length >= 0) return Math.max(0, p + length - tvb.length);
  // A response with neither: its body ends where the server closes the connection (unless it
  // just did: `untilClose` false).
  return untilClose ? DESEGMENT_UNTIL_FIN : 0;
}

/** What a chunked body from `p` still lacks: the rest of a chunk (exactly), or a size or trailer line (one more segment). */
function chunksMissing(tvb: Tvb, p: number): number {
  for (;;) {
    const l = lineAt(tvb, p);
    if (l === undefined) return DESEGMENT_ONE_MORE_SEGMENT;
    const m = /^\s*([0-9a-fA-F]+)/.exec(tvb.ascii(l.start, l.end - l.start));
    if (m === null) return 0; // not chunked after all: show what there is
    const size = Number.parseInt(m[1]!, 16);
    p = l.next;
    if (size === 0) {
      for (let t = lineAt(tvb, p); ; t = lineAt(tvb, t.next)) {
        if (t === undefined) return DESEGMENT_ONE_MORE_SEGMENT;
        if (t.end === t.start) return 0;
      }
    }
    const end = p + size + 2;
    if (end > tvb.length) return end - tvb.length;
    p = end;
  }
}

/**
 * One HTTP message at `off`; returns where the next one starts (or the end of the segment).
 * `first` tells whether this is the segment's first message (it sets the columns).
 */
function dissectMessage(
  tvb: Tvb,
  off: number,
  pinfo: PacketInfo,
  tree: ProtoTree,
  parent: number,
  first: boolean,
  proto: ProtocolFields = P,
): number {
  const msg = tvb.sub(off);
  const node = first ? beginProtocol(proto, msg, pinfo, tree, parent) : tree.add(parent, proto.proto, msg, 0, msg.length);
  const l = lineAt(tvb, off);
  const line = l === undefined ? undefined : classify(ascii(tvb, l));
  if (l === undefined || line === undefined) {
    // Not a request or status line: the rest of a message begun in an earlier segment.
    if (first) pinfo.setInfo('Continuation');
    callBody(tvb.sub(off), pinfo, tree, parent, undefined);
    return tvb.length;
  }
  const request = line.kind === 'request';
  pinfo.appendInfo(`${formatText(tvb.view(l.start, l.end - l.start))} `, '');
  const hasBody = request || !(line.code < 200 || line.code === 204 || line.code === 304);
  const more = missing(tvb, l.next, hasBody, !request && !pinfo.closing);
  if (more > 0 && pinfo.desegment(off, more)) return tvb.length;
  dissectFirstLine(tvb, tree, node, l, line);
  tree.add(node, request ? f.request : f.response, tvb, l.start, 0, true);
  const h: Headers = { chunked: false };
  const bodyAt = dissectHeaders(tvb, tree, node, l.next, request, h);
  let fullUri = '';
  // An absolute URI is the full one; any other follows the host (SSDP's `*` too: `http://239.255.255.250:1900*`, as TShark).
  if (line.kind === 'request') {
    if (/^[a-z]+:\/\//i.test(line.uri)) fullUri = line.uri;
    else if (h.host !== undefined) fullUri = `http://${h.host}${line.uri}`;
  }
  if (fullUri !== '') tree.add(node, f['request.full_uri'], tvb, l.start, 0, fullUri, `[Full request URI: ${fullUri}]`);
  track(P, tvb, pinfo, tree, node, request, fullUri);
  if (bodyAt < 0) {
    tree.add(node, textItem, tvb, tvb.length, 0, undefined, '[Headers continue in a later segment]');
    tree.setLength(node, tvb.length - off);
    return tvb.length;
  }
  const noBody = !request && (line.code < 200 || line.code === 204 || line.code === 304);
  if (noBody) {
    tree.setLength(node, bodyAt - off);
    return bodyAt;
  }
  if (h.chunked) {
    const end = dechunk(tvb, bodyAt, pinfo, tree, node, h);
    tree.setLength(node, end - off);
    return end;
  }
  let bodyLen = 0;
  if (h.contentLength !== undefined) bodyLen = h.contentLength;
  else if (!request) bodyLen = tvb.length - bodyAt; // ends with the connection
  const have = Math.min(bodyLen, tvb.length - bodyAt);
  if (have <= 0) {
    tree.setLength(node, bodyAt - off);
    return bodyAt;
  }
  tree.setLength(node, bodyAt + have - off);
  if (have < bodyLen) tree.add(node, textItem, tvb, bodyAt, have, undefined, `[Body: ${have} of ${bodyLen} bytes in this segment]`);
  entityBody(tvb.sub(bodyAt, have), pinfo, tree, parent, node, h);
  return bodyAt + have;
}

/**
 * A chunked body from `at` (RFC 9112 section 7.1): the chunks under "HTTP chunked response",
 * then the body they carry, joined, as a data source of its own ("De-chunked entity body").
 * Returns where the message ends (after the trailer), or the end of the bytes.
 */
function dechunk(tvb: Tvb, at: number, pinfo: PacketInfo, tree: ProtoTree, node: number, h: Headers): number {
  const chunks = tree.add(node, f.chunked_response, tvb, at, 0, undefined, 'HTTP chunked response');
  const parts: Uint8Array[] = [];
  let total = 0;
  let p = at;
  let done = false;
  while (!done) {
    const l = lineAt(tvb, p);
    if (l === undefined) break;
    const m = /^\s*([0-9a-fA-F]+)/.exec(ascii(tvb, l));
    if (m === null) break;
    const size = Number.parseInt(m[1]!, 16);
    if (size === 0) {
      const last = tree.add(chunks, textItem, tvb, l.start, l.next - l.start, undefined, 'End of chunked encoding');
      tree.add(last, f.chunk_size, tvb, l.start, l.end - l.start, 0, 'Chunk size: 0 octets');
      p = l.next;
      for (let t = lineAt(tvb, p); t !== undefined; t = lineAt(tvb, t.next)) {
        p = t.next;
        if (t.end === t.start) {
          tree.add(node, textItem, tvb, t.start, t.next - t.start, undefined, shown(tvb, t));
          break;
        }
      }
      done = true;
      break;
    }
    const have = Math.min(size, tvb.length - l.next);
    const chunk = tree.add(chunks, textItem, tvb, l.start, l.next - l.start + have, undefined, `Data chunk (${size} octets)`);
    tree.add(chunk, f.chunk_size, tvb, l.start, l.end - l.start, size, `Chunk size: ${size} octets`);
    const data = tvb.view(l.next, have);
    tree.add(chunk, f.chunk_data, tvb, l.next, have, data);
    parts.push(data);
    total += have;
    p = l.next + have;
    if (have < size) break;
    const crlf = tvb.has(p, 2) && tvb.u8(p) === CR ? 2 : 1;
    if (!tvb.has(p, crlf)) break;
    tree.add(chunk, f.chunk_boundary, tvb, p, crlf, tvb.view(p, crlf));
    p += crlf;
  }
  tree.setLength(chunks, p - at);
  const body = new Uint8Array(total);
  let o = 0;
  for (const part of parts) {
    body.set(part, o);
    o += part.length;
  }
  if (body.length > 0) {
    const source = tree.addSource('De-chunked entity body', body);
    entityBody(new Tvb(body, 0, source), pinfo, tree, tree.parents[node]!, node, h);
  }
  return p;
}

/**
 * Decoders of the content codings TShark decodes by default (http.decompress_body): the
 * decoded bytes, or `undefined` when they would pass MAX_DECODED.
 */
const DECODERS: Readonly<Record<string, (b: Uint8Array) => Uint8Array | undefined>> = {
  gzip: gunzipSync,
  'x-gzip': gunzipSync,
  // "deflate" is zlib-wrapped per RFC 9110, raw deflate in practice too.
  deflate: (b) => (b.length >= 2 && (b[0]! & 0x0f) === 8 && ((b[0]! << 8) | b[1]!) % 31 === 0 ? unzlibSync(b) : inflateSync(b)),
  br: unbrotli,
};

/** Largest body decompressed (a zip bomb gets a note, not our memory). */
const MAX_DECODED = 32 << 20;

/** Brotli (RFC 7932), by the decoder the host provides (core/codecs.ts). */
function unbrotli(b: Uint8Array): Uint8Array | undefined {
  const decode = brotliDecoder();
  if (decode === undefined) throw new Error('no brotli decoder in this runtime');
  return decode(b, MAX_DECODED);
}

/**
 * A message body: "File Data", decoded first when it has a content coding we decode (shown as
 * a data source "Uncompressed entity body"), then handed to its media type.
 */
function entityBody(body: Tvb, pinfo: PacketInfo, tree: ProtoTree, parent: number, node: number, h: Headers): void {
  let shown = body;
  const coding = h.contentEncoding;
  const decode = coding === undefined ? undefined : DECODERS[coding];
  if (decode !== undefined) {
    const item = tree.add(node, f.content_encoded_entity, body, 0, body.length, undefined, '');
    const out = decoded(decode, body.bytes);
    if (typeof out === 'string') tree.setText(item, `Content-encoded entity body (${coding}): ${body.length} bytes [${out}]`);
    else {
      tree.setText(item, `Content-encoded entity body (${coding}): ${body.length} bytes -> ${out.length} bytes`);
      shown = new Tvb(out, 0, tree.addSource('Uncompressed entity body', out));
    }
  }
  tree.add(node, f.file_data, shown, 0, shown.length, shown.bytes, `File Data: ${shown.length} bytes`);
  callBody(shown, pinfo, tree, parent, h.contentType);
}

/** The decoded bytes, or why they could not be had. */
function decoded(decode: (b: Uint8Array) => Uint8Array | undefined, bytes: Uint8Array): Uint8Array | string {
  // gzip records the original size (mod 2^32) in its last four bytes: refuse a bomb before inflating it.
  if (decode === gunzipSync && bytes.length >= 18) {
    const n = bytes.length;
    const size = (bytes[n - 4]! | (bytes[n - 3]! << 8) | (bytes[n - 2]! << 16) | (bytes[n - 1]! << 24)) >>> 0;
    if (size > MAX_DECODED) return `decompressed size ${size} bytes is over the ${MAX_DECODED >> 20} MiB limit`;
  }
  try {
    const out = decode(bytes);
    return out === undefined || out.length > MAX_DECODED ? `decompressed size is over the ${MAX_DECODED >> 20} MiB limit` : out;
  } catch (e) {
    return `Error during decompression: ${e instanceof Error ? e.message : String(e)}`;
  }
}

/**
 * Hands a body to the decoder registered for its media type (`media_type` table, key: the
 * type in lower case without parameters, media.ts), else to TShark's "media" decoder; a body
 * without a type to `data`.
 */
function callBody(body: Tvb, pinfo: PacketInfo, tree: ProtoTree, parent: number, contentType: string | undefined): void {
  const media = contentType?.replace(/;.*/s, '').trim().toLowerCase();
  if (media === undefined || media === '') {
    dispatchPayload({ table: 'media_type', keys: [] }, body, pinfo, tree, parent);
    return;
  }
  pinfo.data.set(MEDIA_TYPE, media);
  const table = dissectorTable('media_type').get(media);
  if (table === undefined || table.dissect(body, pinfo, tree, parent) === false) mediaFallback.dissect(body, pinfo, tree, parent);
}

/** The messages of a segment (or datagram), under `proto`'s node and column: HTTP's, or SSDP's over UDP. */
function dissectMessages(tvb: Tvb, pinfo: PacketInfo, tree: ProtoTree, parent: number, proto: ProtocolFields, column: string): void {
  pinfo.protocol = column;
  pinfo.setInfo('');
  let off = 0;
  for (let first = true; off < tvb.length; first = false) {
    const next = dissectMessage(tvb, off, pinfo, tree, parent, first, proto);
    if (next <= off) break;
    off = next;
  }
}

function dissectSegment(tvb: Tvb, pinfo: PacketInfo, tree: ProtoTree, parent: number): void {
  dissectMessages(tvb, pinfo, tree, parent, P, 'HTTP');
}

const http: Dissector = { name: 'http', dissect: dissectSegment };

/**
 * Simple Service Discovery Protocol (UPnP, UDP 1900): HTTP messages in datagrams (`M-SEARCH *
 * HTTP/1.1`, `NOTIFY * HTTP/1.1`), shown under a protocol of its own with HTTP's fields, as
 * Wireshark's HTTP dissector does.
 */
const SSDP = fieldTable.register('ssdp', 'Simple Service Discovery Protocol', []);
const ssdp: Dissector = {
  name: 'ssdp',
  dissect(tvb, pinfo, tree, parent) {
    dissectMessages(tvb, pinfo, tree, parent, SSDP, 'SSDP');
  },
};

/**
 * TShark 4.0's HTTP heuristic: the payload's first line (ended by CR or LF, and not 8
 * characters long) starts with `HTTP/1.` or has it 8 characters before its end (a status
 * line, or a request line ending in `HTTP/1.x`). A match claims the TCP conversation from this
 * frame on, so its later segments come here too.
 */
function startsHttp(tvb: Tvb): boolean {
  const head = tvb.view(0, tvb.length);
  let end = 0;
  while (end < head.length && head[end] !== CR && head[end] !== LF) end++;
  if (end === head.length || end === 8) return false;
  const token = (at: number): boolean => at >= 0 && tvb.has(at, 7) && tvb.ascii(at, 7).toUpperCase() === 'HTTP/1.';
  return token(end - 8) || token(0);
}

const claimOf = (pinfo: PacketInfo): Conversation | undefined => (inError(pinfo) ? undefined : conversation(pinfo));

for (const port of PORTS) dissectorTable('tcp.port').add(port, http);
dissectorTable('udp.port').add(1900, ssdp);
heuristicList('tcp').push(claimingHeuristic('http', claimOf, startsHttp, dissectSegment));
