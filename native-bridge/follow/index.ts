/**
 * Stream following (Wireshark's "Follow TCP/UDP Stream", `tshark -z follow`): the payload of
 * one `tcp.stream` / `udp.stream`, both directions in delivery order, TCP reassembled with
 * TShark 4.0's rules (tcp.ts). Incremental like the statistics: `add` every frame in capture
 * order, `result()` at any time.
 */
export type { FollowChunk, FollowEndpoint, PacketOrigin } from './chunk.js';
export { StreamFollower, type FollowResult } from './stream.js';
export { BoundedFollower, noStreamError, type BoundedResult } from './bounded.js';
export { TcpFollower, type TcpSegment } from './tcp.js';
export { UdpFollower } from './udp.js';
export { missingFields, transportLayers, type TransportLayer } from './extract.js';
export {
  FOLLOW_FORMATS,
  chunkBytes,
  followParts,
  followText,
  gapBytes,
  type FollowFormat,
  type FollowPart,
  type FollowView,
} from './text.js';
