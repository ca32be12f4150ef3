import { beginProtocol, callData } from '../core/dispatch.js';
import { expertTable } from '../core/expert-info.js';
import { addMalformedExpert } from '../core/expert.js';
import { fieldTable, textItem } from '../core/fields.js';
import type { PacketInfo } from '../core/packet-info.js';
import { dissectorTable } from '../core/tables.js';
import type { ProtoTree } from '../core/tree.js';
import type { Tvb } from '../core/tvb.js';

/**
 * Apple's PKTAP header (the link type LINKTYPE_USER2 carries on macOS): little-endian header
 * length, record type and the packet's own link type; a packet record (type 1) goes on through
 * `link_type` under a `pcap_pktdata` step, as TShark shows it. Info: `PKTAP, 108 byte header`.
 */
const P = fieldTable.register('pktap', 'PKTAP packet header', [
  { abbrev: 'pktap.hdrlen', name: 'Header length', type: 'uint', bits: 32 },
  { abbrev: 'pktap.rectype', name: 'Record type', type: 'uint', bits: 32, strings: { 0: 'None', 1: 'Packet' } },
  { abbrev: 'pktap.dlt', name: 'DLT', type: 'uint', bits: 32 },
  { abbrev: 'pktap.ifname', name: 'Interface name', type: 'string' },
]);
const D = fieldTable.register('pcap_pktdata', 'pcap/pcapng packet data', []);
const f = P.f;
const EI = expertTable('pktap', 'PKTAP', [
  { name: 'pktap.hdrlen_too_short', severity: 'error', group: 'malformed', summary: 'Header length is too short' },
]);

/** The header as defined by Darwin's net/pktap.h, the least a PKTAP header can be. */
const MIN_HEADER = 108;
const RECORD_PACKET = 1;

/** Decodes a PKTAP record: the header, then the packet it carries by its own link type. */
export function dissectPktap(tvb: Tvb, pinfo: PacketInfo, tree: ProtoTree, parent: number): void {
  pinfo.protocol = 'PKTAP';
  const node = beginProtocol(P, tvb, pinfo, tree, parent);
  const hdrlen = tvb.u32(0, true);
  tree.add(node, f.hdrlen, tvb, 0, 4, hdrlen);
  pinfo.setInfo(`PKTAP, ${hdrlen} byte header`);
  tree.setLength(node, Math.min(hdrlen, tvb.length));
  if (hdrlen < MIN_HEADER) {
    // TShark hangs this expert item on the top of the tree: a text item the hierarchy counts.
    const text = tree.add(parent, textItem, tvb, 0, 4, undefined, EI.hdrlen_too_short.summary);
    addMalformedExpert(tree, text, tvb, EI.hdrlen_too_short);
    return;
  }
  const rectype = tvb.u32(4, true);
  tree.add(node, f.rectype, tvb, 4, 4, rectype);
  const dlt = tvb.u32(8, true);
  tree.add(node, f.dlt, tvb, 8, 4, dlt);
  const ifname = tvb.ascii(12, 24);
  const nul = ifname.indexOf('\0');
  tree.add(node, f.ifname, tvb, 12, 24, nul < 0 ? ifname : ifname.slice(0, nul));
  if (rectype !== RECORD_PACKET) return;
  // On the stack only: TShark's pcap_pktdata dispatches by link type and adds no node.
  pinfo.protocols.push(D.proto.abbrev);
  const packet = tvb.sub(Math.min(hdrlen, tvb.length));
  const link = dissectorTable('link_type').get(dlt);
  if (link !== undefined) link.dissect(packet, pinfo, tree, parent);
  else callData(packet, pinfo, tree, parent);
}
