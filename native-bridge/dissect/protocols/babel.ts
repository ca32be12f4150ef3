import type { Dissector } from '../core/dissector.js';
import { beginProtocol } from '../core/dispatch.js';
import { fieldTable } from '../core/fields.js';
import { dissectorTable } from '../core/tables.js';

/**
 * Babel routing protocol (RFC 8966, UDP 6696): the header and each TLV's type and length.
 * Info is Wireshark's: `Babel` and the name of every TLV (`Babel hello ihu`).
 */
const TLVS: Record<number, string> = {
  0: 'pad1',
  1: 'padn',
  2: 'ack-req',
  3: 'ack',
  4: 'hello',
  5: 'ihu',
  6: 'router-id',
  7: 'nh',
  8: 'update',
  9: 'request',
  10: 'mh-request',
  11: 'ts/pc (obsolete)',
  12: 'hmac',
  13: 'source-specific-update',
  14: 'source-specific-req',
  15: 'source-specific-mh-req',
  16: 'hmac',
  17: 'pc',
  18: 'challenge-request',
  19: 'challenge-reply',
};
const P = fieldTable.register('babel', 'Babel Routing Protocol', [
  { abbrev: 'babel.magic', name: 'Magic', type: 'uint', bits: 8 },
  { abbrev: 'babel.version', name: 'Version', type: 'uint', bits: 8 },
  { abbrev: 'babel.bodylen', name: 'Body Length', type: 'uint', bits: 16 },
  { abbrev: 'babel.message', name: 'Message', type: 'uint', bits: 8 },
  { abbrev: 'babel.message.type', name: 'Message Type', type: 'uint', bits: 8, strings: TLVS },
  { abbrev: 'babel.message.length', name: 'Message Length', type: 'uint', bits: 8 },
]);
const f = P.f;

const babel: Dissector = {
  name: 'babel',
  dissect(tvb, pinfo, tree, parent) {
    pinfo.protocol = 'Babel';
    pinfo.setInfo('Babel');
    const node = beginProtocol(P, tvb, pinfo, tree, parent);
    tree.add(node, f.magic, tvb, 0, 1, tvb.u8(0));
    const version = tvb.u8(1);
    tree.add(node, f.version, tvb, 1, 1, version);
    const bodylen = tvb.u16(2);
    tree.add(node, f.bodylen, tvb, 2, 2, bodylen);
    if (version !== 2) {
      pinfo.appendInfo(`Version ${version}`);
      return;
    }
    let off = 4;
    // The packet trailer after the body carries more TLVs (RFC 8966 4.2): read to the end.
    const end = tvb.length;
    while (off < end) {
      const type = tvb.u8(off);
      pinfo.appendInfo(TLVS[type] ?? 'unknown');
      if (type === 0) {
        const m = tree.add(node, f.message, tvb, off, 1, type, 'Message pad1 (0)');
        tree.add(m, f['message.type'], tvb, off, 1, type);
        off++;
        continue;
      }
      const len = tvb.u8(off + 1);
      const m = tree.add(node, f.message, tvb, off, 2 + len, type, `Message ${TLVS[type] ?? 'unknown'} (${type})`);
      tree.add(m, f['message.type'], tvb, off, 1, type);
      tree.add(m, f['message.length'], tvb, off + 1, 1, len);
      off += 2 + len;
    }
  },
};

dissectorTable('udp.port').add(6696, babel);
