import type { Dissector } from '../core/dissector.js';
import { beginProtocol } from '../core/dispatch.js';
import { fieldTable } from '../core/fields.js';
import { dissectorTable } from '../core/tables.js';

/**
 * Next Hop Resolution Protocol (RFC 2332) over GRE: the fixed header, and the request id of
 * the request and reply kinds. Info is Wireshark's (`NHRP Registration Request, ID=300`).
 */
const TYPES: Record<number, string> = {
  1: 'NHRP Resolution Request',
  2: 'NHRP Resolution Reply',
  3: 'NHRP Registration Request',
  4: 'NHRP Registration Reply',
  5: 'NHRP Purge Request',
  6: 'NHRP Purge Reply',
  7: 'NHRP Error Indication',
  8: 'NHRP Traffic Indication',
};
const CODES: Record<number, string> = {
  0: 'Success',
  4: 'Administratively Prohibited',
  5: 'Insufficient Resources',
  12: 'No Internetworking Layer Address to NBMA Address Binding Exists',
  13: 'Binding Exists But Is Not Unique',
  14: 'Unique Internetworking Layer Address Already Registered',
};
const P = fieldTable.register('nhrp', 'NBMA Next Hop Resolution Protocol', [
  { abbrev: 'nhrp.hdr.afn', name: 'Address Family Number', type: 'uint', base: 'hex', bits: 16 },
  { abbrev: 'nhrp.hdr.pro.type', name: 'Protocol Type (short form)', type: 'uint', base: 'hex', bits: 16 },
  { abbrev: 'nhrp.hdr.hopcnt', name: 'Hop Count', type: 'uint', bits: 8 },
  { abbrev: 'nhrp.hdr.pktsz', name: 'Packet Length', type: 'uint', bits: 16 },
  { abbrev: 'nhrp.hdr.chksum', name: 'Packet Checksum', type: 'uint', base: 'hex', bits: 16 },
  { abbrev: 'nhrp.hdr.extoff', name: 'Extension Offset', type: 'uint', bits: 16 },
  { abbrev: 'nhrp.hdr.version', name: 'Version', type: 'uint', bits: 8 },
  { abbrev: 'nhrp.hdr.op.type', name: 'NHRP Packet Type', type: 'uint', bits: 8, strings: TYPES },
  { abbrev: 'nhrp.reqid', name: 'Request ID', type: 'uint', bits: 32 },
  { abbrev: 'nhrp.cie.code', name: 'Code', type: 'uint', strings: CODES },
]);
const f = P.f;

const nhrp: Dissector = {
  name: 'nhrp',
  dissect(tvb, pinfo, tree, parent) {
    pinfo.protocol = 'NHRP';
    const node = beginProtocol(P, tvb, pinfo, tree, parent);
    tree.add(node, f['hdr.afn'], tvb, 0, 2, tvb.u16(0));
    tree.add(node, f['hdr.pro.type'], tvb, 2, 2, tvb.u16(2));
    tree.add(node, f['hdr.hopcnt'], tvb, 9, 1, tvb.u8(9));
    tree.add(node, f['hdr.pktsz'], tvb, 10, 2, tvb.u16(10));
    tree.add(node, f['hdr.chksum'], tvb, 12, 2, tvb.u16(12));
    tree.add(node, f['hdr.extoff'], tvb, 14, 2, tvb.u16(14));
    tree.add(node, f['hdr.version'], tvb, 16, 1, tvb.u8(16));
    const type = tvb.u8(17);
    tree.add(node, f['hdr.op.type'], tvb, 17, 1, type);
    const name = TYPES[type] ?? `NHRP Unknown (${type})`;
    if (type >= 1 && type <= 6) {
      const id = tvb.u32(24);
      tree.add(node, f.reqid, tvb, 24, 4, id);
      pinfo.setInfo(`${name}, ID=${id}`);
      if (type === 2 || type === 4) {
        // The first client information entry follows the mandatory addresses; its code is the answer.
        const cie = 28 + (tvb.u8(18) & 0x3f) + (tvb.u8(19) & 0x3f) + tvb.u8(20) + tvb.u8(21);
        const code = tvb.u8(cie);
        tree.add(node, f['cie.code'], tvb, cie, 1, code);
        pinfo.appendInfo(`, Code=${CODES[code] ?? `Unknown (${code})`}`, '');
      }
    } else pinfo.setInfo(name);
  },
};

dissectorTable('gre.proto').add(0x2001, nhrp);
dissectorTable('ip.proto').add(54, nhrp); // NHRP directly over IP
