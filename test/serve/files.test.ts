/**
 * Serve mode over a real WebSocket with the real engine: pages read and write only inside the
 * server's folders (`--root`), nothing is overwritten unasked, the open file never, a named
 * pipe never blocks the server, and refusals echo no bytes of a file outside the folders.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FolderRule, startEngineThread } from '../../native-bridge/host/index.js';
import { startServe, type ServeHandle } from '../../cli/serve/server.js';
import { ROOT } from '../helpers/corpus.js';
import { SAMPLE } from '../helpers/engine.js';
import { until } from '../helpers/wait.js';
import { type ReplyMessage, WsClient, wsUrl } from './ws-client.js';

const base = realpathSync(mkdtempSync(path.join(tmpdir(), 'wirepool-serve-files-')));
/** The one folder the server allows. */
const allowed = path.join(base, 'allowed');
/** A folder beside it, not allowed. */
const outside = path.join(base, 'outside');
const OLD = Buffer.from('an old file that must survive every refused save\n');
const sampleBytes = readFileSync(SAMPLE);

let server: ServeHandle;
let page: WsClient;
beforeAll(async () => {
  mkdirSync(allowed);
  mkdirSync(outside);
  server = await startServe({
    root: path.join(ROOT, 'dist/renderer'),
    host: '127.0.0.1',
    port: 0,
    engine: startEngineThread,
    version: '0',
    paths: new FolderRule([allowed]),
  });
  page = await WsClient.connect(wsUrl(server.url));
  await page.result('hello');
});
afterAll(async () => {
  await page.close();
  await server.close();
  rmSync(base, { recursive: true, force: true });
});

const errorOf = (r: ReplyMessage) => ('error' in r ? r.error : undefined);

/** Opens a copy of the sample inside the allowed folder; resolves once its replay is done. */
async function openCopy(name: string): Promise<{ file: string; runId: number }> {
  const file = path.join(allowed, name);
  copyFileSync(SAMPLE, file);
  const { runId } = await page.result('open', { path: file });
  await until(() => page.of('done').some((d) => d.stats.runId === runId), 30_000);
  return { file, runId };
}

describe('serve mode: the folders a page may use', () => {
  it('opening outside the folders is refused, names the folders and the option, and shows no byte of the file', async () => {
    for (const p of ['/etc/passwd', '/etc/shadow', path.join(outside, 'x.pcap'), `${allowed}/../outside/x.pcap`]) {
      const e = errorOf(await page.ask('open', { path: p }));
      expect(e).toMatchObject({
        code: 'FILE_OUTSIDE_ROOTS',
        message: expect.stringContaining(allowed),
        hint: expect.stringContaining('--root'),
      });
      expect(JSON.stringify(e)).not.toMatch(/bytes|72 6f 6f 74/);
    }
  });

  it('a symlinked folder inside cannot lead out, for reading or writing', async () => {
    writeFileSync(path.join(outside, 'secret.pcap'), 'root:x:0:0');
    symlinkSync(outside, path.join(allowed, 'door'));
    expect(errorOf(await page.ask('open', { path: path.join(allowed, 'door', 'secret.pcap') }))).toMatchObject({
      code: 'FILE_OUTSIDE_ROOTS',
    });
    await openCopy('for-door.pcapng');
    expect(errorOf(await page.ask('save', { path: path.join(allowed, 'door', 'new.pcap'), format: 'pcap' }))).toMatchObject({
      code: 'FILE_OUTSIDE_ROOTS',
    });
    expect(readdirSync(outside)).toEqual(['secret.pcap']);
  });

  it('a file inside that is not a capture says so with at most its 4-byte magic', async () => {
    const notes = path.join(allowed, 'notes.pcap');
    writeFileSync(notes, 'root:x:0:0:root:/root:/bin/bash\n');
    const e = errorOf(await page.ask('open', { path: notes }));
    expect(e).toMatchObject({ code: 'CAPTURE_BAD_MAGIC', message: expect.stringContaining('72 6f 6f 74') });
    expect(JSON.stringify(e)).not.toMatch(/3a 78|root:x/);
  });
});

describe('serve mode: save never destroys a file', () => {
  it('over the open file: refused, byte-identical, and the run goes on', async () => {
    const { file, runId } = await openCopy('open.pcapng');
    for (const overwrite of [false, true]) {
      expect(errorOf(await page.ask('save', { path: file, format: 'pcapng', overwrite }))).toMatchObject({ code: 'FILE_SAME_AS_INPUT' });
    }
    expect(readFileSync(file)).toEqual(sampleBytes);
    const r = await page.ask('packet', { runId, number: 113 });
    expect(errorOf(r)).toBeUndefined();
  });

  it('an existing file: FILE_EXISTS until the request says overwrite; then replaced whole', async () => {
    await openCopy('source.pcapng');
    const out = path.join(allowed, 'exists.pcap');
    writeFileSync(out, OLD);
    expect(errorOf(await page.ask('save', { path: out, format: 'pcap' }))).toMatchObject({ code: 'FILE_EXISTS' });
    expect(readFileSync(out)).toEqual(OLD);
    expect(await page.result('save', { path: out, format: 'pcap', overwrite: true })).toEqual({ path: out, format: 'pcap' });
    expect(readFileSync(out).subarray(0, 4).toString('hex')).toBe('4d3cb2a1'); // pcap, nanoseconds
  });

  it('relative paths, non-capture names, symlinks and system folders are refused; nothing is written', async () => {
    await openCopy('src2.pcapng');
    const before = readdirSync(allowed).sort();
    const target = path.join(allowed, 'target.pcapng');
    writeFileSync(target, OLD);
    symlinkSync(target, path.join(allowed, 'link.pcapng'));
    const cases: [string, string][] = [
      ['out.pcapng', 'FILE_RELATIVE'],
      ['../out.pcapng', 'FILE_RELATIVE'],
      [path.join(allowed, 'profile.sh'), 'FILE_BAD_NAME'],
      [path.join(allowed, 'link.pcapng'), 'FILE_SYMLINK'],
      ['/etc/wirepool.pcap', 'FILE_OUTSIDE_ROOTS'],
      [`${allowed}/../outside/out.pcap`, 'FILE_OUTSIDE_ROOTS'],
    ];
    for (const [p, code] of cases) {
      expect(errorOf(await page.ask('save', { path: p, format: 'pcapng', overwrite: true })), p).toMatchObject({ code });
    }
    expect(readFileSync(target)).toEqual(OLD);
    expect(readdirSync(allowed).sort()).toEqual([...before, 'link.pcapng', 'target.pcapng'].sort());
    expect(readdirSync(outside)).not.toContain('out.pcap');
  });

  it("a capture's file that exists is refused before anything starts", async () => {
    const file = path.join(allowed, 'live.pcapng');
    writeFileSync(file, OLD);
    expect(errorOf(await page.ask('captureStart', { ifaces: ['lo'], file }))).toMatchObject({ code: 'FILE_EXISTS' });
    expect(errorOf(await page.ask('captureStart', { ifaces: ['lo'], file: '/etc/live.pcapng' }))).toMatchObject({
      code: 'FILE_OUTSIDE_ROOTS',
    });
    expect(readFileSync(file)).toEqual(OLD);
  });
});

describe('serve mode: only regular files', () => {
  it('a named pipe, a device and a directory are refused at once, and the server goes on answering', async () => {
    const fifo = path.join(allowed, 'pipe.pcapng');
    execFileSync('mkfifo', [fifo]);
    for (let i = 0; i < 3; i++) {
      expect(errorOf(await page.ask('open', { path: fifo }, 5000))).toMatchObject({
        code: 'FILE_NOT_REGULAR',
        message: `${fifo} is a named pipe, not a capture file`,
      });
    }
    expect(errorOf(await page.ask('open', { path: allowed }, 5000))).toMatchObject({ code: 'FILE_NOT_REGULAR' });
    const dev = new FolderRule([allowed]);
    await expect(dev.check('read', '/dev/zero')).rejects.toMatchObject({ code: 'FILE_OUTSIDE_ROOTS' });
    // Still answering: another page, and a file that opens.
    const other = await WsClient.connect(wsUrl(server.url));
    try {
      await other.result('hello');
      const { runId } = await other.result('open', { path: (await openCopy('after-pipe.pcapng')).file });
      expect(runId).toBeGreaterThan(0);
    } finally {
      await other.close();
    }
  });
});
