import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openCapture } from '../../native-bridge/formats/index.js';
import { writeCapture } from '../../native-bridge/generate/index.js';
import { GENERATED } from '../../scripts/craft-set.js';
import { FIXTURES, readAll } from '../helpers/corpus.js';

// TShark 4.0's verdict (checksum validation on) on two generated captures, stored by
// scripts/craft-oracle.ts: CI has no tshark. The captures are generated again here and must
// be the stored bytes, so the verdict applies to what the generator makes today.
const tmp = mkdtempSync(path.join(os.tmpdir(), 'wirepool-gen-oracle-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const SEVERITY_WARN = 0x00600000;

function rows(text: string): Record<string, string>[] {
  const lines = text.split('\n').filter((l) => l !== '' && !l.startsWith('#'));
  const head = lines[0]!.split('\t');
  return lines.slice(1).map((l) => Object.fromEntries(l.split('\t').map((v, i) => [head[i]!, v])));
}

describe.each(GENERATED)('TShark oracle: $file', ({ file, options }) => {
  const stored = path.join(FIXTURES, 'craft', file);
  const verdict = rows(readFileSync(stored.replace(/\.pcapng$/, '.tshark.tsv'), 'utf8'));

  it('the generator makes the stored bytes again', () => {
    const again = path.join(tmp, file);
    writeCapture(again, options);
    expect(readFileSync(again).equals(readFileSync(stored))).toBe(true);
  });

  it('TShark found every checksum right, nothing malformed, no warning', () => {
    expect(verdict).toHaveLength(readAll(openCapture(stored)).frames.length);
    let verified = 0;
    for (const r of verdict) {
      const what = `frame ${r['frame.number']} (${r['frame.protocols']})`;
      expect(r['_ws.malformed'], what).toBe('');
      const worst = Math.max(0, ...r['_ws.expert.severity']!.split(',').filter(Boolean).map(Number));
      expect(worst, what).toBeLessThan(SEVERITY_WARN);
      for (const k of ['ip', 'tcp', 'udp', 'icmp', 'icmpv6']) {
        const s = r[`${k}.checksum.status`]!;
        expect(['', '1'], `${what} ${k}`).toContain(s);
        if (s === '1') verified++;
      }
      const stack = r['frame.protocols']!.split(':');
      for (const k of ['ip', 'tcp', 'icmp', 'icmpv6']) if (stack.includes(k)) expect(r[`${k}.checksum.status`], `${what} ${k}`).toBe('1');
      // UDP is verified where the datagram is whole (TShark checks reassembled ones in their last fragment).
      if (stack.includes('udp')) expect(r['udp.checksum.status'], `${what} udp`).toBe('1');
    }
    expect(verified).toBeGreaterThan(verdict.length / 2);
  });
});
