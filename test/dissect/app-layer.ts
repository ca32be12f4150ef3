import path from 'node:path';
import { expect } from 'vitest';
import { packetMeta } from '../../native-bridge/common/index.js';
import { DissectSession, PacketInfo, ProtoTree, dissectFrame, fieldTable, fieldText } from '../../native-bridge/dissect/index.js';
import type { HeuristicDissector } from '../../native-bridge/dissect/core/dissector.js';
import { dissectorTable } from '../../native-bridge/dissect/core/tables.js';
import { BoundsError, Tvb } from '../../native-bridge/dissect/core/tvb.js';
import { ipv4String, ipv6String } from '../../native-bridge/dissect/core/format.js';
import { openCapture } from '../../native-bridge/formats/index.js';
import { CAPTURES, FIXTURES, ROOT, readAll, readTsv, type FrameCopy } from '../helpers/corpus.js';

/**
 * Helpers for testing application decoders (DNS, HTTP, TLS, DHCP) on real frames without the
 * link/IP/transport decoders: find the UDP/TCP payload in a frame ourselves, hand it to the
 * decoder the port table names, and read fields back as `tshark -T fields` prints them.
 */

export interface Payload {
  transport: 'udp' | 'tcp';
  offset: number;
  length: number;
  srcPort: number;
  dstPort: number;
  src: string;
  dst: string;
  netType: 'ipv4' | 'ipv6';
}

/** Offset of the network header for the link types the corpus files here use, and its EtherType. */
function network(b: Uint8Array, linkType: number): [number, number] | undefined {
  const u16 = (o: number): number => (b[o]! << 8) | b[o + 1]!;
  switch (linkType) {
    case 1: {
      let o = 12;
      let type = u16(o);
      while (type === 0x8100 || type === 0x88a8) {
        o += 4;
        type = u16(o);
      }
      return [o + 2, type];
    }
    case 0:
    case 108: {
      const family = b[0] === 0 ? b[3]! | (b[2]! << 8) : b[0]! | (b[1]! << 8);
      return [4, family === 2 ? 0x0800 : 0x86dd];
    }
    case 101:
    case 12:
    case 14:
    case 228:
    case 229:
      return [0, b[0]! >> 4 === 6 ? 0x86dd : 0x0800];
    case 113:
      return [16, u16(14)];
    default:
      return undefined;
  }
}

/** The UDP or TCP payload of an IPv4/IPv6 frame (first fragment or unfragmented only). */
export function transportPayload(b: Uint8Array, linkType: number): Payload | undefined {
  const net = network(b, linkType);
  if (net === undefined) return undefined;
  let [o, type] = net;
  const u16 = (x: number): number => (b[x]! << 8) | b[x + 1]!;
  let proto: number;
  let end: number;
  let src: string;
  let dst: string;
  if (type === 0x0800) {
    const ihl = (b[o]! & 0xf) * 4;
    if ((u16(o + 6) & 0x1fff) !== 0) return undefined;
    proto = b[o + 9]!;
    const total = u16(o + 2);
    end = total === 0 ? b.length : Math.min(b.length, o + total); // 0: TCP segmentation offload
    src = ipv4String(((b[o + 12]! << 24) | (b[o + 13]! << 16) | (b[o + 14]! << 8) | b[o + 15]!) >>> 0);
    dst = ipv4String(((b[o + 16]! << 24) | (b[o + 17]! << 16) | (b[o + 18]! << 8) | b[o + 19]!) >>> 0);
    o += ihl;
  } else if (type === 0x86dd) {
    proto = b[o + 6]!;
    end = Math.min(b.length, o + 40 + u16(o + 4));
    src = ipv6String(b.subarray(o + 8, o + 24));
    dst = ipv6String(b.subarray(o + 24, o + 40));
    o += 40;
  } else return undefined;
  if (proto === 17) {
    const len = Math.min(u16(o + 4), end - o);
    return {
      transport: 'udp',
      offset: o + 8,
      length: Math.max(0, len - 8),
      srcPort: u16(o),
      dstPort: u16(o + 2),
      src,
      dst,
      netType: type === 0x0800 ? 'ipv4' : 'ipv6',
    };
  }
  if (proto === 6) {
    const hl = (b[o + 12]! >> 4) * 4;
    return {
      transport: 'tcp',
      offset: o + hl,
      length: Math.max(0, end - o - hl),
      srcPort: u16(o),
      dstPort: u16(o + 2),
      src,
      dst,
      netType: type === 0x0800 ? 'ipv4' : 'ipv6',
    };
  }
  return undefined;
}

export interface Decoded {
  tree: ProtoTree;
  pinfo: PacketInfo;
  /** Set when decoding stopped on a read past the end (what dissectFrame marks malformed). */
  bounds?: BoundsError;
}

/**
 * Runs the decoder the transport's port table holds for the lower port, then the higher (as
 * UDP/TCP do), or `heuristic`, on the payload of `frame`. Only a BoundsError is caught: any
 * other exception is a decoder bug and fails the test.
 */
export function decodePayload(frame: FrameCopy, p: Payload, session: DissectSession, heuristic?: HeuristicDissector): Decoded {
  const pinfo = new PacketInfo(packetMeta(frame), session);
  pinfo.setNet(p.netType, p.src, p.dst);
  pinfo.ptype = p.transport;
  pinfo.srcPort = p.srcPort;
  pinfo.dstPort = p.dstPort;
  pinfo.protocols.push(p.transport);
  const tree = new ProtoTree();
  const tvb = new Tvb(frame.bytes.subarray(p.offset, p.offset + p.length), p.offset);
  const table = dissectorTable(`${p.transport}.port`);
  const ports = [Math.min(p.srcPort, p.dstPort), Math.max(p.srcPort, p.dstPort)];
  try {
    let done = false;
    for (const port of ports) {
      const d = table.get(port);
      if (d !== undefined && d.dissect(tvb, pinfo, tree, -1) !== false) {
        done = true;
        break;
      }
    }
    if (!done && heuristic !== undefined) heuristic.tryDissect(tvb, pinfo, tree, -1);
  } catch (e) {
    if (!(e instanceof BoundsError)) throw e;
    return { tree, pinfo, bounds: e };
  }
  return { tree, pinfo };
}

/** Every frame of a corpus capture (or a path relative to the project root). */
export function framesOf(file: string): FrameCopy[] {
  const full = file.includes('/') ? path.join(ROOT, file) : path.join(CAPTURES, file);
  const { frames, error } = readAll(openCapture(full));
  if (error !== undefined) throw error;
  return frames;
}

/** Rows of a stored TShark field dump: header line `file frame field...`, one line per frame. */
export function readFixture(name: string): { fields: string[]; rows: string[][] } {
  const rows = readTsv(path.join(FIXTURES, 'dissect', name));
  const header = rows[0]!;
  return { fields: header.slice(2), rows: rows.slice(1) };
}

/** A field's values as `tshark -T fields -E occurrence=a` prints them (strings with \r \n escaped). */
export function tsharkText(tree: ProtoTree, abbrev: string): string {
  const field = fieldTable.get(abbrev);
  if (field === undefined) throw new Error(`field ${abbrev} is not registered`);
  const text = fieldText(tree, field);
  return field.type === 'string' ? text.replace(/\r/g, '\\r').replace(/\n/g, '\\n').replace(/\t/g, '\\t') : text;
}

/** TShark's Info column without the trailers it adds when a frame breaks off. */
export function cleanInfo(info: string): string {
  return info.replace(/ ?\[(Malformed Packet|Packet size limited during capture)\]$/, '').trimEnd();
}

export type Decode = (file: string) => Map<number, Decoded>;

/** Resolves a fixture's file column: corpus captures by name, the rest under the project. */
function locate(file: string): string {
  if (file === 'sample.pcapng') return 'samples/sample.pcapng';
  const fixtures = [
    'tls-sessions.pcap',
    'tls-kex.pcap',
    'sctp-dccp-crafted.pcap',
    'app-crafted.pcap',
    'quic-loopback.pcap',
    'quic-crafted.pcap',
    'openflow-crafted.pcap',
    'tcp-options-crafted.pcap',
    'tftp-loopback.pcap',
    'geonw-crafted.pcap',
  ];
  if (fixtures.includes(file)) return `test/fixtures/dissect/${file}`;
  return file;
}

/**
 * Decodes every frame's UDP/TCP payload directly with the port-table decoder, else the
 * heuristic given for that transport: the application decoder alone, without IP/UDP/TCP.
 */
export function payloadDecoder(heuristics: { udp?: HeuristicDissector; tcp?: HeuristicDissector }): Decode {
  return (file) => {
    const session = new DissectSession();
    const out = new Map<number, Decoded>();
    for (const frame of framesOf(locate(file))) {
      const p = transportPayload(frame.bytes, frame.linkType);
      if (p === undefined || p.length === 0) continue;
      out.set(frame.number, decodePayload(frame, p, session, heuristics[p.transport]));
    }
    return out;
  };
}

/** Decodes every frame end to end, as the app does (link layer up, one session per file). */
export const frameDecoder: Decode = (file) => {
  const session = new DissectSession();
  const out = new Map<number, Decoded>();
  for (const frame of framesOf(locate(file))) {
    const { tree, pinfo } = dissectFrame(frame, frame.bytes, session);
    if (pinfo.malformed?.reason.startsWith('internal error')) throw new Error(`${file} frame ${frame.number}: ${pinfo.malformed.reason}`);
    out.set(frame.number, { tree, pinfo });
  }
  return out;
};

export interface CheckOptions {
  /** Only these frames of the file (default: every row). */
  frames?: readonly number[];
  /** `file frame` pairs where Wirepool differs from TShark on purpose (said why at the call). */
  skip?: ReadonlySet<string>;
  /** Per-value exceptions: return true to leave a value unchecked. */
  ignore?: (abbrev: string, want: string, row: readonly string[], fields: readonly string[]) => boolean;
  /** Whether frame.protocols is checked (end to end only: the payload path has no lower layers). */
  stack: boolean;
}

/** Compares every row of a stored TShark reading for `file` with what `decode` makes of it. */
export function checkAgainstTshark(fixture: string, file: string, decode: Decode, opts: CheckOptions): void {
  const { fields, rows } = readFixture(fixture);
  const decoded = decode(file);
  for (const row of rows) {
    if (row[0] !== file || opts.skip?.has(`${file} ${row[1]}`)) continue;
    if (opts.frames !== undefined && !opts.frames.includes(Number(row[1]))) continue;
    const d = decoded.get(Number(row[1]));
    expect(d, `${file} frame ${row[1]} decoded`).toBeDefined();
    fields.forEach((abbrev, i) => {
      // TShark prints an empty bytes value as <MISSING>; ours is empty.
      const want = (row[i + 2] ?? '').replace(/<MISSING>/g, '');
      if (opts.ignore?.(abbrev, want, row, fields)) return;
      const where = `${file} frame ${row[1]} ${abbrev}`;
      if (abbrev === 'frame.protocols') {
        if (opts.stack) expect(d!.pinfo.protocols.join(':'), where).toBe(want);
      } else if (abbrev === '_ws.col.Info') expect(cleanInfo(d!.pinfo.info), where).toBe(cleanInfo(want));
      else if (abbrev === '_ws.col.Protocol') expect(d!.pinfo.protocol, where).toBe(want);
      else expect(tsharkText(d!.tree, abbrev), where).toBe(want);
    });
  }
}

/** The files a fixture covers, in order. */
export function fixtureFiles(fixture: string): string[] {
  return [...new Set(readFixture(fixture).rows.map((r) => r[0]!))];
}
