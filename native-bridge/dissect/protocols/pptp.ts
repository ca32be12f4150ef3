import type { Dissector } from '../core/dissector.js';
import { beginProtocol } from '../core/dispatch.js';
import { fieldTable } from '../core/fields.js';
import { dissectorTable } from '../core/tables.js';

/**
 * Point-to-Point Tunneling Protocol control connection (RFC 2637, TCP 1723): length, message
 * type, magic cookie and the control message type, which names Info
 * (`Start-Control-Connection-Request`); the message bodies are not decoded.
 */
const CONTROL: Record<number, string> = {
  1: 'Start-Control-Connection-Request',
  2: 'Start-Control-Connection-Reply',
  3: 'Stop-Control-Connection-Request',
  4: 'Stop-Control-Connection-Reply',
  5: 'Echo-Request',
  6: 'Echo-Reply',
  7: 'Outgoing-Call-Request',
  8: 'Outgoing-Call-Reply',
  9: 'Incoming-Call-Request',
  10: 'Incoming-Call-Reply',
  11: 'Incoming-Call-Connected',
  12: 'Call-Clear-Request',
  13: 'Call-Disconnect-Notify',
  14: 'WAN-Error-Notify',
  15: 'Set-Link-Info',
};
const P = fieldTable.register('pptp', 'Point-to-Point Tunnelling Protocol', [
  { abbrev: 'pptp.length', name: 'Length', type: 'uint', bits: 16 },
  { abbrev: 'pptp.type', name: 'Message type', type: 'uint', bits: 16, strings: { 1: 'Control Message', 2: 'Management Message' } },
  { abbrev: 'pptp.magic_cookie', name: 'Magic Cookie', type: 'uint', base: 'hex', bits: 32 },
  { abbrev: 'pptp.control_message_type', name: 'Control Message Type', type: 'uint', bits: 16, strings: CONTROL },
]);
const f = P.f;

const pptp: Dissector = {
  name: 'pptp',
  dissect(tvb, pinfo, tree, parent) {
    pinfo.protocol = 'PPTP';
    const node = beginProtocol(P, tvb, pinfo, tree, parent);
    tree.add(node, f.length, tvb, 0, 2, tvb.u16(0));
    tree.add(node, f.type, tvb, 2, 2, tvb.u16(2));
    tree.add(node, f.magic_cookie, tvb, 4, 4, tvb.u32(4));
    const control = tvb.u16(8);
    tree.add(node, f.control_message_type, tvb, 8, 2, control);
    pinfo.setInfo(CONTROL[control] ?? `Unknown control type (${control})`);
  },
};

dissectorTable('tcp.port').add(1723, pptp);
