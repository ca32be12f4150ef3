/**
 * The engine's `follow` operation through EngineThread, on real files: its text is what
 * `wirepool follow` prints, a packet finds its stream, a stream past the limit is cut and says
 * so, and a stream or packet that is not there is a coded error.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeCapture } from '../../native-bridge/generate/index.js';
import type { Followed } from '../../native-bridge/protocol/index.js';
import { ROOT } from '../helpers/corpus.js';
import { EngineRecorder, SAMPLE } from '../helpers/engine.js';

const tmp = mkdtempSync(path.join(tmpdir(), 'wirepool-follow-'));
/** 3000 frames of every kind the generator makes: many TCP and UDP streams, IP fragments. */
const MIXED = path.join(tmp, 'mixed.pcapng');

let rec: EngineRecorder;
beforeAll(async () => {
  writeCapture(MIXED, { profile: 'mixed', packets: 3000, seed: 7 });
  rec = await EngineRecorder.start();
});
afterAll(async () => {
  await rec.close();
  rmSync(tmp, { recursive: true, force: true });
});

const cli = (file: string, protocol: string, stream: number, format: string) =>
  execFileSync(process.execPath, ['bin/wirepool', 'follow', file, `--${protocol}`, String(stream), '--format', format], {
    cwd: ROOT,
    encoding: 'latin1',
    maxBuffer: 1 << 28,
  });
const text = (f: Followed) => f.parts.map((p) => p.text).join('');

async function opened(file: string): Promise<number> {
  const { runId } = await rec.engine.request('open', { path: file });
  const done = await rec.done(runId);
  expect(done.error).toBeUndefined();
  return runId;
}

describe('follow', () => {
  it("answers wirepool follow's text for every format, in parts by node (the client's, then the server's)", async () => {
    const runId = await opened(SAMPLE);
    for (const stream of [0, 1])
      for (const format of ['ascii', 'hex', 'raw'] as const) {
        const f = await rec.engine.request('follow', { runId, protocol: 'tcp', stream, format });
        expect(text(f)).toBe(cli(SAMPLE, 'tcp', stream, format));
        expect(f).toMatchObject({ runId, protocol: 'tcp', stream, format, filter: `tcp.stream eq ${stream}`, streams: 2 });
        expect(f.truncated).toBeUndefined();
        // Header and closing rule have no node; node 1's chunks are the tab-indented ones.
        expect(f.parts[0]!.node).toBeUndefined();
        expect(f.parts.at(-1)!.node).toBeUndefined();
        const chunks = f.parts.slice(1, -1);
        expect(chunks.length).toBeGreaterThan(1);
        for (const p of chunks) expect(p.text.startsWith('\t')).toBe(p.node === 1);
        // Stream 0 is an HTTP exchange; stream 1 a one-way bulk transfer from the client.
        expect(new Set(chunks.map((p) => p.node))).toEqual(new Set(stream === 0 ? [0, 1] : [0]));
      }
    const udp = await rec.engine.request('follow', { runId, protocol: 'udp', stream: 0, format: 'ascii' });
    expect(text(udp)).toBe(cli(SAMPLE, 'udp', 0, 'ascii'));
  });

  it('a packet finds its stream (the first pass decided it); one outside any stream is a coded error', async () => {
    const runId = await opened(MIXED);
    const lines = execFileSync(process.execPath, ['bin/wirepool', 'read', '-Y', 'tcp.stream eq 3', '-e', 'frame.number', MIXED], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    const number = Number(lines.split('\n')[0]);
    const f = await rec.engine.request('follow', { runId, protocol: 'tcp', packet: number, format: 'hex' });
    expect(f.stream).toBe(3);
    expect(text(f)).toBe(cli(MIXED, 'tcp', 3, 'hex'));
    const u = await rec.engine.request('follow', { runId, protocol: 'udp', stream: 5, format: 'raw' });
    expect(text(u)).toBe(cli(MIXED, 'udp', 5, 'raw'));

    const arp = Number(
      execFileSync(process.execPath, ['bin/wirepool', 'read', '-Y', 'arp', '-e', 'frame.number', MIXED], {
        cwd: ROOT,
        encoding: 'utf8',
      }).split('\n')[0],
    );
    await expect(rec.engine.request('follow', { runId, protocol: 'tcp', packet: arp, format: 'ascii' })).rejects.toMatchObject({
      code: 'FOLLOW_NOT_IN_STREAM',
    });
    await expect(rec.engine.request('follow', { runId, protocol: 'tcp', stream: 100_000, format: 'ascii' })).rejects.toMatchObject({
      code: 'FOLLOW_NO_STREAM',
      message: expect.stringMatching(/^no tcp\.stream 100000: the run has \d+ TCP streams/),
    });
    await expect(rec.engine.request('follow', { runId, protocol: 'tcp', format: 'ascii' })).rejects.toMatchObject({
      code: 'FOLLOW_BAD_REQUEST',
    });
  });

  it('a stream longer than the limit is cut at the limit and says so: its first bytes, in order', async () => {
    const runId = await opened(SAMPLE);
    const whole = await rec.engine.request('follow', { runId, protocol: 'tcp', stream: 1, format: 'raw' });
    const cut = await rec.engine.request('follow', { runId, protocol: 'tcp', stream: 1, format: 'raw', limit: 5000 });
    expect(whole.bytes).toBeGreaterThan(400_000);
    expect(cut.truncated).toBe(5000);
    expect(cut.bytes).toBe(5000);
    // The raw hex of the cut stream is the start of the whole one's, node by node.
    const hex = (f: Followed, node: number) =>
      f.parts
        .filter((p) => p.node === node)
        .map((p) => p.text.trim())
        .join('');
    for (const node of [0, 1]) expect(hex(whole, node).startsWith(hex(cut, node))).toBe(true);
    expect(hex(cut, 0).length + hex(cut, 1).length).toBe(10_000);
    expect(cut.streams).toBe(2);
  });
});
