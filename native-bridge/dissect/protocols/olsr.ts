import type { Dissector } from '../core/dissector.js';
import { beginProtocol } from '../core/dispatch.js';
import { fieldTable } from '../core/fields.js';
import { dissectorTable } from '../core/tables.js';

/**
 * Optimized Link State Routing, version 1 (RFC 3626, UDP 698): the packet header, then its
 * messages up to the packet length, each taken whole by its size as TShark's message subtree
 * takes it (a capture cut inside one ends short there; their contents are not decoded). Info
 * is Wireshark's (`OLSR (IPv4) Packet,  Length: 72 Bytes`).
 */
const P = fieldTable.register('olsr', 'Optimized Link State Routing Protocol', [
  { abbrev: 'olsr.packet_len', name: 'Packet Length', type: 'uint', bits: 16 },
  { abbrev: 'olsr.packet_seq_num', name: 'Packet Sequence Number', type: 'uint', bits: 16 },
  { abbrev: 'olsr.message_type', name: 'Message Type', type: 'uint', bits: 8 },
  { abbrev: 'olsr.message_size', name: 'Message', type: 'uint', bits: 16 },
]);
const f = P.f;

const olsr: Dissector = {
  name: 'olsr',
  dissect(tvb, pinfo, tree, parent) {
    if (tvb.length < 4) return false;
    const len = tvb.u16(0);
    // A packet longer than the datagram as sent is not OLSR (Wireshark's check); Wireshark
    // leaves its note in Info before it declines.
    if (len > tvb.reported) {
      pinfo.setInfo(`OLSR Packet,  Length: ${len} Bytes (not enough data in packet)`);
      return false;
    }
    pinfo.protocol = 'OLSR v1';
    const node = beginProtocol(P, tvb, pinfo, tree, parent);
    tree.add(node, f.packet_len, tvb, 0, 2, len);
    pinfo.setInfo(`OLSR (${pinfo.netType === 'ipv6' ? 'IPv6' : 'IPv4'}) Packet,  Length: ${len} Bytes`);
    tree.add(node, f.packet_seq_num, tvb, 2, 2, tvb.u16(2));
    // A message header is type, validity time, size, originator, TTL, hop count and sequence
    // number; a size shorter than that ends the walk, so each step moves forward.
    const header = 8 + (pinfo.netType === 'ipv6' ? 16 : 4);
    for (let off = 4; off < len; ) {
      const type = tvb.u8(off);
      const size = tvb.u16(off + 2);
      tvb.check(off, size);
      tree.add(node, f.message_type, tvb, off, 1, type);
      tree.add(node, f.message_size, tvb, off + 2, 2, size);
      if (size < header) break;
      off += size;
    }
  },
};

dissectorTable('udp.port').add(698, olsr);
