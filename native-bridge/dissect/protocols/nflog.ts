import type { Dissector } from '../core/dissector.js';
import { beginProtocol, dispatchPayload } from '../core/dispatch.js';
import { fieldTable } from '../core/fields.js';
import { dissectorTable } from '../core/tables.js';

/**
 * Linux netfilter NFLOG (LINKTYPE_NFLOG 239): the address family, then TLVs (little-endian
 * length and type, padded to 4 bytes); the payload TLV (type 9) holds the packet, which goes
 * to `ethertype` by family (2 IPv4, 10 IPv6).
 */
const P = fieldTable.register('nflog', 'Linux Netfilter NFLOG', [
  { abbrev: 'nflog.family', name: 'Family', type: 'uint', bits: 8 },
  { abbrev: 'nflog.version', name: 'Version', type: 'uint', bits: 8 },
  { abbrev: 'nflog.res_id', name: 'Resource id', type: 'uint', bits: 16 },
  { abbrev: 'nflog.tlv_length', name: 'Length', type: 'uint', bits: 16 },
  { abbrev: 'nflog.tlv_type', name: 'Type', type: 'uint', bits: 16 },
]);
const f = P.f;
// packet-nflog.c adds its header only when the tree is referenced: `-q -z io,phs` has no nflog.
fieldTable.addedOnlyWhenReferenced(P);

const FAMILY_ETHERTYPE: Readonly<Record<number, number>> = { 2: 0x0800, 10: 0x86dd };
const NFULA_PAYLOAD = 9;
/** TLVs a record may hold before the rest is left undecoded. */
const MAX_TLVS = 64;

const nflog: Dissector = {
  name: 'nflog',
  dissect(tvb, pinfo, tree, parent) {
    pinfo.protocol = 'NFLOG';
    const node = beginProtocol(P, tvb, pinfo, tree, parent);
    const family = tvb.u8(0);
    tree.add(node, f.family, tvb, 0, 1, family);
    tree.add(node, f.version, tvb, 1, 1, tvb.u8(1));
    tree.add(node, f.res_id, tvb, 2, 2, tvb.u16(2));
    let off = 4;
    for (let n = 0; n < MAX_TLVS && tvb.has(off, 4); n++) {
      const len = tvb.u16(off, true);
      const type = tvb.u16(off + 2, true) & 0x7fff;
      tree.add(node, f.tlv_length, tvb, off, 2, len);
      tree.add(node, f.tlv_type, tvb, off + 2, 2, type);
      if (len < 4) break;
      if (type === NFULA_PAYLOAD) {
        tree.setLength(node, off + 4);
        const payload = tvb.sub(off + 4, Math.min(len - 4, tvb.length - off - 4));
        dispatchPayload({ table: 'ethertype', keys: [FAMILY_ETHERTYPE[family] ?? -1] }, payload, pinfo, tree, parent);
        return;
      }
      off += (len + 3) & ~3;
    }
  },
};

dissectorTable('link_type').add(239, nflog); // LINKTYPE_NFLOG
