import { beginProtocol, dispatchHeuristics } from '../core/dispatch.js';
import type { Dissector } from '../core/dissector.js';
import { fieldTable } from '../core/fields.js';
import { addItem } from '../core/items.js';
import { dissectorTable } from '../core/tables.js';
import type { ProtoTree } from '../core/tree.js';
import type { Tvb } from '../core/tvb.js';
import { encodedNameText, readEncodedName } from './netbios-names.js';

/**
 * NetBIOS Datagram Service (RFC 1002 section 4.4), UDP 138, as TShark 4.0's packet-nbns.c reads
 * it: type, flags, datagram id, source address and port; a datagram then has its length, offset
 * and the source and destination names (first-level encoded) before its payload, which goes to
 * the `netbios` heuristics (SMB) or `data`. Errors carry a code, queries a destination name.
 * Protocol `NBDS`; Info the message type (the layers above usually replace both).
 */
const TYPES: Readonly<Record<number, string>> = {
  0x10: 'Direct_unique datagram',
  0x11: 'Direct_group datagram',
  0x12: 'Broadcast datagram',
  0x13: 'Datagram error',
  0x14: 'Datagram query request',
  0x15: 'Datagram positive query response',
  0x16: 'Datagram negative query response',
};
const NODE_TYPES: Readonly<Record<number, string>> = { 0: 'B node', 1: 'P node', 2: 'M node', 3: 'NBDD' };
const ERRORS: Readonly<Record<number, string>> = {
  0x82: 'Destination name not present',
  0x83: 'Invalid source name format',
  0x84: 'Invalid destination name format',
};
const P = fieldTable.register('nbdgm', 'NetBIOS Datagram Service', [
  { abbrev: 'nbdgm.type', name: 'Message Type', type: 'uint', bits: 8, strings: TYPES },
  { abbrev: 'nbdgm.flags', name: 'Flags', type: 'uint', base: 'hex', bits: 8 },
  { abbrev: 'nbdgm.next', name: 'More fragments follow', type: 'bool', mask: 0x01, maskBits: 8 },
  { abbrev: 'nbdgm.first', name: 'This is first fragment', type: 'bool', mask: 0x02, maskBits: 8 },
  { abbrev: 'nbdgm.node_type', name: 'Node Type', type: 'uint', bits: 8, mask: 0x0c, maskBits: 8, strings: NODE_TYPES },
  { abbrev: 'nbdgm.dgram_id', name: 'Datagram ID', type: 'uint', base: 'hex', bits: 16 },
  { abbrev: 'nbdgm.src.ip', name: 'Source IP', type: 'ipv4' },
  { abbrev: 'nbdgm.src.port', name: 'Source Port', type: 'uint', bits: 16 },
  { abbrev: 'nbdgm.dgram_len', name: 'Datagram length', type: 'uint', bits: 16 },
  { abbrev: 'nbdgm.pkt_offset', name: 'Packet offset', type: 'uint', bits: 16 },
  { abbrev: 'nbdgm.error_code', name: 'Error code', type: 'uint', base: 'hex', bits: 8, strings: ERRORS },
  { abbrev: 'nbdgm.source_name', name: 'Source name', type: 'string' },
  { abbrev: 'nbdgm.destination_name', name: 'Destination name', type: 'string' },
]);
const f = P.f;

/** Adds a name field; returns where the name ends. */
function addName(tree: ProtoTree, node: number, field: typeof f.source_name, label: string, tvb: Tvb, off: number): number {
  const n = readEncodedName(tvb, off);
  tree.add(node, field, tvb, off, n.end - off, n.name, `${label}: ${encodedNameText(n)}`);
  return n.end;
}

function flagsText(flags: number): string {
  let s = `Flags: 0x${flags.toString(16).padStart(2, '0')}`;
  if (flags & 0x01) s += ', More fragments follow';
  if (flags & 0x02) s += ', This is first fragment';
  return `${s}, Node Type: ${NODE_TYPES[(flags >> 2) & 3]}`;
}

const nbdgm: Dissector = {
  name: 'nbdgm',
  dissect(tvb, pinfo, tree, parent) {
    pinfo.protocol = 'NBDS';
    pinfo.setInfo('');
    const node = beginProtocol(P, tvb, pinfo, tree, parent);
    const type = tvb.u8(0);
    addItem(tree, node, f.type, tvb, 0, 1);
    pinfo.setInfo(TYPES[type] ?? `Unknown message type (0x${type.toString(16).toUpperCase().padStart(2, '0')})`);
    const flags = tvb.u8(1);
    const flagsNode = tree.add(node, f.flags, tvb, 1, 1, flags, flagsText(flags));
    addItem(tree, flagsNode, f.next, tvb, 1, 1);
    addItem(tree, flagsNode, f.first, tvb, 1, 1);
    addItem(tree, flagsNode, f.node_type, tvb, 1, 1);
    addItem(tree, node, f.dgram_id, tvb, 2, 2);
    addItem(tree, node, f['src.ip'], tvb, 4, 4);
    addItem(tree, node, f['src.port'], tvb, 8, 2);
    let off = 10;
    if (type >= 0x10 && type <= 0x12) {
      const dlen = tvb.u16(off);
      tree.add(node, f.dgram_len, tvb, off, 2, dlen, `Datagram length: ${dlen} bytes`);
      const poff = tvb.u16(off + 2);
      tree.add(node, f.pkt_offset, tvb, off + 2, 2, poff, `Packet offset: ${poff} bytes`);
      off = addName(tree, node, f.source_name, 'Source name', tvb, off + 4);
      off = addName(tree, node, f.destination_name, 'Destination name', tvb, off);
      tree.setLength(node, off);
      dispatchHeuristics('netbios', tvb.sub(off), pinfo, tree, parent);
    } else if (type === 0x13) {
      addItem(tree, node, f.error_code, tvb, off, 1);
      tree.setLength(node, off + 1);
    } else if (type >= 0x14 && type <= 0x16) {
      off = addName(tree, node, f.destination_name, 'Destination name', tvb, off);
      tree.setLength(node, off);
    }
  },
};

dissectorTable('udp.port').add(138, nbdgm);
