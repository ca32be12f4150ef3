import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BatchView } from '../../native-bridge/batch/index.js';
import { startEngineThread } from '../../native-bridge/host/index.js';
import { PROTOCOL_VERSION } from '../../native-bridge/protocol/index.js';
import { startServe } from '../../cli/serve/server.js';
import { ROOT } from '../helpers/corpus.js';
import { testRoots } from '../helpers/roots.js';
import { SAMPLE, decodeRows, readRows } from '../helpers/engine.js';
import { until } from '../helpers/wait.js';
import { type ReplyMessage, WsClient, wsUrl } from './ws-client.js';

// The real engine (EngineThread, a worker thread from dist/: npm test builds first).

const serve = (more: Partial<Parameters<typeof startServe>[0]> = {}) =>
  startServe({
    root: path.join(ROOT, 'dist/renderer'),
    host: '127.0.0.1',
    port: 0,
    engine: startEngineThread,
    version: '1.2.3',
    paths: testRoots(),
    ...more,
  });

describe('wirepool serve with the real engine', () => {
  it('hello, then the FILE replays: run, view, done; a rows reply is a binary frame that decodes to `wirepool read`s rows, every frame', async () => {
    const server = await serve({ file: SAMPLE });
    try {
      const page = await WsClient.connect(wsUrl(server.url));
      expect(await page.result('hello')).toMatchObject({ protocol: PROTOCOL_VERSION, version: '1.2.3', desktop: false });
      await until(() => page.of('done').length > 0, 30_000);
      const run = page.of('run')[0]!;
      expect(run).toMatchObject({ source: { kind: 'replay', name: SAMPLE, format: 'pcapng' }, speed: 'max' });
      expect(page.of('done')[0]!.stats).toMatchObject({ runId: run.runId, packets: 113, state: 'done' });
      expect(page.of('done')[0]!.error).toBeUndefined();
      expect(page.of('view').at(-1)!.view).toMatchObject({ runId: run.runId, packets: 113, displayed: 113 });
      const rows = [];
      for (let first = 0; first < 113; first += 30) {
        const id = page.send('rows', { runId: run.runId, viewId: 0, first, count: 30 });
        await until(() => page.reply(id) !== undefined);
        const at = page.got.indexOf(page.reply(id)!);
        expect(page.binary[at]).toBe(true);
        const r = page.reply(id) as ReplyMessage & { result: { buffer: ArrayBuffer; count: number } };
        expect(r.result).toMatchObject({ runId: run.runId, viewId: 0, first, count: Math.min(30, 113 - first) });
        rows.push(...decodeRows(r.result.buffer));
      }
      expect(rows).toEqual(readRows(SAMPLE));
      const p = await page.result('packet', { runId: run.runId, number: 11 });
      expect(new BatchView(p.buffer).packet(0)).toMatchObject({ number: 11, wireLen: 54 });
      expect(p.nodes.find((n) => n.abbrev === 'tcp.seq')?.label).toMatch(/^Sequence Number: 94/);
      // Only a reply's used bytes crossed: what the host relayed is what the page got.
      const relayed = [...server.hosts()][0]!.pathStats();
      expect(relayed.batches).toBe(5);
      await page.close();
    } finally {
      await server.close();
    }
  });

  it('a filter nested 2,000 deep is an error reply with the filter error code, not HOST_INTERNAL; the run goes on', async () => {
    const server = await serve({ file: SAMPLE });
    try {
      const page = await WsClient.connect(wsUrl(server.url));
      await page.result('hello');
      await until(() => page.of('done').length > 0, 30_000);
      const { runId } = page.of('run')[0]!;
      // Under the protocol's 4096-character limit on a filter, deep enough to have overflowed the stack.
      for (const filter of [`${'('.repeat(2000)}ip${')'.repeat(2000)}`, `${'len('.repeat(800)}ip${')'.repeat(800)} > 0`]) {
        const r = await page.ask('filter', { runId, filter });
        expect(r).toMatchObject({
          op: 'filter',
          error: { code: 'FILTER_SYNTAX', message: expect.stringMatching(/^filter:\d+: the filter nests too deeply/) },
        });
      }
      const { viewId } = await page.result('filter', { runId, filter: `${'!'.repeat(4000)}udp` });
      await until(() => page.of('view').some((v) => v.view.viewId === viewId && v.view.scanned === 113), 30_000);
      expect(page.of('view').find((v) => v.view.viewId === viewId && v.view.scanned === 113)!.view.displayed).toBeGreaterThan(0);
      await page.close();
    } finally {
      await server.close();
    }
  });

  it('a file that is not a capture: its open request is answered with a readable error; a missing FILE with a notice', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'wirepool-serve-bad-'));
    const bad = path.join(dir, 'notes.pcap');
    writeFileSync(bad, 'this is not a capture file, just some text that is long enough');
    const server = await serve({ file: path.join(dir, 'gone.pcapng') });
    try {
      const page = await WsClient.connect(wsUrl(server.url));
      await page.result('hello');
      await until(() => page.of('error').length > 0);
      expect(page.of('error')[0]!.error).toMatchObject({
        code: expect.stringMatching(/^CAPTURE_/),
        message: expect.stringContaining('gone.pcapng'),
      });
      const r = await page.ask('open', { path: bad });
      expect(r).toMatchObject({
        op: 'open',
        error: { code: expect.stringMatching(/^CAPTURE_/), message: expect.stringContaining('notes.pcap') },
      });
      expect(page.of('run')).toEqual([]);
      await page.close();
    } finally {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('bin/wirepool serve', () => {
  let child: ChildProcess | undefined;
  afterAll(() => void child?.kill('SIGTERM'));

  it('prints a parseable URL line, serves the page with the token, refuses it without, and stops on SIGTERM', async () => {
    child = spawn(process.execPath, ['bin/wirepool', 'serve', 'samples/sample.pcapng', '--port', '0'], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    const url = await new Promise<string>((resolve, reject) => {
      child!.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /^wirepool: serving on (http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)$/m.exec(out);
        if (m) resolve(m[1]!);
      });
      child!.on('exit', (code) => reject(new Error(`exited ${code}: ${out}`)));
    });
    const page = await fetch(url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="root">');
    expect((await fetch(url.replace(/\?token=.*/, ''))).status).toBe(403);
    const code = await new Promise<number | null>((resolve) => {
      child!.on('exit', resolve);
      child!.kill('SIGTERM');
    });
    expect(code).toBe(0);
    child = undefined;
  });

  it('warns when bound to another address than loopback, and refuses a missing FILE', async () => {
    const run = (args: string[]) =>
      new Promise<{ code: number | null; err: string; out: string }>((resolve) => {
        const c = spawn(process.execPath, ['bin/wirepool', 'serve', ...args], { cwd: ROOT });
        let err = '';
        let out = '';
        c.stderr.on('data', (d: Buffer) => (err += d.toString()));
        c.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          if (out.includes('serving on')) c.kill('SIGTERM');
        });
        c.on('exit', (code) => resolve({ code, err, out }));
      });
    const wide = await run(['--host', '0.0.0.0', '--port', '0']);
    expect(wide.err).toMatch(/warning: serving on 0\.0\.0\.0/);
    expect(wide.out).toMatch(/serving on http:\/\/127\.0\.0\.1:\d+\/\?token=/);
    const missing = await run(['/no/such/file.pcap']);
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/no such file/);
    const badHost = await run(['--host', 'evil.example']);
    expect(badHost.code).toBe(2);
  });
});
