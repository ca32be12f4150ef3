/**
 * Decompressors the runtime hands to dissection (dependencies are passed in, as in
 * foxglove/mcap): this stage runs in any JavaScript runtime and decodes synchronously.
 *
 * Brotli (RFC 7932) comes from the host. A pure-JavaScript decoder carries the 122 KB static
 * dictionary as a module literal that every thread parses at load (about 3 MB per engine
 * thread, used by a few frames in a thousand recordings); Node's zlib has libbrotli, the library
 * TShark links, at no cost until a body needs it. `native-bridge/codecs` provides it in Node.
 */

/**
 * Decodes a whole brotli stream: its bytes, or `undefined` when they would pass `limit` bytes.
 * Throws an Error (its message shown in the tree) on a corrupt or truncated stream.
 */
export type BrotliDecoder = (stream: Uint8Array, limit: number) => Uint8Array | undefined;

let brotli: BrotliDecoder | undefined;

/** Sets the brotli decoder of this thread (undefined: none; a brotli body then shows an error). */
export function provideBrotli(decoder: BrotliDecoder | undefined): void {
  brotli = decoder;
}

/** This thread's brotli decoder, if its host gave one. */
export function brotliDecoder(): BrotliDecoder | undefined {
  return brotli;
}
