/**
 * Dev script (needs tshark): writes the builder coverage set and two generated captures, and
 * TShark's checksum verdict on each.
 *   npm run build && node dist/scripts/craft-oracle.js
 * Writes test/fixtures/craft/{checksum-set,generated-small,generated-fragments}.pcapng and a
 * .tshark.tsv beside each; review and commit them. The tests (test/craft/oracle.test.ts,
 * test/generate/oracle.test.ts) need no tshark: they rebuild the captures, compare the bytes
 * with the stored ones and read the stored verdicts.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { writeCapture } from '../native-bridge/generate/index.js';
import { GENERATED, tsharkArgs, writeSet } from './craft-set.js';

const dir = process.argv[2] ?? 'test/fixtures/craft';
mkdirSync(dir, { recursive: true });
const pcap = path.join(dir, 'checksum-set.pcapng');
function verdict(file: string): void {
  const args = tsharkArgs(file);
  const tsv = execFileSync('tshark', args, { encoding: 'utf8', maxBuffer: 64 << 20, stdio: ['ignore', 'pipe', 'ignore'] });
  writeFileSync(file.replace(/\.pcapng$/, '.tshark.tsv'), `# tshark ${args.join(' ')}\n${tsv}`);
}
const n = writeSet(pcap);
verdict(pcap);
console.log(`wrote ${pcap} (${n} frames) and TShark's verdict`);
for (const g of GENERATED) {
  const file = path.join(dir, g.file);
  writeCapture(file, g.options);
  verdict(file);
  console.log(`wrote ${file} and TShark's verdict`);
}
