export { BatchBuilder, type BatchBuilderOptions, type PacketMeta, type SealedBatch } from './builder.js';
export { BatchView, BatchFormatError, type BatchPacket } from './reader.js';
export { HEADER_BYTES, ENTRY_BYTES, ENTRY_WORDS, FLAG_LAST, batchBytesFor } from './layout.js';
export { writeEntry, writeHeader, indexOffsetAfter } from './encode.js';
