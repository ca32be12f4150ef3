import type { PacketMeta } from '../common/index.js';
import { fieldTable, type Dissection } from '../dissect/index.js';
import { ADDR_WORDS, etherWords, ipv4Words, ipv6Words } from './address.js';

/** An Ethernet, IPv4 or IPv6 header: its two addresses in word form (address.ts). */
export class AddressLayer {
  kind: 'eth' | 'ip' | 'ipv6' = 'eth';
  /** Tree node of the protocol, -1 for layers built by hand. */
  node = -1;
  readonly src = new Uint32Array(ADDR_WORDS);
  readonly dst = new Uint32Array(ADDR_WORDS);
  hasSrc = false;
  hasDst = false;

  get complete(): boolean {
    return this.hasSrc && this.hasDst;
  }
}

/** A TCP or UDP header: ports, stream index, and the IP layer it rides on. */
export class PortLayer {
  kind: 'tcp' | 'udp' = 'tcp';
  node = -1;
  /** The IPv4/IPv6 layer before it in the frame (its addresses), if any. */
  net: AddressLayer | undefined;
  srcPort = -1;
  dstPort = -1;
  /** `tcp.stream` / `udp.stream`, -1 when the decoder gave none. */
  stream = -1;

  get complete(): boolean {
    return this.srcPort >= 0 && this.dstPort >= 0 && this.net?.complete === true;
  }
}

/**
 * What the statistics need from one packet, in plain numbers: time, wire length, the top-level
 * protocol path (io,phs) and the address/port layers (conversations, endpoints). One object
 * is reused for every packet: a view reads it during `add` and keeps nothing.
 *
 * Layers count at any depth (tunnels, encapsulated frames), in tree order, except inside an
 * error packet (ERROR_PACKET_PROTOCOLS), as Wireshark's taps count them. The path is the
 * top-level nodes only, as io,phs walks them in a tree nobody reads: without the protocols
 * Wireshark adds only to a read tree (FieldRegistry.addedOnlyWhenReferenced).
 */
export class PacketFacts {
  number = 0;
  sec = 0;
  nsec = 0;
  wireLen = 0;
  /** Top-level protocols after `frame`, link first (`eth`, `ip`, `tcp`, `http`). */
  readonly path: string[] = [];
  /**
   * Whether the frame ended inside an error packet (`PacketInfo.inErrorPacket` still set): TShark
   * queues its frame tap as an error packet's, which io,phs and io,stat skip.
   */
  errorPacket = false;
  readonly links: AddressLayer[] = [];
  linkCount = 0;
  readonly nets: AddressLayer[] = [];
  netCount = 0;
  readonly ports: PortLayer[] = [];
  portCount = 0;

  reset(meta: Pick<PacketMeta, 'number' | 'sec' | 'nsec' | 'wireLen'>): this {
    this.number = meta.number;
    this.sec = meta.sec;
    this.nsec = meta.nsec;
    this.wireLen = meta.wireLen;
    this.path.length = 0;
    this.errorPacket = false;
    this.linkCount = this.netCount = this.portCount = 0;
    return this;
  }

  /** Adds an Ethernet layer (6-byte addresses). */
  addEther(src?: Uint8Array, dst?: Uint8Array, node = -1): AddressLayer {
    return this.#address(this.links, this.linkCount++, 'eth', node, src, dst, etherWords);
  }

  /** Adds an IPv4 layer (addresses as unsigned 32-bit numbers, as `ip.src` holds them). */
  addIpv4(src?: number, dst?: number, node = -1): AddressLayer {
    return this.#address(this.nets, this.netCount++, 'ip', node, src, dst, ipv4Words);
  }

  /** Adds an IPv6 layer (16-byte addresses). */
  addIpv6(src?: Uint8Array, dst?: Uint8Array, node = -1): AddressLayer {
    return this.#address(this.nets, this.netCount++, 'ipv6', node, src, dst, ipv6Words);
  }

  /** Adds a TCP or UDP layer over the last IP layer added. */
  addTransport(kind: 'tcp' | 'udp', srcPort = -1, dstPort = -1, stream = -1, node = -1): PortLayer {
    let l = this.ports[this.portCount];
    if (l === undefined) {
      l = new PortLayer();
      this.ports.push(l);
    }
    this.portCount++;
    l.kind = kind;
    l.node = node;
    l.net = this.netCount > 0 ? this.nets[this.netCount - 1] : undefined;
    l.srcPort = srcPort;
    l.dstPort = dstPort;
    l.stream = stream;
    return l;
  }

  /** Layer `i` of `list` (reused, or new), set to `kind` and the addresses given (in word form by `words`). */
  #address<T>(
    list: AddressLayer[],
    i: number,
    kind: AddressLayer['kind'],
    node: number,
    src: T | undefined,
    dst: T | undefined,
    words: (value: T, out: Uint32Array) => void,
  ): AddressLayer {
    let l = list[i];
    if (l === undefined) {
      l = new AddressLayer();
      list.push(l);
    }
    l.kind = kind;
    l.node = node;
    if (src !== undefined) words(src, l.src);
    if (dst !== undefined) words(dst, l.dst);
    l.hasSrc = src !== undefined;
    l.hasDst = dst !== undefined;
    return l;
  }
}

// What a field means to the statistics: a protocol that opens a layer, or a value of one.
const P_ETH = 1;
const P_IP = 2;
const P_IPV6 = 3;
const P_TCP = 4;
const P_UDP = 5;
const ETH_SRC = 6;
const ETH_DST = 7;
const IP_SRC = 8;
const IP_DST = 9;
const IPV6_SRC = 10;
const IPV6_DST = 11;
const SRCPORT = 12;
const DSTPORT = 13;
const STREAM = 14;

/** Wireshark's filter names: the decoders register these; the statistics read nothing else. */
const ROLES: Readonly<Record<string, number>> = {
  eth: P_ETH,
  ip: P_IP,
  ipv6: P_IPV6,
  tcp: P_TCP,
  udp: P_UDP,
  'eth.src': ETH_SRC,
  'eth.dst': ETH_DST,
  'ip.src': IP_SRC,
  'ip.dst': IP_DST,
  'ipv6.src': IPV6_SRC,
  'ipv6.dst': IPV6_DST,
  'tcp.srcport': SRCPORT,
  'tcp.dstport': DSTPORT,
  'tcp.stream': STREAM,
  'udp.srcport': SRCPORT,
  'udp.dstport': DSTPORT,
  'udp.stream': STREAM,
};

/** Role by field id, rebuilt when protocols register more fields. */
let roles = new Uint8Array(0);
function roleTable(): Uint8Array {
  const all = fieldTable.all();
  if (roles.length !== all.length) {
    roles = new Uint8Array(all.length);
    for (const f of all) roles[f.id] = ROLES[f.abbrev] ?? 0;
  }
  return roles;
}

function layerAt(facts: PacketFacts, node: number): AddressLayer | PortLayer | undefined {
  for (let i = 0; i < facts.linkCount; i++) if (facts.links[i]!.node === node) return facts.links[i];
  for (let i = 0; i < facts.netCount; i++) if (facts.nets[i]!.node === node) return facts.nets[i];
  for (let i = 0; i < facts.portCount; i++) if (facts.ports[i]!.node === node) return facts.ports[i];
  return undefined;
}

function setValue(layer: AddressLayer | PortLayer, role: number, value: unknown): void {
  if (layer instanceof PortLayer) {
    if (typeof value !== 'number') return;
    if (role === SRCPORT) layer.srcPort = value;
    else if (role === DSTPORT) layer.dstPort = value;
    else if (role === STREAM) layer.stream = value;
    return;
  }
  const src = role === ETH_SRC || role === IP_SRC || role === IPV6_SRC;
  const out = src ? layer.src : layer.dst;
  if (layer.kind === 'ip' && (role === IP_SRC || role === IP_DST) && typeof value === 'number') ipv4Words(value, out);
  else if (layer.kind === 'ipv6' && (role === IPV6_SRC || role === IPV6_DST) && value instanceof Uint8Array && value.length === 16)
    ipv6Words(value, out);
  else if (layer.kind === 'eth' && (role === ETH_SRC || role === ETH_DST) && value instanceof Uint8Array && value.length === 6)
    etherWords(value, out);
  else return;
  if (src) layer.hasSrc = true;
  else layer.hasDst = true;
}

const shared = new PacketFacts();
let sharedFor: Dissection | undefined;

/**
 * Reads a dissection's facts from its tree, by field: one pass over the flat node arrays.
 * The result is shared and cached for the last dissection, so several views fed the same
 * packet read the tree once; it is overwritten by the next packet.
 */
export function factsOf(d: Dissection, frame: PacketMeta = d.pinfo.frame): PacketFacts {
  if (sharedFor === d && shared.number === frame.number) return shared;
  sharedFor = d;
  return readFacts(d, frame, shared);
}

/**
 * Protocols whose payload is a quoted packet: Wireshark dissects it with
 * `pinfo->flags.in_error_pkt` set, and its statistics taps skip what lies inside (the IP/UDP
 * header an ICMP "port unreachable" quotes is not traffic). Nested layers elsewhere (a tunnel,
 * an Ethernet frame inside OpenFlow) count, as in Wireshark.
 */
export const ERROR_PACKET_PROTOCOLS: ReadonlySet<string> = new Set(['icmp', 'icmpv6', 'clnp', 'lcp', 'nhrp', 'sccp']);

/**
 * Top-level items TShark's hierarchy counts after the protocols decoded from their data source:
 * Wireshark moves the reassembled-segments item next to TCP only once the PDU's protocols were
 * added, so `-z io,phs` nests it under them (http › data-text-lines › tcp.segments), before
 * what the rest of the segment holds (tls › tcp.segments › tls).
 */
const PATH_LAST: ReadonlySet<string> = new Set(['tcp.segments']);

/** Like `factsOf`, into a facts object of the caller's. */
export function readFacts(d: Dissection, frame: PacketMeta, out: PacketFacts): PacketFacts {
  out.reset(frame);
  const tree = d.tree;
  const role = roleTable();
  const { fields, parents, values } = tree;
  const n = tree.size;
  out.errorPacket = d.pinfo.inErrorPacket === true;
  if (n === 0 || parents[0] !== -1) return out;
  let last: string | undefined;
  let lastSource = 0;
  const sources = tree.sources;
  for (let i = 1; i < n; i++) {
    const field = fields[i]!;
    const parent = parents[i]!;
    if (parent === 0 && field.protocol !== 'frame' && !fieldTable.isAddedOnlyWhenReferenced(field)) {
      if (last !== undefined && sources[i]! < lastSource) {
        out.path.push(last);
        last = undefined;
      }
      if (PATH_LAST.has(field.abbrev)) {
        last = field.abbrev;
        lastSource = sources[i]!;
      } else out.path.push(field.abbrev);
    }
    const r = role[field.id] ?? 0;
    if (r === 0) continue;
    if (r < ETH_SRC) {
      if (parent !== 0 && insideErrorPacket(tree, i)) continue;
      if (r === P_ETH) out.addEther(undefined, undefined, i);
      else if (r === P_IP) out.addIpv4(undefined, undefined, i);
      else if (r === P_IPV6) out.addIpv6(undefined, undefined, i);
      else out.addTransport(r === P_TCP ? 'tcp' : 'udp', -1, -1, -1, i);
      continue;
    }
    // A value belongs to the nearest protocol node above it, if that is one of the layers.
    let owner = parent;
    while (owner > 0 && fields[owner]!.type !== 'protocol') owner = parents[owner]!;
    if (owner <= 0 || fields[owner]!.abbrev !== field.protocol) continue;
    const layer = layerAt(out, owner);
    if (layer !== undefined) setValue(layer, r, values[i]);
  }
  if (last !== undefined) out.path.push(last);
  return out;
}

/** Whether `node` lies inside an error packet's quoted payload (see ERROR_PACKET_PROTOCOLS). */
export function insideErrorPacket(tree: Dissection['tree'], node: number): boolean {
  for (let a = tree.parents[node]!; a > 0; a = tree.parents[a]!) if (ERROR_PACKET_PROTOCOLS.has(tree.fields[a]!.abbrev)) return true;
  return false;
}
