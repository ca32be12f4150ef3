import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startEngineThread } from '../../native-bridge/host/index.js';
import { decodeHostFrame, type HostMessage } from '../../native-bridge/protocol/index.js';
import { startServe } from '../../cli/serve/server.js';
import { ROOT } from '../helpers/corpus.js';

const FRAMES = 75_000;
const FRAME_BYTES = 1400;
const MiB = 1024 * 1024;

/** A little-endian microsecond pcap of FRAMES Ethernet frames (about 106 MB). */
function bigPcap(file: string): void {
  const record = 16 + FRAME_BYTES;
  const buf = Buffer.alloc(24 + FRAMES * record);
  buf.writeUInt32LE(0xa1b2c3d4, 0);
  buf.writeUInt16LE(2, 4);
  buf.writeUInt16LE(4, 6);
  buf.writeUInt32LE(65535, 16);
  buf.writeUInt32LE(1, 20);
  for (let i = 0; i < FRAMES; i++) {
    const at = 24 + i * record;
    buf.writeUInt32LE(1_700_000_000 + Math.floor(i / 1000), at);
    buf.writeUInt32LE((i % 1000) * 1000, at + 4);
    buf.writeUInt32LE(FRAME_BYTES, at + 8);
    buf.writeUInt32LE(FRAME_BYTES, at + 12);
    buf.writeUInt16BE(0x0800, at + 16 + 12); // ethertype IPv4 (the rest zero: not dissected here)
  }
  writeFileSync(file, buf);
}

async function waitForHost<T>(hosts: () => ReadonlySet<T>): Promise<T> {
  while (hosts().size === 0) await new Promise((r) => setTimeout(r, 20));
  return [...hosts()][0]!;
}

const dir = mkdtempSync(path.join(tmpdir(), 'wirepool-backpressure-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('serve mode backpressure', () => {
  it('holds the engine while a page does not read, and delivers everything once it does', async () => {
    const file = path.join(dir, 'big.pcap');
    bigPcap(file);
    const server = await startServe({
      root: path.join(ROOT, 'dist/renderer'),
      host: '127.0.0.1',
      port: 0,
      engine: startEngineThread,
      version: '0',
      highWaterBytes: 1 * MiB,
    });
    try {
      const ws = new WebSocket(server.url.replace('http://', 'ws://').replace('/?token=', '/ws?token='));
      ws.binaryType = 'arraybuffer';
      let packets = 0;
      const done = new Promise<HostMessage>((resolve, reject) => {
        ws.on('message', (data: ArrayBuffer | Buffer, isBinary) => {
          const m = decodeHostFrame(isBinary ? (data as ArrayBuffer) : data.toString());
          if (m.type === 'run') ws.pause(); // the page stops reading
          if (m.type === 'batch') packets += m.count;
          if (m.type === 'done') resolve(m);
          if (m.type === 'error') reject(new Error(JSON.stringify(m)));
        });
      });
      await new Promise((r) => ws.once('open', r));
      ws.send(JSON.stringify({ type: 'hello' }));
      ws.send(JSON.stringify({ type: 'open', path: file }));
      // Wait until the relay stalls (the engine is held), whenever the run got going.
      const app = await waitForHost(() => server.hosts());
      let held = -1;
      for (const deadline = Date.now() + 15_000; Date.now() < deadline; ) {
        const before = app.pathStats().bytes;
        await new Promise((r) => setTimeout(r, 300));
        held = app.pathStats().bytes;
        if (held > 0 && held === before) break;
      }
      // 1 MiB high water plus what the kernel's socket buffers took: far from the 106 MB file.
      expect(held).toBeGreaterThan(0);
      expect(held).toBeLessThan(40 * MiB);
      ws.resume();
      const end = await done;
      expect(end).toMatchObject({ type: 'done', stats: { packets: FRAMES } });
      expect((end as { error?: unknown }).error).toBeUndefined();
      expect(packets).toBe(FRAMES);
      expect(app.pathStats().bytes).toBeGreaterThan(FRAMES * FRAME_BYTES);
      ws.close();
    } finally {
      await server.close();
    }
  });
});
