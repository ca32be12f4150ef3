import type { Packet } from '../craft/index.js';
import type { GeneratedFrame } from './generator.js';
import { Random } from './random.js';

/**
 * Recipes: fixed, scripted captures (the bundled sample, the benchmark captures) built with
 * native-bridge/craft into one reused buffer. Where a profile draws flows at random, a recipe
 * says exactly which frame comes next: a script of compiled `Packet`s (`Timeline`), or a
 * frame-size schedule over one packet shape (`sizedRecipe`). Deterministic: one mulberry32
 * stream (`Random`) decides every size and gap, so a recipe gives the same bytes on every run.
 * Runtime-free; `writeRecipe` (write.ts) writes one to a file.
 */

/** One frame of a recipe; `bytes` (the captured part) is valid until the next frame is made. */
export interface RecipeFrame extends GeneratedFrame {
  /** pcapng interface id (0 for pcap). */
  iface: number;
}

export interface RecipeInterface {
  linkType: number;
  name: string;
  snaplen: number;
}

/** The file a recipe is written as. */
export type RecipeFile =
  | { format: 'pcap'; linkType: number; nanosecond: boolean }
  | { format: 'pcapng'; interfaces: readonly RecipeInterface[]; application: string };

export interface Recipe {
  readonly name: string;
  readonly description: string;
  readonly file: RecipeFile;
  /** Stop once the file holds at least this many bytes (checked before each frame). */
  readonly untilBytes?: number;
  /** A fresh run of the recipe's frames, from its first. */
  frames(): Iterable<RecipeFrame>;
}

const BUFFER = 1 << 17; // the largest frame is 65535 bytes

/**
 * Builds frames for a scripted recipe: `frame(iface, packet, gapUs)` advances the clock by the
 * gap plus up to 1 µs of jitter from the stream (`nsec += round(gapUs·1000 + 1000·next())`)
 * and builds the packet into the reused buffer.
 */
export class Timeline {
  readonly random: Random;
  readonly #buf = new Uint8Array(BUFFER);
  readonly #frame: RecipeFrame = { sec: 0, nsec: 0, wireLen: 0, bytes: this.#buf, iface: 0 };
  #sec: number;
  #nsec = 0;

  constructor(seed: number, start = 1_767_225_600) {
    this.random = new Random(seed);
    this.#sec = start;
  }

  frame(iface: number, packet: Packet, gapUs: number): RecipeFrame {
    this.#nsec += Math.round(gapUs * 1000 + this.random.next() * 1000);
    this.#sec += Math.floor(this.#nsec / 1e9);
    this.#nsec %= 1e9;
    const n = packet.buildInto(this.#buf, 0);
    const f = this.#frame;
    f.sec = this.#sec;
    f.nsec = this.#nsec;
    f.wireLen = n;
    f.bytes = this.#buf.subarray(0, n);
    f.iface = iface;
    return f;
  }
}

export interface SizedRecipeOptions {
  name: string;
  description: string;
  file: RecipeFile;
  seed: number;
  /** First timestamp, seconds since 1970 (default 2026-01-01T00:00:00Z). */
  start?: number;
  /** Number of frames (default: no limit; give `untilBytes` then). */
  frames?: number;
  untilBytes?: number;
  /** The frame-size schedule: the captured length of the next frame, drawn from the stream. */
  size(r: Random): number;
  /** Microseconds to the next frame (whole µs), drawn after its size. */
  gapUs(r: Random): number;
  /**
   * Called at the start of each run (so per-run state such as a sequence number starts over);
   * returns the function giving the packet for frame `index` of `size` bytes, its fields and
   * payload set. When its headers alone are longer than `size`, the frame is cut to `size` (a
   * snaplen-truncated capture) and keeps the packet's length as its wire length.
   */
  packets(): (size: number, index: number) => Packet;
}

/** A recipe of frames whose sizes follow a schedule, on a clock of whole microseconds. */
export function sizedRecipe(o: SizedRecipeOptions): Recipe {
  return {
    name: o.name,
    description: o.description,
    file: o.file,
    ...(o.untilBytes === undefined ? {} : { untilBytes: o.untilBytes }),
    *frames(): Generator<RecipeFrame> {
      const r = new Random(o.seed);
      const buf = new Uint8Array(BUFFER);
      const f: RecipeFrame = { sec: o.start ?? 1_767_225_600, nsec: 0, wireLen: 0, bytes: buf, iface: 0 };
      let usec = 0;
      const count = o.frames ?? Infinity;
      const packet = o.packets();
      for (let i = 0; i < count; i++) {
        const size = o.size(r);
        const p = packet(size, i);
        const n = p.buildInto(buf, 0);
        usec += o.gapUs(r);
        while (usec >= 1e6) {
          f.sec++;
          usec -= 1e6;
        }
        f.nsec = usec * 1000;
        f.wireLen = n;
        f.bytes = buf.subarray(0, Math.min(size, n));
        yield f;
      }
    },
  };
}
