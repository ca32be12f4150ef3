import { fieldTable, ipv4String, ipv6String, type Dissection } from '../dissect/index.js';
import { insideErrorPacket } from '../stats/index.js';
import type { FollowEndpoint } from './chunk.js';

/**
 * A TCP or UDP header of a frame, read from the dissection tree by Wireshark's field
 * names, with the addresses of the IP header under it and where its payload lies in the frame.
 */
export interface TransportLayer {
  protocol: 'tcp' | 'udp';
  /** `tcp.stream` / `udp.stream`; -1 when the decoder gave none. */
  stream: number;
  src: FollowEndpoint;
  dst: FollowEndpoint;
  /** TCP only: sequence and acknowledgement numbers (raw when the decoder gives `tcp.seq_raw`). */
  seq: number;
  ack: number | undefined;
  syn: boolean;
  /** Payload length the headers announce (`tcp.len`, `udp.length` - 8). */
  length: number;
  /**
   * The payload bytes captured (a view into the frame, or into a reassembled datagram when the
   * header lives there; valid while the frame is): `length` bytes, fewer if the capture was cut.
   */
  payload: Uint8Array;
}

const NAMES = [
  'ip',
  'ipv6',
  'tcp',
  'udp',
  'ip.src',
  'ip.dst',
  'ipv6.src',
  'ipv6.dst',
  'tcp.srcport',
  'tcp.dstport',
  'tcp.stream',
  'tcp.seq',
  'tcp.seq_raw',
  'tcp.ack',
  'tcp.ack_raw',
  'tcp.flags.syn',
  'tcp.flags.ack',
  'tcp.len',
  'tcp.hdr_len',
  'tcp.payload',
  'udp.srcport',
  'udp.dstport',
  'udp.stream',
  'udp.length',
  'udp.payload',
];

let cached: { size: number; byId: Map<number, string> } | undefined;

/** Field id → abbrev for the fields above (rebuilt when more protocols register). */
function known(): Map<number, string> {
  const size = fieldTable.all().length;
  if (cached === undefined || cached.size !== size) {
    const byId = new Map<number, string>();
    for (const name of NAMES) {
      const f = fieldTable.get(name);
      if (f !== undefined) byId.set(f.id, name);
    }
    cached = { size, byId };
  }
  return cached.byId;
}

/** The fields of a transport layer that the follow code needs and its decoder registered. */
export function missingFields(protocol: 'tcp' | 'udp'): string[] {
  const need =
    protocol === 'tcp'
      ? ['tcp', 'tcp.srcport', 'tcp.dstport', 'tcp.stream', 'tcp.len', 'tcp.flags.syn']
      : ['udp', 'udp.srcport', 'udp.dstport', 'udp.stream', 'udp.length'];
  const some = (...names: string[]) => names.some((n) => fieldTable.get(n) !== undefined);
  const missing = need.filter((n) => fieldTable.get(n) === undefined);
  if (protocol === 'tcp' && !some('tcp.seq_raw', 'tcp.seq')) missing.push('tcp.seq_raw or tcp.seq');
  if (protocol === 'tcp' && !some('tcp.payload', 'tcp.hdr_len')) missing.push('tcp.payload or tcp.hdr_len');
  if (!some('ip.src', 'ipv6.src')) missing.push('ip.src / ipv6.src');
  return missing;
}

type Values = Map<string, { value: unknown; start: number; length: number }>;

function num(v: Values, name: string): number | undefined {
  const x = v.get(name)?.value;
  return typeof x === 'number' ? x : typeof x === 'bigint' ? Number(x) : undefined;
}

function endpoint(net: Values | undefined, side: 'src' | 'dst', port: number): FollowEndpoint | undefined {
  if (net === undefined) return undefined;
  const v4 = net.get(`ip.${side}`)?.value;
  if (typeof v4 === 'number') return { address: ipv4String(v4), family: 4, port };
  const v6 = net.get(`ipv6.${side}`)?.value;
  if (v6 instanceof Uint8Array && v6.length === 16) return { address: ipv6String(v6), family: 6, port };
  return undefined;
}

/** The bytes of data source `source` of the tree: 0 the frame, others buffers dissectors built. */
function sourceBytes(tree: Dissection['tree'], source: number): Uint8Array {
  return source === 0 ? tree.bytes : (tree.extraSources[source - 1]?.bytes ?? new Uint8Array(0));
}

/**
 * The frame's TCP or UDP layers (`protocol`), in order. A header quoted inside an ICMP error
 * hangs under the ICMP node and is not one of them.
 */
export function transportLayers(d: Dissection, protocol: 'tcp' | 'udp'): TransportLayer[] {
  const { fields, parents, values, starts, lengths, sources } = d.tree;
  const n = d.tree.size;
  const names = known();
  const out: TransportLayer[] = [];
  if (n === 0 || parents[0] !== -1) return out;
  // Pass 1: the IP/TCP/UDP layers (at any depth, not inside an ICMP error's quoted packet,
  // as Wireshark's follow taps see them) and their values, by field name.
  const layers: { name: string; node: number; values: Values }[] = [];
  const byNode = new Map<number, Values>();
  for (let i = 1; i < n; i++) {
    const name = names.get(fields[i]!.id);
    if (name === undefined) continue;
    if (name === 'ip' || name === 'ipv6' || name === 'tcp' || name === 'udp') {
      if (parents[i] !== 0 && insideErrorPacket(d.tree, i)) continue;
      const v: Values = new Map();
      layers.push({ name, node: i, values: v });
      byNode.set(i, v);
      continue;
    }
    let owner = parents[i]!;
    while (owner > 0 && fields[owner]!.type !== 'protocol') owner = parents[owner]!;
    const v = byNode.get(owner);
    if (v !== undefined && fields[owner]!.abbrev === fields[i]!.protocol && !v.has(name))
      v.set(name, { value: values[i], start: starts[i]!, length: lengths[i]! });
  }
  // Pass 2: each wanted transport layer with the IP layer before it.
  let net: Values | undefined;
  for (const l of layers) {
    if (l.name === 'ip' || l.name === 'ipv6') {
      net = l.values;
      continue;
    }
    if (l.name !== protocol) continue;
    const v = l.values;
    const sport = num(v, `${protocol}.srcport`);
    const dport = num(v, `${protocol}.dstport`);
    if (sport === undefined || dport === undefined) continue;
    const src = endpoint(net, 'src', sport);
    const dst = endpoint(net, 'dst', dport);
    if (src === undefined || dst === undefined) continue;
    const headerStart = starts[l.node]!;
    let length: number;
    let payloadStart: number;
    if (protocol === 'tcp') {
      length = num(v, 'tcp.len') ?? 0;
      const node = v.get('tcp.payload');
      payloadStart = node !== undefined ? node.start : headerStart + (num(v, 'tcp.hdr_len') ?? lengths[l.node]!);
    } else {
      const node = v.get('udp.payload');
      length = node !== undefined ? node.length : Math.max(0, (num(v, 'udp.length') ?? 8) - 8);
      payloadStart = node !== undefined ? node.start : headerStart + 8;
    }
    const data = sourceBytes(d.tree, sources[l.node] ?? 0);
    const payload = data.subarray(Math.min(payloadStart, data.length), Math.min(payloadStart + length, data.length));
    const flag = (name: string) => {
      const x = v.get(name)?.value;
      return x === true || x === 1;
    };
    // Raw numbers when the decoder gives both; else both relative (never one of each).
    const raw = v.has('tcp.seq_raw') && (v.has('tcp.ack_raw') || !v.has('tcp.ack'));
    out.push({
      protocol,
      stream: num(v, `${protocol}.stream`) ?? -1,
      src,
      dst,
      seq: num(v, raw ? 'tcp.seq_raw' : 'tcp.seq') ?? 0,
      ack: v.has('tcp.flags.ack') && !flag('tcp.flags.ack') ? undefined : num(v, raw ? 'tcp.ack_raw' : 'tcp.ack'),
      syn: flag('tcp.flags.syn'),
      length,
      payload,
    });
  }
  return out;
}
