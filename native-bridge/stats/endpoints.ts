import type { PacketMeta } from '../common/index.js';
import type { Dissection } from '../dissect/index.js';
import { AddressBook } from './address.js';
import { eachLayer, TABLE_TITLES, type TableType } from './conversations.js';
import { factsOf, type PacketFacts } from './facts.js';
import { Column, KeyTable } from './key-table.js';

export interface EndpointRow {
  address: string;
  /** TCP/UDP tables only. */
  port: number | undefined;
  packets: number;
  bytes: number;
  txPackets: number;
  txBytes: number;
  rxPackets: number;
  rxBytes: number;
}

export interface EndpointSnapshot {
  type: TableType;
  title: string;
  /** Most packets first; ties in first-seen order (TShark's order). */
  rows: EndpointRow[];
}

const NONE = 0xffffffff;

/**
 * Endpoints of one type (`tshark -z endpoints,TYPE`): per address (and port, for TCP/UDP)
 * packets and bytes sent and received. Each counted header adds its source (tx) and then its
 * destination (rx), so a packet from a host to itself counts twice, as in TShark.
 */
export class EndpointTable {
  readonly type: TableType;
  readonly #addresses = new AddressBook();
  readonly #keys = new KeyTable(2);
  readonly #key = new Uint32Array(2);
  readonly #txPackets = new Column();
  readonly #txBytes = new Column();
  readonly #rxPackets = new Column();
  readonly #rxBytes = new Column();
  readonly #visit = (src: Uint32Array, dst: Uint32Array, sp: number, dp: number) => {
    this.#count(src, sp, this.#txPackets, this.#txBytes);
    this.#count(dst, dp, this.#rxPackets, this.#rxBytes);
  };
  #len = 0;

  constructor(type: TableType) {
    this.type = type;
  }

  add(d: Dissection, frame: PacketMeta = d.pinfo.frame): void {
    this.addFacts(factsOf(d, frame));
  }

  addFacts(f: PacketFacts): void {
    this.#len = f.wireLen;
    eachLayer(f, this.type, this.#visit);
  }

  #count(addr: Uint32Array, port: number, packets: Column, bytes: Column): void {
    this.#key[0] = this.#addresses.intern(addr);
    this.#key[1] = port;
    const id = this.#keys.intern(this.#key);
    packets.add(id, 1);
    bytes.add(id, this.#len);
  }

  get size(): number {
    return this.#keys.size;
  }

  snapshot(): EndpointSnapshot {
    const rows: EndpointRow[] = [];
    for (let id = 0; id < this.#keys.size; id++) {
      const port = this.#keys.word(id, 1);
      const txPackets = this.#txPackets.get(id);
      const rxPackets = this.#rxPackets.get(id);
      const txBytes = this.#txBytes.get(id);
      const rxBytes = this.#rxBytes.get(id);
      rows.push({
        address: this.#addresses.text(this.#keys.word(id, 0)),
        port: port === NONE ? undefined : port,
        packets: txPackets + rxPackets,
        bytes: txBytes + rxBytes,
        txPackets,
        txBytes,
        rxPackets,
        rxBytes,
      });
    }
    rows.sort((x, y) => y.packets - x.packets);
    return { type: this.type, title: `${TABLE_TITLES[this.type]} Endpoints`, rows };
  }
}
