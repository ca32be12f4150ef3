import type { Dissector } from '../core/dissector.js';
import { beginProtocol } from '../core/dispatch.js';
import { type FieldInfo, fieldTable } from '../core/fields.js';
import { dissectorTable } from '../core/tables.js';
import type { ProtoTree } from '../core/tree.js';
import type { Tvb } from '../core/tvb.js';
import { announceMedia } from './rtp-setup.js';
import { payloadTypeName } from './rtp-types.js';

/**
 * SDP (RFC 8866), the `application/sdp` body of SIP (media.ts's `media_type` table): one item
 * per `x=value` line with TShark 4.0's names and the parts it splits out (owner, connection,
 * time, media, attributes with rtpmap). Each `m=` line with a port announces an RTP stream on
 * the connection address (rtp-setup.ts), as TShark sets RTP up from SDP. The caller (SIP) says
 * in `pinfo.data` which frame set the call up and its Call-ID (SDP_SETUP).
 */
export const SDP_SETUP = 'sdp.setup';

/** What SIP hands SDP about the message the body came in. */
export interface SdpSetup {
  /** The frame the streams count as set up in (the offer's, for an answer). */
  frame: number;
  callId: string;
}

const P = fieldTable.register('sdp', 'Session Description Protocol', [
  { abbrev: 'sdp.version', name: 'Session Description Protocol Version (v)', type: 'string' },
  { abbrev: 'sdp.owner', name: 'Owner/Creator, Session Id (o)', type: 'string' },
  { abbrev: 'sdp.owner.username', name: 'Owner Username', type: 'string' },
  { abbrev: 'sdp.owner.sessionid', name: 'Session ID', type: 'string' },
  { abbrev: 'sdp.owner.version', name: 'Session Version', type: 'string' },
  { abbrev: 'sdp.owner.network_type', name: 'Owner Network Type', type: 'string' },
  { abbrev: 'sdp.owner.address_type', name: 'Owner Address Type', type: 'string' },
  { abbrev: 'sdp.owner.address', name: 'Owner Address', type: 'string' },
  { abbrev: 'sdp.session_name', name: 'Session Name (s)', type: 'string' },
  { abbrev: 'sdp.session_info', name: 'Session Information (i)', type: 'string' },
  { abbrev: 'sdp.uri', name: 'URI of Description (u)', type: 'string' },
  { abbrev: 'sdp.email', name: 'E-mail Address (e)', type: 'string' },
  { abbrev: 'sdp.phone', name: 'Phone Number (p)', type: 'string' },
  { abbrev: 'sdp.connection_info', name: 'Connection Information (c)', type: 'string' },
  { abbrev: 'sdp.connection_info.network_type', name: 'Connection Network Type', type: 'string' },
  { abbrev: 'sdp.connection_info.address_type', name: 'Connection Address Type', type: 'string' },
  { abbrev: 'sdp.connection_info.address', name: 'Connection Address', type: 'string' },
  { abbrev: 'sdp.bandwidth', name: 'Bandwidth Information (b)', type: 'string' },
  { abbrev: 'sdp.bandwidth.modifier', name: 'Bandwidth Modifier', type: 'string' },
  { abbrev: 'sdp.bandwidth.value', name: 'Bandwidth Value', type: 'string' },
  { abbrev: 'sdp.time', name: 'Time Description, active time (t)', type: 'string' },
  { abbrev: 'sdp.time.start', name: 'Session Start Time', type: 'string' },
  { abbrev: 'sdp.time.stop', name: 'Session Stop Time', type: 'string' },
  { abbrev: 'sdp.repeat_time', name: 'Repeat Time (r)', type: 'string' },
  { abbrev: 'sdp.timezone', name: 'Time Zone Adjustments (z)', type: 'string' },
  { abbrev: 'sdp.encryption_key', name: 'Encryption Key (k)', type: 'string' },
  { abbrev: 'sdp.session_attr', name: 'Session Attribute (a)', type: 'string' },
  { abbrev: 'sdp.session_attr.field', name: 'Session Attribute Fieldname', type: 'string' },
  { abbrev: 'sdp.session_attr.value', name: 'Session Attribute Value', type: 'string' },
  { abbrev: 'sdp.media', name: 'Media Description, name and address (m)', type: 'string' },
  { abbrev: 'sdp.media.media', name: 'Media Type', type: 'string' },
  { abbrev: 'sdp.media.port_string', name: 'Media Port', type: 'string', hidden: true },
  { abbrev: 'sdp.media.port', name: 'Media Port', type: 'uint', bits: 16 },
  { abbrev: 'sdp.media.portcount', name: 'Media Port Count', type: 'string' },
  { abbrev: 'sdp.media.proto', name: 'Media Protocol', type: 'string' },
  { abbrev: 'sdp.media.format', name: 'Media Format', type: 'string' },
  { abbrev: 'sdp.media_title', name: 'Media Title (i)', type: 'string' },
  { abbrev: 'sdp.media_attr', name: 'Media Attribute (a)', type: 'string' },
  { abbrev: 'sdp.media_attribute.field', name: 'Media Attribute Fieldname', type: 'string' },
  { abbrev: 'sdp.media_attribute.value', name: 'Media Attribute Value', type: 'string' },
  { abbrev: 'sdp.mime.type', name: 'MIME Type', type: 'string' },
  { abbrev: 'sdp.sample_rate', name: 'Sample Rate', type: 'string' },
  { abbrev: 'sdp.fmtp.parameter', name: 'Media format specific parameters', type: 'string' },
  { abbrev: 'sdp.unknown', name: 'Unknown', type: 'string' },
]);
const f = P.f;

const CR = 0x0d;
const LF = 0x0a;

/** The item a line of type `c` makes (session or media level for `a`, `i`). */
function lineField(type: string, inMedia: boolean): FieldInfo {
  switch (type) {
    case 'v':
      return f.version;
    case 'o':
      return f.owner;
    case 's':
      return f.session_name;
    case 'i':
      return inMedia ? f.media_title : f.session_info;
    case 'u':
      return f.uri;
    case 'e':
      return f.email;
    case 'p':
      return f.phone;
    case 'c':
      return f.connection_info;
    case 'b':
      return f.bandwidth;
    case 't':
      return f.time;
    case 'r':
      return f.repeat_time;
    case 'z':
      return f.timezone;
    case 'k':
      return f.encryption_key;
    case 'a':
      return inMedia ? f.media_attr : f.session_attr;
    case 'm':
      return f.media;
    default:
      return f.unknown;
  }
}

/** Adds one item per space-separated word of `value` (starting at `at` in the tvb), for the fields given. */
function words(tree: ProtoTree, node: number, tvb: Tvb, at: number, value: string, fields: readonly FieldInfo[]): string[] {
  const parts = value.split(' ');
  let p = at;
  for (let i = 0; i < parts.length && i < fields.length; i++) {
    tree.add(node, fields[i]!, tvb, p, parts[i]!.length, parts[i]);
    p += parts[i]!.length + 1;
  }
  return parts;
}

/** One `m=` line's stream, announced when the description is complete (its `a=` lines map payload types). */
interface Media {
  port: number;
  rtp: boolean;
  address: string | undefined;
  encodings: Map<number, string> | undefined;
  rtcpMux: boolean;
}

const sdp: Dissector = {
  name: 'sdp',
  dissect(tvb, pinfo, tree, parent) {
    const node = beginProtocol(P, tvb, pinfo, tree, parent);
    if (!pinfo.protocol.endsWith('/SDP')) pinfo.protocol += '/SDP';
    const b = tvb.bytes;
    let sessionAddress: string | undefined;
    const media: Media[] = [];
    let current: Media | undefined;
    for (let at = 0; at < b.length; ) {
      let end = b.indexOf(LF, at);
      const next = end < 0 ? b.length : end + 1;
      if (end < 0) end = b.length;
      if (end > at && b[end - 1] === CR) end--;
      if (end - at < 2 || b[at + 1] !== 0x3d) {
        at = next;
        continue;
      }
      const type = String.fromCharCode(b[at]!);
      const value = tvb.ascii(at + 2, end - at - 2);
      const field = lineField(type, current !== undefined);
      const item = tree.add(node, field, tvb, at, end - at, value, `${field.name}: ${value}`);
      const v = at + 2;
      if (type === 'o')
        words(tree, item, tvb, v, value, [
          f['owner.username'],
          f['owner.sessionid'],
          f['owner.version'],
          f['owner.network_type'],
          f['owner.address_type'],
          f['owner.address'],
        ]);
      else if (type === 'c') {
        const parts = words(tree, item, tvb, v, value, [
          f['connection_info.network_type'],
          f['connection_info.address_type'],
          f['connection_info.address'],
        ]);
        const address = parts[2]?.replace(/\/.*/, '');
        if (current === undefined) sessionAddress = address;
        else current.address = address;
      } else if (type === 't') words(tree, item, tvb, v, value, [f['time.start'], f['time.stop']]);
      else if (type === 'b') {
        const colon = value.indexOf(':');
        if (colon > 0) {
          tree.add(item, f['bandwidth.modifier'], tvb, v, colon, value.slice(0, colon));
          tree.add(item, f['bandwidth.value'], tvb, v + colon + 1, value.length - colon - 1, value.slice(colon + 1));
        }
      } else if (type === 'm') current = mediaLine(tree, item, tvb, v, value, media);
      else if (type === 'a') attribute(tree, item, tvb, v, value, current);
      at = next;
    }
    const setup = pinfo.data.get(SDP_SETUP) as SdpSetup | undefined;
    for (const m of media) {
      const address = m.address ?? sessionAddress;
      if (m.rtp && address !== undefined)
        announceMedia(pinfo, address, m.port, m.rtcpMux, setup?.frame ?? pinfo.frame.number, setup?.callId ?? '', m.encodings);
    }
  },
};

function mediaLine(tree: ProtoTree, item: number, tvb: Tvb, v: number, value: string, media: Media[]): Media {
  const parts = value.split(' ');
  let p = v;
  const m: Media = { port: 0, rtp: false, address: undefined, encodings: undefined, rtcpMux: false };
  for (let i = 0; i < parts.length; i++) {
    const w = parts[i]!;
    if (i === 0) tree.add(item, f['media.media'], tvb, p, w.length, w);
    else if (i === 1) {
      const slash = w.indexOf('/');
      const portText = slash < 0 ? w : w.slice(0, slash);
      m.port = Number.parseInt(portText, 10) || 0;
      tree.add(item, f['media.port_string'], tvb, p, portText.length, portText);
      tree.add(item, f['media.port'], tvb, p, portText.length, m.port);
      if (slash >= 0) tree.add(item, f['media.portcount'], tvb, p + slash + 1, w.length - slash - 1, w.slice(slash + 1));
    } else if (i === 2) {
      m.rtp = w.startsWith('RTP/');
      tree.add(item, f['media.proto'], tvb, p, w.length, w);
    } else {
      const pt = Number.parseInt(w, 10);
      const shown = m.rtp && String(pt) === w ? payloadTypeName(pt) : w;
      tree.add(item, f['media.format'], tvb, p, w.length, shown, `Media Format: ${shown}`);
    }
    p += w.length + 1;
  }
  media.push(m);
  return m;
}

function attribute(tree: ProtoTree, item: number, tvb: Tvb, v: number, value: string, current: Media | undefined): void {
  const colon = value.indexOf(':');
  if (colon < 0) {
    if (value === 'rtcp-mux' && current !== undefined) current.rtcpMux = true;
    return;
  }
  const name = value.slice(0, colon);
  const rest = value.slice(colon + 1);
  const at = v + colon + 1;
  const fieldName = current === undefined ? f['session_attr.field'] : f['media_attribute.field'];
  tree.add(item, fieldName, tvb, v, colon, name);
  if (name === 'rtpmap' && current !== undefined) {
    const space = rest.indexOf(' ');
    const fmt = space < 0 ? rest : rest.slice(0, space);
    tree.add(item, f['media.format'], tvb, at, fmt.length, fmt);
    if (space < 0) return;
    const enc = rest.slice(space + 1).split('/');
    const mime = enc[0] ?? '';
    tree.add(item, f['mime.type'], tvb, at + space + 1, mime.length, mime);
    if (enc[1] !== undefined) tree.add(item, f.sample_rate, tvb, at + space + 2 + mime.length, enc[1].length, enc[1]);
    const pt = Number.parseInt(fmt, 10);
    if (pt >= 0 && pt < 128) {
      current.encodings ??= new Map();
      current.encodings.set(pt, mime);
    }
    return;
  }
  if (name === 'fmtp' && current !== undefined) {
    const space = rest.indexOf(' ');
    const fmt = space < 0 ? rest : rest.slice(0, space);
    const mime = current.encodings?.get(Number.parseInt(fmt, 10));
    tree.add(item, f['media.format'], tvb, at, fmt.length, fmt, `Media Format: ${fmt}${mime === undefined ? '' : ` [${mime}]`}`);
    if (space >= 0) tree.add(item, f['fmtp.parameter'], tvb, at + space + 1, rest.length - space - 1, rest.slice(space + 1));
    return;
  }
  const valueField = current === undefined ? f['session_attr.value'] : f['media_attribute.value'];
  tree.add(item, valueField, tvb, at, rest.length, rest);
}

dissectorTable('media_type').add('application/sdp', sdp);
