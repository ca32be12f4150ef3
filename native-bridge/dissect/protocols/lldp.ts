import type { Dissector } from '../core/dissector.js';
import { beginProtocol } from '../core/dispatch.js';
import { fieldTable } from '../core/fields.js';
import { etherString, formatText, ipv4String } from '../core/format.js';
import { dissectorTable } from '../core/tables.js';
import type { Tvb } from '../core/tvb.js';

/**
 * Link Layer Discovery Protocol (IEEE 802.1AB, EtherType 0x88cc): TLVs with a 7-bit type and a
 * 9-bit length. Info is Wireshark's: chassis id, port id and TTL, each after its subtype's
 * abbreviation (`MA/00:19:2f:a7:b2:8d IA/Uplink to S1 120 `), then the system name and
 * description (`SysN=… SysD=…`).
 */
const P = fieldTable.register('lldp', 'Link Layer Discovery Protocol', [
  {
    abbrev: 'lldp.tlv.type',
    name: 'TLV Type',
    type: 'uint',
    bits: 16,
    strings: {
      0: 'End of LLDPDU',
      1: 'Chassis Id',
      2: 'Port Id',
      3: 'Time to Live',
      4: 'Port Description',
      5: 'System Name',
      6: 'System Description',
      7: 'System Capabilities',
      8: 'Management Address',
      127: 'Organization Specific',
    },
  },
  { abbrev: 'lldp.tlv.len', name: 'TLV Length', type: 'uint', bits: 16 },
  { abbrev: 'lldp.chassis.subtype', name: 'Chassis Id Subtype', type: 'uint', bits: 8 },
  { abbrev: 'lldp.chassis.id', name: 'Chassis Id', type: 'string' },
  { abbrev: 'lldp.port.subtype', name: 'Port Id Subtype', type: 'uint', bits: 8 },
  { abbrev: 'lldp.port.id', name: 'Port Id', type: 'string' },
  { abbrev: 'lldp.time_to_live', name: 'Seconds', type: 'uint', bits: 16 },
  { abbrev: 'lldp.port.desc', name: 'Port Description', type: 'string' },
  { abbrev: 'lldp.tlv.system.name', name: 'System Name', type: 'string' },
  { abbrev: 'lldp.tlv.system.desc', name: 'System Description', type: 'string' },
]);
const f = P.f;

const CHASSIS_ABBR = ['', 'CO', 'IA', 'PC', 'MA', 'NA', 'IN', 'LA'];
const PORT_ABBR = ['', 'IA', 'PC', 'MA', 'NA', 'IN', 'AC', 'LA'];

/** An id by its subtype: a MAC address, a network address (IANA family 1 = IPv4), else text. */
function idText(tvb: Tvb, off: number, len: number, mac: boolean, net: boolean): string {
  if (mac && len === 6) return etherString(tvb.view(off, 6));
  if (net && len === 5 && tvb.u8(off) === 1) return ipv4String(tvb.u32(off + 1));
  return formatText(tvb.view(off, len));
}

const lldp: Dissector = {
  name: 'lldp',
  dissect(tvb, pinfo, tree, parent) {
    pinfo.protocol = 'LLDP';
    pinfo.setInfo('');
    const node = beginProtocol(P, tvb, pinfo, tree, parent);
    let off = 0;
    while (tvb.has(off, 2)) {
      const tl = tvb.u16(off);
      const type = tl >> 9;
      const len = tl & 0x1ff;
      tree.add(node, f['tlv.type'], tvb, off, 2, type);
      tree.add(node, f['tlv.len'], tvb, off, 2, len);
      const v = off + 2;
      tvb.check(v, len);
      if (type === 0) {
        off = v + len;
        break;
      }
      if ((type === 1 || type === 2) && len >= 1) {
        const sub = tvb.u8(v);
        const chassis = type === 1;
        const id = idText(tvb, v + 1, len - 1, sub === (chassis ? 4 : 3), sub === (chassis ? 5 : 4));
        tree.add(node, chassis ? f['chassis.subtype'] : f['port.subtype'], tvb, v, 1, sub);
        tree.add(node, chassis ? f['chassis.id'] : f['port.id'], tvb, v + 1, len - 1, id);
        const abbr = (chassis ? CHASSIS_ABBR : PORT_ABBR)[sub] ?? 'Unknown';
        pinfo.appendInfo(`${abbr}/${id} `, '');
      } else if (type === 3 && len >= 2) {
        const ttl = tvb.u16(v);
        tree.add(node, f.time_to_live, tvb, v, 2, ttl);
        pinfo.appendInfo(`${ttl} `, '');
      } else if (type === 4) tree.add(node, f['port.desc'], tvb, v, len, tvb.ascii(v, len));
      else if (type === 5 || type === 6) {
        const s = formatText(tvb.view(v, len));
        tree.add(node, type === 5 ? f['tlv.system.name'] : f['tlv.system.desc'], tvb, v, len, s);
        pinfo.appendInfo(`${type === 5 ? 'SysN' : 'SysD'}=${s} `, '');
      }
      off = v + len;
    }
    tree.setLength(node, Math.min(off, tvb.length));
  },
};

dissectorTable('ethertype').add(0x88cc, lldp);
