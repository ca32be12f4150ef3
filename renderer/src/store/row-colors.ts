import type { ColoringRule } from '../../../native-bridge/filter/index.js';

/** How a colored row is painted: its rule's colors, and the rule's name (shown as the row's title). */
export interface RowPaint {
  background: string;
  foreground: string;
  name: string;
}

/**
 * The coloring rule of each row the engine sent (its rows replies carry them), by row: 2 bytes
 * a row, kept while the view lasts (row batches come and go; their rules are cheap to keep).
 */
export class RowColors {
  #of = new Int16Array(0);
  #palette: RowPaint[] = [];

  /** The rules the indexes refer to (the list sent to the engine), or none (coloring off). */
  setPalette(rules: readonly ColoringRule[] | undefined): void {
    this.#palette = (rules ?? []).map((r) => ({ background: r.background, foreground: r.foreground, name: r.name }));
  }

  put(first: number, colors: readonly number[]): void {
    const end = first + colors.length;
    if (end > this.#of.length) {
      const grown = new Int16Array(Math.max(1024, end * 2)).fill(-1);
      grown.set(this.#of);
      this.#of = grown;
    }
    this.#of.set(colors, first);
  }

  /** The rule index of `row` (-1: none or not known). */
  rule(row: number): number {
    return row < this.#of.length ? this.#of[row]! : -1;
  }

  paint(row: number): RowPaint | undefined {
    const i = this.rule(row);
    return i < 0 ? undefined : this.#palette[i];
  }

  clear(): void {
    this.#of.fill(-1);
  }
}
