/**
 * Node's decompressors handed to the runtime-free dissection (dissect/core/codecs.ts).
 * Importing this module provides them to this thread; every Node entry that dissects imports it
 * (the engine worker, the CLI's read and stats, the scripts, the tests' setup).
 */
import { brotliDecompressSync } from 'node:zlib';
import { type BrotliDecoder, provideBrotli } from '../dissect/index.js';

/** libbrotli through zlib: what TShark links. Output over `limit` stops it (ERR_BUFFER_TOO_LARGE). */
export const nodeBrotli: BrotliDecoder = (stream, limit) => {
  try {
    const out = brotliDecompressSync(stream, { maxOutputLength: limit });
    return new Uint8Array(out.buffer, out.byteOffset, out.length);
  } catch (e) {
    if ((e as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE') return undefined;
    throw e;
  }
};

provideBrotli(nodeBrotli);
