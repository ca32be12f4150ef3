/**
 * The npm `pcap-parser` package reading the same file, in its own process:
 *   node dist/bench/pcap-parser-one.js FILE   → one JSON line.
 * It is a dev-only peer of the benchmark, never a dependency of the app.
 */
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';

const require = createRequire(import.meta.url);
const pcapParser = require('pcap-parser') as { parse(input: string): NodeJS.EventEmitter };

const file = process.argv[2]!;
process.noDeprecation = true; // it uses the deprecated Buffer constructor
const t0 = performance.now();
let packets = 0;
let bytes = 0;
const parser = pcapParser.parse(file);
parser.on('packet', (p: { data: Buffer }) => {
  packets++;
  bytes += p.data.length;
});
parser.on('error', (e: Error) => {
  process.stderr.write(`pcap-parser: ${e.message}\n`);
  process.exit(1);
});
parser.on('end', () => {
  const seconds = (performance.now() - t0) / 1000;
  process.stdout.write(
    `${JSON.stringify({ variant: 'pcap-parser', file, packets, bytes, seconds, packetsPerSecond: packets / seconds })}\n`,
  );
});
