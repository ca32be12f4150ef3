/**
 * Inject: frames per second sent onto lo at --speed max, small and large frames, through
 * `wirepool inject` (in-place rewrite to loopback addresses included), next to `tcpreplay
 * --topspeed` when Debian's tcpreplay is installed. Needs root (or CAP_NET_RAW) and the cap
 * binding; skips itself otherwise.
 *   node dist/bench/inject.js [--json]
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { captureAvailability } from '../native-bridge/capture/index.js';
import { writeCapture } from '../native-bridge/generate/index.js';
import { inject } from '../native-bridge/inject/index.js';
import { median } from './measure.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const dir = `${root}bench/data/`;
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const REWRITE =
  'ip.dst=127.0.0.1,ip.src=127.0.0.2,ipv6.dst=::1,ipv6.src=::1,tcp.srcport=9,tcp.dstport=9,udp.srcport=9,udp.dstport=9,eth.dst=00:00:00:00:00:00';
const CAPTURES = [
  { name: 'small', profile: 'small' as const, packets: 200_000, label: '200 k frames, 54–1514 B (generate --profile small)' },
  { name: 'large', profile: 'large' as const, packets: 20_000, label: '20 k frames, 16–64 KiB (generate --profile large)' },
];

interface Row {
  capture: string;
  tool: string;
  packetsPerSecond: number;
  bitsPerSecond: number;
  packets: number;
}

/** A table row: the median of a tool's runs over one capture. */
function medianRow(c: (typeof CAPTURES)[number], tool: string, runs: readonly { pps: number; bps: number }[]): Row {
  return {
    capture: c.name,
    tool,
    packets: c.packets,
    packetsPerSecond: median(runs.map((x) => x.pps)),
    bitsPerSecond: median(runs.map((x) => x.bps)),
  };
}

function tcpreplay(): string | undefined {
  const r = spawnSync('tcpreplay', ['--version'], { encoding: 'utf8' });
  return r.status === 0 ? 'tcpreplay' : undefined;
}

async function main(): Promise<void> {
  const json = process.argv.includes('--json');
  const avail = captureAvailability();
  if (!avail.available) {
    console.log(`inject bench skipped: ${avail.reason}`);
    return;
  }
  mkdirSync(dir, { recursive: true });
  const rows: Row[] = [];
  for (const c of CAPTURES) {
    const file = `${dir}inject-${c.name}.pcap`;
    if (!existsSync(file)) writeCapture(file, { profile: c.profile, packets: c.packets, seed: 1 });
    const ours: { pps: number; bps: number }[] = [];
    for (let r = 0; r < RUNS; r++) {
      const s = await inject({ iface: 'lo', file, speed: 'max', rewrite: REWRITE });
      if (s.failed > 0 || s.sent !== c.packets) throw new Error(`inject sent ${s.sent}, failed ${s.failed}`);
      ours.push({ pps: s.packetsPerSecond, bps: s.bitsPerSecond });
    }
    rows.push(medianRow(c, 'wirepool inject --speed max', ours));
    const peer = tcpreplay();
    if (peer !== undefined) {
      // tcpreplay sends the file as it is: rewrite a copy to loopback addresses first.
      const copy = `${dir}inject-${c.name}-loopback.pcap`;
      if (!existsSync(copy))
        execFileSync('tcprewrite', ['--dstipmap=0.0.0.0/0:127.0.0.1/32', '--srcipmap=0.0.0.0/0:127.0.0.2/32', '-i', file, '-o', copy]);
      const peerRuns: { pps: number; bps: number }[] = [];
      for (let r = 0; r < RUNS; r++) {
        const out = execFileSync('tcpreplay', ['-i', 'lo', '--topspeed', copy], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
        const m = /Rated: ([\d.]+) Bps, ([\d.]+) Mbps, ([\d.]+) pps/.exec(out);
        if (m) peerRuns.push({ pps: Number(m[3]), bps: Number(m[2]) * 1e6 });
      }
      if (peerRuns.length > 0) rows.push(medianRow(c, 'tcpreplay --topspeed', peerRuns));
    }
  }
  if (json) {
    console.log(JSON.stringify({ runs: RUNS, rows, tcpreplay: tcpreplay() !== undefined }));
    return;
  }
  console.log(
    `Inject onto lo at max speed (median of ${RUNS}); ${tcpreplay() ? 'tcpreplay alongside' : 'tcpreplay is not installed: no peer row (apt-get install tcpreplay)'}`,
  );
  console.log('capture  tool                           frames     kpkt/s    Mbit/s');
  for (const r of rows) {
    console.log(
      `${r.capture.padEnd(8)} ${r.tool.padEnd(30)} ${String(r.packets).padStart(7)} ${(r.packetsPerSecond / 1e3).toFixed(1).padStart(10)} ${(r.bitsPerSecond / 1e6).toFixed(0).padStart(9)}`,
    );
  }
}

await main();
