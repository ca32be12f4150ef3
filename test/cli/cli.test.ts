import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CAPTURES, ORACLE, ROOT } from '../helpers/corpus.js';

// The CLI as a user runs it: bin/wirepool over the build in dist/ (npm test builds first).
function wirepool(...args: string[]) {
  const r = spawnSync(path.join(ROOT, 'bin/wirepool'), args, { encoding: 'utf8', maxBuffer: 64 << 20 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
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
    expect(r.stdout).toBe(`${oracleLines(name)}\n`);
  });

  it('on a truncated file prints the good frames, then the error with file and offset, and exits 1', () => {
    const src = path.join(CAPTURES, 'HSRP_coup.pcap');
    const bytes = readFileSync(src);
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'wirepool-cli-')), 'cut.pcap');
    writeFileSync(file, bytes.subarray(0, bytes.length - 10));
    const r = wirepool('read', file);
    expect(r.code).toBe(1);
    const expected = oracleLines('HSRP_coup.pcap').split('\n');
    expect(r.stdout).toBe(`${expected.slice(0, -1).join('\n')}\n`);
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
    for (const args of [['replay'], ['replay', 'a', 'b'], ['bogus'], ['replay', 'x.pcap', '--speed', 'fast'], ['replay', 'x.pcap', '--nope']]) {
      const r = wirepool(...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/wirepool help/);
    }
    expect(wirepool('help').stdout).toMatch(/Usage:/);
  });
});
