import type { PacketMeta } from '../common/index.js';
import { WirepoolError } from '../common/errors.js';
import type { Dissection } from '../dissect/index.js';
import type { FollowChunk } from './chunk.js';
import { transportLayers } from './extract.js';
import { chunkBytes } from './text.js';
import { StreamFollower, type FollowResult } from './stream.js';

/** A followed stream cut at `limit` bytes: `truncated` says so (the stream has more). */
export interface BoundedResult extends FollowResult {
  /** The limit, when the stream went on past it; undefined when every byte is in `chunks`. */
  truncated: number | undefined;
}

/**
 * A StreamFollower that keeps at most `limit` bytes of the stream (a gap counts its notice, as
 * it is shown): once it holds more, it stops copying payloads and only counts the streams, so
 * following a stream of gigabytes costs `limit` bytes of memory, not the stream's size.
 */
export class BoundedFollower {
  readonly limit: number;
  readonly #follower: StreamFollower;
  /** The follower's chunk list (it grows in place). */
  readonly #chunks: readonly FollowChunk[];
  #counted = 0;
  #bytes = 0;
  #streams = 0;

  constructor(protocol: 'tcp' | 'udp', stream: number, limit: number) {
    this.limit = limit;
    this.#follower = new StreamFollower(protocol, stream);
    this.#chunks = this.#follower.result().chunks;
  }

  /** True once more than `limit` bytes were seen: later packets only count streams. */
  get full(): boolean {
    return this.#bytes > this.limit;
  }

  /** Feeds one frame (every frame, in capture order). */
  add(d: Dissection, frame: PacketMeta = d.pinfo.frame): void {
    if (this.full) {
      for (const l of transportLayers(d, this.#follower.protocol)) if (l.stream >= this.#streams) this.#streams = l.stream + 1;
      return;
    }
    this.#follower.add(d, frame);
    for (; this.#counted < this.#chunks.length; this.#counted++) this.#bytes += chunkBytes(this.#chunks[this.#counted]!).length;
  }

  result(): BoundedResult {
    const r = this.#follower.result();
    const streams = Math.max(r.streams, this.#streams);
    if (!this.full) return { ...r, streams, truncated: undefined };
    const chunks: FollowChunk[] = [];
    let left = this.limit;
    for (const c of r.chunks) {
      const n = chunkBytes(c).length;
      if (n <= left) chunks.push(c);
      else if (c.missing === 0 && left > 0) chunks.push({ ...c, data: c.data.subarray(0, left) });
      if (n > left) break;
      left -= n;
    }
    return { ...r, chunks, streams, truncated: this.limit };
  }

  /** Fields the decoders must register for this follower to see anything. */
  missingFields(): string[] {
    return this.#follower.missingFields();
  }
}

/**
 * FOLLOW_NO_STREAM: stream `r.stream` was not seen in `where` (a file, the run); says which
 * streams there are and how to list them. `missing`: fields the decoders lack, if any.
 */
export function noStreamError(r: FollowResult, where: string, missing: readonly string[]): WirepoolError {
  const { protocol } = r;
  const known =
    r.streams === 0
      ? `${where} has no ${protocol.toUpperCase()} streams`
      : `${where} has ${r.streams} ${protocol.toUpperCase()} stream${r.streams === 1 ? '' : 's'} (${protocol}.stream 0 to ${r.streams - 1})`;
  return new WirepoolError(
    'FOLLOW_NO_STREAM',
    `no ${protocol}.stream ${r.stream}: ${known}${missing.length ? `; the decoders do not provide ${missing.join(', ')}` : ''}`,
    {
      hint: r.streams > 0 ? `pick an index below ${r.streams} (\`wirepool stats FILE --conversations ${protocol}\` lists them)` : undefined,
    },
  );
}
