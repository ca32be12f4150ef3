import type { PacketMeta } from '../common/index.js';
import { GenerateError } from './errors.js';
import { FlowFactory, PROFILES, PROFILE_NAMES, type ProfileName } from './profiles.js';
import type { Flow } from './flows.js';
import { Random } from './random.js';

export interface GenerateOptions {
  profile: ProfileName;
  packets: number;
  seed: number;
  /** First timestamp, seconds since 1970 (default 2026-01-01T00:00:00Z). */
  start?: number;
}

/** One generated frame; `bytes` is valid until the next call to `next()`. */
export interface GeneratedFrame extends Pick<PacketMeta, 'sec' | 'nsec' | 'wireLen'> {
  bytes: Uint8Array;
}

const BUFFER = 1 << 17; // the largest frame is 65535 bytes

/**
 * Deterministic traffic: the same options give the same frames, byte for byte, on every
 * machine. Interleaves up to the profile's number of concurrent flows, starting a new one when
 * one ends, until exactly `packets` frames. Runtime-free: frames are built into one reused
 * buffer; writing them is the caller's (writeCapture in write.ts).
 */
export class TrafficGenerator {
  /** LINKTYPE_ETHERNET: every profile sends Ethernet II frames. */
  readonly linkType = 1;
  readonly #r: Random;
  readonly #factory: FlowFactory;
  readonly #active: Flow[] = [];
  readonly #concurrency: number;
  readonly #gap: readonly [number, number];
  readonly #buf = new Uint8Array(BUFFER);
  readonly #frame: GeneratedFrame = { sec: 0, nsec: 0, wireLen: 0, bytes: this.#buf };
  #left: number;
  #sec: number;
  #nsec = 0;

  constructor(opts: GenerateOptions) {
    const profile = PROFILES[opts.profile];
    if (profile === undefined)
      throw new GenerateError(`unknown profile "${String(opts.profile)}"`, `use one of ${PROFILE_NAMES.join(', ')}`);
    if (!Number.isSafeInteger(opts.packets) || opts.packets < 0)
      throw new GenerateError(`--packets ${String(opts.packets)} is not a packet count`, 'give a whole number ≥ 0');
    if (!Number.isSafeInteger(opts.seed) || opts.seed < 0 || opts.seed > 0xffffffff)
      throw new GenerateError(`--seed ${String(opts.seed)} is not a seed`, 'give a whole number 0..4294967295');
    this.#r = new Random(opts.seed);
    this.#factory = new FlowFactory(profile, this.#r);
    this.#concurrency = profile.concurrency;
    this.#gap = profile.gapUs;
    this.#left = opts.packets;
    this.#sec = opts.start ?? 1_767_225_600;
  }

  next(): GeneratedFrame | undefined {
    if (this.#left <= 0) return undefined;
    const r = this.#r;
    for (;;) {
      while (this.#active.length < this.#concurrency) this.#active.push(this.#factory.make());
      const i = r.int(0, this.#active.length - 1);
      const n = this.#active[i]!.next(this.#buf);
      if (n === 0) {
        this.#active.splice(i, 1);
        continue;
      }
      this.#left--;
      this.#nsec += r.int(this.#gap[0] * 1000, this.#gap[1] * 1000);
      if (this.#nsec >= 1e9) {
        this.#sec += Math.floor(this.#nsec / 1e9);
        this.#nsec %= 1e9;
      }
      const f = this.#frame;
      f.sec = this.#sec;
      f.nsec = this.#nsec;
      f.wireLen = n;
      f.bytes = this.#buf.subarray(0, n);
      return f;
    }
  }
}
