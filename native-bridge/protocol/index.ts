/** The UI protocol: operations, events and messages (ops.ts), their data, validation, WebSocket framing. Runtime-free. */
export * from './messages.js';
export * from './ops.js';
export * from './stats.js';
export * from './commands.js';
export * from './list.js';
export * from './find.js';
export { ProtocolError, type ProtocolErrorCode } from './errors.js';
export type { PathUse } from './schema.js';
export { parseClientMessage, validated, requestIdOf, opOf, MAX_REQUEST_ID } from './validate.js';
export {
  encodeHostMessage,
  decodeHostFrame,
  readClientFrame,
  FRAME_MAGIC,
  FRAME_VERSION,
  FRAME_HEADER_BYTES,
  MAX_TEXT_FRAME,
} from './framing.js';
