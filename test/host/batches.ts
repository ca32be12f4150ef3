import { BatchBuilder, type SealedBatch } from '../../native-bridge/batch/index.js';
import { BufferPool } from '../../native-bridge/pool/index.js';

/** Real WPB1 batches from the builder: `count` packets numbered from `first`, `len` bytes each. */
export function makeBatch(first: number, count: number, len = 60): SealedBatch {
  const pool = new BufferPool();
  const out: SealedBatch[] = [];
  const builder = new BatchBuilder(pool, (b) => out.push(b));
  for (let i = 0; i < count; i++) {
    const data = new Uint8Array(len).fill((first + i) & 0xff);
    builder.add({ number: first + i, sec: 1_700_000_000 + i, nsec: 5, wireLen: len, capLen: len, interfaceId: 0, linkType: 1 }, data);
  }
  builder.flush();
  if (out.length !== 1) throw new Error(`expected one batch, got ${out.length}`);
  return out[0]!;
}
