/**
 * Serve mode's backpressure: a page that asks for rows and does not read its socket. The host
 * takes no more requests once its socket's queue passes the high-water mark, so what it has
 * queued stays far below what was asked; once the page reads, every reply arrives, in order.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeCapture } from '../../native-bridge/generate/index.js';
import { startEngineThread } from '../../native-bridge/host/index.js';
import { startServe } from '../../cli/serve/server.js';
import { ROOT } from '../helpers/corpus.js';
import { testRoots } from '../helpers/roots.js';
import { decodeRows } from '../helpers/engine.js';
import { until } from '../helpers/wait.js';
import { type ReplyMessage, WsClient, wsUrl } from './ws-client.js';

const MiB = 1024 * 1024;
const PACKETS = 20_000;
/** Requests of as many rows as fit a reply (a 256 KiB view-pool buffer: about 2000 rows of this file). */
const REQUESTS = 400;

const dir = mkdtempSync(path.join(tmpdir(), 'wirepool-backpressure-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('serve mode backpressure', () => {
  it('takes no more requests while a page does not read, and answers every one once it does', async () => {
    const file = path.join(dir, 'small.pcapng');
    writeCapture(file, { profile: 'small', packets: PACKETS, seed: 2 });
    const server = await startServe({
      root: path.join(ROOT, 'dist/renderer'),
      host: '127.0.0.1',
      port: 0,
      engine: startEngineThread,
      version: '0',
      highWaterBytes: 1 * MiB,
      paths: testRoots(),
    });
    try {
      const page = await WsClient.connect(wsUrl(server.url));
      const { runId } = await page.result('open', { path: file });
      await until(() => page.of('done').length > 0, 60_000);
      expect(page.of('done')[0]!.stats.packets).toBe(PACKETS);
      const one = await page.result('rows', { runId, viewId: 0, first: 0, count: 10_000 });
      const perReply = one.buffer.byteLength;
      expect(one.count).toBeGreaterThan(1000);
      // The page stops reading and asks for far more than the kernel's socket buffers hold.
      page.ws.pause();
      const ids = Array.from({ length: REQUESTS }, (_, k) =>
        page.send('rows', { runId, viewId: 0, first: (k * one.count) % (PACKETS - one.count), count: one.count }),
      );
      const asked = REQUESTS * perReply;
      // Wait until the relay stalls, whenever the requests got going.
      const app = [...server.hosts()][0]!;
      let held = -1;
      for (const deadline = Date.now() + 30_000; Date.now() < deadline; ) {
        const before = app.pathStats().bytes;
        await new Promise((r) => setTimeout(r, 300));
        held = app.pathStats().bytes;
        if (held > MiB && held === before) break; // past the high-water mark and no longer moving
      }
      // 1 MiB high water plus what the kernel's socket buffers took: far from what was asked.
      expect(asked).toBeGreaterThan(90 * MiB);
      expect(held).toBeGreaterThan(MiB);
      expect(held).toBeLessThan(40 * MiB);
      page.ws.resume();
      await until(() => page.reply(ids.at(-1)!) !== undefined, 120_000);
      const replies = ids.map((id) => page.reply(id));
      expect(replies.every((r) => r !== undefined && 'result' in r)).toBe(true);
      // In order, each the rows it asked for.
      const replyIds = page.got.filter((m): m is ReplyMessage => m.type === 'reply').map((m) => m.id);
      expect(replyIds.slice(-REQUESTS)).toEqual(ids);
      for (const k of [0, 1, REQUESTS - 1]) {
        const r = replies[k] as ReplyMessage & { result: { first: number; count: number; buffer: ArrayBuffer } };
        const rows = decodeRows(r.result.buffer);
        expect(rows.length).toBe(r.result.count);
        expect(r.result.count).toBeGreaterThan(1000); // as many as fit one reply
        expect(rows[0]![0]).toBe(r.result.first + 1);
      }
      expect(app.pathStats().bytes).toBeGreaterThan(asked * 0.9);
      await page.close();
    } finally {
      await server.close();
    }
  });
});
