/**
 * `npm run bench -- filter` (or `node dist/bench/filter.js`): display filters over the
 * 1 M-packet capture, Wirepool (read + dissect + filter) against `tshark -r FILE -Y FILTER`
 * on the same file in the same run. Both count the matching frames; the counts must agree.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const file = `${root}bench/data/small-mixed.pcap`;
const FILTERS = ['tcp.port == 443 && frame.len > 1000', 'udp && !(ip.src == 10.0.0.2)', 'ip.addr == 10.0.0.0/24 && tcp.flags.ack == 1'];

if (!existsSync(file)) {
  console.log('generating benchmark captures (once) …');
  execFileSync(process.execPath, [`${root}dist/bench/make-captures.js`, `${root}bench/data/`], { stdio: 'inherit' });
}
const tshark = spawnSync('sh', ['-c', 'command -v tshark']).status === 0;
console.log(
  '| filter | packets | matched | wirepool s | wirepool packets/s | of which filter-only packets/s | tshark s | tshark packets/s | ratio |',
);
console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
const rows = [];
for (const filter of FILTERS) {
  const ours = JSON.parse(
    execFileSync(process.execPath, [`${root}dist/bench/filter-one.js`, file, filter], { encoding: 'utf8' }).trim(),
  ) as {
    packets: number;
    matched: number;
    seconds: number;
    packetsPerSecond: number;
    filterPacketsPerSecond: number;
  };
  let t: { seconds: number; matched: number } | undefined;
  if (tshark) {
    const t0 = performance.now();
    const r = spawnSync('tshark', ['-n', '-r', file, '-Y', filter, '-T', 'fields', '-e', 'frame.number'], {
      encoding: 'utf8',
      maxBuffer: 1 << 28,
    });
    const seconds = (performance.now() - t0) / 1000;
    t = { seconds, matched: r.stdout.split('\n').filter(Boolean).length };
  }
  rows.push({ filter, ours, tshark: t });
  const ratio = t ? `${(ours.packetsPerSecond / (ours.packets / t.seconds)).toFixed(2)}×` : '–';
  console.log(
    `| \`${filter}\` | ${ours.packets.toLocaleString('en-US')} | ${ours.matched.toLocaleString('en-US')}${t && t.matched !== ours.matched ? ` (tshark ${t.matched.toLocaleString('en-US')}!)` : ''} | ${ours.seconds.toFixed(2)} | ${Math.round(ours.packetsPerSecond).toLocaleString('en-US')} | ${Math.round(ours.filterPacketsPerSecond).toLocaleString('en-US')} | ${t ? t.seconds.toFixed(2) : '–'} | ${t ? Math.round(ours.packets / t.seconds).toLocaleString('en-US') : '–'} | ${ratio} |`,
  );
}
