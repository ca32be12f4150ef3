import type { BufferPool } from '../pool/index.js';
import { InProcessCapture, type SourceOptions } from './in-process.js';
import type { CaptureSource, OnBatch } from './source.js';

/**
 * Opens one interface of a capture: through the `cap` binding in this thread when the process
 * may capture (root or CAP_NET_RAW: the fewest copies).
 */
export async function openSource(
  o: SourceOptions,
  pool: BufferPool,
  onBatch: OnBatch,
  _onError: (e: unknown) => void,
): Promise<CaptureSource> {
  return new InProcessCapture(o, pool, onBatch);
}
