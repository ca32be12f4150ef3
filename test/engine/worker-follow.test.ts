/**
 * worker-follow.ts on its own (no thread): the same stream in another format needs no second
 * pass over the run, a run that grew or another stream does, and a follow that is no longer
 * wanted ends with FOLLOW_CANCELLED.
 */
import { describe, expect, it } from 'vitest';
import { DissectSession, dissectFrame } from '../../native-bridge/dissect/index.js';
import { type FollowMemo, type FollowSource, followStream } from '../../native-bridge/engine/worker-follow.js';
import type { Run } from '../../native-bridge/engine/worker-run.js';
import { BufferPool } from '../../native-bridge/pool/index.js';
import { sampleFrames } from '../renderer/helpers.js';

/** The sample as a run's store holds it, counting the packets read back. */
function sampleSource(): FollowSource & { reads: number; packets: number } {
  const frames = sampleFrames();
  const pool = new BufferPool();
  const session = new DissectSession(pool);
  for (const f of frames) dissectFrame(f.meta, f.bytes, session);
  const src = {
    runId: 1,
    reads: 0,
    packets: frames.length,
    count: () => src.packets,
    session,
    viewPool: pool,
    run: {
      packets: (first: number, count: number) => (add: (m: (typeof frames)[0]['meta'], b: Uint8Array) => void) => {
        for (const f of frames.slice(first, first + count)) {
          src.reads++;
          add(f.meta, f.bytes);
        }
      },
    } as unknown as Run,
  };
  return src;
}

describe('followStream', () => {
  it('another format of the stream just followed is formatted again, not followed again', async () => {
    const src = sampleSource();
    const memo: FollowMemo = {};
    const alive = () => true;
    const ascii = await followStream(src, { runId: 1, protocol: 'tcp', stream: 0, format: 'ascii' }, alive, memo);
    expect(src.reads).toBe(113);
    const hex = await followStream(src, { runId: 1, protocol: 'tcp', stream: 0, format: 'hex' }, alive, memo);
    expect(src.reads).toBe(113);
    expect(hex.parts.length).toBeGreaterThan(0);
    expect(hex.parts.map((p) => p.text).join('')).not.toBe(ascii.parts.map((p) => p.text).join(''));
    // The same stream again after a packet arrived, or another stream: a new pass.
    src.packets = 112;
    await followStream(src, { runId: 1, protocol: 'tcp', stream: 0, format: 'hex' }, alive, memo);
    expect(src.reads).toBe(113 + 112);
    await followStream(src, { runId: 1, protocol: 'tcp', stream: 1, format: 'hex' }, alive, memo);
    expect(src.reads).toBe(113 + 2 * 112);
  });

  it('a follow no longer wanted (a newer one, another run) ends with FOLLOW_CANCELLED', async () => {
    const src = sampleSource();
    await expect(followStream(src, { runId: 1, protocol: 'udp', stream: 0, format: 'raw' }, () => false)).rejects.toMatchObject({
      code: 'FOLLOW_CANCELLED',
    });
  });
});
