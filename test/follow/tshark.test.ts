import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DissectSession, dissectFrame } from '../../native-bridge/dissect/index.js';
import { openCapture } from '../../native-bridge/formats/index.js';
import { StreamFollower, followText, type FollowFormat, type FollowResult } from '../../native-bridge/follow/index.js';
import { CAPTURES, FIXTURES, ROOT } from '../helpers/corpus.js';
import { TSHARK, tsharkText } from '../stats/tshark-tables.js';

function locate(name: string): string {
  if (name === 'sample.pcapng') return path.join(ROOT, 'samples', name);
  if (name === 'follow-streams.pcap') return path.join(FIXTURES, 'stats', name);
  return path.join(CAPTURES, name);
}

function follow(name: string, protocol: 'tcp' | 'udp', stream: number): FollowResult {
  const follower = new StreamFollower(protocol, stream);
  const reader = openCapture(locate(name));
  const session = new DissectSession();
  try {
    for (let f = reader.next(); f !== undefined; f = reader.next()) follower.add(dissectFrame(f, f.data.bytes, session), f);
  } finally {
    reader.close();
  }
  return follower.result();
}

// Every `tshark -q -z follow,PROTO,FORMAT,N` output stored by test/fixtures/stats/regenerate.sh:
// retransmissions, out-of-order and overlapping segments, acknowledged gaps, sequence numbers
// wrapping, IPv6, streams starting mid-connection, UDP with empty datagrams.
const CASES = readdirSync(TSHARK).flatMap((name) =>
  readdirSync(path.join(TSHARK, name)).flatMap((file) => {
    const m = /^follow-(tcp|udp)-(ascii|hex|raw)-(\d+)\.txt$/.exec(file);
    return m === null ? [] : [{ name, protocol: m[1] as 'tcp' | 'udp', format: m[2] as FollowFormat, stream: Number(m[3]) }];
  }),
);

describe('follow against TShark 4.0.17', () => {
  it('has cases', () => {
    expect(CASES.length).toBeGreaterThan(20);
  });

  it.each(CASES)('$name $protocol.stream $stream ($format)', ({ name, protocol, format, stream }) => {
    const r = follow(name, protocol, stream);
    expect(`${[...followText(r, format)].join('\n')}\n`).toBe(tsharkText(name, `follow-${protocol}-${format}-${stream}`));
  });

  it('reports what it held back and how many streams there are', () => {
    const r = follow('follow-streams.pcap', 'tcp', 0);
    // The client's 6-byte segment after a 7-byte hole nobody acknowledged: TShark drops it too.
    expect(r.undelivered).toEqual([6, 0]);
    expect(r.streams).toBe(2);
    expect(r.chunks.filter((c) => c.missing > 0).map((c) => [c.node, c.missing, c.frame])).toEqual([[1, 12, 11]]);
    expect(follow('follow-streams.pcap', 'udp', 9).nodes).toBeUndefined();
  });
});
