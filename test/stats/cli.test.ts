import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/corpus.js';
import { tsharkText } from './tshark-tables.js';

// The CLI as a user runs it: bin/wirepool over the build in dist/ (npm test builds first).
function wirepool(...args: string[]) {
  const r = spawnSync(path.join(ROOT, 'bin/wirepool'), args, { encoding: 'utf8', maxBuffer: 64 << 20 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
const SAMPLE = path.join(ROOT, 'samples/sample.pcapng');

describe('wirepool stats', () => {
  it('prints the views in command-line order, each as tshark -q -z prints it', () => {
    const r = wirepool('stats', SAMPLE, '--io', '0.5', '--conversations', 'tcp,ip', '--endpoints', 'udp');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const name = 'sample.pcapng';
    expect(r.stdout).toBe(
      tsharkText(name, 'io-stat-0.5') + tsharkText(name, 'conv-tcp') + tsharkText(name, 'conv-ip') + tsharkText(name, 'endpoints-udp'),
    );
  });

  it('--json gives every view with exact times', () => {
    const r = wirepool('stats', SAMPLE, '--hierarchy', '--conversations', 'eth', '--io', '1', '--json');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as { frames: number; stats: Record<string, unknown>[] };
    expect(j.frames).toBe(113);
    expect(j.stats.map((s) => s.kind)).toEqual(['hierarchy', 'conversations', 'io']);
    expect(j.stats[0]).toMatchObject({ frames: 113, bytes: 465343 });
    expect(j.stats[1]).toMatchObject({
      type: 'eth',
      rows: [{ addressA: '02:00:00:00:00:fe', framesAToB: 40, bytesAToB: 42092, relStart: '0.000300308' }, {}, {}],
    });
    expect(j.stats[2]).toMatchObject({
      interval: '1.000000000',
      count: 2,
      buckets: [
        { index: 0, frames: 57, bytes: 42992 },
        { index: 1, start: '1.000000000', frames: 56 },
      ],
    });
  });

  it('explains usage errors and exits 2', () => {
    for (const [args, message] of [
      [[SAMPLE], /at least one of --hierarchy/],
      [[SAMPLE, '--conversations', 'ipx'], /--conversations takes one of eth, ip, ipv6, tcp, udp, got "ipx"/],
      [[SAMPLE, '--io', '1s'], /--io takes an interval in seconds/],
      [['--hierarchy'], /stats takes one capture file, got 0/],
    ] as const) {
      const r = wirepool('stats', ...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(message);
    }
  });
});
