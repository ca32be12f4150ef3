import { packOne, type PackedBatch } from '../../native-bridge/batch/index.js';
import { BufferPool } from '../../native-bridge/pool/index.js';
import { ROW_SEPARATOR } from '../../native-bridge/protocol/index.js';

/** A row: frame number and its summary columns (source, destination, protocol, info). */
export type SummaryRow = [number, string, string, string, string];

/**
 * A `rows` reply's batch as the engine packs it (packOne into a pooled buffer, each entry's
 * data the summary columns separated by ROW_SEPARATOR), from `pool` (a fresh default pool).
 */
export function rowsBatch(rows: readonly SummaryRow[], pool = new BufferPool()): PackedBatch {
  const sep = String.fromCharCode(ROW_SEPARATOR);
  const texts = rows.map(([, ...cols]) => new TextEncoder().encode(cols.join(sep)));
  return packOne(
    pool,
    rows.length,
    (i) => ({ number: rows[i]![0], sec: 1_700_000_000 + i, nsec: 5, wireLen: 60 + i, capLen: 60 + i, interfaceId: 0, linkType: 1 }),
    (i) => texts[i]!,
  );
}

export const SOME_ROWS: SummaryRow[] = [
  [1, '02:00:00:00:00:01', 'ff:ff:ff:ff:ff:ff', 'ARP', 'Who has 192.0.2.1? Tell 192.0.2.10'],
  [5, '192.0.2.10', '203.0.113.80', 'TCP', '49152 → 80 [SYN] Seq=0 Win=65535 Len=0'],
  [11, '192.0.2.10', '203.0.113.80', 'TCP', '49152 → 80 [ACK] Seq=94 Ack=2897 Win=65535 Len=0'],
];
