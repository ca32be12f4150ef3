import { BufferPool } from '../../../native-bridge/pool/index.js';
import type { PacketMeta } from '../../../native-bridge/common/index.js';
import { DissectSession, dissectFrame, type Dissection } from '../../../native-bridge/dissect/index.js';

/** The summary columns of one row, as `wirepool read` prints them (PacketInfo's src/dst/protocol/info). */
export interface RowSummary {
  src: string;
  dst: string;
  protocol: string;
  info: string;
}

// Reassembly buffers of the renderer's dissections come from one small pool of their own.
const pool = new BufferPool({ capacity: [8, 4, 2] });

/**
 * Dissects one packet on its own. The renderer sees packets out of order (whatever is on
 * screen), so it cannot keep the capture-order session the engine keeps: cross-packet state
 * (TCP sequence analysis, reassembly) starts fresh for each packet here.
 */
export function dissectPacket(meta: PacketMeta, bytes: Uint8Array): Dissection {
  return dissectFrame(meta, bytes, new DissectSession(pool, { revisits: false }));
}

/**
 * Summaries of the rows on screen, computed once and kept (LRU, `limit` rows): scrolling back
 * costs nothing, and 1 M rows never means 1 M dissections.
 */
export class SummaryCache {
  readonly limit: number;
  readonly #rows = new Map<number, RowSummary>();

  constructor(limit = 4096) {
    this.limit = limit;
  }

  get size(): number {
    return this.#rows.size;
  }

  get(row: number, meta: () => PacketMeta, bytes: () => Uint8Array | undefined): RowSummary | undefined {
    const hit = this.#rows.get(row);
    if (hit !== undefined) return hit;
    const data = bytes();
    if (data === undefined) return undefined;
    const { pinfo } = dissectPacket(meta(), data);
    const s: RowSummary = { src: pinfo.src, dst: pinfo.dst, protocol: pinfo.protocol, info: pinfo.info };
    this.#rows.set(row, s);
    if (this.#rows.size > this.limit) this.#rows.delete(this.#rows.keys().next().value!);
    return s;
  }

  clear(): void {
    this.#rows.clear();
  }
}
