import { performance } from 'node:perf_hooks';
import { type Dissection, DissectSession, dissectFrame } from '../dissect/index.js';
import type { CompiledFilter } from '../filter/index.js';
import type { BufferPool } from '../pool/index.js';
import type { PlainStats, StatsKind, TableType } from '../protocol/index.js';
import {
  ConversationTable,
  EndpointTable,
  ExpertTable,
  IoSeries,
  ProtocolHierarchy,
  TABLE_TYPES,
  factsOf,
  plainStats,
} from '../stats/index.js';
import type { PacketMeta } from '../common/index.js';
import type { PacketSource } from './worker-run.js';

/** Packets read back per step (as the filter view reads them). */
const STEP = 512;

/**
 * One more in-order dissection of a run's packets, on a session of its own (so streams and
 * reassembly are what `wirepool stats` and `read -Y` see), read back from the run's file a step
 * at a time. It works in slices (`step`) and keeps what it counted, so asking again during a
 * live capture only dissects the packets that arrived since.
 */
abstract class InOrderPass {
  readonly #session: DissectSession;
  #scanned = 0;

  constructor(pool: BufferPool) {
    // Each packet once, in order: the session keeps nothing per frame for revisits.
    this.#session = new DissectSession(pool, { revisits: false });
  }

  /** Packets counted so far (store indexes 0..scanned-1). */
  get scanned(): number {
    return this.#scanned;
  }

  /** Counts packets from `scanned` on, up to store index `until` or until `deadline` (performance.now() ms). */
  step(read: (first: number, count: number) => PacketSource, until: number, deadline: number): void {
    while (this.#scanned < until && performance.now() < deadline) {
      const first = this.#scanned;
      const n = Math.min(STEP, until - first);
      read(first, n)((meta, bytes) => this.take(dissectFrame(meta, bytes, this.#session), meta));
      this.#scanned = first + n;
    }
  }

  protected abstract take(d: Dissection, meta: PacketMeta): void;

  /** Lets go of the buffers its session holds (reassembled datagrams). */
  close(): void {
    this.#session.close();
  }
}

/** The statistics window's tables over a run: the protocol hierarchy, every conversation and endpoint table and the expert information, fed together. */
export class StatsView extends InOrderPass {
  readonly #hierarchy = new ProtocolHierarchy();
  readonly #conversations = new Map<TableType, ConversationTable>(TABLE_TYPES.map((t) => [t, new ConversationTable(t)]));
  readonly #endpoints = new Map<TableType, EndpointTable>(TABLE_TYPES.map((t) => [t, new EndpointTable(t)]));
  readonly #expert = new ExpertTable();

  protected take(d: Dissection, meta: PacketMeta): void {
    this.#expert.add(d, meta.number);
    const f = factsOf(d, meta);
    this.#hierarchy.addFacts(f);
    for (const t of this.#conversations.values()) t.addFacts(f);
    for (const t of this.#endpoints.values()) t.addFacts(f);
  }

  /** One statistic as counted so far (`type`: the table of a conversations or endpoints one). */
  snapshot(kind: Exclude<StatsKind, 'io'>, type: TableType): PlainStats {
    if (kind === 'hierarchy') return plainStats({ kind, ...this.#hierarchy.snapshot() });
    if (kind === 'expert') return plainStats({ kind, ...this.#expert.snapshot() });
    if (kind === 'conversations') return plainStats({ kind, ...this.#conversations.get(type)!.snapshot() });
    return plainStats({ kind, ...this.#endpoints.get(type)!.snapshot() });
  }
}

/**
 * An I/O graph line with a display filter: packets and bytes per interval of the packets the
 * filter passes. Time runs from the run's first frame, filter or not (Wireshark's I/O graph):
 * the first packet sets the series' origin whether it passes or not.
 */
export class FilteredIo extends InOrderPass {
  readonly #filter: CompiledFilter;
  readonly #io: IoSeries;

  constructor(filter: CompiledFilter, intervalNs: number, pool: BufferPool) {
    super(pool);
    this.#filter = filter;
    this.#io = new IoSeries(intervalNs);
  }

  protected take(d: Dissection, meta: PacketMeta): void {
    this.#io.origin(meta.sec, meta.nsec);
    if (this.#filter.matches(d.tree)) this.#io.addFrame(meta.sec, meta.nsec, meta.wireLen);
  }

  snapshot(): PlainStats {
    return plainStats({ kind: 'io', ...this.#io.snapshot() });
  }
}

/**
 * Packets and bytes per interval of the first `count` packets: from the store's frame index
 * alone (times and lengths), no dissection, so it is cheap enough to compute whole per request.
 */
export function ioStats(count: number, meta: (i: number) => PacketMeta, intervalNs: number): PlainStats {
  const io = new IoSeries(intervalNs);
  for (let i = 0; i < count; i++) {
    const m = meta(i);
    io.addFrame(m.sec, m.nsec, m.wireLen);
  }
  return plainStats({ kind: 'io', ...io.snapshot() });
}
