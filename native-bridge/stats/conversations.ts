import type { PacketMeta } from '../common/index.js';
import type { Dissection } from '../dissect/index.js';
import { AddressBook } from './address.js';
import { factsOf, type AddressLayer, type PacketFacts } from './facts.js';
import { Column, KeyTable } from './key-table.js';
import { compareTime, spanBetween, type Span } from './time.js';

/** The tables TShark's `-z conv,TYPE` and `-z endpoints,TYPE` know that Wirepool keeps. */
export type TableType = 'eth' | 'ip' | 'ipv6' | 'tcp' | 'udp';
export const TABLE_TYPES: readonly TableType[] = ['eth', 'ip', 'ipv6', 'tcp', 'udp'];
/** TShark's titles ("IPv4 Conversations"). */
export const TABLE_TITLES: Readonly<Record<TableType, string>> = { eth: 'Ethernet', ip: 'IPv4', ipv6: 'IPv6', tcp: 'TCP', udp: 'UDP' };

export function isTableType(s: string): s is TableType {
  return (TABLE_TYPES as readonly string[]).includes(s);
}

export function hasPorts(type: TableType): boolean {
  return type === 'tcp' || type === 'udp';
}

const NONE = 0xffffffff;

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

export interface ConversationRow {
  /** A is the source of the conversation's first packet (TShark 4.0's rule). */
  addressA: string;
  portA: number | undefined;
  addressB: string;
  portB: number | undefined;
  /** `tcp.stream` / `udp.stream` of the conversation, when the decoder numbers streams. */
  stream: number | undefined;
  framesAToB: number;
  bytesAToB: number;
  framesBToA: number;
  bytesBToA: number;
  frames: number;
  bytes: number;
  /** First packet, relative to the capture's first frame. */
  relStart: Span;
  /** Last packet minus first packet. */
  duration: Span;
}

export interface ConversationSnapshot {
  type: TableType;
  title: string;
  /** Most frames first; ties in first-seen order (TShark's order). */
  rows: ConversationRow[];
}

/**
 * Conversations of one type (`tshark -z conv,TYPE`): A↔B frames and bytes in each direction,
 * relative start and duration. Incremental: `add` per packet, `snapshot` at any time.
 * Everything is keyed by integers ([address A, port A, address B, port B, stream] in a
 * KeyTable), so memory grows with the number of conversations only.
 */
export class ConversationTable {
  readonly type: TableType;
  readonly #addresses = new AddressBook();
  readonly #keys = new KeyTable(5);
  readonly #key = new Uint32Array(5);
  readonly #framesAB = new Column();
  readonly #bytesAB = new Column();
  readonly #framesBA = new Column();
  readonly #bytesBA = new Column();
  readonly #startSec = new Column();
  readonly #startNsec = new Column();
  readonly #stopSec = new Column();
  readonly #stopNsec = new Column();
  #first: { sec: number; nsec: number } | undefined;
  readonly #visit = (src: Uint32Array, dst: Uint32Array, sp: number, dp: number, id: number) => this.#count(src, dst, sp, dp, id);
  #sec = 0;
  #nsec = 0;
  #len = 0;

  constructor(type: TableType) {
    this.type = type;
  }

  /** Feeds one packet (every packet: the first one sets the time origin). */
  add(d: Dissection, frame: PacketMeta = d.pinfo.frame): void {
    this.addFacts(factsOf(d, frame));
  }

  addFacts(f: PacketFacts): void {
    this.#first ??= { sec: f.sec, nsec: f.nsec };
    this.#sec = f.sec;
    this.#nsec = f.nsec;
    this.#len = f.wireLen;
    eachLayer(f, this.type, this.#visit);
  }

  #count(src: Uint32Array, dst: Uint32Array, srcPort: number, dstPort: number, streamId: number): void {
    const k = this.#key;
    const a = this.#addresses.intern(src);
    const b = this.#addresses.intern(dst);
    k[0] = a;
    k[1] = srcPort;
    k[2] = b;
    k[3] = dstPort;
    k[4] = streamId;
    let id = this.#keys.find(k);
    let forward = true;
    if (id < 0) {
      k[0] = b;
      k[1] = dstPort;
      k[2] = a;
      k[3] = srcPort;
      id = this.#keys.find(k);
      forward = false;
      if (id < 0) {
        k[0] = a;
        k[1] = srcPort;
        k[2] = b;
        k[3] = dstPort;
        id = this.#keys.add(k);
        forward = true;
        this.#startSec.set(id, this.#sec);
        this.#startNsec.set(id, this.#nsec);
        this.#stopSec.set(id, this.#sec);
        this.#stopNsec.set(id, this.#nsec);
      }
    }
    if (forward) {
      this.#framesAB.add(id, 1);
      this.#bytesAB.add(id, this.#len);
    } else {
      this.#framesBA.add(id, 1);
      this.#bytesBA.add(id, this.#len);
    }
    // As Wireshark: a later packet moves the end, an earlier one (time going back) the start.
    if (compareTime(this.#sec, this.#nsec, this.#stopSec.get(id), this.#stopNsec.get(id)) > 0) {
      this.#stopSec.set(id, this.#sec);
      this.#stopNsec.set(id, this.#nsec);
    } else if (compareTime(this.#sec, this.#nsec, this.#startSec.get(id), this.#startNsec.get(id)) < 0) {
      this.#startSec.set(id, this.#sec);
      this.#startNsec.set(id, this.#nsec);
    }
  }

  /** Number of conversations so far. */
  get size(): number {
    return this.#keys.size;
  }

  snapshot(): ConversationSnapshot {
    const rows: ConversationRow[] = [];
    const keys = this.#keys;
    const first = this.#first ?? { sec: 0, nsec: 0 };
    const port = (w: number) => (w === NONE ? undefined : w);
    for (let id = 0; id < keys.size; id++) {
      const fab = this.#framesAB.get(id);
      const fba = this.#framesBA.get(id);
      const bab = this.#bytesAB.get(id);
      const bba = this.#bytesBA.get(id);
      const startSec = this.#startSec.get(id);
      const startNsec = this.#startNsec.get(id);
      rows.push({
        addressA: this.#addresses.text(keys.word(id, 0)),
        portA: port(keys.word(id, 1)),
        addressB: this.#addresses.text(keys.word(id, 2)),
        portB: port(keys.word(id, 3)),
        stream: port(keys.word(id, 4)),
        framesAToB: fab,
        bytesAToB: bab,
        framesBToA: fba,
        bytesBToA: bba,
        frames: fab + fba,
        bytes: bab + bba,
        relStart: spanBetween(startSec, startNsec, first.sec, first.nsec),
        duration: spanBetween(this.#stopSec.get(id), this.#stopNsec.get(id), startSec, startNsec),
      });
    }
    rows.sort((x, y) => y.frames - x.frames);
    return { type: this.type, title: `${TABLE_TITLES[this.type]} Conversations`, rows };
  }
}
