/** One TCP or UDP stream followed over every frame of a capture, in order. */
import type { PacketMeta } from '../common/index.js';
import type { Dissection } from '../dissect/index.js';
import type { FollowChunk, FollowEndpoint } from './chunk.js';
import { missingFields, transportLayers } from './extract.js';
import { TcpFollower } from './tcp.js';
import { UdpFollower } from './udp.js';

export interface FollowResult {
  protocol: 'tcp' | 'udp';
  stream: number;
  /** Node 0 (sent the stream's first packet) and node 1; undefined if the stream was not seen. */
  nodes: [FollowEndpoint, FollowEndpoint] | undefined;
  chunks: readonly FollowChunk[];
  /** Streams of this protocol seen so far (highest `tcp.stream` / `udp.stream` + 1). */
  streams: number;
  /** TCP: bytes per node held after a hole that was never filled or acknowledged (not shown, as in TShark). */
  undelivered: [number, number];
}

export class StreamFollower {
  readonly protocol: 'tcp' | 'udp';
  readonly stream: number;
  readonly #tcp = new TcpFollower();
  readonly #udp = new UdpFollower();
  #streams = 0;

  constructor(protocol: 'tcp' | 'udp', stream: number) {
    this.protocol = protocol;
    this.stream = stream;
  }

  /** Feeds one frame (every frame, in capture order: stream numbering needs them all). */
  add(d: Dissection, frame: PacketMeta = d.pinfo.frame): void {
    for (const l of transportLayers(d, this.protocol)) {
      if (l.stream >= this.#streams) this.#streams = l.stream + 1;
      if (l.stream !== this.stream) continue;
      const origin = { frame: frame.number, sec: frame.sec, nsec: frame.nsec, src: l.src, dst: l.dst };
      if (this.protocol === 'tcp') this.#tcp.add({ ...origin, seq: l.seq, ack: l.ack, syn: l.syn, length: l.length, payload: l.payload });
      else this.#udp.add({ ...origin, payload: l.payload });
    }
  }

  result(): FollowResult {
    const f = this.protocol === 'tcp' ? this.#tcp : this.#udp;
    return {
      protocol: this.protocol,
      stream: this.stream,
      nodes: f.nodes,
      chunks: f.chunks,
      streams: this.#streams,
      undelivered: this.protocol === 'tcp' ? this.#tcp.undelivered() : [0, 0],
    };
  }

  /** Fields the decoders must register for this follower to see anything (empty when all are there). */
  missingFields(): string[] {
    return missingFields(this.protocol);
  }
}
