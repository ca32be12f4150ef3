import type { BufferPool } from '../pool/index.js';
import { hasCaptureRights } from './binding.js';
import { HelperCapture } from './helper-capture.js';
import { InProcessCapture, type SourceOptions } from './in-process.js';
import type { CaptureSource, OnBatch } from './source.js';

/**
 * How a capture reaches libpcap: `in-process` through the `cap` binding in the engine's worker
 * thread (the fewest copies; the process needs the right to capture), `helper` through the
 * capture helper process (the only program given that right), `auto` in-process when this
 * process may capture, else the helper.
 */
export type CaptureVia = 'auto' | 'in-process' | 'helper';

/**
 * Opens one interface of a capture. `onError` hears of a source that fails after it opened (a
 * helper process that died); an open that fails rejects with a CaptureError.
 */
export async function openSource(
  o: SourceOptions,
  pool: BufferPool,
  onBatch: OnBatch,
  onError: (e: unknown) => void,
  via: CaptureVia = 'auto',
): Promise<CaptureSource> {
  if (via === 'in-process' || (via === 'auto' && hasCaptureRights())) return new InProcessCapture(o, pool, onBatch);
  return HelperCapture.open(o, pool, onBatch, onError);
}
