import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildSet, tsharkArgs, writeSet } from '../../scripts/craft-set.js';
import { FIXTURES } from '../helpers/corpus.js';
import { dissect, verifyChecksums } from './helpers.js';

// TShark 4.0's verdict on the builder coverage set, stored by scripts/craft-oracle.ts (CI has
// no tshark). The set is rebuilt here: the same bytes, or the verdict no longer applies.
const STORED = path.join(FIXTURES, 'craft/checksum-set.pcapng');
const VERDICT = path.join(FIXTURES, 'craft/checksum-set.tshark.tsv');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'wirepool-build-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function rows(text: string): Record<string, string>[] {
  const lines = text.split('\n').filter((l) => l !== '' && !l.startsWith('#') && !l.startsWith('Running as'));
  const head = lines[0]!.split('\t');
  return lines.slice(1).map((l) => Object.fromEntries(l.split('\t').map((v, i) => [head[i]!, v])));
}

const hasTshark = (() => {
  try {
    execFileSync('tshark', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

describe('TShark oracle: the coverage set decodes with every checksum correct', () => {
  const frames = buildSet();
  const verdict = rows(readFileSync(VERDICT, 'utf8'));

  it('rebuilds the stored capture byte for byte (builders are deterministic)', () => {
    const file = path.join(tmp, 'set.pcapng');
    expect(writeSet(file)).toBe(frames.length);
    expect(readFileSync(file).equals(readFileSync(STORED))).toBe(true);
  });

  it('covers every builder and checksum kind', () => {
    const stacks = verdict.map((r) => r['frame.protocols']!).join(' ');
    for (const p of [
      'vlan',
      'arp',
      ':ip:tcp',
      ':ip:udp',
      ':ip:icmp',
      'ipv6:tcp',
      'ipv6:udp',
      'ipv6.hopopts',
      'ipv6.routing',
      'ipv6.dstopts',
      'ipv6.fraghdr:icmpv6',
    ])
      expect(stacks).toContain(p);
    expect(frames.some((f) => f.what.startsWith('rewritten'))).toBe(true);
    expect(frames.filter((f) => f.what === 'ipv4 fragment').length).toBeGreaterThan(40);
  });

  it('stored verdict: no checksum is bad, nothing malformed, each present checksum was verified', () => {
    expect(verdict).toHaveLength(frames.length);
    let verified = 0;
    for (const [i, r] of verdict.entries()) {
      const what = `frame ${i + 1} (${frames[i]!.what})`;
      expect(r['_ws.malformed'], what).toBe('');
      for (const k of ['ip', 'tcp', 'udp', 'icmp', 'icmpv6']) {
        const s = r[`${k}.checksum.status`]!;
        expect(['', '1', ...(k === 'udp' && frames[i]!.what.includes('without checksum') ? ['3'] : [])], `${what} ${k}`).toContain(s);
        if (s === '1') verified++;
      }
      const stack = r['frame.protocols']!.split(':');
      for (const k of ['ip', 'tcp', 'icmp', 'icmpv6']) if (stack.includes(k)) expect(r[`${k}.checksum.status`], `${what} ${k}`).toBe('1');
    }
    expect(verified).toBeGreaterThan(frames.length);
  });

  it('our dissector agrees: same stack up to the transport layer, and independent checksum sums verify', () => {
    for (const [i, f] of frames.entries()) {
      const d = dissect(f.bytes);
      const theirs = verdict[i]!['frame.protocols']!.split(':');
      const ours = d.pinfo.protocols;
      const upTo = (s: string[]) => s.slice(0, Math.max(...['tcp', 'udp', 'icmp', 'icmpv6', 'arp'].map((p) => s.indexOf(p))) + 1);
      if (!f.what.includes('fragment')) expect(upTo(ours), f.what).toEqual(upTo(theirs));
      if (!/fragment|routing|without checksum/.test(f.what))
        expect(Object.values(verifyChecksums(d, f.bytes)).every(Boolean), f.what).toBe(true);
    }
  });

  it.skipIf(!hasTshark)('live (tshark installed): TShark today gives the stored verdict', () => {
    const file = path.join(tmp, 'live.pcapng');
    writeSet(file);
    const live = execFileSync('tshark', tsharkArgs(file), { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 64 << 20 });
    expect(rows(live)).toEqual(verdict);
  });
});
