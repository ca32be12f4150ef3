import { ROW_SEPARATOR } from '../../../native-bridge/protocol/index.js';

/** The summary columns of one row, as `wirepool read` prints them. */
export interface RowText {
  src: string;
  dst: string;
  protocol: string;
  info: string;
}

const decoder = new TextDecoder();
const SEP = String.fromCharCode(ROW_SEPARATOR);

/** A row batch packet's data: the engine's summary columns, separated by ROW_SEPARATOR. */
export function rowText(bytes: Uint8Array): RowText {
  const [src = '', dst = '', protocol = '', ...rest] = decoder.decode(bytes).split(SEP);
  return { src, dst, protocol, info: rest.join(SEP) };
}

/** Decoded rows shown lately (LRU, `limit` rows): re-rendering a row does not decode it again. */
export class RowTexts {
  readonly limit: number;
  readonly #rows = new Map<number, RowText>();

  constructor(limit = 4096) {
    this.limit = limit;
  }

  get(row: number, bytes: () => Uint8Array | undefined): RowText | undefined {
    const hit = this.#rows.get(row);
    if (hit !== undefined) return hit;
    const b = bytes();
    if (b === undefined) return undefined;
    const t = rowText(b);
    this.#rows.set(row, t);
    if (this.#rows.size > this.limit) this.#rows.delete(this.#rows.keys().next().value!);
    return t;
  }

  clear(): void {
    this.#rows.clear();
  }
}
