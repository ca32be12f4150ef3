import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DissectSession, dissectFrame, type Dissection } from '../../native-bridge/dissect/index.js';
import { openCapture } from '../../native-bridge/formats/index.js';
import { GenerateError, PROFILE_NAMES, TrafficGenerator, writeCapture, type ProfileName } from '../../native-bridge/generate/index.js';
import { all, get, onesSum, verifyChecksums } from '../craft/helpers.js';
import { ROOT, readAll, type FrameCopy } from '../helpers/corpus.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'wirepool-generate-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

interface Decoded {
  frame: FrameCopy;
  d: Dissection;
}

const cache = new Map<string, Decoded[]>();
/** Generates a capture file, reads it back with our reader and decodes every frame in order. */
function generated(profile: ProfileName, packets: number, seed: number, ext = 'pcapng'): Decoded[] {
  const key = `${profile}-${packets}-${seed}.${ext}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const file = path.join(tmp, key);
  expect(writeCapture(file, { profile, packets, seed }).packets).toBe(packets);
  const { frames, error } = readAll(openCapture(file));
  expect(error).toBeUndefined();
  const session = new DissectSession();
  // The frames' own times: IP reassembly ages fragments out by capture time.
  const out = frames.map((frame) => ({ frame, d: dissectFrame(frame, frame.bytes, session) }));
  cache.set(key, out);
  return out;
}

const has = (d: Dissection, f: string) => all(d, f).length > 0;

describe('wirepool generate: deterministic, realistic captures', () => {
  it('the same seed gives the same bytes, another seed other bytes (pcap and pcapng)', () => {
    for (const ext of ['pcap', 'pcapng']) {
      const a = path.join(tmp, `a.${ext}`);
      const b = path.join(tmp, `b.${ext}`);
      const c = path.join(tmp, `c.${ext}`);
      writeCapture(a, { profile: 'mixed', packets: 800, seed: 42 });
      writeCapture(b, { profile: 'mixed', packets: 800, seed: 42 });
      writeCapture(c, { profile: 'mixed', packets: 800, seed: 43 });
      expect(readFileSync(a).equals(readFileSync(b))).toBe(true);
      expect(readFileSync(a).equals(readFileSync(c))).toBe(false);
    }
    const first = new TrafficGenerator({ profile: 'small', packets: 3, seed: 7 }).next()!.bytes.slice();
    expect(new TrafficGenerator({ profile: 'small', packets: 3, seed: 7 }).next()!.bytes).toEqual(first);
  });

  it.each(PROFILE_NAMES)('%s: exactly N frames, nothing malformed, every checksum right', (profile) => {
    const frames = generated(profile, 1500, 1);
    expect(frames).toHaveLength(1500);
    let checked = 0;
    for (const { frame, d } of frames) {
      expect(d.pinfo.malformed, `frame ${frame.number}`).toBeUndefined();
      expect(frame.bytes.length).toBeLessThanOrEqual(65535);
      const fragment =
        (has(d, 'ip.flags.mf') && (get(d, 'ip.flags.mf') === true || (get(d, 'ip.frag_offset') as number) > 0)) ||
        has(d, 'ipv6.fraghdr.ident');
      if (fragment) continue;
      const v = verifyChecksums(d, frame.bytes);
      for (const [k, ok] of Object.entries(v)) expect(ok, `frame ${frame.number} ${k}`).toBe(true);
      checked += Object.keys(v).length;
    }
    expect(checked).toBeGreaterThan(frames.length / (profile === 'fragments' ? 10 : 2));
  });

  it('TCP flows start with a handshake and their sequence numbers hold together', () => {
    for (const profile of ['small', 'large'] as const) {
      const frames = generated(profile, 1500, 1);
      const streams = new Map<number, Dissection[]>();
      for (const { d } of frames) {
        if (!has(d, 'tcp.stream')) continue;
        const s = get(d, 'tcp.stream') as number;
        streams.set(s, [...(streams.get(s) ?? []), d]);
        // Our TCP analysis finds no gap, retransmission or unseen ACK anywhere.
        for (const f of [
          'tcp.analysis.lost_segment',
          'tcp.analysis.ack_lost_segment',
          'tcp.analysis.retransmission',
          'tcp.analysis.out_of_order',
        ])
          expect(has(d, f), f).toBe(false);
      }
      expect(streams.size).toBeGreaterThan(profile === 'small' ? 10 : 2);
      let completed = 0;
      for (const segs of streams.values()) {
        expect(get(segs[0]!, 'tcp.flags')).toBe(0x002);
        if (segs.length > 1) expect(get(segs[1]!, 'tcp.flags')).toBe(0x012);
        if (segs.length > 2) expect(get(segs[2]!, 'tcp.flags')).toBe(0x010);
        if (segs.some((d) => ((get(d, 'tcp.flags') as number) & 1) === 1)) completed++;
      }
      expect(completed).toBeGreaterThan(0);
    }
  });

  it('small: DNS queries and answers decode, HTTP requests and responses decode, IPv4 and IPv6, pings, ARP', () => {
    const frames = generated('small', 1500, 1).map((f) => f.d);
    const queries = frames.filter((d) => has(d, 'dns.qry.name') && get(d, 'dns.flags.response') === false);
    const answers = frames.filter((d) => get(d, 'dns.flags.response') === true);
    expect(queries.length).toBeGreaterThan(5);
    expect(answers.length).toBeGreaterThan(5);
    for (const a of answers) {
      expect(queries.some((q) => get(q, 'dns.id') === get(a, 'dns.id') && get(q, 'dns.qry.name') === get(a, 'dns.qry.name'))).toBe(true);
      expect(has(a, 'dns.a') || has(a, 'dns.aaaa')).toBe(true);
    }
    expect(frames.some((d) => get(d, 'http.request.method') === 'GET')).toBe(true);
    expect(frames.some((d) => get(d, 'http.response.code') === 200)).toBe(true);
    const stacks = frames.map((d) => d.pinfo.protocols.join(':'));
    for (const p of [':ip:tcp', ':ipv6:tcp', ':ip:udp', ':ipv6:udp', ':ip:icmp', ':ipv6:icmpv6', 'eth:ethertype:arp'])
      expect(
        stacks.some((s) => s.includes(p)),
        p,
      ).toBe(true);
    const sizes = new Set(frames.filter((d) => has(d, 'udp.length') && !has(d, 'dns.id')).map((d) => get(d, 'udp.length')));
    expect(sizes.size).toBeGreaterThan(50);
  });

  it('large: loopback bulk in 16–64 KiB segments', () => {
    const frames = generated('large', 600, 2);
    const data = frames.filter(({ d }) => (get(d, 'tcp.len') as number) > 0);
    expect(data.length).toBeGreaterThan(200);
    const full = data.filter(({ frame }) => frame.bytes.length >= 16 * 1024);
    expect(full.length / data.length).toBeGreaterThan(0.8);
    expect(Math.max(...data.map(({ frame }) => frame.bytes.length))).toBeLessThanOrEqual(65535);
    expect(frames.every(({ d }) => ['127.0.0.1', '::1'].includes(d.pinfo.netSrc ?? ''))).toBe(true);
  });

  it('fragments: datagrams reassemble in our dissector with a valid UDP checksum over the whole datagram', () => {
    const file = path.join(tmp, 'fragments.pcapng');
    writeCapture(file, { profile: 'fragments', packets: 1500, seed: 3 });
    const { frames } = readAll(openCapture(file));
    const session = new DissectSession();
    let v4 = 0;
    let v6 = 0;
    for (const frame of frames) {
      // Checked frame by frame: the reassembled bytes are only valid while their frame is current.
      const d = dissectFrame(frame, frame.bytes, session);
      const len = (get(d, 'ip.reassembled.length') ?? get(d, 'ipv6.reassembled.length')) as number | undefined;
      if (len === undefined) continue;
      if (has(d, 'ip.reassembled.length')) v4++;
      else v6++;
      const bytes = d.tree.extraSources.at(-1)!.bytes;
      expect(bytes.length).toBe(len);
      const pseudo = has(d, 'ip.src')
        ? [...u32(get(d, 'ip.src') as number), ...u32(get(d, 'ip.dst') as number), 0, 17, len >>> 8, len & 0xff]
        : [...(get(d, 'ipv6.src') as Uint8Array), ...(get(d, 'ipv6.dst') as Uint8Array), ...u32(len), 0, 0, 0, 17];
      expect(onesSum(Uint8Array.from([...pseudo, ...bytes])), `frame ${frame.number}`).toBe(0xffff);
    }
    expect(v4).toBeGreaterThan(5);
    expect(v6).toBeGreaterThan(5);
  });

  it('refuses bad options with GENERATE_BAD_OPTIONS', () => {
    expect(() => new TrafficGenerator({ profile: 'huge' as ProfileName, packets: 1, seed: 1 })).toThrow(GenerateError);
    expect(() => writeCapture(path.join(tmp, 'x.txt'), { profile: 'small', packets: 1, seed: 1 })).toThrow(/FILE\.pcap or FILE\.pcapng/);
    expect(() => new TrafficGenerator({ profile: 'small', packets: -1, seed: 1 })).toThrow(
      expect.objectContaining({ code: 'GENERATE_BAD_OPTIONS' }),
    );
  });

  it('bin/wirepool generate writes the file, --json summarises, a bad profile is a usage error', () => {
    const file = path.join(tmp, 'cli.pcap');
    const r = spawnSync(
      path.join(ROOT, 'bin/wirepool'),
      ['generate', '--profile', 'fragments', '--packets', '300', '--seed', '9', '-w', file, '--json'],
      { encoding: 'utf8' },
    );
    expect(r.status).toBe(0);
    const s = JSON.parse(r.stdout) as { packets: number; format: string; bytes: number };
    expect(s).toMatchObject({ packets: 300, format: 'pcap' });
    expect(readFileSync(file).length).toBe(s.bytes);
    const again = path.join(tmp, 'cli2.pcap');
    writeCapture(again, { profile: 'fragments', packets: 300, seed: 9 });
    expect(readFileSync(file).equals(readFileSync(again))).toBe(true);
    const bad = spawnSync(path.join(ROOT, 'bin/wirepool'), ['generate', '--profile', 'huge', '-w', file], { encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/expected one of small, large, mixed, fragments/);
  });
});

function u32(v: number): number[] {
  return [v >>> 24, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff];
}
