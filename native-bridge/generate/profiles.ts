import { parseIpv4, parseIpv6 } from '../craft/index.js';
import {
  ArpFlow,
  DnsFlow,
  FragmentFlow,
  PingFlow,
  TcpFlow,
  UdpFlow,
  bulkPattern,
  httpRequest,
  httpResponse,
  type Endpoint,
  type Flow,
} from './flows.js';
import type { Random } from './random.js';

/**
 * What each profile sends: weighted flow kinds, how many run at once, and the gap between
 * frames. Addresses are documentation ranges (RFC 5737, RFC 3849) and loopback.
 */
export type ProfileName = 'small' | 'large' | 'mixed' | 'fragments';
export const PROFILE_NAMES: readonly ProfileName[] = ['small', 'large', 'mixed', 'fragments'];

type Kind = 'web' | 'dns' | 'udp' | 'ping' | 'arp' | 'bulk' | 'fragments';

export interface Profile {
  name: ProfileName;
  description: string;
  mix: readonly [Kind, number][];
  concurrency: number;
  /** Gap between frames in µs: [min, max]. */
  gapUs: readonly [number, number];
  /** Share of IPv6 among the flows that can use either. */
  v6: number;
}

export const PROFILES: Readonly<Record<ProfileName, Profile>> = {
  small: {
    name: 'small',
    description: 'MTU-sized traffic: HTTP over TCP, DNS, UDP of many sizes, pings, ARP; IPv4 and IPv6',
    mix: [
      ['web', 35],
      ['dns', 25],
      ['udp', 20],
      ['ping', 10],
      ['arp', 5],
    ],
    concurrency: 8,
    gapUs: [1, 400],
    v6: 0.3,
  },
  large: {
    name: 'large',
    description: 'loopback bulk TCP transfers in segments of 16–64 KiB',
    mix: [['bulk', 1]],
    concurrency: 3,
    gapUs: [5, 40],
    v6: 0.2,
  },
  mixed: {
    name: 'mixed',
    description: 'small traffic with loopback bulk transfers and fragmented datagrams among it',
    mix: [
      ['web', 25],
      ['dns', 20],
      ['udp', 20],
      ['ping', 5],
      ['arp', 3],
      ['bulk', 17],
      ['fragments', 10],
    ],
    concurrency: 8,
    gapUs: [1, 300],
    v6: 0.3,
  },
  fragments: {
    name: 'fragments',
    description: 'UDP datagrams of 2–60 KiB in IPv4 (MTU 1500) and IPv6 (MTU 1280) fragments, among DNS and small UDP',
    mix: [
      ['fragments', 60],
      ['dns', 20],
      ['udp', 20],
    ],
    concurrency: 4,
    gapUs: [1, 200],
    v6: 0.4,
  },
};

const NAMES = ['www.example.com', 'api.example.net', 'cdn.example.org', 'mail.example.com', 'static.example.net', 'docs.example.org'];
const PATHS = ['/', '/index.html', '/api/v1/items', '/static/app.js', '/images/logo.png', '/search?q=wirepool'];
const LOOP_MAC = '00:00:00:00:00:00';

function host4(r: Random, net: string): Endpoint {
  const last = r.int(2, 250);
  return {
    ip: `${net}.${last}`,
    mac: `02:00:${net
      .split('.')
      .map((n) => Number(n).toString(16).padStart(2, '0'))
      .slice(0, 3)
      .join(':')}:${last.toString(16).padStart(2, '0')}`,
    v6: false,
  };
}

function host6(r: Random, net: string): Endpoint {
  const last = r.int(2, 0xfffe);
  return {
    ip: `2001:db8:${net}::${last.toString(16)}`,
    mac: `02:00:06:${net.padStart(2, '0').slice(-2)}:${(last >>> 8).toString(16).padStart(2, '0')}:${(last & 0xff).toString(16).padStart(2, '0')}`,
    v6: true,
  };
}

/** Makes flows of a profile, each with fresh endpoints from the same PRNG. */
export class FlowFactory {
  readonly #r: Random;
  readonly #p: Profile;
  readonly #total: number;
  readonly #pattern = bulkPattern(1 << 22);

  constructor(profile: Profile, r: Random) {
    this.#p = profile;
    this.#r = r;
    this.#total = profile.mix.reduce((n, [, w]) => n + w, 0);
  }

  make(): Flow {
    const r = this.#r;
    let x = r.next() * this.#total;
    let kind: Kind = this.#p.mix[0]![0];
    for (const [k, w] of this.#p.mix) {
      if (x < w) {
        kind = k;
        break;
      }
      x -= w;
    }
    const v6 = r.chance(this.#p.v6);
    const client = v6 ? host6(r, '10') : host4(r, '192.0.2');
    switch (kind) {
      case 'web': {
        const server = v6 ? host6(r, '80') : host4(r, '203.0.113');
        const name = r.pick(NAMES);
        return new TcpFlow(
          r,
          client,
          server,
          r.int(40000, 60999),
          80,
          httpRequest(name, r.pick(PATHS)),
          httpResponse(r.int(200, 40_000), r.int(0, 70)),
          v6 ? 1428 : 1448,
        );
      }
      case 'dns': {
        const server = v6 ? host6(r, '53') : host4(r, '198.51.100');
        const aaaa = r.chance(0.4);
        const answer = aaaa
          ? parseIpv6(`2001:db8:80::${r.int(2, 0xfffe).toString(16)}`, 'answer')
          : u32bytes(parseIpv4(`203.0.113.${r.int(2, 250)}`, 'answer'));
        return new DnsFlow(r, client, server, r.pick(NAMES), aaaa, answer);
      }
      case 'udp': {
        const peer = v6 ? host6(r, '99') : host4(r, '198.51.100');
        return new UdpFlow(r, client, peer, r.int(5, 40), v6 ? 1452 : 1472, this.#pattern);
      }
      case 'ping':
        return new PingFlow(r, client, v6 ? host6(r, '1') : host4(r, '192.0.2'), r.int(2, 4));
      case 'arp':
        return new ArpFlow(host4(r, '192.0.2'), host4(r, '192.0.2'));
      case 'bulk': {
        const lo: Endpoint = v6 ? { ip: '::1', mac: LOOP_MAC, v6: true } : { ip: '127.0.0.1', mac: LOOP_MAC, v6: false };
        // Segments up to the largest frame that fits a 64 KiB pool tier (65535 bytes).
        const mss = r.int(16_384 - 86, 65_535 - 14 - (v6 ? 40 : 20) - 32);
        const size = r.int(4, 40) * mss + r.int(0, mss);
        const response = this.#pattern.length >= size ? this.#pattern.subarray(0, size) : bulkPattern(size);
        return new TcpFlow(
          r,
          lo,
          lo,
          r.int(40000, 60999),
          r.pick([5201, 9999, 40000]),
          Uint8Array.of(0x2a, 0x31, 0x0d, 0x0a),
          response,
          mss,
        );
      }
      case 'fragments': {
        const peer = v6 ? host6(r, '20') : host4(r, '198.51.100');
        return new FragmentFlow(r, client, peer, r.int(2_000, 60 * 1024 - 8), this.#pattern);
      }
    }
  }
}

function u32bytes(v: number): Uint8Array {
  return Uint8Array.of(v >>> 24, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff);
}
