import type { Dissector } from '../core/dissector.js';
import { beginProtocol } from '../core/dispatch.js';
import { fieldTable } from '../core/fields.js';
import { dissectorTable } from '../core/tables.js';

/**
 * Cisco Discovery Protocol (SNAP, Cisco OUI, PID 0x2000): a version, a TTL, a checksum and
 * type-length-value records. Info names the device and the port, as Wireshark does
 * (`Device ID: Switch  Port ID: GigabitEthernet0/5  `).
 */
const P = fieldTable.register('cdp', 'Cisco Discovery Protocol', [
  { abbrev: 'cdp.version', name: 'Version', type: 'uint', bits: 8 },
  { abbrev: 'cdp.ttl', name: 'TTL', type: 'uint', bits: 8 },
  { abbrev: 'cdp.checksum', name: 'Checksum', type: 'uint', base: 'hex', bits: 16 },
  {
    abbrev: 'cdp.tlv.type',
    name: 'Type',
    type: 'uint',
    base: 'hex',
    bits: 16,
    strings: {
      1: 'Device ID',
      2: 'Addresses',
      3: 'Port ID',
      4: 'Capabilities',
      5: 'Software version',
      6: 'Platform',
      10: 'Native VLAN',
      11: 'Duplex',
    },
  },
  { abbrev: 'cdp.tlv.len', name: 'Length', type: 'uint', bits: 16 },
  { abbrev: 'cdp.deviceid', name: 'Device ID', type: 'string' },
  { abbrev: 'cdp.portid', name: 'Sent through Interface', type: 'string' },
  { abbrev: 'cdp.software_version', name: 'Software Version', type: 'string' },
  { abbrev: 'cdp.platform', name: 'Platform', type: 'string' },
  { abbrev: 'cdp.native_vlan', name: 'Native VLAN', type: 'uint', bits: 16 },
]);
const f = P.f;

const cdp: Dissector = {
  name: 'cdp',
  dissect(tvb, pinfo, tree, parent) {
    pinfo.protocol = 'CDP';
    pinfo.setInfo('');
    const node = beginProtocol(P, tvb, pinfo, tree, parent);
    tree.add(node, f.version, tvb, 0, 1, tvb.u8(0));
    tree.add(node, f.ttl, tvb, 1, 1, tvb.u8(1));
    tree.add(node, f.checksum, tvb, 2, 2, tvb.u16(2));
    let off = 4;
    while (tvb.has(off, 4)) {
      const type = tvb.u16(off);
      const len = tvb.u16(off + 2);
      tree.add(node, f['tlv.type'], tvb, off, 2, type);
      tree.add(node, f['tlv.len'], tvb, off + 2, 2, len);
      if (len < 4) break; // a record shorter than its own header ends the list (it would loop)
      const vlen = Math.min(len - 4, tvb.remaining(off + 4));
      if (type === 1 || type === 3) {
        const s = tvb.ascii(off + 4, vlen);
        tree.add(node, type === 1 ? f.deviceid : f.portid, tvb, off + 4, vlen, s);
        pinfo.appendInfo(`${type === 1 ? 'Device ID' : 'Port ID'}: ${s}  `, '');
      } else if (type === 5) tree.add(node, f.software_version, tvb, off + 4, vlen, tvb.ascii(off + 4, vlen));
      else if (type === 6) tree.add(node, f.platform, tvb, off + 4, vlen, tvb.ascii(off + 4, vlen));
      else if (type === 10 && vlen >= 2) tree.add(node, f.native_vlan, tvb, off + 4, 2, tvb.u16(off + 4));
      off += len;
    }
  },
};

dissectorTable('llc.cisco_pid').add(0x2000, cdp);
dissectorTable('gre.proto').add(0x2000, cdp); // CDP over GRE tunnels
dissectorTable('chdlc.protocol').add(0x2000, cdp); // CDP over Cisco HDLC serial links
