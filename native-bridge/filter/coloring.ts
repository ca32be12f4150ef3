import type { ProtoTree } from '../dissect/index.js';
import { type CompiledFilter, compileFilter } from './compile.js';
import { FilterError } from './errors.js';

/**
 * A list of coloring rules' filters, compiled: `ruleOf` gives the first rule that passes a
 * dissected packet. A filter that does not compile never passes; `errors` says why, per rule.
 * An empty filter is a disabled rule (it never passes, unlike an empty display filter).
 */
export class Colorizer {
  readonly #rules: (CompiledFilter | undefined)[];
  readonly errors: string[];

  constructor(filters: readonly string[]) {
    this.errors = filters.map(() => '');
    this.#rules = filters.map((text, i) => {
      if (text.trim() === '') return undefined;
      try {
        return compileFilter(text);
      } catch (e) {
        if (!(e instanceof FilterError)) throw e;
        this.errors[i] = e.message;
        return undefined;
      }
    });
  }

  /**
   * Ids of the fields and protocols the rules read, ascending: a tree that keeps these nodes
   * alone (`new ProtoTree({ summary: true, keep })`) colors a packet as a full tree does.
   */
  get fields(): number[] {
    return [...new Set(this.#rules.flatMap((r) => r?.fields ?? []))].sort((a, b) => a - b);
  }

  /** True when some rule can match. */
  get active(): boolean {
    return this.#rules.some((r) => r !== undefined);
  }

  /** The index of the first rule that passes the packet, or -1. */
  ruleOf(tree: ProtoTree): number {
    for (let i = 0; i < this.#rules.length; i++) if (this.#rules[i]?.matches(tree)) return i;
    return -1;
  }
}
