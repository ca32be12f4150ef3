import { DissectSession, dissectFrame } from '../../native-bridge/dissect/index.js';
import { followStream } from '../../native-bridge/engine/worker-follow.js';
import type { Run } from '../../native-bridge/engine/worker-run.js';
import { BufferPool } from '../../native-bridge/pool/index.js';
import type { OpArgs, OpResult } from '../../native-bridge/protocol/index.js';
import { sampleFrames } from './helpers.js';

/** The engine's answer to a follow request over the sample (every frame in the store). */
export async function engineFollow(a: OpArgs<'follow'>): Promise<OpResult<'follow'>> {
  const frames = sampleFrames();
  const pool = new BufferPool();
  const run = {
    packets: (first: number, count: number) => (add: (m: (typeof frames)[0]['meta'], b: Uint8Array) => void) => {
      for (const f of frames.slice(first, first + count)) add(f.meta, f.bytes);
    },
  } as unknown as Run;
  // The store's session, after its first pass: a packet's stream is what that pass decided.
  const session = new DissectSession(pool);
  for (const f of frames) dissectFrame(f.meta, f.bytes, session);
  return followStream({ runId: a.runId, run, count: () => frames.length, session, viewPool: pool }, a, () => true);
}
