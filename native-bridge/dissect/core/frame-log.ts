import { grown } from '../../common/index.js';
/**
 * What the stateful protocols decided for each frame on the first pass (Wireshark's per-frame
 * proto data), kept so that dissecting the frame again later (the user selects it) gives the
 * same tree without reading or changing the capture-wide state, which by then has moved on.
 *
 * A decision is written as a few 32-bit words (and, rarely, a reference to a JavaScript value)
 * by a `FrameCodec`. The log keeps the words of all frames back to back in pages, so a million
 * frames cost a few megabytes and no object per frame:
 *
 * ```
 *  starts (Uint32Array, one per frame number from the first): word address of the frame's entries
 *  pages  (Int32Array, 16 Ki words each): [hdr][payload…][hdr][payload…] … [0: rest of page unused]
 *  hdr = kind (1–255) | payload length << 8; a frame's entries run from its start to the next frame's
 * ```
 *
 * A frame may write several entries of one kind (two DNS messages in a segment); a revisit
 * reads the n-th entry of a kind for the n-th call, in the order the first pass wrote them.
 */

export interface FrameWriter {
  /** A 32-bit integer (values of 2^31 and up come back negative: read them with `>>> 0`). */
  int(v: number): void;
  f64(v: number): void;
  /** A JavaScript value kept as is (a string, or bytes that cannot be read again). */
  ref(v: unknown): void;
}

export interface FrameReader {
  int(): number;
  f64(): number;
  ref(): unknown;
}

/** How one kind of per-frame decision is written on the first pass and read back on a revisit. */
export interface FrameCodec<T> {
  write(value: T, out: FrameWriter): void;
  read(from: FrameReader): T;
}

/** What the log holds, for memory accounting. */
export interface FrameLogStats {
  /** Frame numbers entered (first to last). */
  frames: number;
  /** Entries written (one per decision of a first pass). */
  entries: number;
  /** Words in use (headers and payloads) and references kept. */
  words: number;
  refs: number;
  /** Bytes the log's arrays take (pages, frame index, reference list), reserved room included. */
  bytes: number;
}

const PAGE_BITS = 14;
const PAGE = 1 << PAGE_BITS;

const f64 = new Float64Array(1);
const f64Words = new Int32Array(f64.buffer);

/** Builds one entry (its length is known only at the end, then it is copied whole into a page). */
class EntryWriter implements FrameWriter {
  words = new Int32Array(16);
  n = 0;
  constructor(readonly refs: unknown[]) {}

  int(v: number): void {
    if (this.n === this.words.length) this.words = grown(this.words, this.n + 1);
    this.words[this.n++] = v;
  }

  f64(v: number): void {
    f64[0] = v;
    this.int(f64Words[0]!);
    this.int(f64Words[1]!);
  }

  ref(v: unknown): void {
    this.int(this.refs.length);
    this.refs.push(v);
  }
}

class EntryReader implements FrameReader {
  page: Int32Array = new Int32Array(0);
  pos = 0;
  constructor(readonly refs: unknown[]) {}

  int(): number {
    return this.page[this.pos++]!;
  }

  f64(): number {
    f64Words[0] = this.page[this.pos++]!;
    f64Words[1] = this.page[this.pos++]!;
    return f64[0]!;
  }

  ref(): unknown {
    return this.refs[this.page[this.pos++]!];
  }
}

export class FrameLog {
  readonly #pages: Int32Array[] = [];
  #page = new Int32Array(0);
  /** Write position in the last page; PAGE when the next entry needs a new page. */
  #pos = PAGE;
  /** First and last frame numbers entered; -1 before the first. */
  #first = -1;
  #last = -1;
  /** Grows by doubling (a session that sees one frame, as the renderer's, stays small). */
  #starts = new Uint32Array(64);
  readonly #refs: unknown[] = [];
  readonly #writer = new EntryWriter(this.#refs);
  readonly #reader = new EntryReader(this.#refs);
  #entries = 0;
  #words = 0;

  /** The last frame number entered (-1: none). */
  get last(): number {
    return this.#last;
  }

  /**
   * Enters frame `number`: false for a new frame (above every number entered so far), whose
   * entries are written from here on; true for a revisit (any other number).
   */
  enter(number: number): boolean {
    if (number <= this.#last || number < this.#first) return true;
    if (this.#first < 0) this.#first = number;
    const at = (this.#pages.length - 1) * PAGE + this.#pos;
    const to = number - this.#first;
    this.#starts = grown(this.#starts, to + 1);
    // Numbers skipped (a gap) get empty ranges. (A loop: this runs once a frame, fill() costs more.)
    const starts = this.#starts;
    for (let i = this.#last < 0 ? 0 : this.#last + 1 - this.#first; i <= to; i++) starts[i] = at;
    this.#last = number;
    return false;
  }

  /** Appends `value` as an entry of `kind` (1–255) to the last frame entered. */
  write<T>(kind: number, codec: FrameCodec<T>, value: T): void {
    const w = this.#writer;
    w.n = 0;
    codec.write(value, w);
    const n = w.n;
    if (n >= PAGE) throw new Error(`a frame entry of ${n} words does not fit in a page`);
    let pos = this.#pos;
    if (pos + 1 + n > PAGE) {
      if (pos < PAGE) this.#page[pos] = 0;
      this.#page = new Int32Array(PAGE);
      this.#pages.push(this.#page);
      pos = 0;
    }
    const page = this.#page;
    const words = w.words;
    page[pos] = kind | (n << 8);
    // Entries are a few words: a loop beats subarray() + set(), which allocate.
    for (let i = 0; i < n; i++) page[pos + 1 + i] = words[i]!;
    this.#pos = pos + 1 + n;
    this.#entries++;
    this.#words += 1 + n;
  }

  /** The `ordinal`-th entry (from 0) of `kind` that frame `number` wrote, read by `codec`; undefined when there is none. */
  read<T>(number: number, kind: number, ordinal: number, codec: FrameCodec<T>): T | undefined {
    if (number < this.#first || number > this.#last) return undefined;
    const i = number - this.#first;
    const end = number === this.#last ? this.#address() : this.#starts[i + 1]!;
    let left = ordinal;
    for (let at = this.#starts[i]!; at < end; ) {
      const page = this.#pages[at >>> PAGE_BITS]!;
      const pos = at & (PAGE - 1);
      const h = page[pos]!;
      if (h === 0) {
        at = ((at >>> PAGE_BITS) + 1) << PAGE_BITS;
        continue;
      }
      if ((h & 0xff) === kind && left-- === 0) {
        this.#reader.page = page;
        this.#reader.pos = pos + 1;
        return codec.read(this.#reader);
      }
      at += 1 + (h >>> 8);
    }
    return undefined;
  }

  stats(): FrameLogStats {
    return {
      frames: this.#last < 0 ? 0 : this.#last - this.#first + 1,
      entries: this.#entries,
      words: this.#words,
      refs: this.#refs.length,
      bytes: this.#pages.length * PAGE * 4 + this.#starts.byteLength + this.#refs.length * 8,
    };
  }

  /** Word address of the next entry: page index × PAGE + position. */
  #address(): number {
    return (this.#pages.length - 1) * PAGE + this.#pos;
  }
}
