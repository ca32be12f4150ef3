/**
 * The engine never loses or overwrites a file: a save refuses the file the run reads (by device
 * and inode, whatever the name), an existing file unless told to overwrite, a symlink, a relative
 * path; a capture's file likewise; and only regular files are opened (a named pipe, a device, a
 * directory are refused and the engine goes on answering).
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, linkSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCapture } from '../../native-bridge/formats/index.js';
import { ROOT, readAll } from '../helpers/corpus.js';
import { EngineRecorder, SAMPLE } from '../helpers/engine.js';
import { until } from '../helpers/wait.js';

const tmp = mkdtempSync(path.join(tmpdir(), 'wirepool-engine-files-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
let n = 0;
const folder = (): string => {
  const d = path.join(tmp, `t${n++}`);
  mkdirSync(d);
  return d;
};
const sampleBytes = readFileSync(SAMPLE);
const OLD = Buffer.from('an old file that must survive every refused save\n');

let rec: EngineRecorder;
beforeAll(async () => {
  rec = await EngineRecorder.start();
});
afterAll(() => rec.close());

/** Opens a copy of the sample and waits for its replay to end; answers the copy's path and the run. */
async function openCopy(dir: string): Promise<{ file: string; runId: number }> {
  const file = path.join(dir, 'open.pcapng');
  copyFileSync(SAMPLE, file);
  const { runId } = await rec.engine.request('open', { path: file });
  const { error } = await rec.done(runId);
  expect(error).toBeUndefined();
  return { file, runId };
}

describe('save never destroys a file', () => {
  it('refuses the open file, by any name, and the run goes on reading it', async () => {
    const dir = folder();
    const { file, runId } = await openCopy(dir);
    linkSync(file, path.join(dir, 'alias.pcapng'));
    for (const name of [file, path.join(dir, 'alias.pcapng'), path.join(dir, '..', path.basename(dir), 'open.pcapng')]) {
      for (const overwrite of [false, true]) {
        await expect(rec.engine.request('save', { path: name, format: 'pcap', overwrite })).rejects.toMatchObject({
          code: 'FILE_SAME_AS_INPUT',
        });
      }
    }
    expect(readFileSync(file)).toEqual(sampleBytes);
    expect(readdirSync(dir).sort()).toEqual(['alias.pcapng', 'open.pcapng']);
    const p = await rec.engine.request('packet', { runId, number: 113 });
    expect(p.number).toBe(113);
    rec.engine.giveBack(p.buffer, runId, 'view');
  });

  it('an existing file: FILE_EXISTS (byte-identical after) unless overwrite, which replaces it whole', async () => {
    const dir = folder();
    await openCopy(dir);
    const out = path.join(dir, 'out.pcapng');
    writeFileSync(out, OLD);
    await expect(rec.engine.request('save', { path: out, format: 'pcapng' })).rejects.toMatchObject({
      code: 'FILE_EXISTS',
      hint: expect.stringContaining('overwrite'),
    });
    expect(readFileSync(out)).toEqual(OLD);
    expect(await rec.engine.request('save', { path: out, format: 'pcapng', overwrite: true })).toEqual({ path: out, format: 'pcapng' });
    expect(readAll(openCapture(out)).frames.length).toBe(113);
    expect(readdirSync(dir).sort()).toEqual(['open.pcapng', 'out.pcapng']);
  });

  it('a save that fails part-way (a time pcap cannot hold, at frame 8) leaves the old file as it was and no temporary file', async () => {
    const dir = folder();
    const mixed = path.join(dir, 'multi.pcapng');
    copyFileSync(path.join(ROOT, 'test/fixtures/multi-section.pcapng'), mixed);
    const { runId } = await rec.engine.request('open', { path: mixed });
    await rec.done(runId);
    const out = path.join(dir, 'out.pcap');
    writeFileSync(out, OLD);
    await expect(rec.engine.request('save', { path: out, format: 'pcap', overwrite: true })).rejects.toMatchObject({
      code: 'CAPTURE_WRITE_TIMESTAMP',
    });
    expect(readFileSync(out)).toEqual(OLD);
    expect(readdirSync(dir).sort()).toEqual(['multi.pcapng', 'out.pcap']);
  });

  it('never through a symlink, never a relative path, never into a folder that is not there', async () => {
    const dir = folder();
    await openCopy(dir);
    const target = path.join(dir, 'target.pcapng');
    writeFileSync(target, OLD);
    symlinkSync(target, path.join(dir, 'link.pcapng'));
    await expect(
      rec.engine.request('save', { path: path.join(dir, 'link.pcapng'), format: 'pcapng', overwrite: true }),
    ).rejects.toMatchObject({
      code: 'FILE_SYMLINK',
    });
    await expect(rec.engine.request('save', { path: 'relative.pcapng', format: 'pcapng' })).rejects.toMatchObject({
      code: 'FILE_RELATIVE',
    });
    await expect(rec.engine.request('save', { path: path.join(dir, 'none', 'x.pcapng'), format: 'pcapng' })).rejects.toMatchObject({
      code: 'FILE_NO_FOLDER',
    });
    expect(readFileSync(target)).toEqual(OLD);
    expect(readdirSync(dir).sort()).toEqual(['link.pcapng', 'open.pcapng', 'target.pcapng']);
  });
});

describe('only regular files are opened', () => {
  it('a named pipe, /dev/zero and a directory are refused by name; the engine keeps answering and the run goes on', async () => {
    const dir = folder();
    const { runId } = await openCopy(dir);
    const fifo = path.join(dir, 'pipe.pcapng');
    execFileSync('mkfifo', [fifo]);
    await expect(rec.engine.request('open', { path: fifo })).rejects.toMatchObject({
      code: 'FILE_NOT_REGULAR',
      what: `${fifo} is a named pipe, not a capture file`,
    });
    await expect(rec.engine.request('open', { path: '/dev/zero' })).rejects.toMatchObject({ code: 'FILE_NOT_REGULAR' });
    await expect(rec.engine.request('open', { path: dir })).rejects.toMatchObject({
      code: 'FILE_NOT_REGULAR',
      message: expect.stringContaining('is a directory'),
    });
    // Still answering, and the refused opens changed nothing: the run is the one before.
    const r = await rec.engine.request('rows', { runId, viewId: 0, first: 0, count: 1 });
    expect(r.count).toBe(1);
    rec.engine.giveBack(r.buffer, runId, 'view');
  });
});

describe("a capture's file", () => {
  it('an existing file is refused before the run changes; with overwrite it is replaced when the capture ends, never saved over', async () => {
    const saved = { module: process.env.WIREPOOL_CAP_MODULE, ms: process.env.WIREPOOL_FLOOD_MS };
    process.env.WIREPOOL_CAP_MODULE = path.join(ROOT, 'test/fixtures/flood-cap.cjs');
    process.env.WIREPOOL_FLOOD_MS = '100';
    const cap = await EngineRecorder.start();
    try {
      const dir = folder();
      const file = path.join(dir, 'live.pcapng');
      writeFileSync(file, OLD);
      await expect(cap.engine.request('captureStart', { ifaces: ['flood0'], file })).rejects.toMatchObject({ code: 'FILE_EXISTS' });
      expect(cap.of('run')).toEqual([]);
      const { runId } = await cap.engine.request('captureStart', { ifaces: ['flood0'], file, overwrite: true });
      await until(() => (cap.stats(runId).at(-1)?.packets ?? 0) > 0);
      expect(readFileSync(file)).toEqual(OLD); // the old file stays until the capture ends
      await expect(cap.engine.request('save', { path: file, format: 'pcapng', overwrite: true })).rejects.toMatchObject({
        code: 'FILE_SAME_AS_INPUT',
      });
      await cap.engine.request('captureStop', {});
      const { stats, error } = await cap.done(runId);
      expect(error).toBeUndefined();
      const back = readAll(openCapture(file));
      expect(back.error).toBeUndefined();
      expect(back.frames.length).toBe(stats.packets);
      expect(readdirSync(dir)).toEqual(['live.pcapng']);
      // The spool it was written to is the capture's file now: saving over it is refused still.
      await expect(cap.engine.request('save', { path: file, format: 'pcap', overwrite: true })).rejects.toMatchObject({
        code: 'FILE_SAME_AS_INPUT',
      });
    } finally {
      for (const [k, v] of [
        ['WIREPOOL_CAP_MODULE', saved.module],
        ['WIREPOOL_FLOOD_MS', saved.ms],
      ] as const) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
      await cap.close();
    }
  }, 60_000);
});
