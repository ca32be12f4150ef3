import type { PlainConversation } from '../protocol/index.js';
import type { PacketFacts } from './facts.js';
import { Column } from './key-table.js';
import { LayerTable, Tally, wordOrNone, type TableSnapshot, type TableType } from './layer-table.js';
import { compareTime, spanBetween, type Span } from './time.js';

/**
 * One conversation's counts: the fields of the row the UI protocol carries (defined once, there),
 * with its times as exact spans (the protocol's are the seconds TShark prints).
 */
export interface ConversationRow extends Omit<PlainConversation, 'relStart' | 'duration'> {
  /** First packet, relative to the capture's first frame. */
  relStart: Span;
  /** Last packet minus first packet. */
  duration: Span;
}

export type ConversationSnapshot = TableSnapshot<ConversationRow>;

/**
 * Conversations of one type (`tshark -z conv,TYPE`): A↔B frames and bytes in each direction,
 * relative start and duration. Incremental: `add` per packet, `snapshot` at any time.
 * Everything is keyed by integers ([address A, port A, address B, port B, stream] in a
 * KeyTable), so memory grows with the number of conversations only.
 */
export class ConversationTable extends LayerTable {
  readonly #ab = new Tally();
  readonly #ba = new Tally();
  readonly #startSec = new Column();
  readonly #startNsec = new Column();
  readonly #stopSec = new Column();
  readonly #stopNsec = new Column();
  #first: { sec: number; nsec: number } | undefined;

  constructor(type: TableType) {
    super(type, 5);
  }

  /** Feeds one packet's facts (every packet: the first one sets the time origin). */
  override addFacts(f: PacketFacts): void {
    this.#first ??= { sec: f.sec, nsec: f.nsec };
    super.addFacts(f);
  }

  /** The scratch key [a, port a, b, port b, stream]. */
  #keyOf(a: number, portA: number, b: number, portB: number, streamId: number): Uint32Array {
    const k = this.key;
    k[0] = a;
    k[1] = portA;
    k[2] = b;
    k[3] = portB;
    k[4] = streamId;
    return k;
  }

  protected override count(src: Uint32Array, dst: Uint32Array, srcPort: number, dstPort: number, streamId: number): void {
    const keys = this.keys;
    const a = this.addresses.intern(src);
    const b = this.addresses.intern(dst);
    let id = keys.find(this.#keyOf(a, srcPort, b, dstPort, streamId));
    let forward = true;
    if (id < 0) {
      id = keys.find(this.#keyOf(b, dstPort, a, srcPort, streamId));
      forward = false;
      if (id < 0) {
        id = keys.add(this.#keyOf(a, srcPort, b, dstPort, streamId));
        forward = true;
        this.#startSec.set(id, this.sec);
        this.#startNsec.set(id, this.nsec);
        this.#stopSec.set(id, this.sec);
        this.#stopNsec.set(id, this.nsec);
      }
    }
    (forward ? this.#ab : this.#ba).count(id, this.len);
    // As Wireshark: a later packet moves the end, an earlier one (time going back) the start.
    if (compareTime(this.sec, this.nsec, this.#stopSec.get(id), this.#stopNsec.get(id)) > 0) {
      this.#stopSec.set(id, this.sec);
      this.#stopNsec.set(id, this.nsec);
    } else if (compareTime(this.sec, this.nsec, this.#startSec.get(id), this.#startNsec.get(id)) < 0) {
      this.#startSec.set(id, this.sec);
      this.#startNsec.set(id, this.nsec);
    }
  }

  snapshot(): ConversationSnapshot {
    const rows: ConversationRow[] = [];
    const keys = this.keys;
    const first = this.#first ?? { sec: 0, nsec: 0 };
    for (let id = 0; id < keys.size; id++) {
      const fab = this.#ab.packets.get(id);
      const fba = this.#ba.packets.get(id);
      const bab = this.#ab.bytes.get(id);
      const bba = this.#ba.bytes.get(id);
      const startSec = this.#startSec.get(id);
      const startNsec = this.#startNsec.get(id);
      rows.push({
        addressA: this.addresses.text(keys.word(id, 0)),
        portA: wordOrNone(keys.word(id, 1)),
        addressB: this.addresses.text(keys.word(id, 2)),
        portB: wordOrNone(keys.word(id, 3)),
        stream: wordOrNone(keys.word(id, 4)),
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
    return this.snapshotOf('Conversations', rows, (r) => r.frames);
  }
}
