import { DissectSession, dissectFrame, fieldTable, type Dissection } from '../../native-bridge/dissect/index.js';
import { concat } from '../formats/build.js';

/** Decodes one built frame with our dissector. */
export function dissect(bytes: Uint8Array, linkType = 1, session = new DissectSession(), number = 1): Dissection {
  return dissectFrame(
    { number, sec: 1_767_225_600 + number, nsec: 0, wireLen: bytes.length, capLen: bytes.length, interfaceId: 0, linkType },
    bytes,
    session,
  );
}

function fieldOf(abbrev: string) {
  const f = fieldTable.get(abbrev);
  if (f === undefined) throw new Error(`no field ${abbrev}`);
  return f;
}

/** Every value of a field in tree order. */
export function all(d: Dissection, abbrev: string): unknown[] {
  return d.tree.find(fieldOf(abbrev)).map((n) => d.tree.values[n]);
}

export function get(d: Dissection, abbrev: string): unknown {
  return d.tree.first(fieldOf(abbrev));
}

export function start(d: Dissection, abbrev: string): number {
  const n = d.tree.find(fieldOf(abbrev))[0];
  if (n === undefined) throw new Error(`${abbrev} not in the tree`);
  return d.tree.starts[n]!;
}

export const bytesOf = (...parts: (Uint8Array | number[])[]): Uint8Array =>
  concat(parts.map((p) => (p instanceof Uint8Array ? p : Uint8Array.from(p))));

/**
 * The one's-complement sum of `data` as a receiver computes it to verify (RFC 1071 4.1): the
 * bytes, checksum field included, padded to even, read as big-endian words through a DataView.
 * 0xffff means the checksum verifies. Written apart from native-bridge/craft's own code.
 */
export function onesSum(data: Uint8Array): number {
  const even = data.length % 2 === 0 ? data : bytesOf(data, [0]);
  const view = new DataView(even.buffer, even.byteOffset, even.byteLength);
  let s = 0;
  for (let i = 0; i < even.length; i += 2) s += view.getUint16(i);
  while (s > 0xffff) s = (s & 0xffff) + Math.floor(s / 65536);
  return s;
}

const u32 = (v: number) => [v >>> 24, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff];
const u16 = (v: number) => [(v >>> 8) & 0xff, v & 0xff];

export interface ChecksumVerdict {
  ip?: boolean;
  tcp?: boolean;
  udp?: boolean;
  icmp?: boolean;
  icmpv6?: boolean;
}

/**
 * Verifies the IPv4 header checksum and the transport checksum of an unfragmented frame from
 * its bytes, using our dissector only to find where the layers start.
 */
export function verifyChecksums(d: Dissection, bytes: Uint8Array): ChecksumVerdict {
  const out: ChecksumVerdict = {};
  const has = (a: string) => all(d, a).length > 0;
  let pseudo: (proto: number, len: number) => number[] = () => [];
  if (has('ip.version')) {
    const at = start(d, 'ip.version');
    const hl = get(d, 'ip.hdr_len') as number;
    out.ip = onesSum(bytes.subarray(at, at + hl)) === 0xffff;
    const src = get(d, 'ip.src') as number;
    const dst = get(d, 'ip.dst') as number;
    pseudo = (proto, len) => [...u32(src), ...u32(dst), 0, proto, ...u16(len)];
  } else if (has('ipv6.version')) {
    const src = get(d, 'ipv6.src') as Uint8Array;
    const dst = get(d, 'ipv6.dst') as Uint8Array;
    pseudo = (proto, len) => [...src, ...dst, ...u32(len), 0, 0, 0, proto];
  }
  for (const [proto, name, port] of [
    [6, 'tcp', 'tcp.srcport'],
    [17, 'udp', 'udp.srcport'],
    [1, 'icmp', 'icmp.type'],
    [58, 'icmpv6', 'icmpv6.type'],
  ] as const) {
    if (!has(port)) continue;
    const at = start(d, port);
    const seg = bytes.subarray(at);
    out[name] = onesSum(bytesOf(proto === 1 ? [] : pseudo(proto, seg.length), seg)) === 0xffff;
  }
  return out;
}
