import type { Dissector } from '../core/dissector.js';
import { beginProtocol } from '../core/dispatch.js';
import { fieldTable } from '../core/fields.js';
import { dissectorTable } from '../core/tables.js';

/**
 * ATA over Ethernet (EtherType 0x88a2), version 1: the header and, for ATA commands, the
 * command. Info is Wireshark's (`Issue ATA Command Request ATA:Read ext`); a response names
 * the ATA command only where its request's tag was seen, which this decoder does not track.
 */
const COMMANDS: Record<number, string> = { 0: 'Issue ATA Command', 1: 'Query Config Information' };
const ATA_COMMANDS: Record<number, string> = {
  0x20: 'Read',
  0x24: 'Read ext',
  0x30: 'Write',
  0x34: 'Write ext',
  0xe7: 'Flush',
  0xea: 'Flush ext',
  0xec: 'Identify Device',
};
const P = fieldTable.register('aoe', 'ATAoverEthernet', [
  { abbrev: 'aoe.version', name: 'Version', type: 'uint', bits: 8, mask: 0xf0, maskBits: 8 },
  { abbrev: 'aoe.response', name: 'Response flag', type: 'bool', mask: 0x08, maskBits: 8 },
  { abbrev: 'aoe.flags_error', name: 'Error flag', type: 'bool', mask: 0x04, maskBits: 8 },
  { abbrev: 'aoe.error', name: 'Error', type: 'uint', bits: 8 },
  { abbrev: 'aoe.major', name: 'Major', type: 'uint', base: 'hex', bits: 16 },
  { abbrev: 'aoe.minor', name: 'Minor', type: 'uint', base: 'hex', bits: 8 },
  { abbrev: 'aoe.cmd', name: 'Command', type: 'uint', bits: 8, strings: COMMANDS },
  { abbrev: 'aoe.tag', name: 'Tag', type: 'uint', base: 'hex', bits: 32 },
  { abbrev: 'aoe.ata.cmd', name: 'ATA Cmd', type: 'uint', base: 'hex', bits: 8, strings: ATA_COMMANDS },
]);
const f = P.f;

const aoe: Dissector = {
  name: 'aoe',
  dissect(tvb, pinfo, tree, parent) {
    pinfo.protocol = 'AoE';
    pinfo.setInfo('');
    const node = beginProtocol(P, tvb, pinfo, tree, parent);
    const b0 = tvb.u8(0);
    tree.add(node, f.version, tvb, 0, 1, b0 >> 4);
    if (b0 >> 4 !== 1) return;
    const response = (b0 & 0x08) !== 0;
    tree.add(node, f.response, tvb, 0, 1, response);
    tree.add(node, f.flags_error, tvb, 0, 1, (b0 & 0x04) !== 0);
    tree.add(node, f.error, tvb, 1, 1, tvb.u8(1));
    tree.add(node, f.major, tvb, 2, 2, tvb.u16(2));
    tree.add(node, f.minor, tvb, 4, 1, tvb.u8(4));
    const cmd = tvb.u8(5);
    tree.add(node, f.cmd, tvb, 5, 1, cmd);
    pinfo.setInfo(`${COMMANDS[cmd] ?? `Unknown command<${cmd}>`} ${response ? 'Response' : 'Request'}`);
    tree.add(node, f.tag, tvb, 6, 4, tvb.u32(6));
    if (cmd === 0 && !response) {
      const ata = tvb.u8(13);
      tree.add(node, f['ata.cmd'], tvb, 13, 1, ata);
      pinfo.appendInfo(`ATA:${ATA_COMMANDS[ata] ?? `Unknown (0x${ata.toString(16).padStart(2, '0')})`}`);
    }
  },
};

dissectorTable('ethertype').add(0x88a2, aoe);
