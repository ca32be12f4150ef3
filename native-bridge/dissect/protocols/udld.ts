import type { Dissector } from '../core/dissector.js';
import { beginProtocol, callData } from '../core/dispatch.js';
import { fieldTable } from '../core/fields.js';
import { dissectorTable } from '../core/tables.js';

/**
 * Cisco's UniDirectional Link Detection (SNAP, Cisco OUI, PID 0x0111): version and opcode,
 * flags, checksum, then type-length-value records; Info names the device and the port.
 */
const P = fieldTable.register('udld', 'Unidirectional Link Detection', [
  { abbrev: 'udld.version', name: 'Version', type: 'uint', bits: 8 },
  { abbrev: 'udld.opcode', name: 'Opcode', type: 'uint', bits: 8, strings: { 0: 'Reserved', 1: 'Probe', 2: 'Echo', 3: 'Flush' } },
  { abbrev: 'udld.flags', name: 'Flags', type: 'uint', base: 'hex', bits: 8 },
  { abbrev: 'udld.checksum', name: 'Checksum', type: 'uint', base: 'hex', bits: 16 },
  {
    abbrev: 'udld.tlv.type',
    name: 'Type',
    type: 'uint',
    base: 'hex',
    bits: 16,
    strings: {
      1: 'Device ID',
      2: 'Port ID',
      3: 'Echo',
      4: 'Message Interval',
      5: 'Timeout Interval',
      6: 'Device Name',
      7: 'Sequence Number',
    },
  },
  { abbrev: 'udld.tlv.len', name: 'Length', type: 'uint', bits: 16 },
  { abbrev: 'udld.device_id', name: 'Device ID', type: 'string' },
  { abbrev: 'udld.sent_through_interface', name: 'Sent through Interface', type: 'string' },
]);
const f = P.f;

const udld: Dissector = {
  name: 'udld',
  dissect(tvb, pinfo, tree, parent) {
    pinfo.protocol = 'UDLD';
    pinfo.setInfo('');
    const node = beginProtocol(P, tvb, pinfo, tree, parent);
    const vo = tvb.u8(0);
    tree.add(node, f.version, tvb, 0, 1, vo >> 5);
    tree.add(node, f.opcode, tvb, 0, 1, vo & 0x1f);
    tree.add(node, f.flags, tvb, 1, 1, tvb.u8(1));
    tree.add(node, f.checksum, tvb, 2, 2, tvb.u16(2));
    let off = 4;
    while (tvb.has(off, 4)) {
      const type = tvb.u16(off);
      const len = tvb.u16(off + 2);
      tree.add(node, f['tlv.type'], tvb, off, 2, type);
      tree.add(node, f['tlv.len'], tvb, off + 2, 2, len);
      if (len < 4) break; // a record shorter than its own header ends the list
      const vlen = Math.min(len - 4, tvb.remaining(off + 4));
      if (type === 1 || type === 2) {
        const s = tvb.ascii(off + 4, vlen);
        tree.add(node, type === 1 ? f.device_id : f.sent_through_interface, tvb, off + 4, vlen, s);
        pinfo.appendInfo(`${type === 1 ? 'Device ID' : 'Port ID'}: ${s}  `, '');
      }
      off += len;
    }
    // Bytes too few for another record are data inside UDLD's tree, as in Wireshark.
    if (off < tvb.length) callData(tvb.sub(off), pinfo, tree, node);
  },
};

dissectorTable('llc.cisco_pid').add(0x0111, udld);
