import type { PlainEndpoint } from '../protocol/index.js';
import { LayerTable, Tally, wordOrNone, type TableSnapshot, type TableType } from './layer-table.js';

/** One endpoint's counts: the row as the UI protocol carries it (fields defined once, there). */
export type EndpointRow = PlainEndpoint;

export type EndpointSnapshot = TableSnapshot<EndpointRow>;

/**
 * Endpoints of one type (`tshark -z endpoints,TYPE`): per address (and port, for TCP/UDP)
 * packets and bytes sent and received. Each counted header adds its source (tx) and then its
 * destination (rx), so a packet from a host to itself counts twice, as in TShark.
 */
export class EndpointTable extends LayerTable {
  readonly #tx = new Tally();
  readonly #rx = new Tally();

  constructor(type: TableType) {
    super(type, 2);
  }

  protected override count(src: Uint32Array, dst: Uint32Array, srcPort: number, dstPort: number): void {
    this.#tx.count(this.#rowOf(src, srcPort), this.len);
    this.#rx.count(this.#rowOf(dst, dstPort), this.len);
  }

  /** The row id of an address and port, a new row when unseen. */
  #rowOf(addr: Uint32Array, port: number): number {
    this.key[0] = this.addresses.intern(addr);
    this.key[1] = port;
    return this.keys.intern(this.key);
  }

  snapshot(): EndpointSnapshot {
    const rows: EndpointRow[] = [];
    for (let id = 0; id < this.keys.size; id++) {
      const txPackets = this.#tx.packets.get(id);
      const rxPackets = this.#rx.packets.get(id);
      const txBytes = this.#tx.bytes.get(id);
      const rxBytes = this.#rx.bytes.get(id);
      rows.push({
        address: this.addresses.text(this.keys.word(id, 0)),
        port: wordOrNone(this.keys.word(id, 1)),
        packets: txPackets + rxPackets,
        bytes: txBytes + rxBytes,
        txPackets,
        txBytes,
        rxPackets,
        rxBytes,
      });
    }
    return this.snapshotOf('Endpoints', rows, (r) => r.packets);
  }
}
