import { type ExpertInfo, addExpert, protocolShortName } from './expert-info.js';
import { malformedExpert, malformedFields, shortFields } from './frame.js';
import type { PacketInfo } from './packet-info.js';
import type { ProtoTree } from './tree.js';
import { BoundsError, type OffsetError, type Tvb } from './tvb.js';

/**
 * Marks bytes that break their protocol's rules where the decoder can safely go on (a DNS
 * compression pointer that loops, an option whose length runs past its container): a
 * `_ws.malformed` node over the bad bytes under `parent`, and `pinfo.malformed` (the first mark
 * of the frame wins). Unlike a read past the end, which ends the frame's decoding, the decoder
 * keeps going after this; it never throws.
 */
export function markMalformed(
  tvb: Tvb,
  pinfo: PacketInfo,
  tree: ProtoTree,
  parent: number,
  offset: number,
  length: number,
  reason: string,
): void {
  const protocol = pinfo.protocols.at(-1) ?? 'frame';
  const at = Math.max(0, Math.min(offset, tvb.length));
  const len = Math.max(0, Math.min(length, tvb.length - at));
  pinfo.malformed ??= { offset: tvb.base + at, protocol, reason };
  const mark = tree.add(parent, malformedFields.proto, tvb, at, len, undefined, `[Malformed Packet: ${protocol.toUpperCase()}: ${reason}]`);
  addExpert(tree, mark, tvb, malformedExpert, reason, protocolShortName(protocol));
}

/**
 * Adds expert item `ei` of the malformed group under `parent` where the decoder goes on, with
 * the `_ws.malformed` node Wireshark's expert.c puts beside any such item (hidden there), so
 * the filter `_ws.malformed` finds the packet. The frame is not marked: TShark's Info stays.
 */
export function addMalformedExpert(tree: ProtoTree, parent: number, tvb: Tvb, ei: ExpertInfo, message: string = ei.summary): void {
  addExpert(tree, parent, tvb, ei, message);
  tree.add(parent, malformedFields.proto, tvb, 0, 0, undefined, '[Malformed Packet]');
}

/**
 * Shows an exception a layer caught to go on with the next PDU of the same segment (Wireshark's
 * show_exception in tcp_dissect_pdus): a read past `pdu`, a PDU `reported` bytes long of which
 * only `pdu.length` were captured, is "[Packet size limited during capture]"; any other is a
 * "[Malformed Packet]" mark, under `parent`, in the name of the protocol being decoded. Info
 * gets the note unless `columns` is false (the layer has locked them, as OpenFlow does around
 * the frame a PACKET_IN carries).
 */
export function showPduException(
  e: OffsetError,
  pdu: Tvb,
  reported: number,
  pinfo: PacketInfo,
  tree: ProtoTree,
  parent: number,
  columns = true,
): void {
  const protocol = pinfo.protocols.at(-1) ?? 'frame';
  const at = Math.max(0, Math.min(e.offset - pdu.base, pdu.length));
  if (e instanceof BoundsError && reported > pdu.length && e.offset + e.available === pdu.base + pdu.length) {
    tree.add(
      parent,
      shortFields.proto,
      pdu,
      at,
      0,
      undefined,
      `[Packet size limited during capture: ${protocolShortName(protocol)} truncated]`,
    );
    if (columns) pinfo.appendInfo('[Packet size limited during capture]', '');
    return;
  }
  pinfo.malformed ??= { offset: e.offset, protocol, reason: e.message };
  const mark = tree.add(parent, malformedFields.proto, pdu, at, 0, undefined, `[Malformed Packet: ${protocolShortName(protocol)}]`);
  addExpert(tree, mark, pdu, malformedExpert, malformedExpert.summary, protocolShortName(protocol));
  if (columns) pinfo.appendInfo('[Malformed Packet]', '');
}
