import type { Dissector, HeuristicDissector } from './dissector.js';
import type { ProtocolFields } from './fields.js';
import type { PacketInfo } from './packet-info.js';
import { type DissectorTable, type HeuristicListName, type TableName, dissectorTable, heuristicList } from './tables.js';
import type { ProtoTree } from './tree.js';
import type { Tvb } from './tvb.js';

/**
 * Starts a protocol's subtree: adds its protocol node (spanning `length` bytes, or the rest
 * of `tvb`) and puts its name on the frame's protocol stack.
 *
 * `before`: how many leading bytes TShark's dissector reads before it adds its node (Ethernet
 * its addresses and type, TCP and UDP their ports). When fewer are there the read throws
 * before the node exists: the protocol is on the stack, but the tree (and so `-z io,phs`)
 * holds only the malformed or short mark, directly under the layer below.
 */
export function beginProtocol(
  p: ProtocolFields,
  tvb: Tvb,
  pinfo: PacketInfo,
  tree: ProtoTree,
  parent: number,
  length = tvb.length,
  before = 0,
): number {
  pinfo.protocols.push(p.proto.abbrev);
  if (before > 0) tvb.check(0, before);
  return tree.add(parent, p.proto, tvb, 0, Math.min(length, tvb.length));
}

let dataDissector: Dissector | undefined;

/** Registers the fallback for bytes no protocol claims (the `data` protocol). */
export function setDataDissector(d: Dissector): void {
  dataDissector = d;
}

/** Hands bytes nobody claims to the `data` protocol; returns its name. */
export function callData(tvb: Tvb, pinfo: PacketInfo, tree: ProtoTree, parent: number): 'data' {
  if (tvb.length > 0) dataDissector?.dissect(tvb, pinfo, tree, parent);
  return 'data';
}

export interface PayloadRoute {
  /** Table to look the keys up in. */
  table: TableName;
  /** Keys to try in order (UDP: the lower port first). */
  keys: readonly (number | string)[];
  /** Heuristic list to try when no key matches. */
  heuristics?: HeuristicListName;
  /** Heuristics first (Wireshark's "try heuristic sub-dissectors first"). */
  heuristicsFirst?: boolean;
}

/**
 * Passes a payload up: the first table entry for one of the keys, else a heuristic that
 * recognises it, else `data`. Returns the name of the protocol that took it.
 */
export function dispatchPayload(route: PayloadRoute, tvb: Tvb, pinfo: PacketInfo, tree: ProtoTree, parent: number): string {
  if (tvb.length === 0) return '';
  // Runs for every TCP payload: no closures, no iterator objects, and the heuristic list looked
  // up only when it is tried.
  if (route.heuristicsFirst) {
    const h = tryHeuristics(heuristicsOf(route), tvb, pinfo, tree, parent);
    if (h !== undefined) return h;
  }
  const table = dissectorTable(route.table);
  const keys = route.keys;
  for (let i = 0; i < keys.length; i++) {
    const name = tryKey(table, keys[i]!, tvb, pinfo, tree, parent);
    if (name !== undefined) return name;
  }
  return route.heuristicsFirst ? callData(tvb, pinfo, tree, parent) : dataUnlessHeuristic(heuristicsOf(route), tvb, pinfo, tree, parent);
}

function heuristicsOf(route: PayloadRoute): readonly HeuristicDissector[] | undefined {
  return route.heuristics === undefined ? undefined : heuristicList(route.heuristics);
}

/**
 * `dispatchPayload` for the steps every packet takes (EtherType, IP protocol, UDP ports), with
 * no route made per packet: the entry for `key`, then for `next` (if given), then `heuristics`,
 * else `data`.
 */
export function dispatchKeys(
  table: DissectorTable,
  key: number,
  next: number | undefined,
  heuristics: readonly HeuristicDissector[] | undefined,
  tvb: Tvb,
  pinfo: PacketInfo,
  tree: ProtoTree,
  parent: number,
): string {
  if (tvb.length === 0) return '';
  const name =
    tryKey(table, key, tvb, pinfo, tree, parent) ?? (next === undefined ? undefined : tryKey(table, next, tvb, pinfo, tree, parent));
  return name ?? dataUnlessHeuristic(heuristics, tvb, pinfo, tree, parent);
}

/** Passes a payload to the first heuristic of `list` that recognises it, else to `data`; returns the protocol's name. */
export function dispatchHeuristics(list: HeuristicListName, tvb: Tvb, pinfo: PacketInfo, tree: ProtoTree, parent: number): string {
  if (tvb.reported === 0) return '';
  return dataUnlessHeuristic(heuristicList(list), tvb, pinfo, tree, parent);
}

/** The protocol registered for `key`, if there is one and it takes the bytes (a decoder may refuse them: returns false). */
function tryKey(
  table: DissectorTable,
  key: number | string,
  tvb: Tvb,
  pinfo: PacketInfo,
  tree: ProtoTree,
  parent: number,
): string | undefined {
  const d = table.get(key);
  return d !== undefined && d.dissect(tvb, pinfo, tree, parent) !== false ? d.name : undefined;
}

function dataUnlessHeuristic(
  heuristics: readonly HeuristicDissector[] | undefined,
  tvb: Tvb,
  pinfo: PacketInfo,
  tree: ProtoTree,
  parent: number,
): string {
  return tryHeuristics(heuristics, tvb, pinfo, tree, parent) ?? callData(tvb, pinfo, tree, parent);
}

function tryHeuristics(
  hs: readonly HeuristicDissector[] | undefined,
  tvb: Tvb,
  pinfo: PacketInfo,
  tree: ProtoTree,
  parent: number,
): string | undefined {
  if (hs === undefined) return undefined;
  for (let i = 0; i < hs.length; i++) if (hs[i]!.tryDissect(tvb, pinfo, tree, parent)) return hs[i]!.name;
  return undefined;
}

/** What a heuristic that claims conversations keeps in each: the frame it first matched (Infinity: never). */
export interface Claim {
  claimedFrom: number;
}

/**
 * A heuristic that, once it recognises a conversation, keeps it from that frame on (Wireshark's
 * conversation_set_dissector): later segments go to `dissect` without the test. `claimOf` gives
 * the conversation's claim, or undefined where none may be made (inside an ICMP error).
 */
export function claimingHeuristic(
  name: string,
  claimOf: (pinfo: PacketInfo) => Claim | undefined,
  recognises: (tvb: Tvb) => boolean,
  dissect: (tvb: Tvb, pinfo: PacketInfo, tree: ProtoTree, parent: number) => void,
): HeuristicDissector {
  return {
    name,
    tryDissect(tvb, pinfo, tree, parent) {
      const c = claimOf(pinfo);
      // On a revisit the claim reads as it did on the first pass: a claim made since came from a
      // later frame (frames before this one were all seen before it), and this frame's own
      // claim, if it made one, is already there. So a revisit decides alike and claims nothing.
      if (c === undefined || pinfo.frame.number < c.claimedFrom) {
        if (!recognises(tvb)) return false;
        if (c !== undefined && !pinfo.visited) c.claimedFrom = Math.min(c.claimedFrom, pinfo.frame.number);
      }
      dissect(tvb, pinfo, tree, parent);
      return true;
    },
  };
}
