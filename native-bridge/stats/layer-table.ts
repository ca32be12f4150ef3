import type { PacketMeta } from '../common/index.js';
import type { Dissection } from '../dissect/index.js';
import { AddressBook } from './address.js';
import { factsOf, type AddressLayer, type PacketFacts } from './facts.js';
import { Column, KeyTable } from './key-table.js';

import { TABLE_TITLES, TABLE_TYPES, type TableType } from '../protocol/index.js';

export { TABLE_TITLES, TABLE_TYPES, type TableType };

export function isTableType(s: string): s is TableType {
  return (TABLE_TYPES as readonly string[]).includes(s);
}

export function hasPorts(type: TableType): boolean {
  return type === 'tcp' || type === 'udp';
}

/**
 * A conversation or endpoint table at one moment: TShark's title ("IPv4 Conversations") and
 * the rows, most frames first, ties in first-seen order (TShark's order).
 */
export interface TableSnapshot<Row> {
  type: TableType;
  title: string;
  rows: Row[];
}

/** A key word with no value: the port of an address-only table, a missing stream id. */
export const NONE = 0xffffffff;

/** A key word as a row shows it: undefined for NONE. */
export function wordOrNone(w: number): number | undefined {
  return w === NONE ? undefined : w;
}

/**
 * Calls `visit(src, dst, srcPort, dstPort, streamId)` for each of the frame's layers that a
 * `type` table counts (facts.ts says which layers count): every Ethernet / IPv4 / IPv6 header,
 * or every TCP / UDP header with the addresses of the IP header under it. Ports are NONE for
 * address-only tables; the stream id is `tcp.stream` / `udp.stream` (TShark keys TCP and UDP
 * conversations by it, so a reused port pair is a new conversation), NONE when absent.
 */
export function eachLayer(
  f: PacketFacts,
  type: TableType,
  visit: (src: Uint32Array, dst: Uint32Array, srcPort: number, dstPort: number, streamId: number) => void,
): void {
  if (type === 'eth' || type === 'ip' || type === 'ipv6') {
    const list: AddressLayer[] = type === 'eth' ? f.links : f.nets;
    const count = type === 'eth' ? f.linkCount : f.netCount;
    for (let i = 0; i < count; i++) {
      const l = list[i]!;
      if (l.kind === type && l.complete) visit(l.src, l.dst, NONE, NONE, NONE);
    }
    return;
  }
  for (let i = 0; i < f.portCount; i++) {
    const l = f.ports[i]!;
    if (l.kind === type && l.complete) visit(l.net!.src, l.net!.dst, l.srcPort, l.dstPort, l.stream >= 0 ? l.stream : NONE);
  }
}

/** Packets and bytes by row id: one direction of a conversation, an endpoint's tx or rx. */
export class Tally {
  readonly packets = new Column();
  readonly bytes = new Column();

  /** Counts one packet of `len` bytes for row `id`. */
  count(id: number, len: number): void {
    this.packets.add(id, 1);
    this.bytes.add(id, len);
  }
}

/**
 * What the conversation and endpoint tables share: one table type, addresses interned as
 * integers, rows keyed by `keyWords`-word keys in a KeyTable, and per packet a `count` call for
 * each layer the type counts (eachLayer), with the packet's time and wire length at hand.
 */
export abstract class LayerTable {
  readonly type: TableType;
  protected readonly addresses = new AddressBook();
  protected readonly keys: KeyTable;
  /** Scratch key for `count`. */
  protected readonly key: Uint32Array;
  /** Time and wire length of the packet being added. */
  protected sec = 0;
  protected nsec = 0;
  protected len = 0;
  readonly #visit = (src: Uint32Array, dst: Uint32Array, sp: number, dp: number, id: number) => this.count(src, dst, sp, dp, id);

  constructor(type: TableType, keyWords: number) {
    this.type = type;
    this.keys = new KeyTable(keyWords);
    this.key = new Uint32Array(keyWords);
  }

  /** Feeds one packet. */
  add(d: Dissection, frame: PacketMeta = d.pinfo.frame): void {
    this.addFacts(factsOf(d, frame));
  }

  addFacts(f: PacketFacts): void {
    this.sec = f.sec;
    this.nsec = f.nsec;
    this.len = f.wireLen;
    eachLayer(f, this.type, this.#visit);
  }

  /** Number of rows so far. */
  get size(): number {
    return this.keys.size;
  }

  /** The snapshot of `rows` (in first-seen order): `frames` of each row, most first; `noun` ends the title. */
  protected snapshotOf<Row>(noun: string, rows: Row[], frames: (row: Row) => number): TableSnapshot<Row> {
    rows.sort((x, y) => frames(y) - frames(x));
    return { type: this.type, title: `${TABLE_TITLES[this.type]} ${noun}`, rows };
  }

  /** Counts one layer of the packet being added. */
  protected abstract count(src: Uint32Array, dst: Uint32Array, srcPort: number, dstPort: number, streamId: number): void;
}
