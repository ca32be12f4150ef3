import type { PacketInfo } from './packet-info.js';
import type { ProtoTree } from './tree.js';
import type { Tvb } from './tvb.js';

/**
 * One protocol's decoder. It reads `tvb` (its layer and everything above it), adds nodes
 * under `parent`, fills `pinfo`, and hands the payload to the next protocol through a
 * dissector table; it never names its children. It must not throw except through Tvb's
 * bounds checks, which the driver turns into a "malformed" mark.
 */
export interface Dissector {
  /** The protocol's filter name, as frame.protocols shows it (`udp`). */
  readonly name: string;
  dissect(tvb: Tvb, pinfo: PacketInfo, tree: ProtoTree, parent: number): void;
}

/**
 * A decoder that recognises its protocol by content (Wireshark's heuristic dissectors).
 * `tryDissect` checks lengths and signatures first and returns false without touching the
 * tree when the bytes are not its protocol.
 */
export interface HeuristicDissector {
  readonly name: string;
  tryDissect(tvb: Tvb, pinfo: PacketInfo, tree: ProtoTree, parent: number): boolean;
}
