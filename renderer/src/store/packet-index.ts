import type { BatchView } from '../../../native-bridge/batch/index.js';

/**
 * What the renderer keeps about every packet of a run, bytes aside: 32 bytes a packet in
 * typed arrays that grow by doubling (1 M packets ≈ 32 MB, and no object per packet).
 * Row r is the r-th packet the host delivered in this run (0-based; with a display filter
 * the frame numbers have gaps, the rows do not).
 */
export class PacketIndex {
  #cap = 0;
  #length = 0;
  number = new Uint32Array(0);
  sec = new Float64Array(0);
  nsec = new Uint32Array(0);
  wireLen = new Uint32Array(0);
  capLen = new Uint32Array(0);
  /** Interface id, -1 when the source has none (pcap). */
  iface = new Int32Array(0);
  linkType = new Uint16Array(0);

  /** Rows known (the highest row seen + 1). */
  get length(): number {
    return this.#length;
  }

  /** Bytes the index holds (its typed arrays' capacity). */
  get bytes(): number {
    return this.#cap * 32;
  }

  /** Records the metadata of a batch's packets at rows first..first+count-1. */
  put(first: number, view: BatchView): void {
    const end = first + view.count;
    if (end > this.#cap) this.#grow(end);
    for (let i = 0; i < view.count; i++) {
      const p = view.packet(i);
      const r = first + i;
      this.number[r] = p.number;
      this.sec[r] = p.sec;
      this.nsec[r] = p.nsec;
      this.wireLen[r] = p.wireLen;
      this.capLen[r] = p.capLen;
      this.iface[r] = p.interfaceId;
      this.linkType[r] = p.linkType;
    }
    if (end > this.#length) this.#length = end;
  }

  clear(): void {
    this.#cap = 0;
    this.#length = 0;
    this.number = new Uint32Array(0);
    this.sec = new Float64Array(0);
    this.nsec = new Uint32Array(0);
    this.wireLen = new Uint32Array(0);
    this.capLen = new Uint32Array(0);
    this.iface = new Int32Array(0);
    this.linkType = new Uint16Array(0);
  }

  #grow(need: number): void {
    let cap = Math.max(1024, this.#cap * 2);
    while (cap < need) cap *= 2;
    const grow = <T extends Uint32Array | Float64Array | Int32Array | Uint16Array>(old: T, make: (n: number) => T): T => {
      const next = make(cap);
      next.set(old as never);
      return next;
    };
    this.number = grow(this.number, (n) => new Uint32Array(n));
    this.sec = grow(this.sec, (n) => new Float64Array(n));
    this.nsec = grow(this.nsec, (n) => new Uint32Array(n));
    this.wireLen = grow(this.wireLen, (n) => new Uint32Array(n));
    this.capLen = grow(this.capLen, (n) => new Uint32Array(n));
    this.iface = grow(this.iface, (n) => new Int32Array(n));
    this.linkType = grow(this.linkType, (n) => new Uint16Array(n));
    this.#cap = cap;
  }
}
