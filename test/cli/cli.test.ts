import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openCapture } from '../../native-bridge/formats/index.js';
import { CAPTURES, ORACLE, ROOT, readAll } from '../helpers/corpus.js';

// The CLI as a user runs it: bin/wirepool over the build in dist/ (npm test builds first).
function wirepool(...args: string[]) {
  const r = spawnSync(path.join(ROOT, 'bin/wirepool'), args, { encoding: 'utf8', maxBuffer: 64 << 20 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** `read`'s first five columns: the capture file's view of each frame. */
function fiveColumns(stdout: string): string {
  return stdout
    .split('\n')
    .map((l) => (l === '' ? l : l.split('\t').slice(0, 5).join('\t')))
    .join('\n');
}

/** The oracle's first five columns: what `read` must print, byte for byte. */
function oracleLines(name: string): string {
  return readFileSync(path.join(ORACLE, `${name}.tsv`), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => l.split('\t').slice(0, 5).join('\t'))
    .join('\n');
}

describe('wirepool read', () => {
  it.each([
    'HSRP_coup.pcap', // Ethernet, microseconds
    'timestamp_invalid_micro.pcap', // fraction field 1000000: prints .1000000000 like tshark
    'timestamp_invalid_nano.pcap', // nanosecond magic, out-of-range fractions
    'time_2106_max.pcap', // seconds field 0xffffffff
    'time_2106_overflow.pcapng', // 64-bit pcapng timestamps
    'OSPFv2_Capture_FINAL.pcapng', // interface ids
  ])('prints what tshark prints for %s', (name) => {
    const r = wirepool('read', path.join(CAPTURES, name));
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(fiveColumns(r.stdout)).toBe(`${oracleLines(name)}\n`);
  });

  it('on a truncated file prints the good frames, then the error with file and offset, and exits 1', () => {
    const src = path.join(CAPTURES, 'HSRP_coup.pcap');
    const bytes = readFileSync(src);
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'wirepool-cli-')), 'cut.pcap');
    writeFileSync(file, bytes.subarray(0, bytes.length - 10));
    const r = wirepool('read', file);
    expect(r.code).toBe(1);
    const expected = oracleLines('HSRP_coup.pcap').split('\n');
    expect(fiveColumns(r.stdout)).toBe(`${expected.slice(0, -1).join('\n')}\n`);
    expect(r.stderr).toMatch(new RegExp(`^wirepool: ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: byte \\d+: .*truncated`, 'i'));
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('explains a missing file and a file that is not a capture', () => {
    const missing = wirepool('read', '/nonexistent/x.pcap');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/\/nonexistent\/x\.pcap/);
    expect(missing.stderr).not.toMatch(/\n\s+at /);
    const notCapture = wirepool('read', path.join(ROOT, 'package.json'));
    expect(notCapture.code).toBe(1);
    expect(notCapture.stderr).toMatch(/package\.json: byte 0: .*not a pcap or pcapng/);
  });
});

describe('wirepool replay', () => {
  it('--json gives packets, bytes, seconds and per-tier pool stats', () => {
    const file = path.join(CAPTURES, 'OSPFv2_Capture_FINAL.pcapng');
    const r = wirepool('replay', file, '--json');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    const frames = oracleLines('OSPFv2_Capture_FINAL.pcapng').split('\n');
    expect(j.packets).toBe(frames.length);
    expect(j.bytes).toBe(frames.reduce((a, l) => a + Number(l.split('\t')[3]), 0));
    expect(j.seconds).toBeGreaterThan(0);
    expect(j.pool.tiers.map((t: { size: number }) => t.size)).toEqual([4096, 16384, 65536]);
    for (const t of j.pool.tiers) {
      expect(Object.keys(t)).toEqual(expect.arrayContaining(['size', 'hits', 'misses', 'returns', 'drops', 'outstanding']));
      expect(t.outstanding).toBe(0);
    }
    expect(j.pool.hitRate).toBeGreaterThanOrEqual(0);
    expect(j.pool.hitRate).toBeLessThanOrEqual(1);
    expect(j.chunks.tiers.map((t: { size: number }) => t.size)).toEqual([256 * 1024]);
  });

  it("--json's headline hit rate covers every tier the run used: packet tiers and file chunks", async () => {
    // Large frames: at max speed the file chunks are the batches, and nearly every acquisition is a chunk's.
    const { writeCapture } = await import('../../native-bridge/generate/index.js');
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'wirepool-')), 'large.pcap');
    writeCapture(file, { profile: 'large', packets: 1500, seed: 1 });
    const r = wirepool('replay', file, '--json');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    type T = { hits: number; misses: number };
    const sum = (tiers: T[], f: (t: T) => number) => tiers.reduce((n, t) => n + f(t), 0);
    const all: T[] = [...j.pool.tiers, ...j.chunks.tiers];
    const oversize = j.pool.oversize.count + j.chunks.oversize.count;
    expect(j.pool.hitRate).toBe(sum(all, (t) => t.hits) / (sum(all, (t) => t.hits + t.misses) + oversize));
    // Each pool's own rate stays beside it.
    expect(j.pool.packetHitRate).toBe(
      sum(j.pool.tiers, (t) => t.hits) / (sum(j.pool.tiers, (t) => t.hits + t.misses) + j.pool.oversize.count),
    );
    expect(j.chunks.hitRate).toBe(j.chunks.tiers[0].hitRate);
    expect(j.chunks.reads).toBe(j.chunks.tiers[0].hits + j.chunks.tiers[0].misses);
    expect(j.chunks.reads).toBeGreaterThan(10 * sum(j.pool.tiers, (t) => t.hits + t.misses));
    expect(j.pool.hitRate).toBeGreaterThan(0.95);
    expect(j.pool.packetHitRate).toBeLessThan(0.9); // what the headline said before it counted the chunks

    // The report for people says the same: the chunk tier is a row, the headline the same number.
    const human = wirepool('replay', file);
    expect(human.code).toBe(0);
    const pct = (x: number) => `${(x * 100).toFixed(2)}%`;
    expect(human.stdout).toMatch(new RegExp(`^256 KiB chunks\\s+${j.chunks.tiers[0].hits.toLocaleString('en-US')}\\s`, 'm'));
    expect(human.stdout).toContain(
      `pool hit rate: ${pct(j.pool.hitRate)} over every tier (packet tiers ${pct(j.pool.packetHitRate)}, file chunks ${pct(j.chunks.hitRate)})`,
    );
  });

  it('prints a readable table without --json, and honours --tiers', () => {
    const r = wirepool('replay', path.join(CAPTURES, 'HSRP_coup.pcap'), '--tiers', '2048,8192');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/HSRP_coup\.pcap: 51 packets/);
    expect(r.stdout).toMatch(/^2 KiB\s/m);
    expect(r.stdout).toMatch(/^8 KiB\s/m);
    expect(r.stdout).toMatch(/pool hit rate: /);
  });

  it('rejects bad usage with exit 2 and a pointer to help', () => {
    for (const args of [
      ['replay'],
      ['replay', 'a', 'b'],
      ['bogus'],
      ['replay', 'x.pcap', '--speed', 'fast'],
      ['replay', 'x.pcap', '--nope'],
    ]) {
      const r = wirepool(...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/wirepool help/);
    }
    expect(wirepool('help').stdout).toMatch(/Usage:/);
  });

  it("COMMAND --help prints that command's usage (exit 0), not an error about the option", () => {
    for (const command of ['read', 'replay', 'capture', 'stats', 'follow', 'serve', 'generate', 'inject', 'interfaces']) {
      for (const flag of ['--help', '-h']) {
        const r = wirepool(command, 'x.pcap', flag);
        expect(r.code, `${command} ${flag}`).toBe(0);
        expect(r.stdout).toMatch(new RegExp(`^Usage:\\n  wirepool ${command}\\b`));
        expect(r.stdout).not.toMatch(new RegExp(`\\n  wirepool (?!${command}\\b)`));
      }
    }
    // After `--` it is a file name like any other.
    expect(wirepool('read', '--', '--help').code).toBe(1);
  });
});

describe('wirepool read -e and -w', () => {
  const SAMPLE = path.join(ROOT, 'samples/sample.pcapng');

  it('-e prints the named fields as tshark -T fields does', () => {
    const r = wirepool(
      'read',
      SAMPLE,
      '-e',
      'frame.number',
      '-e',
      'frame.time_epoch',
      '-e',
      'frame.len',
      '-e',
      'eth.src',
      '-e',
      'eth.dst',
      '-e',
      'eth.type',
      '-e',
      'eth.addr',
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(readFileSync(path.join(ROOT, 'test/fixtures/cli/sample-fields.tsv'), 'utf8'));
  });

  it('-e with an unknown field names it and suggests the closest one', () => {
    const r = wirepool('read', SAMPLE, '-e', 'eth.sorce');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/"eth\.sorce" is not a field.*eth\.src/);
  });

  it.each(['out.pcapng', 'out.pcap'])('-w %s writes every frame byte for byte, timestamps to the nanosecond', (name) => {
    const out = path.join(mkdtempSync(path.join(tmpdir(), 'wirepool-w-')), name);
    const w = wirepool('read', SAMPLE, '-w', out);
    expect(w.code).toBe(0);
    expect(w.stdout).toBe('');
    expect(w.stderr).toMatch(/wrote 113 frames/);
    const original = readAll(openCapture(SAMPLE)).frames;
    const copy = readAll(openCapture(out)).frames;
    expect(copy.map((f) => [f.sec, f.nsec, f.wireLen, f.capLen, f.linkType])).toEqual(
      original.map((f) => [f.sec, f.nsec, f.wireLen, f.capLen, f.linkType]),
    );
    copy.forEach((f, i) => {
      expect(Buffer.from(f.bytes).equals(Buffer.from(original[i]!.bytes))).toBe(true);
    });
    if (name.endsWith('.pcapng')) expect(copy.map((f) => f.interfaceId)).toEqual(original.map((f) => f.interfaceId));
  });

  it('-w refuses an output name without a capture extension', () => {
    const r = wirepool('read', SAMPLE, '-w', '/tmp/out.txt');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/\.pcap or \.pcapng/);
  });
});

describe('wirepool read -Y', () => {
  const SAMPLE = path.join(ROOT, 'samples/sample.pcapng');

  it('keeps the frames tshark -Y keeps, and -w writes just those', () => {
    // tshark -r samples/sample.pcapng -Y 'ip.addr == 203.0.113.80 && tcp.flags.syn == 1' -T fields -e frame.number → 5, 6
    const r = wirepool('read', SAMPLE, '-Y', 'ip.addr == 203.0.113.80 && tcp.flags.syn == 1', '-e', 'frame.number');
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('5\n6\n');
    const out = path.join(mkdtempSync(path.join(tmpdir(), 'wirepool-yw-')), 'syn.pcapng');
    const w = wirepool('read', SAMPLE, '-Y', 'ip.addr == 203.0.113.80 && tcp.flags.syn == 1', '-w', out);
    expect(w.code).toBe(0);
    const frames = readAll(openCapture(out)).frames;
    const original = readAll(openCapture(SAMPLE)).frames;
    expect(frames.map((f) => Buffer.from(f.bytes).toString('hex'))).toEqual(
      [4, 5].map((i) => Buffer.from(original[i]!.bytes).toString('hex')),
    );
  });

  it('answers a filter nested 3,000 deep with a one-line error and a short excerpt, exit 2, for read and replay', () => {
    const deep = `${'('.repeat(3000)}ip${')'.repeat(3000)}`;
    for (const command of ['read', 'replay']) {
      const r = wirepool(command, SAMPLE, '-Y', deep);
      expect(r.code, command).toBe(2);
      const lines = r.stderr.trimEnd().split('\n');
      expect(lines[0], command).toMatch(/^wirepool: -Y: filter:101: the filter nests too deeply \(more than 100 levels/);
      expect(lines.length, command).toBe(3);
      expect(Math.max(...lines.slice(1).map((l) => l.length)), command).toBeLessThan(90);
      expect(r.stderr, command).not.toMatch(/RangeError|\n\s+at /);
    }
  });

  it('shows a filter error with its column and a caret, exit 2', () => {
    const r = wirepool('read', SAMPLE, '-Y', 'tcp.prot == 80');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/filter:1: "tcp\.prot" is not a field or protocol; did you mean tcp\.port\?/);
    expect(r.stderr).toMatch(/\n {2}tcp\.prot == 80\n {2}\^~~~~~~~\n/);
  });
});
