import type { Dissector } from '../core/dissector.js';
import { beginProtocol } from '../core/dispatch.js';
import { fieldTable } from '../core/fields.js';
import { dissectorTable } from '../core/tables.js';

/** MPLS LSP ping (RFC 8029), UDP 3503: the fixed header; Info names the message type. */
const TYPES: Record<number, string> = { 1: 'MPLS Echo Request', 2: 'MPLS Echo Reply' };
const P = fieldTable.register('mpls-echo', 'Multiprotocol Label Switching Echo', [
  { abbrev: 'mpls-echo.version', name: 'Version', type: 'uint' },
  { abbrev: 'mpls-echo.flags', name: 'Global Flags', type: 'uint', base: 'hex', bits: 16 },
  { abbrev: 'mpls-echo.msg_type', name: 'Message Type', type: 'uint', strings: TYPES },
  { abbrev: 'mpls-echo.reply_mode', name: 'Reply Mode', type: 'uint' },
  { abbrev: 'mpls-echo.return_code', name: 'Return Code', type: 'uint' },
  { abbrev: 'mpls-echo.return_subcode', name: 'Return Subcode', type: 'uint' },
  { abbrev: 'mpls-echo.sender_handle', name: "Sender's Handle", type: 'uint', base: 'hex', bits: 32 },
  { abbrev: 'mpls-echo.sequence', name: 'Sequence Number', type: 'uint' },
]);
const f = P.f;

const mplsEcho: Dissector = {
  name: 'mpls-echo',
  dissect(tvb, pinfo, tree, parent) {
    // As Wireshark: a version other than 1 is not an LSP ping.
    if (!tvb.has(0, 5) || tvb.u16(0) !== 1) return false;
    pinfo.protocol = 'MPLS ECHO';
    const node = beginProtocol(P, tvb, pinfo, tree, parent);
    tree.add(node, f.version, tvb, 0, 2, tvb.u16(0));
    tree.add(node, f.flags, tvb, 2, 2, tvb.u16(2));
    const type = tvb.u8(4);
    tree.add(node, f.msg_type, tvb, 4, 1, type);
    pinfo.setInfo(TYPES[type] ?? `Unknown Message Type (0x${type.toString(16).padStart(2, '0').toUpperCase()})`);
    tree.add(node, f.reply_mode, tvb, 5, 1, tvb.u8(5));
    tree.add(node, f.return_code, tvb, 6, 1, tvb.u8(6));
    tree.add(node, f.return_subcode, tvb, 7, 1, tvb.u8(7));
    tree.add(node, f.sender_handle, tvb, 8, 4, tvb.u32(8));
    tree.add(node, f.sequence, tvb, 12, 4, tvb.u32(12));
  },
};

dissectorTable('udp.port').add(3503, mplsEcho);
