import type { Dissector } from '../core/dissector.js';
import { beginProtocol } from '../core/dispatch.js';
import { fieldTable } from '../core/fields.js';
import { dissectorTable } from '../core/tables.js';

/**
 * Precision Time Protocol, version 2 (IEEE 1588-2008; EtherType 0x88f7, UDP 319 event and 320
 * general messages): the common header. Info is Wireshark's (`Sync Message`,
 * `Management (Current dataset) GET`); message bodies are not decoded.
 */
const MESSAGES: Record<number, string> = {
  0x0: 'Sync',
  0x1: 'Delay_Req',
  0x2: 'Peer_Delay_Req',
  0x3: 'Peer_Delay_Resp',
  0x8: 'Follow_Up',
  0x9: 'Delay_Resp',
  0xa: 'Peer_Delay_Resp_Follow_Up',
  0xb: 'Announce',
  0xc: 'Signaling',
  0xd: 'Management',
};
const ACTIONS = ['GET', 'SET', 'RESPONSE', 'COMMAND', 'ACKNOWLEDGE'];
const MANAGEMENT_IDS: Record<number, string> = {
  0x0000: 'Null management',
  0x0001: 'Clock description',
  0x0002: 'User description',
  0x0003: 'Save in non-volatile storage',
  0x0004: 'Reset non-volatile storage',
  0x0005: 'Initialize',
  0x0006: 'Fault log',
  0x0007: 'Fault log reset',
  0x2000: 'Default dataset',
  0x2001: 'Current dataset',
  0x2002: 'Parent dataset',
  0x2003: 'Time properties dataset',
  0x2004: 'Port dataset',
};
const P = fieldTable.register('ptp', 'Precision Time Protocol (IEEE1588)', [
  { abbrev: 'ptp.v2.majorsdoid', name: 'majorSdoId', type: 'uint', base: 'hex', bits: 8, mask: 0xf0, maskBits: 8 },
  { abbrev: 'ptp.v2.messagetype', name: 'messageType', type: 'uint', base: 'hex', bits: 8, mask: 0x0f, maskBits: 8, strings: MESSAGES },
  { abbrev: 'ptp.v2.versionptp', name: 'versionPTP', type: 'uint', bits: 8, mask: 0x0f, maskBits: 8 },
  { abbrev: 'ptp.v2.messagelength', name: 'messageLength', type: 'uint', bits: 16 },
  { abbrev: 'ptp.v2.domainnumber', name: 'domainNumber', type: 'uint', bits: 8 },
  { abbrev: 'ptp.v2.flags', name: 'flags', type: 'uint', base: 'hex', bits: 16 },
  { abbrev: 'ptp.v2.sequenceid', name: 'sequenceId', type: 'uint', bits: 16 },
  { abbrev: 'ptp.v2.mm.action', name: 'action', type: 'uint', base: 'hex', bits: 8, mask: 0x0f, maskBits: 8 },
  { abbrev: 'ptp.v2.mm.managementId', name: 'managementId', type: 'uint', bits: 16, strings: MANAGEMENT_IDS },
]);
const f = P.f;

const ptp: Dissector = {
  name: 'ptp',
  dissect(tvb, pinfo, tree, parent) {
    const b1 = tvb.u8(1);
    if ((b1 & 0x0f) !== 2) return false; // PTPv1 is not decoded
    pinfo.protocol = 'PTPv2';
    const node = beginProtocol(P, tvb, pinfo, tree, parent);
    const b0 = tvb.u8(0);
    const type = b0 & 0x0f;
    tree.add(node, f['v2.majorsdoid'], tvb, 0, 1, b0 >> 4);
    tree.add(node, f['v2.messagetype'], tvb, 0, 1, type);
    tree.add(node, f['v2.versionptp'], tvb, 1, 1, b1 & 0x0f);
    const name = MESSAGES[type] ?? 'Unknown message';
    pinfo.setInfo(`${name} Message`);
    tree.add(node, f['v2.messagelength'], tvb, 2, 2, tvb.u16(2));
    tree.add(node, f['v2.domainnumber'], tvb, 4, 1, tvb.u8(4));
    tree.add(node, f['v2.flags'], tvb, 6, 2, tvb.u16(6));
    tree.add(node, f['v2.sequenceid'], tvb, 30, 2, tvb.u16(30));
    if (type === 0xd) {
      const action = tvb.u8(46) & 0x0f;
      tree.add(node, f['v2.mm.action'], tvb, 46, 1, action);
      const id = tvb.u16(52);
      tree.add(node, f['v2.mm.managementId'], tvb, 52, 2, id);
      pinfo.setInfo(`Management (${MANAGEMENT_IDS[id] ?? 'Unknown'}) ${ACTIONS[action] ?? 'Unknown'}`);
    }
  },
};

dissectorTable('ethertype').add(0x88f7, ptp);
dissectorTable('udp.port').add(319, ptp);
dissectorTable('udp.port').add(320, ptp);
