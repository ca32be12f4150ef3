import { type ExpertInfo, addExpert, protocolShortName } from './expert-info.js';
import { malformedExpert, malformedFields } from './frame.js';
import type { PacketInfo } from './packet-info.js';
import type { ProtoTree } from './tree.js';
import type { Tvb } from './tvb.js';

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
