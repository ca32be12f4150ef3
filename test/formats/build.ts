/**
 * Builds pcap and pcapng bytes by hand for tests: several sections, either byte order, any
 * option, and deliberately broken framing. Deterministic, so stored fixtures can be checked
 * against what these functions produce.
 */

export type Endian = 'le' | 'be';

import { concatBytes as concat } from '../../native-bridge/common/index.js';

export { concat };

const pad4 = (n: number): number => (n + 3) & ~3;

/** A little writer of fixed-width fields in one byte order. */
class Fields {
  private parts: Uint8Array[] = [];
  constructor(private readonly le: boolean) {}
  u8(v: number): this {
    this.parts.push(Uint8Array.of(v));
    return this;
  }
  u16(v: number): this {
    const b = new Uint8Array(2);
    new DataView(b.buffer).setUint16(0, v, this.le);
    this.parts.push(b);
    return this;
  }
  u32(v: number): this {
    const b = new Uint8Array(4);
    new DataView(b.buffer).setUint32(0, v >>> 0, this.le);
    this.parts.push(b);
    return this;
  }
  i64(v: bigint): this {
    const b = new Uint8Array(8);
    new DataView(b.buffer).setBigInt64(0, v, this.le);
    this.parts.push(b);
    return this;
  }
  bytes(v: Uint8Array, padTo4 = false): this {
    this.parts.push(v);
    if (padTo4 && v.length % 4) this.parts.push(new Uint8Array(4 - (v.length % 4)));
    return this;
  }
  done(): Uint8Array {
    return concat(this.parts);
  }
}

export interface BlockOptions {
  /** Override the leading length field. */
  length?: number;
  /** Override the trailing length field. */
  trailer?: number;
}

/** A pcapng block: type, length, body, length. */
export function block(e: Endian, type: number, body: Uint8Array, o: BlockOptions = {}): Uint8Array {
  const total = 12 + body.length;
  return new Fields(e === 'le')
    .u32(type)
    .u32(o.length ?? total)
    .bytes(body)
    .u32(o.trailer ?? o.length ?? total)
    .done();
}

export function option(e: Endian, code: number, value: Uint8Array): Uint8Array {
  return new Fields(e === 'le').u16(code).u16(value.length).bytes(value, true).done();
}

const END_OF_OPTIONS = new Uint8Array(4);

export function shb(e: Endian, version: [number, number] = [1, 0]): Uint8Array {
  const f = new Fields(e === 'le').u32(0x1a2b3c4d).u16(version[0]).u16(version[1]).i64(-1n);
  return block(e, 0x0a0d0d0a, f.done());
}

export interface IdbSpec {
  linkType?: number;
  snaplen?: number;
  name?: string;
  tsresol?: number;
  tsoffset?: bigint;
}

export function idb(e: Endian, s: IdbSpec = {}): Uint8Array {
  const le = e === 'le';
  const f = new Fields(le)
    .u16(s.linkType ?? 1)
    .u16(0)
    .u32(s.snaplen ?? 0);
  const opts: Uint8Array[] = [];
  if (s.name !== undefined) opts.push(option(e, 2, new TextEncoder().encode(s.name)));
  if (s.tsresol !== undefined) opts.push(option(e, 9, Uint8Array.of(s.tsresol)));
  if (s.tsoffset !== undefined) opts.push(option(e, 14, new Fields(le).i64(s.tsoffset).done()));
  if (opts.length) opts.push(END_OF_OPTIONS);
  return block(e, 1, concat([f.done(), ...opts]));
}

export function epb(e: Endian, ifid: number, ticks: bigint, data: Uint8Array, wire = data.length, o: BlockOptions = {}): Uint8Array {
  const f = new Fields(e === 'le')
    .u32(ifid)
    .u32(Number(ticks >> 32n))
    .u32(Number(ticks & 0xffffffffn))
    .u32(data.length)
    .u32(wire)
    .bytes(data, true);
  return block(e, 6, f.done(), o);
}

/** Obsolete Packet Block (type 2): 16-bit interface id and drops count. */
export function pb(e: Endian, ifid: number, ticks: bigint, data: Uint8Array): Uint8Array {
  const f = new Fields(e === 'le')
    .u16(ifid)
    .u16(0)
    .u32(Number(ticks >> 32n))
    .u32(Number(ticks & 0xffffffffn))
    .u32(data.length)
    .u32(data.length)
    .bytes(data, true);
  return block(e, 2, f.done());
}

export function spb(e: Endian, data: Uint8Array, wire = data.length): Uint8Array {
  return block(e, 3, new Fields(e === 'le').u32(wire).bytes(data, true).done());
}

/** Name Resolution Block with one IPv4 record. */
export function nrb(e: Endian): Uint8Array {
  const name = new TextEncoder().encode('host.example\0');
  const rec = new Fields(e === 'le')
    .u16(1)
    .u16(4 + name.length)
    .bytes(Uint8Array.of(192, 0, 2, 1))
    .bytes(name, true)
    .u16(0)
    .u16(0)
    .done();
  return block(e, 4, rec);
}

/** Interface Statistics Block for interface `ifid`. */
export function isb(e: Endian, ifid: number): Uint8Array {
  return block(e, 5, new Fields(e === 'le').u32(ifid).u32(0).u32(0).done());
}

/** Decryption Secrets Block (TLS key log) with a short secret. */
export function dsb(e: Endian): Uint8Array {
  const secret = new TextEncoder().encode('CLIENT_RANDOM 00 11\n');
  return block(e, 10, new Fields(e === 'le').u32(0x544c534b).u32(secret.length).bytes(secret, true).done());
}

export interface PcapSpec {
  e?: Endian;
  magic?: number;
  linkType?: number;
  snaplen?: number;
  version?: [number, number];
}

export function pcapHeader(s: PcapSpec = {}): Uint8Array {
  return new Fields((s.e ?? 'le') === 'le')
    .u32(s.magic ?? 0xa1b2c3d4)
    .u16(s.version?.[0] ?? 2)
    .u16(s.version?.[1] ?? 4)
    .u32(0)
    .u32(0)
    .u32(s.snaplen ?? 65535)
    .u32(s.linkType ?? 1)
    .done();
}

export function pcapRecord(e: Endian, sec: number, frac: number, data: Uint8Array, wire = data.length, caplen = data.length): Uint8Array {
  return new Fields(e === 'le').u32(sec).u32(frac).u32(caplen).u32(wire).bytes(data).done();
}

/** A small Ethernet/IPv4/UDP packet whose last byte is `tag`, `size` bytes long (>= 42). */
export function packet(tag: number, size = 60): Uint8Array {
  const p = new Uint8Array(size);
  p.set([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0, 0x11, 0x22, 0x33, 0x44, 0x55, 0x08, 0x00, 0x45, 0]);
  for (let i = 16; i < size; i++) p[i] = (i * 7 + tag) & 0xff;
  p[size - 1] = tag;
  return p;
}

export { pad4 };
