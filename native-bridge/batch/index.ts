export { BatchBuilder, type BatchBuilderOptions, type SealedBatch } from './builder.js';
export { BatchView, BatchFormatError, batchSeq, type BatchPacket } from './reader.js';
export { BATCH_MAGIC, HEADER_BYTES, ENTRY_BYTES, ENTRY_WORDS, FLAG_LAST, batchBytesFor } from './layout.js';
export { writeEntry, writeHeader, indexOffsetAfter, numberBatch, truncateBatch } from './encode.js';
export { packOne, type PackedBatch } from './pack.js';
