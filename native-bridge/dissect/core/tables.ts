import type { Dissector, HeuristicDissector } from './dissector.js';

/**
 * Dissector tables: how a parent finds its child without naming it. Ethernet looks up
 * `ethertype` 0x0800; IPv4 registered itself there. UDP looks up `udp.port` by the lower port
 * first, then the higher, then the `udp` heuristics, then falls back to `data`.
 */
export class DissectorTable {
  readonly #map = new Map<number | string, Dissector>();

  constructor(
    readonly name: string,
    readonly description: string,
  ) {}

  add(key: number | string, dissector: Dissector): void {
    this.#map.set(key, dissector);
  }

  get(key: number | string): Dissector | undefined {
    return this.#map.get(key);
  }

  entries(): IterableIterator<[number | string, Dissector]> {
    return this.#map.entries();
  }
}

const tables = new Map<string, DissectorTable>();
const heuristics = new Map<string, HeuristicDissector[]>();

/** The table called `name`, created on first use (registration order does not matter). */
export function dissectorTable(name: string, description = name): DissectorTable {
  let t = tables.get(name);
  if (t === undefined) tables.set(name, (t = new DissectorTable(name, description)));
  return t;
}

/** The heuristic list called `name` (`udp`, `tcp`). */
export function heuristicList(name: string): HeuristicDissector[] {
  let h = heuristics.get(name);
  if (h === undefined) heuristics.set(name, (h = []));
  return h;
}
