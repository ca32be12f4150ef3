import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { BatchView } from '../../native-bridge/batch/index.js';
import { startEngineThread } from '../../native-bridge/host/index.js';
import { decodeHostFrame, type HostMessage } from '../../native-bridge/protocol/index.js';
import { startServe } from '../../cli/serve/server.js';
import { ROOT } from '../helpers/corpus.js';

// The real engine (EngineThread, a worker thread from dist/: npm test builds first).
const SAMPLE = path.join(ROOT, 'samples/sample.pcapng');

/** Collects host messages until `until` says stop. */
function session(url: string, send: object[], until: (m: HostMessage, all: HostMessage[]) => boolean): Promise<HostMessage[]> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.binaryType = 'arraybuffer';
    const all: HostMessage[] = [];
    ws.on('open', () => {
      for (const m of send) ws.send(JSON.stringify(m));
    });
    ws.on('message', (data: ArrayBuffer | Buffer, isBinary) => {
      const m = decodeHostFrame(isBinary ? (data as ArrayBuffer) : data.toString());
      all.push(m);
      if (until(m, all)) {
        ws.close();
        resolve(all);
      }
    });
    ws.on('error', reject);
    setTimeout(() => reject(new Error(`timed out after ${all.map((m) => m.type).join(',')}`)), 20_000).unref();
  });
}

const wsUrl = (pageUrl: string) => pageUrl.replace('http://', 'ws://').replace('/?token=', '/ws?token=');

describe('wirepool serve with the real engine', () => {
  it('hello → welcome, then the FILE replays: run, batches holding all 113 frames, done', async () => {
    const server = await startServe({
      root: path.join(ROOT, 'dist/renderer'),
      host: '127.0.0.1',
      port: 0,
      engine: startEngineThread,
      version: '1.2.3',
      file: SAMPLE,
    });
    try {
      const all = await session(wsUrl(server.url), [{ type: 'hello' }], (m) => m.type === 'done' || m.type === 'error');
      expect(all[0]).toMatchObject({
        type: 'welcome',
        protocol: 1,
        version: '1.2.3',
        desktop: false,
        capture: { available: expect.any(Boolean) },
      });
      const run = all.find((m) => m.type === 'run');
      expect(run).toMatchObject({ type: 'run', source: { kind: 'replay', name: SAMPLE, format: 'pcapng' }, speed: 'max' });
      const batches = all.filter((m): m is Extract<HostMessage, { type: 'batch' }> => m.type === 'batch');
      const numbers = batches.flatMap((b) => {
        const v = new BatchView(b.buffer);
        expect(v.count).toBe(b.count);
        return Array.from({ length: v.count }, (_, i) => v.packet(i).number);
      });
      expect(numbers).toEqual(Array.from({ length: 113 }, (_, i) => i + 1));
      // After done, one more stats may come (the run's numbers once every buffer is back).
      const done = all.find((m) => m.type === 'done')!;
      expect(done).toMatchObject({ type: 'done', stats: { packets: 113, state: 'done' } });
      expect('error' in done && done.error).toBeFalsy();
      const hits = (done as Extract<HostMessage, { type: 'done' }>).stats.pool.tiers.reduce((a, t) => a + t.hits + t.misses, 0);
      expect(hits).toBeGreaterThan(0);
      expect([...server.hosts()][0]!.pathStats()).toMatchObject({ batches: batches.length, packets: 113 });
    } finally {
      await server.close();
    }
  });

  it('fetch after the run re-sends the packets asked for (by 0-based index in the run), marked refetch', async () => {
    const server = await startServe({
      root: path.join(ROOT, 'dist/renderer'),
      host: '127.0.0.1',
      port: 0,
      engine: startEngineThread,
      version: '0',
      file: SAMPLE,
    });
    try {
      const ws = new WebSocket(wsUrl(server.url));
      ws.binaryType = 'arraybuffer';
      const all: HostMessage[] = [];
      const refetched: number[] = [];
      await new Promise<void>((resolve, reject) => {
        ws.on('open', () => ws.send(JSON.stringify({ type: 'hello' })));
        ws.on('message', (data: ArrayBuffer | Buffer, isBinary) => {
          const m = decodeHostFrame(isBinary ? (data as ArrayBuffer) : data.toString());
          all.push(m);
          if (m.type === 'done') {
            const run = all.find((x) => x.type === 'run') as Extract<HostMessage, { type: 'run' }>;
            ws.send(JSON.stringify({ type: 'fetch', runId: run.runId, first: 10, count: 5 }));
          }
          if (m.type === 'batch' && m.refetch) {
            if (refetched.length === 0) expect(m.first).toBe(10);
            const v = new BatchView(m.buffer);
            for (let i = 0; i < v.count; i++) refetched.push(v.packet(i).number);
            if (refetched.length >= 5) resolve();
          }
          if (m.type === 'error') reject(new Error(JSON.stringify(m)));
        });
        setTimeout(() => reject(new Error(`no refetch: ${all.map((x) => x.type).join(',')}`)), 15_000).unref();
      });
      ws.close();
      expect(refetched).toEqual([11, 12, 13, 14, 15]); // rows 10..14 are frames 11..15 (no filter)
    } finally {
      await server.close();
    }
  });

  it('a file that is not a capture ends in a readable error', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'wirepool-serve-bad-'));
    const bad = path.join(dir, 'notes.pcap');
    writeFileSync(bad, 'this is not a capture file, just some text that is long enough');
    const server = await startServe({
      root: path.join(ROOT, 'dist/renderer'),
      host: '127.0.0.1',
      port: 0,
      engine: startEngineThread,
      version: '0',
    });
    try {
      const all = await session(
        wsUrl(server.url),
        [{ type: 'hello' }, { type: 'open', path: bad }],
        (m) => m.type === 'error' || (m.type === 'done' && m.error !== undefined),
      );
      const last = all.at(-1)!;
      const error = (last as { error: { code: string; message: string } }).error;
      expect(error.code).toMatch(/^CAPTURE_/);
      expect(error.message).toContain('notes.pcap');
    } finally {
      await server.close();
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
