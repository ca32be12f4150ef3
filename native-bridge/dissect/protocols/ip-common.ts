import { callData, dispatchKeys, dispatchPayload } from '../core/dispatch.js';
import { type FieldHandles, textItem } from '../core/fields.js';
import type { PacketInfo } from '../core/packet-info.js';
import type { DissectSession } from '../core/session.js';
import { dissectorTable } from '../core/tables.js';
import type { ProtoTree } from '../core/tree.js';
import { NestingError, Tvb } from '../core/tvb.js';
import { IP_FRAGMENT, Reassembler, rebuild, type FragmentResult } from './ip-reassembly.js';

/**
 * What IPv4 and IPv6 share: the "inside an ICMP error" flag, nesting limits, protocol names
 * for the Info column, showing the addresses, and handing a fragment to reassembly.
 */

/**
 * Set when capture stopped inside an IP payload: `[frame offset of the payload, the length
 * the IP header announces]` (Wireshark's reported length), for TCP's segment length.
 */
export const IP_REPORTED = 'ip.reported';
/**
 * IP-in-IP and IPv6 extension headers nest by recursion (a few stack frames per layer); a
 * crafted chain stops here, the frame marked malformed. Every other path that recurses
 * through the dissector tables passes an IP layer or a VLAN tag (vlan.ts's MAX_TAGS), so
 * these two limits bound the depth of any frame.
 */
export const MAX_IP_DEPTH = 48;

/**
 * The length of `payload` as its IP header announces it, up to what the frame had on the wire
 * (Wireshark's reported length): more than `payload.length` when capture stopped inside it.
 */
export function reportedLength(pinfo: PacketInfo, payload: Tvb): number {
  const r = pinfo.peek(IP_REPORTED) as readonly [number, number] | undefined;
  if (r === undefined || r[0] !== payload.base || payload.source !== 0) return payload.length;
  const cut = pinfo.frame.wireLen - pinfo.frame.capLen;
  return cut > 0 ? Math.min(r[1], payload.length + cut) : payload.length;
}

/** Whether this is the datagram quoted by an ICMP/ICMPv6 error (Wireshark's pinfo->flags.in_error_pkt). */
export function inError(pinfo: PacketInfo): boolean {
  return pinfo.inErrorPacket;
}

/**
 * Counts one more IP layer or extension header, whose payload is `payload`; past
 * MAX_IP_DEPTH the frame is malformed there (a NestingError ends its dissection).
 */
export function enterIpLayer(pinfo: PacketInfo, payload: Tvb): void {
  const d = ++pinfo.ipDepth;
  if (d > MAX_IP_DEPTH) throw new NestingError(payload.base, `more than ${MAX_IP_DEPTH} nested IP layers and IPv6 extension headers`);
}

/** The line of a header length counted in 32-bit words (IPv4's, TCP's), for each value of its 4 bits: made once, not per packet. */
export const HEADER_LENGTH_LINES: readonly string[] = Array.from({ length: 16 }, (_, w) => `Header Length: ${w * 4} bytes (${w})`);

/**
 * Names TShark prints for IP protocol numbers 0 to 224 (Info of fragments and of payloads no
 * decoder takes; from TShark's output for each number); above them, `Unknown`.
 */
const IP_PROTO_NAMES: readonly string[] = [
  'IPv6 Hop-by-Hop Option',
  'ICMP',
  'IGMP',
  'GGP',
  'IPIP',
  'Stream',
  'TCP',
  'CBT',
  'EGP',
  'IGRP',
  'BBN RCC',
  'Network Voice',
  'PUP',
  'ARGUS',
  'EMCON',
  'XNET',
  'CHAOS',
  'UDP',
  'Multiplex',
  'DCN Measurement',
  'Host Monitoring',
  'Packet radio',
  'IDP',
  'Trunk-1',
  'Trunk-2',
  'Leaf-1',
  'Leaf-2',
  'Reliable Data',
  'IRT',
  'ISO TP4',
  'Bulk Data',
  'MFE NSP',
  'Merit Internodal',
  'Datagram Congestion Control Protocol',
  '3rd Party Connect',
  'Inter-Domain Policy Routing Protocol',
  'XTP',
  'Datagram delivery',
  'Control Message',
  'TP++',
  'IL',
  'IPv6',
  'Source demand routing',
  'Routing Header for IPv6',
  'Fragment Header for IPv6',
  'Inter-Domain Routing Protocol',
  'Reservation Protocol',
  'Generic Routing Encapsulation',
  'Dynamic source routing',
  'BNA',
  'Encap Security Payload',
  'Authentication Header',
  'INSLP',
  'SWIPE',
  'NBMA ARP',
  'IP Mobility',
  'TLSP Kryptonet',
  'SKIP',
  'ICMPv6',
  'No Next Header for IPv6',
  'Destination Options for IPv6',
  'any host internal protocol',
  'Mobile IPv6 (old)',
  'any local network',
  'SATNET EXPAK',
  'Kryptolan',
  'Remote Virtual Disk',
  'IPPC',
  'any distributed file system',
  'SATNET Monitoring',
  'VISA',
  'IPCV',
  'CPNX',
  'CPHB',
  'Wang Span',
  'Packet Video',
  'Backroom SATNET Mon',
  'Sun ND Protocol',
  'Wideband Mon',
  'Wideband Expak',
  'ISO Internet Protocol',
  'VMTP',
  'Secure VMTP',
  'VINES',
  'TTP',
  'NSFNET IGP',
  'Dissimilar Gateway',
  'TCF',
  'EIGRP',
  'OSPF IGP',
  'Sprite RPC',
  'Locus ARP',
  'Multicast Transport',
  'AX.25 Frames',
  'IP in IP',
  'MICP',
  'Semaphore',
  'Ether in IP',
  'ENCAP',
  'any private encryption scheme',
  'GMTP',
  'Ipsilon Flow',
  'PNNI over IP',
  'PIM',
  'ARIS',
  'SCPS',
  'QNX',
  'Active Networks',
  'IPComp',
  'Sitara Networks',
  'Compaq Peer',
  'IPX IN IP',
  'VRRP',
  'PGM',
  'any 0-hop protocol',
  'Layer 2 Tunneling',
  'DDX',
  'IATP',
  'STP',
  'SpectraLink',
  'UTI',
  'SMP',
  'SM',
  'PTP',
  'ISIS over IP',
  'FIRE',
  'CRTP',
  'CRUDP',
  'SSCOPMCE',
  'IPLT',
  'Secure Packet',
  'PIPE',
  'SCTP',
  'Fibre Channel',
  'RSVP E2EI',
  'Mobile IPv6',
  'UDPLite',
  'MPLS in IP',
  'MANET',
  'HIP',
  'Shim6 header',
  'WESP',
  'ROHC',
  'Ethernet',
  'Unassigned',
  'Unassigned',
  'Unassigned',
  'Unassigned',
  'Unassigned',
  'Unassigned',
  'Unassigned',
  'Unassigned',
  'Unassigned',
  'Unassigned',
  'Unassigned',
  'Unassigned',
  'Unassigned',
  'Unassigned',
  'Unassigned',
  'Unassigned',
  'Unassigned',
  'Unassigned',
  'Unassigned',
  'Unassigned',
  'Unassigned',
  'Unassigned',
  'Unassigned',
  'Unassigned',
  'Unassigned',
  'Unassigned',
  'Unassigned',
  'Unassigned',
  'Unassigned',
  'AX/4000 Testframe',
  'Unassigned',
  'Unassigned',
  'Unassigned',
  'Unassigned',
  'Unassigned',
  'Unassigned',
  'Unassigned',
  'Unassigned',
  'Unassigned',
  'Unassigned',
  'Unassigned',
  'Unassigned',
  'Unassigned',
  'Unassigned',
  'Unassigned',
  'Unassigned',
  'Unassigned',
  'Unassigned',
  'Unassigned',
  'Unassigned',
  'Unassigned',
  'Unassigned',
  'Unassigned',
  'Unassigned',
  'Unassigned',
  'Unassigned',
  'Unassigned',
  'Unassigned',
  'Unassigned',
  'Unassigned',
  'Unassigned',
  'Unassigned',
  'Unassigned',
  'Unassigned',
  'Unassigned',
  'Unassigned',
  'Unassigned',
  'Unassigned',
  'Unassigned',
  'Unassigned',
  'Unassigned',
  'Unassigned',
  'Unassigned',
  'Unassigned',
  'Unassigned',
  'Unassigned',
  'Unassigned',
  'Unassigned',
  'Unassigned',
  'Unassigned',
  'Novell NCS Heartbeat',
];

export function protoName(p: number): string {
  return IP_PROTO_NAMES[p] ?? 'Unknown';
}

const IP_PROTOS = dissectorTable('ip.proto');

const newReassembler = (s: DissectSession): Reassembler => new Reassembler(s);

/** The capture's fragment table (one per session). */
export function fragmentTable(pinfo: PacketInfo): Reassembler {
  return pinfo.session.state('ip.reassembly', newReassembler);
}

/**
 * Dispatches an IP payload through `ip.proto`. When capture stopped before the payload but the
 * header says there is one, the protocol is still called on the empty bytes (TShark shows the
 * layer, then a malformed mark), instead of nothing. Returns the protocol that took it.
 */
export function dispatchIpPayload(
  proto: number,
  payload: Tvb,
  announced: number,
  pinfo: PacketInfo,
  tree: ProtoTree,
  parent: number,
): string {
  if (announced > payload.length && payload.source === 0) pinfo.data.set(IP_REPORTED, [payload.base, announced]);
  if (payload.length === 0 && announced > 0) {
    const d = IP_PROTOS.get(proto);
    if (d === undefined) return '';
    d.dissect(payload, pinfo, tree, parent);
    return d.name;
  }
  return dispatchKeys(IP_PROTOS, proto, undefined, undefined, payload, pinfo, tree, parent);
}

/** The reassembly fields IPv4 and IPv6 both register, under the same keys (`ip.fragment`, `ipv6.fragment`). */
export type ReassemblyFields = FieldHandles<
  'fragments' | 'fragment' | 'fragment.count' | 'reassembled.length' | 'fragment.overlap' | 'fragment.overlap.conflict' | 'fragment.error'
>;

/**
 * Adds the fragment to the table; on completion shows the fragment list and decodes the whole
 * datagram (as a new data source) through `ip.proto`, else hands the fragment's bytes to `data`
 * (TShark's `ip:data`). Returns the result. A revisit reads the result back and rebuilds the
 * datagram from the fragments' frames; if one of them cannot be read again, it says so and
 * shows the fragment as not completing anything.
 */
export function reassembleAndDispatch(
  key: string,
  proto: number,
  offset: number,
  more: boolean,
  frag: Tvb,
  family: 'IPv4' | 'IPv6',
  F: ReassemblyFields,
  pinfo: PacketInfo,
  tree: ProtoTree,
  node: number,
  parent: number,
): FragmentResult {
  const { number, sec } = pinfo.frame;
  // Where the fragment's bytes sit in the frame (-1: inside a datagram reassembled from others).
  const at = frag.source === 0 ? frag.base : -1;
  const r = pinfo.frameData(IP_FRAGMENT, () => fragmentTable(pinfo).add(key, sec, number, offset, frag.bytes, more, at));
  if (r.overlap) tree.add(node, F['fragment.overlap'], frag, 0, 0, true);
  if (r.conflict) tree.add(node, F['fragment.overlap.conflict'], frag, 0, 0, true);
  if (r.status === 'error') tree.add(node, F['fragment.error'], frag, 0, 0, number, `[Defragmentation error: ${r.reason}]`);
  const bytes = r.status === 'complete' && pinfo.visited ? rebuild(r, number, at, frag.bytes, pinfo.session.frameBytes) : r.bytes;
  if (typeof bytes === 'number')
    tree.add(node, textItem, frag, 0, 0, undefined, `[Reassembly unavailable: frame ${bytes} could not be read again]`);
  if (r.status !== 'complete' || typeof bytes === 'number') {
    callData(frag, pinfo, tree, parent);
    return typeof bytes === 'number' ? { ...r, status: 'pending' } : r;
  }
  if (bytes === undefined) throw new Error('a complete datagram without its bytes');
  const source = tree.addSource(`Reassembled ${family}`, bytes);
  const whole = new Tvb(bytes, 0, source);
  const list = tree.add(
    node,
    F.fragments,
    whole,
    0,
    bytes.length,
    undefined,
    `[${r.frames.length} ${family} Fragments (${bytes.length} bytes)]`,
  );
  for (const n of r.frames) tree.add(list, F.fragment, whole, 0, 0, n);
  tree.add(list, F['fragment.count'], whole, 0, 0, r.frames.length);
  tree.add(list, F['reassembled.length'], whole, 0, 0, bytes.length);
  dispatchPayload({ table: 'ip.proto', keys: [proto] }, whole, pinfo, tree, parent);
  return r;
}

/** How one IP version reads and writes its addresses. */
export interface AddressFormat<A> {
  readonly version: 4 | 6;
  /** Bytes per address. */
  readonly size: number;
  read(tvb: Tvb, offset: number): A;
  text(address: A): string;
  /** Words per address in a conversation key. */
  readonly words: 1 | 4;
  /** Writes the address's words into `into` at `at` (`PacketInfo.netWords`). */
  toWords(address: A, into: Int32Array, at: number): void;
  /** Sets the packet's network addresses (and the Source/Destination columns) to these. */
  setNet(pinfo: PacketInfo, src: A, dst: A): void;
}

/**
 * The source and destination addresses at `offset`: each shown as itself and as `addr`
 * (Wireshark's either-direction field), the layer titled with both, and outside an ICMP error
 * the packet's network addresses set. Returns both.
 */
export function addAddresses<A>(
  a: AddressFormat<A>,
  f: FieldHandles<'src' | 'dst' | 'addr'>,
  offset: number,
  tvb: Tvb,
  pinfo: PacketInfo,
  tree: ProtoTree,
  node: number,
): [A, A] {
  const at = offset + a.size;
  const src = a.read(tvb, offset);
  const dst = a.read(tvb, at);
  tree.add(node, f.src, tvb, offset, a.size, src);
  tree.add(node, f.addr, tvb, offset, a.size, src);
  tree.add(node, f.dst, tvb, at, a.size, dst);
  tree.add(node, f.addr, tvb, at, a.size, dst);
  if (tree.building) tree.setText(node, `Internet Protocol Version ${a.version}, Src: ${a.text(src)}, Dst: ${a.text(dst)}`);
  // Inside an ICMP error too (as in Wireshark): the layers above see the quoted packet's
  // addresses; ICMP puts the outer ones back afterwards (dissectQuoted).
  a.toWords(src, pinfo.netWords, 0);
  a.toWords(dst, pinfo.netWords, 4);
  a.setNet(pinfo, src, dst);
  return [src, dst];
}
