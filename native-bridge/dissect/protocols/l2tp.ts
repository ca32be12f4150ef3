import type { Dissector } from '../core/dissector.js';
import { beginProtocol } from '../core/dispatch.js';
import { fieldTable } from '../core/fields.js';
import { dissectorTable } from '../core/tables.js';
import { ppp } from './ppp.js';

/**
 * Layer 2 Tunneling Protocol version 2 (RFC 2661, UDP 1701): flags, the optional length,
 * tunnel and session ids, the optional sequence numbers and offset. Info is Wireshark's
 * (`Control Message (tunnel id=560, session id=2056)`); a data message carries a PPP frame.
 * Control AVPs are not decoded.
 */
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
    if (flags & 0x4000) {
      tree.add(node, f.length, tvb, off, 2, tvb.u16(off));
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
    tree.setLength(node, Math.min(off, tvb.length));
    if (!control && off < tvb.length) ppp.dissect(tvb.sub(off), pinfo, tree, parent);
  },
};

dissectorTable('udp.port').add(1701, l2tp);
