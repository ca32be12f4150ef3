import { sameEndpoint, type FollowChunk, type FollowEndpoint, type PacketOrigin } from './chunk.js';

/**
 * One UDP "stream" (`udp.stream`): every datagram with a payload, in capture order, as
 * `tshark -z follow,udp` shows it. Node 0 sent the stream's first datagram.
 */
export class UdpFollower {
  #nodes: [FollowEndpoint, FollowEndpoint] | undefined;
  readonly chunks: FollowChunk[] = [];

  get nodes(): [FollowEndpoint, FollowEndpoint] | undefined {
    return this.#nodes;
  }

  add(d: PacketOrigin & { payload: Uint8Array }): void {
    this.#nodes ??= [d.src, d.dst];
    if (d.payload.length === 0) return;
    const node = sameEndpoint(d.src, this.#nodes[0]) ? 0 : 1;
    this.chunks.push({ node, frame: d.frame, sec: d.sec, nsec: d.nsec, data: d.payload.slice(), missing: 0 });
  }
}
