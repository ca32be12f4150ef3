import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ReplayEngine } from '../../native-bridge/engine/index.js';
import { openCapture } from '../../native-bridge/formats/index.js';
import { ROOT, readAll } from '../helpers/corpus.js';

const SAMPLE = path.join(ROOT, 'samples/sample.pcapng');

describe('bundled sample capture', () => {
  it('is exactly what scripts/make-sample.ts generates', () => {
    const out = path.join(mkdtempSync(path.join(tmpdir(), 'wirepool-sample-')), 'sample.pcapng');
    const r = spawnSync(process.execPath, [path.join(ROOT, 'dist/scripts/make-sample.js'), out], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(readFileSync(out).equals(readFileSync(SAMPLE))).toBe(true);
  });

  it('has two named interfaces and frames for every pool tier', () => {
    const reader = openCapture(SAMPLE);
    const { frames, error } = readAll(reader);
    expect(error).toBeUndefined();
    expect(reader.interfaces.map((i) => i.name)).toEqual(['eth0', 'lo']);
    expect(frames.length).toBe(113);
    expect(new Set(frames.map((f) => f.interfaceId))).toEqual(new Set([0, 1]));
    expect(frames.some((f) => f.capLen > 4096 && f.capLen <= 16384)).toBe(true);
    expect(frames.some((f) => f.capLen > 16384)).toBe(true);
  });

  it('replays with hits in the 16 KiB and 64 KiB tiers and every buffer back', async () => {
    const engine = new ReplayEngine(SAMPLE, { onBatch: (b) => b.lease.release() });
    const s = await engine.run();
    expect(s.packets).toBe(113);
    const [t4, t16, t64] = s.pool.tiers;
    expect(t16!.hits).toBeGreaterThan(0);
    expect(t64!.hits).toBeGreaterThan(0);
    expect([t4!.outstanding, t16!.outstanding, t64!.outstanding]).toEqual([0, 0, 0]);
  });
});
