import type { PacketMeta } from '../common/index.js';
import type { Dissection } from '../dissect/index.js';
import { factsOf, type PacketFacts } from './facts.js';

/** One protocol at one place in the hierarchy: the frames whose path went through it. */
export interface HierarchyNode {
  protocol: string;
  frames: number;
  /** Sum of the wire lengths of those frames (the whole frame, as TShark counts). */
  bytes: number;
  children: HierarchyNode[];
}

export interface HierarchySnapshot {
  frames: number;
  bytes: number;
  /** Top level, in first-seen order (usually the link layers). */
  children: HierarchyNode[];
}

class Node {
  frames = 0;
  bytes = 0;
  readonly children = new Map<string, Node>();
  constructor(readonly protocol: string) {}

  /**
   * Recursive, one level per protocol on a frame's path. A path is bounded by the decoders'
   * nesting limits (20 VLAN tags, 48 IP layers and extension headers; every other layer adds
   * at most one), so this stays a few hundred calls deep whatever the capture holds.
   */
  snapshot(): HierarchyNode {
    return {
      protocol: this.protocol,
      frames: this.frames,
      bytes: this.bytes,
      children: [...this.children.values()].map((c) => c.snapshot()),
    };
  }
}

/**
 * Protocol hierarchy (`tshark -z io,phs`): every frame walks its path of top-level protocols
 * (`eth` › `ip` › `tcp` › `http`) and adds itself and its wire length to each node on it.
 * Children keep first-seen order, as TShark prints them. Grows with the number of distinct
 * paths, not packets.
 */
export class ProtocolHierarchy {
  readonly #root = new Node('');

  add(d: Dissection, frame: PacketMeta = d.pinfo.frame): void {
    this.addFacts(factsOf(d, frame));
  }

  /** Adds a frame, unless TShark's frame tap sees it as an error packet's (`PacketFacts.errorPacket`), which io,phs skips. */
  addFacts(f: PacketFacts): void {
    if (!f.errorPacket) this.addPath(f.path, f.wireLen);
  }

  /** Adds one frame of `wireLen` bytes with this protocol path. */
  addPath(path: readonly string[], wireLen: number): void {
    let node = this.#root;
    node.frames++;
    node.bytes += wireLen;
    for (const protocol of path) {
      let next = node.children.get(protocol);
      if (next === undefined) {
        next = new Node(protocol);
        node.children.set(protocol, next);
      }
      next.frames++;
      next.bytes += wireLen;
      node = next;
    }
  }

  snapshot(): HierarchySnapshot {
    const { frames, bytes, children } = this.#root.snapshot();
    return { frames, bytes, children };
  }
}
