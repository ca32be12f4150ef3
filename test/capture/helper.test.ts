/**
 * The capture helper (vendor/cap/src/capture_helper.c) and HelperCapture: capture on lo through
 * a separate process, as root and, with the helper's file capabilities, as `nobody`.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { BatchView } from '../../native-bridge/batch/index.js';
import {
  type CaptureError,
  type CapturedBatch,
  HelperCapture,
  type HelperOptions,
  helperAvailability,
  helperPath,
  pcapngHead,
} from '../../native-bridge/capture/index.js';
import { BufferPool } from '../../native-bridge/pool/index.js';
import { ROOT } from '../helpers/corpus.js';
import { until } from '../helpers/wait.js';
import { dissect, sendUdp, udpFlood, udpSink } from './traffic.js';

const helper = helperPath();
const isRoot = process.getuid?.() === 0;
const availability = helper === undefined ? { available: false, reason: 'the helper was not built' } : helperAvailability();
const canCapture = isRoot && availability.available;
const why = canCapture ? 'root, helper built' : (availability.reason ?? 'not root');
const tmp = mkdtempSync(path.join(tmpdir(), 'wirepool-helper-'));
chmodSync(tmp, 0o755);
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

interface Got {
  sec: number;
  nsec: number;
  capLen: number;
  wireLen: number;
  linkType: number;
  iface: number;
  bytes: Uint8Array;
}

/** A capture through the helper that copies every packet out and releases each batch at once. */
async function record(o: Partial<HelperOptions> & { iface?: string }) {
  const pool = new BufferPool();
  const packets: Got[] = [];
  const bodies: Uint8Array[] = [];
  const errors: CaptureError[] = [];
  let batches = 0;
  let afterClose = 0;
  let closed = false;
  const onBatch = (b: CapturedBatch): void => {
    if (closed) afterClose++;
    batches++;
    const v = new BatchView(b.lease.buffer);
    expect(v.count).toBe(b.count);
    for (let i = 0; i < v.count; i++) {
      const p = v.packet(i);
      packets.push({
        sec: p.sec,
        nsec: p.nsec,
        capLen: p.capLen,
        wireLen: p.wireLen,
        linkType: p.linkType,
        iface: p.interfaceId,
        bytes: p.data.slice(),
      });
    }
    bodies.push(b.lease.bytes.slice(32, 32 + b.dataBytes));
    b.lease.release();
  };
  // Not immediate: TPACKET_V3 blocks hold packets at their size. (Immediate mode's V2 slots are
  // snaplen-sized: libpcap's default 2 MiB is ~30 of them, and lo uses two a packet.)
  const capture = await HelperCapture.open({ iface: 'lo', bufferSize: 16 << 20, ...o }, pool, onBatch, (e) => errors.push(e));
  return {
    capture,
    pool,
    packets,
    bodies,
    errors,
    get batches() {
      return batches;
    },
    get afterClose() {
      return afterClose;
    },
    close() {
      closed = true;
      capture.close();
    },
  };
}

function gone(pid: number | undefined): boolean {
  if (pid === undefined) return true;
  try {
    process.kill(pid, 0);
    return false;
  } catch {
    return true;
  }
}

describe.skipIf(!canCapture)(`capture through the helper on lo (${why})`, () => {
  it('delivers UDP datagrams in order with their lengths, ns timestamps and valid pcapng blocks', async () => {
    const sink = await udpSink();
    const sizes = Array.from({ length: 300 }, (_, i) => 1 + ((i * 37) % 1400));
    const r = await record({ filter: `udp dst port ${sink.port}`, interfaceId: 3 });
    expect(r.capture.linkType).toBe(1); // Ethernet framing on lo
    expect(r.capture.snaplen).toBe(65535);
    expect(r.capture.libpcapVersion).toMatch(/libpcap/);
    const t0 = Date.now() / 1000;
    await sendUdp(sink.port, sizes, 20, (sent) => until(() => r.packets.length >= sent, 5000));
    await until(() => r.packets.length >= sizes.length, 10_000);
    const t1 = Date.now() / 1000;
    await until(() => r.capture.kernelCounts() !== undefined, 2000);
    const counts = r.capture.kernelCounts();
    r.close();
    await r.capture.exited;
    await sink.close();

    expect(r.packets.length).toBe(sizes.length);
    expect(r.errors).toEqual([]);
    expect(counts?.received).toBeGreaterThanOrEqual(sizes.length);
    expect(counts?.dropped).toBe(0);
    let last = 0;
    let notMicro = 0;
    r.packets.forEach((p, i) => {
      const d = dissect(p.bytes);
      expect(d?.proto).toBe(17);
      expect(d?.payload).toBe(sizes[i]);
      expect(p.bytes[42]).toBe(i & 0xff); // sendUdp fills datagram i with i & 0xff: in order
      expect(p.capLen).toBe(42 + sizes[i]!);
      expect(p.wireLen).toBe(42 + sizes[i]!);
      expect(p.linkType).toBe(1);
      expect(p.iface).toBe(3);
      expect(p.nsec).toBeLessThan(1e9);
      const t = p.sec + p.nsec / 1e9;
      expect(t).toBeGreaterThanOrEqual(t0 - 1);
      expect(t).toBeLessThanOrEqual(t1 + 1);
      expect(t).toBeGreaterThanOrEqual(last);
      last = t;
      if (p.nsec % 1000 !== 0) notMicro++;
    });
    expect(notMicro).toBeGreaterThan(0); // nanosecond stamps, not microseconds × 1000

    // The bodies are pcapng blocks as they are: SHB + IDB (if_tsresol 9) + bodies is a file.
    const file = path.join(tmp, 'helper.pcapng');
    // The blocks say interface 3: give the file four IDBs so tshark finds it.
    const head = pcapngHead(
      Array.from({ length: 4 }, () => ({ linkType: 1, snaplen: 65535, name: 'lo' })),
      'wirepool test',
    );
    writeFileSync(file, Buffer.concat([head, ...r.bodies]));
    if (spawnSync('tshark', ['-v']).status === 0) {
      const out = execFileSync('tshark', ['-r', file, '-T', 'fields', '-e', 'frame.len', '-e', 'frame.cap_len'], { encoding: 'utf8' });
      const rows = out.trim().split('\n');
      expect(rows.length).toBe(sizes.length);
      expect(rows).toEqual(sizes.map((s) => `${42 + s}\t${42 + s}`));
    }
  });

  it('captures in a worker thread', async () => {
    const dist = path.join(ROOT, 'dist/native-bridge/capture/helper-capture.js');
    if (!existsSync(dist) || statSync(dist).mtimeMs < statSync(path.join(ROOT, 'native-bridge/capture/helper-capture.ts')).mtimeMs) {
      console.warn('skipped: dist is missing or older than the source (npm run build)');
      return;
    }
    const { Worker } = await import('node:worker_threads');
    const sink = await udpSink();
    const code = `
      import { parentPort } from 'node:worker_threads';
      import { HelperCapture } from ${JSON.stringify(pathToFileURL(path.join(ROOT, 'dist/native-bridge/capture/index.js')).href)};
      import { BufferPool } from ${JSON.stringify(pathToFileURL(path.join(ROOT, 'dist/native-bridge/pool/index.js')).href)};
      let n = 0;
      const c = await HelperCapture.open({ iface: 'lo', bufferSize: 16 << 20, filter: 'udp dst port ${sink.port}' }, new BufferPool(),
        (b) => { n += b.count; b.lease.release(); }, (e) => parentPort.postMessage({ error: e.message }));
      parentPort.postMessage({ opened: c.linkType });
      parentPort.on('message', async () => { c.close(); await c.exited; parentPort.postMessage({ n }); });`;
    const w = new Worker(new URL(`data:text/javascript,${encodeURIComponent(code)}`));
    const msgs: { opened?: number; n?: number; error?: string }[] = [];
    w.on('message', (m) => msgs.push(m));
    await until(() => msgs.length > 0, 10_000);
    expect(msgs[0]).toEqual({ opened: 1 });
    await sendUdp(
      sink.port,
      Array.from({ length: 40 }, () => 100),
    );
    await new Promise((r) => setTimeout(r, 500)); // the kernel hands a block over after 100 ms at most
    w.postMessage('stop');
    await until(() => msgs.some((m) => m.n !== undefined), 5000);
    await w.terminate();
    await sink.close();
    expect(msgs.find((m) => m.n !== undefined)?.n).toBe(40);
  });

  it('an unknown interface fails with libpcap’s message, at once', async () => {
    const t = Date.now();
    const e = await HelperCapture.open(
      { iface: 'nosuch0' },
      new BufferPool(),
      () => {},
      () => {},
    ).catch((e: CaptureError) => e);
    expect(Date.now() - t).toBeLessThan(5000);
    expect((e as CaptureError).code).toBe('CAPTURE_NO_INTERFACE');
    expect((e as CaptureError).message).toMatch(/nosuch0.*No such device/);
  });

  it('a bad filter fails with libpcap’s message', async () => {
    const e = await HelperCapture.open(
      { iface: 'lo', filter: 'udp prot 9' },
      new BufferPool(),
      () => {},
      () => {},
    ).catch((e: CaptureError) => e);
    expect((e as CaptureError).code).toBe('CAPTURE_BAD_FILTER');
    expect((e as CaptureError).message).toMatch(/syntax error/);
  });

  it('close() during a UDP flood ends within 1 s, the helper is gone, and no batch comes after', async () => {
    const sink = await udpSink();
    const flood = udpFlood(sink.port, 10, { size: 200, burst: 50, gapMs: 0 });
    try {
      const r = await record({ filter: `udp dst port ${sink.port}` });
      await until(() => r.packets.length > 5000, 10_000);
      expect(r.packets.length).toBeGreaterThan(5000);
      const t = performance.now();
      r.close();
      await r.capture.exited;
      const took = performance.now() - t;
      expect(took).toBeLessThan(1000);
      expect(gone(r.capture.pid)).toBe(true);
      expect(r.afterClose).toBe(0);
      expect(r.errors).toEqual([]);
      expect(r.capture.open).toBe(false);
      expect(r.capture.kernelCounts()).toBeUndefined();
    } finally {
      flood.kill();
      await flood.ended;
      await sink.close();
    }
  });

  it('a helper killed mid-capture is reported through onError, nothing crashes', async () => {
    const sink = await udpSink();
    const flood = udpFlood(sink.port, 10, { size: 200, burst: 50, gapMs: 1 });
    try {
      const r = await record({ filter: `udp dst port ${sink.port}` });
      await until(() => r.packets.length > 100, 10_000);
      process.kill(r.capture.pid!, 'SIGKILL');
      await r.capture.exited;
      expect(r.errors.length).toBe(1);
      expect(r.errors[0]!.code).toBe('CAPTURE_HELPER_FAILED');
      expect(r.errors[0]!.message).toMatch(/killed by SIGKILL mid-capture/);
      expect(r.capture.open).toBe(false);
      r.close(); // a no-op now
      const s = r.pool.stats();
      expect(s.tiers.reduce((n, t) => n + t.outstanding, 0)).toBe(0); // the batch being read was released
    } finally {
      flood.kill();
      await flood.ended;
      await sink.close();
    }
  });
});

// --- Without privileges: a Node process as `nobody` ------------------------------------------

const hasSetcap = spawnSync('setcap', ['-h']).error === undefined;
const dist = path.join(ROOT, 'dist/native-bridge/capture/index.js');
const built = existsSync(dist) && statSync(dist).mtimeMs >= statSync(path.join(ROOT, 'native-bridge/capture/helper-capture.ts')).mtimeMs;
const asNobody = (args: string[]) =>
  spawnSync('setpriv', ['--reuid=nobody', '--regid=nogroup', '--clear-groups', ...args], { encoding: 'utf8', timeout: 30_000 });
const nobodyReads =
  canCapture && built && asNobody([process.execPath, '-e', `require('fs').readFileSync(${JSON.stringify(dist)})`]).status === 0;
const unprivileged = canCapture && hasSetcap && nobodyReads;
const unprivilegedWhy = !canCapture
  ? why
  : !hasSetcap
    ? 'setcap missing: apt-get install libcap2-bin'
    : !built
      ? 'dist is missing or stale: npm run build'
      : !nobodyReads
        ? 'nobody cannot read the project'
        : 'as nobody';

/** The script run as nobody: opens the helper given, sends itself datagrams, prints what happened. */
const SCRIPT = `
import dgram from 'node:dgram';
import { readFileSync } from 'node:fs';
import { HelperCapture, helperAvailability } from ${JSON.stringify(dist)};
import { BufferPool } from ${JSON.stringify(path.join(ROOT, 'dist/native-bridge/pool/index.js'))};
const helper = process.argv[2];
const out = { uid: process.getuid(), capEff: /CapEff:\\s*(\\w+)/.exec(readFileSync('/proc/self/status', 'utf8'))[1] };
process.env.WIREPOOL_CAPTURE_HELPER = helper;
out.availability = helperAvailability();
const sink = dgram.createSocket('udp4');
await new Promise((r) => sink.bind(0, '127.0.0.1', r));
const port = sink.address().port;
const lengths = [];
try {
  const c = await HelperCapture.open({ iface: 'lo', immediate: true, filter: 'udp dst port ' + port, helper }, new BufferPool(),
    (b) => { const v = new DataView(b.lease.buffer); for (let i = 0; i < b.count; i++) lengths.push(v.getUint32(v.getUint32(16, true) + 32 * i + 4, true)); b.lease.release(); },
    (e) => { out.onError = e.message; });
  out.opened = { linkType: c.linkType, snaplen: c.snaplen };
  const s = dgram.createSocket('udp4');
  for (let i = 0; i < 10; i++) await new Promise((r) => s.send(Buffer.alloc(100 + i), port, '127.0.0.1', r));
  s.close();
  const end = Date.now() + 5000;
  while (lengths.length < 10 && Date.now() < end) await new Promise((r) => setTimeout(r, 10));
  c.close();
  await c.exited;
} catch (e) {
  out.error = { code: e.code, what: e.what, hint: e.hint };
}
sink.close();
out.lengths = lengths;
console.log(JSON.stringify(out));
`;

describe.skipIf(!unprivileged)(`capture without privileges (${unprivilegedWhy})`, () => {
  const script = path.join(tmp, 'nobody.mjs');
  writeFileSync(script, SCRIPT, { mode: 0o644 });
  const run = (copy: string) => {
    const r = asNobody([process.execPath, script, copy]);
    expect(r.status, r.stderr).toBe(0);
    return JSON.parse(r.stdout) as {
      uid: number;
      capEff: string;
      availability: { available: boolean; reason?: string; fix?: string };
      opened?: { linkType: number };
      lengths: number[];
      onError?: string;
      error?: { code: string; what: string; hint: string };
    };
  };

  it('a helper with cap_net_raw,cap_net_admin=eip captures for a process that has no rights', () => {
    const copy = path.join(tmp, 'with-caps', 'wirepool-capture-helper');
    execFileSync('mkdir', ['-m', '755', '-p', path.dirname(copy)]);
    copyFileSync(helper!, copy);
    chmodSync(copy, 0o755);
    execFileSync('setcap', ['cap_net_raw,cap_net_admin=eip', copy]);
    const out = run(copy);
    expect(out.uid).toBe(65534);
    expect(BigInt(`0x${out.capEff}`)).toBe(0n); // the Node process holds no capability
    expect(out.error).toBeUndefined();
    expect(out.availability).toEqual({ available: true });
    expect(out.opened?.linkType).toBe(1);
    expect(out.lengths).toEqual(Array.from({ length: 10 }, (_, i) => 142 + i));
    expect(out.onError).toBeUndefined();
  });

  it('the same helper without capabilities fails to open with CAPTURE_HELPER_NO_RIGHTS and the setcap fix', () => {
    const copy = path.join(tmp, 'no-caps', 'wirepool-capture-helper');
    execFileSync('mkdir', ['-m', '755', '-p', path.dirname(copy)]);
    copyFileSync(helper!, copy);
    chmodSync(copy, 0o755);
    const out = run(copy);
    expect(out.opened).toBeUndefined();
    expect(out.error?.code).toBe('CAPTURE_HELPER_NO_RIGHTS');
    expect(out.error?.what).toMatch(/Operation not permitted/);
    expect(out.error?.hint).toContain(`sudo setcap cap_net_raw,cap_net_admin=eip ${copy}`);
    expect(out.availability.available).toBe(false);
    expect(out.availability.fix).toContain(`sudo setcap cap_net_raw,cap_net_admin=eip ${copy}`);
  });
});
