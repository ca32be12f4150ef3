import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, ROOT } from '../helpers/corpus.js';
import { tsharkText } from '../stats/tshark-tables.js';

function wirepool(...args: string[]) {
  const r = spawnSync(path.join(ROOT, 'bin/wirepool'), args, { encoding: 'utf8', maxBuffer: 64 << 20 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
const STREAMS = path.join(FIXTURES, 'stats/follow-streams.pcap');

describe('wirepool follow', () => {
  it('prints a TCP stream as tshark -z follow does, in each format', () => {
    for (const format of ['ascii', 'hex', 'raw']) {
      const r = wirepool('follow', STREAMS, '--tcp', '0', '--format', format);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.stdout).toBe(tsharkText('follow-streams.pcap', `follow-tcp-${format}-0`));
    }
    expect(wirepool('follow', STREAMS, '--udp', '1').stdout).toBe(tsharkText('follow-streams.pcap', 'follow-udp-ascii-1'));
  });

  it('says how many streams there are when the index does not exist', () => {
    const r = wirepool('follow', STREAMS, '--udp', '7');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^wirepool: no udp\.stream 7: .*follow-streams\.pcap has 2 UDP streams \(udp\.stream 0 to 1\)/);
  });

  it('explains usage errors and exits 2', () => {
    for (const [args, message] of [
      [[STREAMS], /one of --tcp N or --udp N/],
      [[STREAMS, '--tcp', '0', '--udp', '0'], /one of --tcp N or --udp N/],
      [[STREAMS, '--tcp', 'x'], /--tcp takes a stream index/],
      [[STREAMS, '--tcp', '0', '--format', 'ebcdic'], /--format takes one of ascii, hex, raw/],
    ] as const) {
      const r = wirepool('follow', ...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(message);
    }
  });
});
