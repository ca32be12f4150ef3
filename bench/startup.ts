/**
 * Whole commands as a person runs them, Node's start and module loading included: `wirepool
 * --version`, `read` and `stats` on the sample and `replay` of a capture, through the bundled
 * CLI (what bin/wirepool runs) and through the compiled tree it is built from (dist/cli/main.js:
 * the CLI before bundling), beside `node -e 0` (Node's own start) and the peers TShark and
 * tcpdump doing the same work, in one run, interleaved (each round runs every command once, so
 * a busy moment costs all of them alike). Wall time and CPU time (user + system, from
 * /usr/bin/time), medians.
 *
 *   node dist/bench/startup.js [--rounds N] [--replay FILE]
 *
 * Not a test: nothing here is timed against a limit.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { median } from './measure.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const { values } = parseArgs({ options: { rounds: { type: 'string', default: '15' }, replay: { type: 'string' } } });
const rounds = Number(values.rounds);
const sample = 'samples/sample.pcapng';
const replayFile = values.replay ?? sample;
const node = process.execPath;
const has = (cmd: string): boolean => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;

interface Case {
  name: string;
  argv: string[];
}
const cli = (entry: string, ...args: string[]): string[] => [node, `dist/cli/${entry}`, ...args];
const cases: Case[] = [
  { name: 'node -e 0', argv: [node, '-e', '0'] },
  { name: 'wirepool --version (bundle)', argv: cli('wirepool.js', '--version') },
  { name: 'wirepool --version (compiled tree)', argv: cli('main.js', '--version') },
  { name: 'wirepool read sample (bundle)', argv: cli('wirepool.js', 'read', sample) },
  { name: 'wirepool read sample (compiled tree)', argv: cli('main.js', 'read', sample) },
  { name: 'wirepool stats sample (bundle)', argv: cli('wirepool.js', 'stats', sample, '--hierarchy') },
  { name: 'wirepool stats sample (compiled tree)', argv: cli('main.js', 'stats', sample, '--hierarchy') },
  { name: `wirepool replay --speed max (bundle)`, argv: cli('wirepool.js', 'replay', replayFile, '--speed', 'max') },
  { name: `wirepool replay --speed max (compiled tree)`, argv: cli('main.js', 'replay', replayFile, '--speed', 'max') },
  ...(has('tshark')
    ? [
        { name: 'tshark --version', argv: ['tshark', '--version'] },
        { name: 'tshark -n -r sample', argv: ['tshark', '-n', '-r', sample] },
        { name: 'tshark -n -q -z io,phs -r sample', argv: ['tshark', '-n', '-q', '-z', 'io,phs', '-r', sample] },
      ]
    : []),
  ...(has('tcpdump')
    ? [
        { name: 'tcpdump --version', argv: ['tcpdump', '--version'] },
        // The replay's peer (bench/run.ts's): read every packet of the file, write it nowhere.
        { name: 'tcpdump -r replay file -w /dev/null', argv: ['tcpdump', '-r', replayFile, '-w', '/dev/null'] },
      ]
    : []),
];
if (!existsSync(`${root}/dist/cli/wirepool.js`)) throw new Error('dist/cli/wirepool.js is missing: run `npm run build`');

const wall = new Map<string, number[]>();
const cpu = new Map<string, number[]>();
for (let r = 0; r < rounds; r++) {
  for (const c of cases) {
    // Output to /dev/null, as a person would redirect it: only the time's line (stderr) is read.
    const t = spawnSync('/usr/bin/time', ['-f', '%e %U %S', ...c.argv], {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    if (t.status !== 0) throw new Error(`${c.name} failed: ${t.stderr.slice(-500)}`);
    const [e, u, s] = t.stderr.trim().split('\n').at(-1)!.split(' ').map(Number);
    (wall.get(c.name) ?? wall.set(c.name, []).get(c.name)!).push(e! * 1000);
    (cpu.get(c.name) ?? cpu.set(c.name, []).get(c.name)!).push((u! + s!) * 1000);
  }
}
console.log(`${rounds} rounds, medians; replay file: ${replayFile}`);
console.log(`${'command'.padEnd(48)} ${'wall ms'.padStart(8)} ${'cpu ms'.padStart(8)}`);
for (const c of cases)
  console.log(
    `${c.name.padEnd(48)} ${median(wall.get(c.name)!).toFixed(0).padStart(8)} ${median(cpu.get(c.name)!).toFixed(0).padStart(8)}`,
  );
