import type { Dissector } from '../core/dissector.js';
import { beginProtocol } from '../core/dispatch.js';
import { fieldTable, textItem } from '../core/fields.js';
import { dissectorTable } from '../core/tables.js';
import type { ProtoTree } from '../core/tree.js';
import type { Tvb } from '../core/tvb.js';
import { ppp } from './ppp.js';

/**
 * Layer 2 Tunneling Protocol version 2 (RFC 2661, UDP 1701): flags, the optional length,
 * tunnel and session ids, the optional sequence numbers and offset. Info is Wireshark's
 * (`Control Message - SCCRQ (tunnel id=560, session id=2056)`); a data message carries a PPP
 * frame, a control message AVPs up to its length (else to the end of the datagram). As TShark
 * 4.0 does, each AVP's length, vendor and type are read before its value, so an AVP cut by the
 * capture ends the frame short; values other than the message type are not decoded.
 */
/** Control message types (RFC 2661 and later), as TShark names them. */
const MESSAGE_TYPES: Readonly<Record<number, string>> = {
  1: 'Start_Control_Request',
  2: 'Start_Control_Reply',
  3: 'Start_Control_Connected',
  4: 'Stop_Control_Notification',
  5: 'Reserved',
  6: 'Hello',
  7: 'Outgoing_Call_Request',
  8: 'Outgoing_Call_Reply',
  9: 'Outgoing_Call_Connected',
  10: 'Incoming_Call_Request',
  11: 'Incoming_Call_Reply',
  12: 'Incoming_Call_Connected',
  13: 'Reserved',
  14: 'Call_Disconnect_Notification',
  15: 'WAN_Error_Notify',
  16: 'Set_Link_Info',
};
/** The Info column's short names of the control message types. */
const MESSAGE_SHORT = [
  '',
  'SCCRQ',
  'SCCRP',
  'SCCCN',
  'StopCCN',
  'Reserved',
  'Hello',
  'OCRQ',
  'OCRP',
  'OCCN',
  'ICRQ',
  'ICRP',
  'ICCN',
  'Reserved',
  'CDN',
  'WEN',
  'SLI',
];
const AVP_HEADER = 6;

const P = fieldTable.register('l2tp', 'Layer 2 Tunneling Protocol', [
  {
    abbrev: 'l2tp.type',
    name: 'Type',
    type: 'uint',
    bits: 16,
    mask: 0x8000,
    maskBits: 16,
    strings: { 0: 'Data Message', 1: 'Control Message' },
  },
  { abbrev: 'l2tp.version', name: 'Version', type: 'uint', bits: 16, mask: 0x000f, maskBits: 16 },
  { abbrev: 'l2tp.length', name: 'Length', type: 'uint', bits: 16 },
  { abbrev: 'l2tp.tunnel', name: 'Tunnel ID', type: 'uint', bits: 16 },
  { abbrev: 'l2tp.session', name: 'Session ID', type: 'uint', bits: 16 },
  { abbrev: 'l2tp.Ns', name: 'Ns', type: 'uint', bits: 16 },
  { abbrev: 'l2tp.Nr', name: 'Nr', type: 'uint', bits: 16 },
  { abbrev: 'l2tp.avp.mandatory', name: 'Mandatory', type: 'bool', mask: 0x8000, maskBits: 16 },
  { abbrev: 'l2tp.avp.hidden', name: 'Hidden', type: 'bool', mask: 0x4000, maskBits: 16 },
  { abbrev: 'l2tp.avp.length', name: 'Length', type: 'uint', bits: 16, mask: 0x03ff, maskBits: 16 },
  { abbrev: 'l2tp.avp.vendor_id', name: 'Vendor ID', type: 'uint', bits: 16 },
  { abbrev: 'l2tp.avp.type', name: 'AVP Type', type: 'uint', bits: 16, strings: { 0: 'Control Message' } },
  { abbrev: 'l2tp.avp.message_type', name: 'Message Type', type: 'uint', bits: 16, strings: MESSAGE_TYPES },
]);
const f = P.f;

const L2TP_V2 = 2;

const l2tp: Dissector = {
  name: 'l2tp',
  dissect(tvb, pinfo, tree, parent) {
    const flags = tvb.u16(0);
    if ((flags & 0x000f) !== L2TP_V2) return false; // L2TPv3 over UDP is not decoded
    pinfo.protocol = 'L2TP';
    const node = beginProtocol(P, tvb, pinfo, tree, parent);
    const control = (flags & 0x8000) !== 0;
    tree.add(node, f.type, tvb, 0, 2, control ? 1 : 0);
    tree.add(node, f.version, tvb, 0, 2, flags & 0x0f);
    let off = 2;
    let end = tvb.reported;
    if (flags & 0x4000) {
      end = tvb.u16(off);
      tree.add(node, f.length, tvb, off, 2, end);
      off += 2;
    }
    const tunnel = tvb.u16(off);
    const session = tvb.u16(off + 2);
    tree.add(node, f.tunnel, tvb, off, 2, tunnel);
    tree.add(node, f.session, tvb, off + 2, 2, session);
    pinfo.setInfo(`${control ? 'Control' : 'Data'} Message (tunnel id=${tunnel}, session id=${session})`);
    off += 4;
    if (flags & 0x0800) {
      tree.add(node, f.Ns, tvb, off, 2, tvb.u16(off));
      tree.add(node, f.Nr, tvb, off + 2, 2, tvb.u16(off + 2));
      off += 4;
    }
    if (flags & 0x0200) off += 2 + tvb.u16(off);
    if (!control) {
      tree.setLength(node, Math.min(off, tvb.length));
      if (off < tvb.length) ppp.dissect(tvb.sub(off), pinfo, tree, parent);
      return;
    }
    // The first AVP, when it is the message type, names it in Info (TShark peeks at it first).
    if (tvb.has(off, 8) && tvb.u16(off + 2) === 0 && tvb.u16(off + 4) === 0) {
      const name = MESSAGE_SHORT[tvb.u16(off + 6)];
      if (name !== undefined) pinfo.setInfo(`Control Message - ${name} (tunnel id=${tunnel}, session id=${session})`);
    }
    tree.setLength(node, Math.min(end, tvb.length));
    avps(tvb, tree, node, off, end);
  },
};

/** A control message's AVPs from `off` to `end`: each header read whole before its value. */
function avps(tvb: Tvb, tree: ProtoTree, node: number, off: number, end: number): void {
  while (off < end) {
    const word = tvb.u16(off);
    const vendor = tvb.u16(off + 2);
    const type = tvb.u16(off + 4);
    const len = word & 0x03ff;
    const name = vendor === 0 && type === 0 ? 'Control Message' : `Unknown (${type})`;
    const avp = tree.add(node, textItem, tvb, off, Math.max(0, Math.min(len, tvb.length - off)), undefined, `${name} AVP`);
    tree.add(avp, f['avp.mandatory'], tvb, off, 2, (word & 0x8000) !== 0);
    tree.add(avp, f['avp.hidden'], tvb, off, 2, (word & 0x4000) !== 0);
    tree.add(avp, f['avp.length'], tvb, off, 2, len);
    if (len < AVP_HEADER) return; // TShark stops at a length that cannot hold the header
    tree.add(avp, f['avp.vendor_id'], tvb, off + 2, 2, vendor);
    tree.add(avp, f['avp.type'], tvb, off + 4, 2, type);
    if (vendor === 0 && type === 0 && len >= 8) tree.add(avp, f['avp.message_type'], tvb, off + 6, 2, tvb.u16(off + 6));
    off += len;
  }
}

dissectorTable('udp.port').add(1701, l2tp);
