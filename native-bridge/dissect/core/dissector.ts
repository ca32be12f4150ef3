import type { PacketInfo } from './packet-info.js';
import type { ProtoTree } from './tree.js';
import type { Tvb } from './tvb.js';

/**
 * One protocol's decoder. It reads `tvb` (its layer and everything above it), adds nodes
 * under `parent`, fills `pinfo`, and hands the payload to the next protocol through a
 * dissector table; it never names its children. It must not throw except through Tvb's
 * bounds checks, which the driver turns into a "malformed" mark.
 *
 * Returning `false` refuses the bytes (Wireshark's "return 0"): a decoder found through a port
 * table that sees the payload is not its protocol (TLS on port 443 carrying plain text) returns
 * false before touching `pinfo` or the tree, and the caller goes on to the next table key, the
 * heuristics, then `data`. Returning anything else (usually nothing) means the bytes were taken.
 */
export interface Dissector {
  /** The protocol's filter name, as frame.protocols shows it (`udp`). */
  readonly name: string;
  /** Returns `false` to refuse the bytes; any other result (usually nothing) takes them. */
  dissect(tvb: Tvb, pinfo: PacketInfo, tree: ProtoTree, parent: number): unknown;
  /**
   * Its reads on a payload the capture cut short go as far as TShark's decoder's do (and fail
   * where they fail): TCP then adds no "[Packet size limited during capture]" mark of its own
   * for bytes the decoder did not reach.
   */
  readonly readsAsTShark?: boolean;
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
