import type { Dissector } from '../core/dissector.js';
import { beginProtocol } from '../core/dispatch.js';
import { fieldTable } from '../core/fields.js';
import { dissectorTable } from '../core/tables.js';

/**
 * Optimized Link State Routing, version 1 (RFC 3626, UDP 698): the packet header. Info is
 * Wireshark's (`OLSR (IPv4) Packet,  Length: 72 Bytes`); messages are not decoded.
 */
const P = fieldTable.register('olsr', 'Optimized Link State Routing Protocol', [
  { abbrev: 'olsr.packet_len', name: 'Packet Length', type: 'uint', bits: 16 },
  { abbrev: 'olsr.packet_seq_num', name: 'Packet Sequence Number', type: 'uint', bits: 16 },
]);
const f = P.f;

const olsr: Dissector = {
  name: 'olsr',
  dissect(tvb, pinfo, tree, parent) {
    if (tvb.length < 4) return false;
    const len = tvb.u16(0);
    // A packet longer than the datagram as sent is not OLSR (Wireshark's check); Wireshark
    // leaves its note in Info before it declines.
    const reported = tvb.length + pinfo.frame.wireLen - pinfo.frame.capLen;
    if (len > reported) {
      pinfo.setInfo(`OLSR Packet,  Length: ${len} Bytes (not enough data in packet)`);
      return false;
    }
    pinfo.protocol = 'OLSR v1';
    const node = beginProtocol(P, tvb, pinfo, tree, parent);
    tree.add(node, f.packet_len, tvb, 0, 2, len);
    pinfo.setInfo(`OLSR (${pinfo.netType === 'ipv6' ? 'IPv6' : 'IPv4'}) Packet,  Length: ${len} Bytes`);
    tree.add(node, f.packet_seq_num, tvb, 2, 2, tvb.u16(2));
  },
};

dissectorTable('udp.port').add(698, olsr);
