/**
 * Dev script (needs tshark): writes the builder coverage set and TShark's checksum verdict on it.
 *   npm run build && node dist/scripts/build-oracle.js
 * Writes test/fixtures/build/checksum-set.pcapng and checksum-set.tshark.tsv; review and commit
 * both. The test (test/build/oracle.test.ts) needs no tshark: it rebuilds the set, compares
 * the bytes with the stored capture and reads the stored verdict.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { tsharkArgs, writeSet } from './build-set.js';

const dir = process.argv[2] ?? 'test/fixtures/build';
mkdirSync(dir, { recursive: true });
const pcap = path.join(dir, 'checksum-set.pcapng');
const n = writeSet(pcap);
const args = tsharkArgs(pcap);
const tsv = execFileSync('tshark', args, { encoding: 'utf8', maxBuffer: 64 << 20, stdio: ['ignore', 'pipe', 'ignore'] });
writeFileSync(path.join(dir, 'checksum-set.tshark.tsv'), `# tshark ${args.join(' ')}\n${tsv}`);
console.log(`wrote ${pcap} (${n} frames) and TShark's verdict`);
