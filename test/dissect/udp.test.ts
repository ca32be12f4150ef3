import { describe, expect, it } from 'vitest';
import { DissectSession } from '../../native-bridge/dissect/index.js';
import { dissectorTable, heuristicList } from '../../native-bridge/dissect/core/tables.js';
import { Packet } from '../../native-bridge/craft/index.js';
import { decode, decodeFile, range, SAMPLE, value, values } from './link-helpers.js';

const frame = (srcport: number, dstport: number, payload: Uint8Array, fwd = true) =>
  new Packet({
    eth: { src: '02:00:00:00:00:02', dst: '02:00:00:00:00:01' },
    ip: { src: fwd ? '192.0.2.1' : '192.0.2.2', dst: fwd ? '192.0.2.2' : '192.0.2.1' },
    udp: { srcport, dstport },
    payload,
  }).build();

describe('UDP', () => {
  it('decodes the sample DNS query header: ports, length, checksum, stream, Info', () => {
    const q = decodeFile(SAMPLE)[2]!;
    expect(value(q.tree, 'udp.srcport')).toBe(53001);
    expect(value(q.tree, 'udp.dstport')).toBe(53);
    expect(values(q.tree, 'udp.port')).toEqual([53001, 53]);
    expect(value(q.tree, 'udp.length')).toBe(q.frame.bytes.length - 34);
    expect(value(q.tree, 'udp.checksum.status')).toBe(2);
    expect(value(q.tree, 'udp.stream')).toBe(0);
    expect(range(q.tree, 'udp')).toEqual([34, 8]);
    expect(range(q.tree, 'udp.length')).toEqual([38, 2]);
    expect([q.pinfo.ptype, q.pinfo.srcPort, q.pinfo.dstPort]).toEqual(['udp', 53001, 53]);
  });

  it('dispatches by the lower port first, then the higher, then heuristics, then data', () => {
    const seen: string[] = [];
    dissectorTable('udp.port').add(40001, { name: 'low', dissect: () => seen.push('low') });
    dissectorTable('udp.port').add(50001, { name: 'high', dissect: () => seen.push('high') });
    heuristicList('udp').push({
      name: 'heur',
      tryDissect: (tvb) => {
        if (tvb.length !== 3) return false;
        seen.push('heur');
        return true;
      },
    });
    decode(1, frame(50001, 40001, new Uint8Array(4)));
    decode(1, frame(40001, 50001, new Uint8Array(4)));
    decode(1, frame(50001, 60001, new Uint8Array(4)));
    decode(1, frame(50002, 60002, new Uint8Array(3)));
    expect(seen).toEqual(['low', 'low', 'high', 'heur']);
    expect(decode(1, frame(50003, 60003, new Uint8Array(4))).pinfo.protocols.at(-1)).toBe('data');
  });

  it('numbers conversations (both directions share one index)', () => {
    const s = new DissectSession();
    const a = decode(1, frame(1111, 2222, new Uint8Array(1)), s, 1);
    const b = decode(1, frame(2222, 1111, new Uint8Array(1), false), s, 2);
    const c = decode(1, frame(1111, 3333, new Uint8Array(1)), s, 3);
    expect([value(a.tree, 'udp.stream'), value(b.tree, 'udp.stream'), value(c.tree, 'udp.stream')]).toEqual([0, 0, 1]);
    expect(a.pinfo.info).toBe('1111 → 2222 Len=1');
  });

  it('flags bad lengths: below 8 stops, past the IP payload decodes what is there', () => {
    const short = frame(1, 2, new Uint8Array(4));
    short[38] = 0;
    short[39] = 4;
    const s = decode(1, short);
    expect(s.pinfo.info).toBe('1 → 2 [BAD UDP LENGTH 4 < 8]');
    expect(s.pinfo.protocols.at(-1)).toBe('udp');
    const long = frame(1, 2, new Uint8Array(4));
    long[39] = 200;
    const l = decode(1, long);
    expect(values(l.tree, 'udp.length.bad').length).toBe(1);
    expect(l.pinfo.protocols.at(-1)).toBe('data');
  });
});
