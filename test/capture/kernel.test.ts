/**
 * What the kernel says of each packet and of the capture, through Wirepool's cap: timestamps
 * and wire lengths equal tcpdump's for the same packets (both read libpcap's header), and
 * libpcap's drop counters under a flood into a tiny kernel buffer. Loopback only; root (or
 * CAP_NET_RAW) and tcpdump needed, skipped otherwise.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { captureAvailability } from '../../native-bridge/capture/index.js';
import { openCapture } from '../../native-bridge/formats/index.js';
import { ROOT, readAll } from '../helpers/corpus.js';
import { ended, started } from '../helpers/process.js';
import { sendUdp, udpFlood, udpSink } from './traffic.js';

const live = captureAvailability().available;
const tcpdump = spawnSync('tcpdump', ['--version']).status === 0;
const tmp = mkdtempSync(path.join(tmpdir(), 'wirepool-kernel-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const WIREPOOL = path.join(ROOT, 'bin/wirepool');

describe.skipIf(!live || !tcpdump)('kernel timestamps, wire lengths and drop counts', () => {
  it.each([
    ['in this process', []],
    ['through the capture helper', ['--helper']],
  ])(
    "stamps every packet with the kernel's time, to the nanosecond, as tcpdump does, with its wire length (%s)",
    async (_how, via) => {
      const sink = await udpSink();
      const filter = `udp dst port ${sink.port}`;
      const N = 300;
      const td = path.join(tmp, 'tcpdump.pcap');
      const wp = path.join(tmp, 'wirepool.pcapng');
      const a = await started('tcpdump', ['-i', 'lo', '--time-stamp-precision=nano', '-c', String(N), '-w', td, filter], /listening on/);
      const b = await started(
        WIREPOOL,
        ['capture', '-i', 'lo', ...via, '-c', String(N), '-s', '100', '-w', wp, '-f', filter],
        /capturing on/,
      );
      // Datagrams of 1..1400 bytes: captured to 100 bytes by Wirepool (-s 100), whole by tcpdump.
      await sendUdp(
        sink.port,
        Array.from({ length: N }, (_, k) => 1 + ((k * 47) % 1400)),
      );
      await Promise.all([ended(a.p), ended(b.p)]);
      await sink.close();
      const theirs = readAll(openCapture(td)).frames;
      const ours = readAll(openCapture(wp)).frames;
      expect(theirs).toHaveLength(N);
      expect(ours).toHaveLength(N);
      expect(ours.map((f) => [f.sec, f.nsec, f.wireLen])).toEqual(theirs.map((f) => [f.sec, f.nsec, f.wireLen]));
      // -s 100: 100 bytes kept, the true length kept beside them.
      expect(ours.every((f) => f.capLen === Math.min(100, f.wireLen))).toBe(true);
      expect(ours.some((f) => f.wireLen > 1000)).toBe(true);
    },
    60_000,
  );

  it("says why a short capture's pool hit rate is low, and prints libpcap's counters as tcpdump does", async () => {
    const sink = await udpSink();
    const run = await started(WIREPOOL, ['capture', '-i', 'lo', '-c', '20', '-f', `udp dst port ${sink.port}`], /capturing on/);
    await sendUdp(
      sink.port,
      Array.from({ length: 20 }, () => 100),
    );
    await ended(run.p);
    await sink.close();
    expect(run.out()).toMatch(/\d+ packets received by filter, \d+ dropped by kernel, \d+ dropped by interface/);
    expect(run.out()).toMatch(/pool hit rate: \d+(\.\d+)?%/);
    expect(run.out()).toContain("the pool's misses: the memory store still holds every batch");
  }, 60_000);

  it('reports the kernel drops of a flood into a tiny buffer, as libpcap counts them, and ends cleanly', async () => {
    const sink = await udpSink();
    const run = await started(
      WIREPOOL,
      ['capture', '-i', 'lo', '-B', '65536', '-a', 'duration:3', '--json', '-f', `udp dst port ${sink.port}`],
      /capturing on/,
    );
    const flood = udpFlood(sink.port, 1.5, { size: 200, burst: 500, gapMs: 0 });
    await flood.ended;
    await ended(run.p);
    await sink.close();
    expect(run.p.exitCode).toBe(0);
    const j = JSON.parse(run.out()) as { packets: number; kernel: { received: number; dropped: number; ifDropped: number } | null };
    expect(j.kernel).not.toBeNull();
    expect(j.kernel!.dropped).toBeGreaterThan(0);
    // The kernel counted what it passed to the ring and what it dropped; we kept no more than it passed.
    expect(j.kernel!.received).toBeGreaterThanOrEqual(j.kernel!.dropped + j.packets);
  }, 60_000);
  it('lists time stamp types as tcpdump does, and refuses one the interface does not offer', async () => {
    const ours = spawnSync(WIREPOOL, ['capture', '-i', 'lo', '-i', 'any', '--list-time-stamp-types'], { encoding: 'utf8' });
    // tcpdump writes the list to stderr; Wirepool to stdout, where a script can read it.
    const theirs = ['lo', 'any']
      .map((i) => spawnSync('tcpdump', ['-i', i, '--list-time-stamp-types'], { encoding: 'utf8' }).stderr)
      .join('');
    expect(ours.status).toBe(0);
    expect(ours.stdout).toBe(theirs);
    for (const via of [[], ['--helper']]) {
      const r = spawnSync(WIREPOOL, ['capture', '-i', 'lo', ...via, '-j', 'adapter_unsynced', '-c', '1'], { encoding: 'utf8' });
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(/time stamp type 'adapter_unsynced' .*is not offered by lo/);
      expect(r.stderr).toMatch(/fix: choose one the interface offers \(`wirepool capture -i lo --list-time-stamp-types`\)/);
    }
  });

  it('captures libpcap\'s "any" device as Linux cooked v2, as tcpdump does, in this process and through the helper', async () => {
    for (const via of [[], ['--helper']]) {
      const wp = path.join(tmp, `any${via.length}.pcapng`);
      const td = path.join(tmp, `any${via.length}.pcap`);
      const sink = await udpSink();
      const filter = `udp dst port ${sink.port}`;
      const a = await started('tcpdump', ['-i', 'any', '-c', '5', '-w', td, filter], /listening on/);
      const b = await started(WIREPOOL, ['capture', '-i', 'any', ...via, '-c', '5', '-w', wp, '-f', filter], /capturing on/);
      await sendUdp(sink.port, [10, 20, 30, 40, 50]);
      await Promise.all([ended(a.p), ended(b.p)]);
      await sink.close();
      const reader = openCapture(wp);
      expect(reader.interfaces.map((i) => [i.name, i.linkType])).toEqual([['any', 276]]);
      const ours = readAll(reader).frames;
      const theirs = readAll(openCapture(td)).frames;
      expect(ours.map((f) => Buffer.from(f.bytes).toString('hex'))).toEqual(theirs.map((f) => Buffer.from(f.bytes).toString('hex')));
    }
  }, 60_000);
});
