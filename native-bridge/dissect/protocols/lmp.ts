import type { Dissector } from '../core/dissector.js';
import { beginProtocol } from '../core/dispatch.js';
import { fieldTable } from '../core/fields.js';
import { dissectorTable } from '../core/tables.js';

/**
 * Link Management Protocol (RFC 4204, UDP 701): the common header. Info is Wireshark's
 * message name (`Config Message. `); objects are not decoded.
 */
const MESSAGES: Record<number, string> = {
  1: 'Config',
  2: 'ConfigAck',
  3: 'ConfigNack',
  4: 'HELLO',
  5: 'BeginVerify',
  6: 'BeginVerifyAck',
  7: 'BeginVerifyNack',
  8: 'EndVerify',
  9: 'EndVerifyAck',
  10: 'Test',
  11: 'TestStatusSuccess',
  12: 'TestStatusFailure',
  13: 'TestStatusAck',
  14: 'LinkSummary',
  15: 'LinkSummaryAck',
  16: 'LinkSummaryNack',
  17: 'ChannelStatus',
  18: 'ChannelStatusAck',
  19: 'ChannelStatusRequest',
  20: 'ChannelStatusResponse',
};
const P = fieldTable.register('lmp', 'Link Management Protocol (LMP)', [
  { abbrev: 'lmp.version', name: 'LMP Version', type: 'uint', bits: 8 },
  { abbrev: 'lmp.hdr.flags', name: 'LMP Header - Flags', type: 'uint', base: 'hex', bits: 8 },
  { abbrev: 'lmp.msg', name: 'Message Type', type: 'uint', bits: 8, strings: MESSAGES },
  { abbrev: 'lmp.length', name: 'Length', type: 'uint', bits: 16 },
]);
const f = P.f;

const lmp: Dissector = {
  name: 'lmp',
  dissect(tvb, pinfo, tree, parent) {
    pinfo.protocol = 'LMP';
    const node = beginProtocol(P, tvb, pinfo, tree, parent);
    tree.add(node, f.version, tvb, 0, 1, tvb.u8(0) >> 4);
    tree.add(node, f['hdr.flags'], tvb, 2, 1, tvb.u8(2));
    const msg = tvb.u8(3);
    tree.add(node, f.msg, tvb, 3, 1, msg);
    const name = MESSAGES[msg];
    pinfo.setInfo(name === undefined ? `Unknown (${msg}). ` : `${name} Message. `);
    tree.add(node, f.length, tvb, 4, 2, tvb.u16(4));
  },
};

dissectorTable('udp.port').add(701, lmp);
