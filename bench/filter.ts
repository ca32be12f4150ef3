/**
 * `npm run bench -- filter` (or `node dist/bench/filter.js [FILE] [--rounds N]`): reading a
 * capture as whole commands, as a person runs them, against TShark in the same run.
 * - summary: `wirepool read FILE` against `tshark -n -r FILE` (each prints a line per frame);
 * - filters: `wirepool read FILE -Y F` against `tshark -n -r FILE -Y F` (the matching lines).
 * Output goes to a pipe that counts lines (both must print the same number); time, CPU and
 * peak memory come from /usr/bin/time. Rounds alternate the two tools; medians are printed.
 * FILE defaults to bench/data/small-udp.pcap (1.5 M small UDP datagrams, made on first use).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const args = process.argv.slice(2);
const roundsAt = args.indexOf('--rounds');
const rounds = roundsAt >= 0 ? Number(args.splice(roundsAt, 2)[1]) : 3;
const file = args[0] ?? `${root}bench/data/small-udp.pcap`;
const FILTERS = ['dns', 'udp.port == 5201 && frame.len > 150', 'dns.flags.response == 1 && ip.dst == 10.0.0.7'];

if (!existsSync(file) && args[0] === undefined) {
  console.log('generating the benchmark capture (once) …');
  execFileSync(process.execPath, [`${root}dist/bench/make-captures.js`, `${root}bench/data/`, 'small-udp'], { stdio: 'inherit' });
}
for (const tool of ['tshark', '/usr/bin/time']) {
  if (spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0) {
    // As the other benches do without their peer: say so and skip, so `npm run bench` goes on.
    console.log(`bench/filter: skipped, ${tool} is not installed (apt-get install tshark time)`);
    process.exit(0);
  }
}

interface Run {
  lines: number;
  wall: number;
  cpu: number;
  /** Peak resident memory, MB. */
  rss: number;
}

const tmp = mkdtempSync(path.join(tmpdir(), 'wirepool-bench-'));
function run(argv: readonly string[]): Run {
  const times = path.join(tmp, 'time');
  const quoted = argv.map((a) => `'${a.replaceAll("'", "'\\''")}'`).join(' ');
  const lines = Number(
    execFileSync('sh', ['-c', `/usr/bin/time -o ${times} -f '%e %U %S %M' ${quoted} 2>/dev/null | wc -l`], { encoding: 'utf8' }).trim(),
  );
  const [wall, user, sys, rss] = readFileSync(times, 'utf8').trim().split('\n').at(-1)!.split(' ').map(Number) as [
    number,
    number,
    number,
    number,
  ];
  return { lines, wall, cpu: user + sys, rss: rss / 1024 };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const wirepool = path.join(root, 'bin/wirepool');
const cases: { name: string; ours: string[]; theirs: string[] }[] = [
  { name: 'summary columns', ours: [wirepool, 'read', file], theirs: ['tshark', '-n', '-r', file] },
  ...FILTERS.map((f) => ({ name: `\`-Y ${f}\``, ours: [wirepool, 'read', file, '-Y', f], theirs: ['tshark', '-n', '-r', file, '-Y', f] })),
];

const packets = run([wirepool, 'read', file, '-e', 'frame.number']).lines;
console.log(`${path.basename(file)}: ${packets.toLocaleString('en-US')} frames, ${rounds} rounds, medians\n`);
console.log('| command | lines | Wirepool s (CPU s) | Wirepool MB | tshark s (CPU s) | tshark MB | × tshark (wall) |');
console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
try {
  for (const c of cases) {
    const ours: Run[] = [];
    const theirs: Run[] = [];
    for (let r = 0; r < rounds; r++) {
      ours.push(run(c.ours));
      theirs.push(run(c.theirs));
    }
    const o = { wall: median(ours.map((x) => x.wall)), cpu: median(ours.map((x) => x.cpu)), rss: median(ours.map((x) => x.rss)) };
    const t = { wall: median(theirs.map((x) => x.wall)), cpu: median(theirs.map((x) => x.cpu)), rss: median(theirs.map((x) => x.rss)) };
    const agree = ours[0]!.lines === theirs[0]!.lines ? '' : ` (tshark ${theirs[0]!.lines.toLocaleString('en-US')}!)`;
    console.log(
      `| ${c.name} | ${ours[0]!.lines.toLocaleString('en-US')}${agree} | ${o.wall.toFixed(2)} (${o.cpu.toFixed(2)}) | ${o.rss.toFixed(0)} | ${t.wall.toFixed(2)} (${t.cpu.toFixed(2)}) | ${t.rss.toFixed(0)} | ${(t.wall / o.wall).toFixed(2)}× |`,
    );
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
