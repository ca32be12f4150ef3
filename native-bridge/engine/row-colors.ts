import { type DissectSession, ProtoTree, dissectFrame } from '../dissect/index.js';
import type { Colorizer } from '../filter/index.js';
import type { PacketSource } from './worker-run.js';

const UNKNOWN = -2;

/**
 * The coloring rule of each packet of a run's store, found lazily for the rows the list asks
 * for (a rows request is a screen's worth and its margins: at most a few hundred packets read
 * back and dissected again, on the store's session, so rules over analysis flags see what the
 * first pass decided) and kept per packet (2 bytes each) until the rules change. Nothing is
 * done for packets nobody looks at: a million-packet file loads as fast as without colors.
 */
export class RowColors {
  #rules: Colorizer | undefined;
  /**
   * One tree for every packet read back, keeping only the nodes the rules read: no node texts,
   * no other nodes (in follow mode during a load, the rows at the end of the list are new on
   * every request, and a full tree each was a fifth of the engine's time).
   */
  #tree: ProtoTree | undefined;
  #of = new Int16Array(0);

  /** New rules: every packet's rule is found again when next asked for. */
  reset(rules: Colorizer | undefined): void {
    this.#rules = rules;
    this.#tree = rules === undefined ? undefined : new ProtoTree({ summary: true, keep: rules.fields });
    this.#of.fill(UNKNOWN);
  }

  /**
   * The rule index (-1: none) of store packets `indexes` (ascending within runs), reading back
   * the ones not known yet; undefined without active rules.
   */
  colors(indexes: readonly number[], read: (first: number, count: number) => PacketSource, session: DissectSession): number[] | undefined {
    const rules = this.#rules;
    const tree = this.#tree;
    if (rules === undefined || tree === undefined || !rules.active) return undefined;
    const top = indexes.reduce((m, i) => Math.max(m, i), -1);
    if (top >= this.#of.length) {
      const grown = new Int16Array(Math.max(1024, (top + 1) * 2)).fill(UNKNOWN);
      grown.set(this.#of);
      this.#of = grown;
    }
    const missing = indexes.filter((i) => this.#of[i] === UNKNOWN).sort((a, b) => a - b);
    for (let s = 0; s < missing.length; ) {
      let e = s + 1;
      while (e < missing.length && missing[e] === missing[e - 1]! + 1) e++;
      read(
        missing[s]!,
        e - s,
      )((meta, bytes) => {
        this.#of[meta.number - 1] = rules.ruleOf(dissectFrame(meta, bytes, session, tree).tree);
      });
      s = e;
    }
    return indexes.map((i) => this.#of[i]!);
  }
}
