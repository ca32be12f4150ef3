export { BatchBuilder, type BatchBuilderOptions, type PacketMeta, type SealedBatch } from './builder.js';
export { BatchView, BatchFormatError, type BatchPacket } from './reader.js';
export { HEADER_BYTES, ENTRY_BYTES, batchBytesFor } from './layout.js';
