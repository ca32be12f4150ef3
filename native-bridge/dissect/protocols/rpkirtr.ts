import type { Dissector } from '../core/dissector.js';
import { beginProtocol } from '../core/dispatch.js';
import { fieldTable } from '../core/fields.js';
import { dissectorTable } from '../core/tables.js';

/**
 * RPKI to Router protocol (RFC 8210, TCP 323): each PDU's version, type and length. Info lists
 * the PDU types (`Serial Notify, End of Data`); PDU bodies are not decoded.
 */
const TYPES: Record<number, string> = {
  0: 'Serial Notify',
  1: 'Serial Query',
  2: 'Reset Query',
  3: 'Cache Response',
  4: 'IPv4 Prefix',
  6: 'IPv6 Prefix',
  7: 'End of Data',
  8: 'Cache Reset',
  9: 'Router Key',
  10: 'Error Report',
  11: 'ASPA',
};
const P = fieldTable.register('rpkirtr', 'RPKI-Router Protocol', []);
// TShark names the fields `rpki-rtr.*`, apart from the protocol's own name.
const f = fieldTable.register('rpki-rtr', 'RPKI-Router Protocol PDU', [
  { abbrev: 'rpki-rtr.version', name: 'Version', type: 'uint', bits: 8 },
  { abbrev: 'rpki-rtr.pdu_type', name: 'PDU Type', type: 'uint', bits: 8, strings: TYPES },
  { abbrev: 'rpki-rtr.length', name: 'Length', type: 'uint', bits: 32 },
]).f;

/** PDUs a segment may hold before the rest is left undecoded. */
const MAX_PDUS = 1024;

const rpkirtr: Dissector = {
  name: 'rpkirtr',
  dissect(tvb, pinfo, tree, parent) {
    pinfo.protocol = 'RPKI-RTR';
    pinfo.setInfo('');
    const node = beginProtocol(P, tvb, pinfo, tree, parent);
    let off = 0;
    for (let n = 0; n < MAX_PDUS && tvb.has(off, 8); n++) {
      const type = tvb.u8(off + 1);
      const len = tvb.u32(off + 4);
      tree.add(node, f.version, tvb, off, 1, tvb.u8(off));
      tree.add(node, f.pdu_type, tvb, off + 1, 1, type);
      tree.add(node, f.length, tvb, off + 4, 4, len);
      pinfo.appendInfo(TYPES[type] ?? `Unknown (${type})`, ', ');
      if (len < 8) break;
      off += len;
    }
  },
};

dissectorTable('tcp.port').add(323, rpkirtr);
