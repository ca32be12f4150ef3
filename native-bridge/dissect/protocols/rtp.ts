import type { HeuristicDissector } from '../core/dissector.js';
import { beginProtocol, callData } from '../core/dispatch.js';
import { fieldTable, textItem } from '../core/fields.js';
import type { PacketInfo } from '../core/packet-info.js';
import { heuristicList } from '../core/tables.js';
import type { ProtoTree } from '../core/tree.js';
import type { Tvb } from '../core/tvb.js';
import { dissectRtcp } from './rtcp.js';
import { type MediaSetup, addSetup, mediaSetupOf } from './rtp-setup.js';
import { VERSION_NAMES, payloadTypeName } from './rtp-types.js';
import { generatedCallId } from './sip.js';

/**
 * RTP (RFC 3550) on the UDP conversations SDP set up (rtp-setup.ts), as TShark 4.0 finds it:
 * the fixed header, CSRCs, the payload; Info `PT=ITU-T G.711 PCMU, SSRC=0x…, Seq=…, Time=…`.
 * A payload type the SDP mapped to telephone-event (and 100/101, TShark's defaults) goes to
 * the RFC 4733 event decoder (`rtpevent`). RTCP on the same setups is in rtcp.ts.
 */

const P = fieldTable.register('rtp', 'Real-Time Transport Protocol', [
  { abbrev: 'rtp.setup', name: 'Stream setup', type: 'string' },
  { abbrev: 'rtp.setup-frame', name: 'Setup frame', type: 'framenum' },
  { abbrev: 'rtp.setup-method', name: 'Setup Method', type: 'string' },
  {
    abbrev: 'rtp.version',
    name: 'Version',
    type: 'uint',
    bits: 8,
    strings: VERSION_NAMES,
  },
  { abbrev: 'rtp.padding', name: 'Padding', type: 'bool' },
  { abbrev: 'rtp.ext', name: 'Extension', type: 'bool' },
  { abbrev: 'rtp.cc', name: 'Contributing source identifiers count', type: 'uint', bits: 8 },
  { abbrev: 'rtp.marker', name: 'Marker', type: 'bool' },
  { abbrev: 'rtp.p_type', name: 'Payload type', type: 'uint', bits: 8 },
  { abbrev: 'rtp.seq', name: 'Sequence number', type: 'uint', bits: 16 },
  { abbrev: 'rtp.timestamp', name: 'Timestamp', type: 'uint', bits: 32 },
  { abbrev: 'rtp.ssrc', name: 'Synchronization Source identifier', type: 'uint', base: 'hex', bits: 32 },
  { abbrev: 'rtp.csrc.item', name: 'CSRC item', type: 'uint', base: 'hex', bits: 32 },
  { abbrev: 'rtp.ext.profile', name: 'Defined by profile', type: 'uint', base: 'hex', bits: 16 },
  { abbrev: 'rtp.ext.len', name: 'Extension length', type: 'uint', bits: 16 },
  { abbrev: 'rtp.payload', name: 'Payload', type: 'bytes' },
  { abbrev: 'rtp.padding.count', name: 'Padding count', type: 'uint', bits: 8 },
]);
const f = P.f;

const SETUP_FIELDS = { setup: f.setup, frame: f['setup-frame'], method: f['setup-method'] };

/** The name the SDP gave a dynamic payload type on this stream (static types keep their names, as in TShark). */
function encodingOf(setup: MediaSetup, pt: number): string | undefined {
  return pt >= 96 ? setup.encodings?.get(pt) : undefined;
}

const EVENT = fieldTable.register('rtpevent', 'RFC 2833 RTP Event', [
  { abbrev: 'rtpevent.event_id', name: 'Event ID', type: 'uint', bits: 8 },
  { abbrev: 'rtpevent.end_of_event', name: 'End of Event', type: 'bool' },
  { abbrev: 'rtpevent.reserved', name: 'Reserved', type: 'bool' },
  { abbrev: 'rtpevent.volume', name: 'Volume', type: 'uint', bits: 8 },
  { abbrev: 'rtpevent.duration', name: 'Event Duration', type: 'uint', bits: 16 },
]);

/** RFC 4733's DTMF events, as TShark names them. */
const DTMF = [
  'Zero 0',
  'One 1',
  'Two 2',
  'Three 3',
  'Four 4',
  'Five 5',
  'Six 6',
  'Seven 7',
  'Eight 8',
  'Nine 9',
  'Star *',
  'Pound #',
  'A',
  'B',
  'C',
  'D',
];

function eventName(id: number): string {
  if (id < DTMF.length) return `DTMF ${DTMF[id]}`;
  if (id === 16) return 'Flash';
  return `Unknown (${id})`;
}

function dissectEvent(tvb: Tvb, pinfo: PacketInfo, tree: ProtoTree, parent: number): void {
  pinfo.protocol = 'RTP EVENT';
  const node = beginProtocol(EVENT, tvb, pinfo, tree, parent);
  const id = tvb.u8(0);
  const name = eventName(id);
  const b = tvb.u8(1);
  pinfo.setInfo(`Payload type=RTP Event, ${name}${(b & 0x80) !== 0 ? ' (end)' : ''}`);
  const e = EVENT.f;
  tree.add(node, e.event_id, tvb, 0, 1, id, `Event ID: ${name} (${id})`);
  tree.add(node, e.end_of_event, tvb, 1, 1, (b & 0x80) !== 0);
  tree.add(node, e.reserved, tvb, 1, 1, (b & 0x40) !== 0);
  tree.add(node, e.volume, tvb, 1, 1, b & 0x3f);
  tree.add(node, e.duration, tvb, 2, 2, tvb.u16(2));
}

const hex8 = (v: number): string => v.toString(16).toUpperCase();

export function dissectRtp(tvb: Tvb, pinfo: PacketInfo, tree: ProtoTree, parent: number, setup: MediaSetup): void {
  pinfo.protocol = 'RTP';
  const node = beginProtocol(P, tvb, pinfo, tree, parent);
  addSetup(tree, node, tvb, setup, SETUP_FIELDS, generatedCallId);
  const b0 = tvb.u8(0);
  const b1 = tvb.u8(1);
  const version = b0 >> 6;
  const padding = (b0 & 0x20) !== 0;
  const ext = (b0 & 0x10) !== 0;
  const cc = b0 & 0x0f;
  const marker = (b1 & 0x80) !== 0;
  const pt = b1 & 0x7f;
  tree.add(node, f.version, tvb, 0, 1, version);
  tree.add(node, f.padding, tvb, 0, 1, padding);
  tree.add(node, f.ext, tvb, 0, 1, ext);
  tree.add(node, f.cc, tvb, 0, 1, cc);
  tree.add(node, f.marker, tvb, 1, 1, marker);
  const mapped = encodingOf(setup, pt);
  const ptName = mapped ?? payloadTypeName(pt);
  tree.add(node, f.p_type, tvb, 1, 1, pt, `Payload type: ${ptName} (${pt})`);
  const seq = tvb.u16(2);
  const ts = tvb.u32(4);
  const ssrc = tvb.u32(8);
  tree.add(node, f.seq, tvb, 2, 2, seq);
  tree.add(node, f.timestamp, tvb, 4, 4, ts);
  tree.add(node, f.ssrc, tvb, 8, 4, ssrc, `Synchronization Source identifier: 0x${ssrc.toString(16).padStart(8, '0')} (${ssrc})`);
  const event = mapped === undefined ? pt === 100 || pt === 101 : mapped.toLowerCase() === 'telephone-event';
  if (!event) pinfo.setInfo(`PT=${ptName}, SSRC=0x${hex8(ssrc)}, Seq=${seq}, Time=${ts}${marker ? ', Mark' : ''}`);
  let off = 12;
  for (let i = 0; i < cc; i++, off += 4) tree.add(node, f['csrc.item'], tvb, off, 4, tvb.u32(off));
  if (ext) {
    tree.add(node, f['ext.profile'], tvb, off, 2, tvb.u16(off));
    const words = tvb.u16(off + 2);
    tree.add(node, f['ext.len'], tvb, off + 2, 2, words);
    off += 4 + words * 4;
    tvb.check(off, 0);
  }
  let end = tvb.length;
  if (padding && end > off) {
    const count = tvb.u8(end - 1);
    if (count > 0 && count <= end - off) end -= count;
  }
  if (end > off) {
    if (event) dissectEvent(tvb.sub(off, end - off), pinfo, tree, parent);
    else tree.add(node, f.payload, tvb, off, end - off, tvb.view(off, end - off));
  }
  if (end < tvb.length) {
    tree.add(node, textItem, tvb, end, tvb.length - end - 1, undefined, 'Padding data');
    tree.add(node, f['padding.count'], tvb, tvb.length - 1, 1, tvb.u8(tvb.length - 1));
  }
}

/** RTP and RTCP on the conversations SDP set up: the one UDP asks before its port table. */
const setUpMedia: HeuristicDissector = {
  name: 'rtp',
  tryDissect(tvb, pinfo, tree, parent) {
    const setup = mediaSetupOf(pinfo);
    if (setup === undefined) return false;
    if (setup.kind === 'rtp') {
      if (tvb.length < 12) {
        callData(tvb, pinfo, tree, parent);
        return true;
      }
      dissectRtp(tvb, pinfo, tree, parent, setup);
    } else dissectRtcp(tvb, pinfo, tree, parent, setup);
    return true;
  },
};

heuristicList('udp.conversation').push(setUpMedia);
