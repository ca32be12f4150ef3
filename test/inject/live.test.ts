import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BatchView } from '../../native-bridge/batch/index.js';
import { FrameLayout, Rewriter, locate } from '../../native-bridge/craft/index.js';
import { captureAvailability } from '../../native-bridge/capture/index.js';
import { EngineThread } from '../../native-bridge/engine/index.js';
import { openCapture, PcapWriter } from '../../native-bridge/formats/index.js';
import { writeCapture } from '../../native-bridge/generate/index.js';
import { inject } from '../../native-bridge/inject/index.js';
import type { ErrorInfo, RunStats } from '../../native-bridge/protocol/index.js';
import { dissect, verifyChecksums } from '../craft/helpers.js';
import { ROOT, readAll } from '../helpers/corpus.js';
import { until } from '../helpers/wait.js';

// Real sends onto lo while Wirepool captures lo. Every frame's destination is rewritten to
// 127.0.0.1 or ::1, its ports to 9 (discard: no socket of another test can receive them, no
// port filter of another capture matches them) and its source MAC to a marker the capture
// filter selects, so nothing leaves the machine and only our frames are compared.
const available = captureAvailability();
const tmp = mkdtempSync(path.join(os.tmpdir(), 'wirepool-inject-live-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const MARK = '02:77:77:77:77:77';
const chunks = <T>(all: readonly T[], n: number): T[][] =>
  Array.from({ length: Math.ceil(all.length / n) }, (_, k) => all.slice(k * n, k * n + n));
const REWRITE = `ip.dst=127.0.0.1,ip.src=127.0.0.2,ipv6.dst=::1,ipv6.src=::1,tcp.srcport=9,tcp.dstport=9,udp.srcport=9,udp.dstport=9,eth.src=${MARK},eth.dst=00:00:00:00:00:00`;

/**
 * Captures lo (our marked frames only) around `send`, returning every frame's bytes; stops once
 * `expected` frames arrived (or a deadline that only bounds a hang passed: the caller's
 * assertions then say what is missing). `send` gets the frames captured so far, to pace itself.
 *
 * The kernel ring of 32 MiB has about 500 slots of 64 KiB, and on lo every frame takes two (the
 * copy going out, which libpcap then skips, and the one coming in): about 250 frames fit while
 * the engine worker does not get the CPU. A sender of more waits for the capture between parts.
 */
async function captureAround(
  expected: number,
  send: (captured: readonly Uint8Array[]) => Promise<void>,
): Promise<{ frames: Uint8Array[]; stats: RunStats; error?: ErrorInfo }> {
  const frames: Uint8Array[] = [];
  let opened!: () => void;
  let finished!: (d: { stats: RunStats; error?: ErrorInfo }) => void;
  const open = new Promise<void>((r) => (opened = r));
  const done = new Promise<{ stats: RunStats; error?: ErrorInfo }>((r) => (finished = r));
  const host: EngineThread = await EngineThread.start({
    batch: (b) => {
      const v = new BatchView(b.buffer);
      for (let i = 0; i < v.count; i++) frames.push(v.packet(i).data.slice());
      host.giveBack(b.buffer, b.runId);
    },
    event: (e) => {
      if (e.type === 'run') opened();
      else if (e.type === 'done') finished(e.error ? { stats: e.stats, error: e.error } : { stats: e.stats });
    },
  });
  try {
    await host.capture({ ifaces: ['lo'], filter: `ether src ${MARK}`, bufferSize: 32 << 20 });
    await open;
    await send(frames);
    await until(() => frames.length >= expected, 30_000);
    await host.stop();
    return { frames, ...(await done) };
  } finally {
    await host.close();
  }
}

describe.skipIf(!available.available)(`inject onto lo, captured by Wirepool (${available.reason ?? 'root and cap present'})`, () => {
  it('every frame arrives, identical to the original apart from the rewritten fields, checksums valid', async () => {
    const file = path.join(tmp, 'small.pcap');
    writeCapture(file, { profile: 'small', packets: 500, seed: 11 });
    // Sent in five files of 100 frames, each once the capture has taken in the one before (see
    // captureAround): a ring overflow would lose frames however fast the engine usually is.
    const parts = chunks(readAll(openCapture(file)).frames, 100).map((frames, k) => {
      const part = path.join(tmp, `small-${k}.pcap`);
      const w = new PcapWriter(part, { linkType: 1, nanosecond: true });
      for (const f of frames) w.write(f, f.bytes);
      w.close();
      return part;
    });
    let sent = 0;
    const got = await captureAround(500, async (captured) => {
      for (const part of parts) {
        const s = await inject({ iface: 'lo', file: part, pps: 20_000, rewrite: REWRITE });
        expect(s).toMatchObject({ failed: 0, skippedMtu: 0, linkType: 1, mtu: 65536 });
        sent += s.sent;
        await until(() => captured.length >= sent, 30_000);
      }
    });
    expect(got.error).toBeUndefined();
    expect(sent).toBe(500);
    const rw = Rewriter.parse(REWRITE);
    const L = new FrameLayout();
    const want = readAll(openCapture(file)).frames.map((f) => {
      const b = f.bytes.slice();
      rw.apply(b, locate(b, 1, L));
      return b;
    });
    expect(got.frames).toHaveLength(want.length);
    for (const [i, b] of got.frames.entries()) {
      expect(b, `frame ${i + 1}`).toEqual(want[i]);
      expect(Object.values(verifyChecksums(dissect(b), b)).every(Boolean), `frame ${i + 1}`).toBe(true);
    }
  });

  it('bin/wirepool inject on lo at max speed: summary as JSON; loopback bulk frames of up to 64 KiB arrive whole', async () => {
    const file = path.join(tmp, 'large.pcapng');
    writeCapture(file, { profile: 'large', packets: 200, seed: 4 });
    let out = '';
    const got = await captureAround(200, async () => {
      const r = spawnSync(path.join(ROOT, 'bin/wirepool'), ['inject', '-i', 'lo', file, '--speed', 'max', '--rewrite', REWRITE, '--json'], {
        encoding: 'utf8',
      });
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      out = r.stdout;
    });
    const s = JSON.parse(out) as { sent: number; failed: number; bytes: number };
    expect(s).toMatchObject({ sent: 200, failed: 0 });
    expect(got.frames).toHaveLength(200);
    expect(got.frames.reduce((n, b) => n + b.length, 0)).toBe(s.bytes);
    expect(Math.max(...got.frames.map((b) => b.length))).toBeGreaterThan(16 * 1024);
  });

  it("an unknown interface fails with the capture module's error and fix", async () => {
    await expect(inject({ iface: 'wp-nosuch0', file: path.join(ROOT, 'samples/sample.pcapng') })).rejects.toMatchObject({
      code: 'CAPTURE_NO_INTERFACE',
    });
  });
});
