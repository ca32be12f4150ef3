/**
 * Statistics (Wireshark's Statistics menu, TShark's `-z`): protocol hierarchy, conversations,
 * endpoints, I/O series and expert information. Every view is incremental: `add(dissection, frame)` per packet,
 * in capture order, `snapshot()` at any time, so a live capture can redraw them as it goes.
 * The views read the dissection tree by Wireshark's field names (`ip.src`, `tcp.stream`, ...)
 * through one shared per-packet pass (facts.ts) and key everything by integers.
 */
import type { PacketMeta } from '../common/index.js';
import type { Dissection } from '../dissect/index.js';
import { ConversationTable } from './conversations.js';
import { EndpointTable } from './endpoints.js';
import { ExpertTable } from './expert.js';
import { factsOf, type PacketFacts } from './facts.js';
import { ProtocolHierarchy } from './hierarchy.js';
import { IoSeries } from './io.js';
import type { TableType } from './layer-table.js';
import type { StatsSnapshot } from './snapshot.js';

export { ProtocolHierarchy, type HierarchyNode, type HierarchySnapshot } from './hierarchy.js';
export { ConversationTable, type ConversationRow, type ConversationSnapshot } from './conversations.js';
export { TABLE_TITLES, TABLE_TYPES, hasPorts, isTableType, type TableType } from './layer-table.js';
export { EndpointTable, type EndpointRow, type EndpointSnapshot } from './endpoints.js';
export { IoSeries, type IoBucket, type IoSnapshot } from './io.js';
export { ExpertTable, expertText, type ExpertSnapshot } from './expert.js';
export { ERROR_PACKET_PROTOCOLS, PacketFacts, factsOf, insideErrorPacket, readFacts } from './facts.js';
export { decimalsOf, parseSeconds, spanOfProduct, spanText, type Span } from './time.js';
export { plainStats } from './plain.js';
export type { StatsSnapshot } from './snapshot.js';
export { conversationsText, endpointsText, hierarchyText, ioText, sizeText } from './text.js';

export type StatsRequest =
  | { kind: 'hierarchy' }
  | { kind: 'conversations'; type: TableType }
  | { kind: 'endpoints'; type: TableType }
  | { kind: 'io'; intervalNs: number }
  | { kind: 'expert' };

interface View {
  /** The packet's facts, and its dissection for a view that reads the tree itself (expert information). */
  addFacts(f: PacketFacts, d: Dissection): void;
  snapshot(): StatsSnapshot;
}

function viewFor(r: StatsRequest): View {
  switch (r.kind) {
    case 'hierarchy': {
      const v = new ProtocolHierarchy();
      return { addFacts: (f) => v.addFacts(f), snapshot: () => ({ kind: 'hierarchy', ...v.snapshot() }) };
    }
    case 'conversations': {
      const v = new ConversationTable(r.type);
      return { addFacts: (f) => v.addFacts(f), snapshot: () => ({ kind: 'conversations', ...v.snapshot() }) };
    }
    case 'endpoints': {
      const v = new EndpointTable(r.type);
      return { addFacts: (f) => v.addFacts(f), snapshot: () => ({ kind: 'endpoints', ...v.snapshot() }) };
    }
    case 'io': {
      const v = new IoSeries(r.intervalNs);
      return { addFacts: (f) => v.addFacts(f), snapshot: () => ({ kind: 'io', ...v.snapshot() }) };
    }
    case 'expert': {
      const v = new ExpertTable();
      return { addFacts: (f, d) => v.add(d, f.number), snapshot: () => ({ kind: 'expert', ...v.snapshot() }) };
    }
  }
}

/** Several views fed together: the tree is read once per packet for all of them. */
export class Statistics {
  readonly requests: readonly StatsRequest[];
  readonly #views: View[];
  #frames = 0;

  constructor(requests: readonly StatsRequest[]) {
    this.requests = requests;
    this.#views = requests.map(viewFor);
  }

  /** Frames added so far. */
  get frames(): number {
    return this.#frames;
  }

  add(d: Dissection, frame: PacketMeta = d.pinfo.frame): void {
    const f = factsOf(d, frame);
    this.#frames++;
    for (const v of this.#views) v.addFacts(f, d);
  }

  /** The views' current state, in request order. */
  snapshot(): StatsSnapshot[] {
    return this.#views.map((v) => v.snapshot());
  }
}
