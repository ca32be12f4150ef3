/** One side of a followed stream: an address as text and a port. */
export interface FollowEndpoint {
  address: string;
  /** 4 or 6 (how TShark prints it: `[2001:db8::1]:443` for 6). */
  family: 4 | 6;
  port: number;
}

/**
 * A piece of a followed stream, in delivery order. Node 0 is the side that sent the stream's
 * first packet (TShark 4.0's "client"), node 1 the other.
 */
export interface FollowChunk {
  node: 0 | 1;
  /** Frame that carried the bytes; for a gap, the frame whose acknowledgement revealed it. */
  frame: number;
  sec: number;
  nsec: number;
  /** The payload bytes (a copy); empty for a gap. */
  data: Uint8Array;
  /**
   * Bytes the capture does not have at this point of the node's stream (the peer acknowledged
   * them, so they were sent); 0 for a data chunk.
   */
  missing: number;
}

/** Where a packet is from and when, for the followers. */
export interface PacketOrigin {
  frame: number;
  sec: number;
  nsec: number;
  src: FollowEndpoint;
  dst: FollowEndpoint;
}

export function sameEndpoint(a: FollowEndpoint, b: FollowEndpoint): boolean {
  return a.port === b.port && a.address === b.address;
}
