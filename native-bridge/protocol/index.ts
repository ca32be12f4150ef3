/** The UI protocol: message types, validation of UI messages, WebSocket framing. Runtime-free. */
export * from './messages.js';
export { ProtocolError, type ProtocolErrorCode } from './errors.js';
export { parseClientMessage, validated, CLIENT_MESSAGE_TYPES, MAX_PATH, MAX_FILTER, MAX_IFACE, MAX_FETCH } from './validate.js';
export {
  encodeHostMessage,
  decodeHostFrame,
  encodeClientMessage,
  decodeClientFrame,
  encodeBatchFrame,
  decodeBatchFrame,
  FRAME_MAGIC,
  FRAME_VERSION,
  FRAME_HEADER_BYTES,
  FLAG_REFETCH,
  MAX_TEXT_FRAME,
} from './framing.js';
