import { etherString, ipv4String, ipv6String } from '../dissect/index.js';
import { KeyTable } from './key-table.js';

/**
 * Addresses as five 32-bit words: the family, then the address bytes big-endian (Ethernet:
 * 2 + 4 bytes; IPv4: one word; IPv6: four). Fixed width so one KeyTable holds every family
 * and an address is never turned into a string until a table is printed.
 */
export const ADDR_WORDS = 5;
export const ETHER = 1;
export const IPV4 = 2;
export const IPV6 = 3;
export type AddressFamily = typeof ETHER | typeof IPV4 | typeof IPV6;

/** Writes a 6-byte Ethernet address into `out`. */
export function etherWords(b: Uint8Array, out: Uint32Array): void {
  out[0] = ETHER;
  out[1] = (b[0]! << 8) | b[1]!;
  out[2] = ((b[2]! << 24) | (b[3]! << 16) | (b[4]! << 8) | b[5]!) >>> 0;
  out[3] = 0;
  out[4] = 0;
}

/** Writes an IPv4 address (the field value: an unsigned 32-bit number) into `out`. */
export function ipv4Words(v: number, out: Uint32Array): void {
  out[0] = IPV4;
  out[1] = v >>> 0;
  out[2] = 0;
  out[3] = 0;
  out[4] = 0;
}

/** Writes a 16-byte IPv6 address into `out`. */
export function ipv6Words(b: Uint8Array, out: Uint32Array): void {
  out[0] = IPV6;
  for (let i = 0; i < 4; i++) out[i + 1] = ((b[i * 4]! << 24) | (b[i * 4 + 1]! << 16) | (b[i * 4 + 2]! << 8) | b[i * 4 + 3]!) >>> 0;
}

/** The address bytes of a word form (for printing). */
function bytesOf(words: ArrayLike<number>): Uint8Array {
  const family = words[0];
  if (family === ETHER) {
    const hi = words[1]!;
    const lo = words[2]!;
    return new Uint8Array([hi >>> 8, hi & 0xff, lo >>> 24, (lo >>> 16) & 0xff, (lo >>> 8) & 0xff, lo & 0xff]);
  }
  const b = new Uint8Array(16);
  for (let i = 0; i < 4; i++) {
    const w = words[i + 1]!;
    b.set([w >>> 24, (w >>> 16) & 0xff, (w >>> 8) & 0xff, w & 0xff], i * 4);
  }
  return b;
}

/** An address in its usual text, as TShark prints it with name resolution off (`-n`). */
export function addressText(words: ArrayLike<number>): string {
  switch (words[0]) {
    case ETHER:
      return etherString(bytesOf(words));
    case IPV4:
      return ipv4String(words[1]! >>> 0);
    case IPV6:
      return ipv6String(bytesOf(words));
    default:
      return '';
  }
}

/** Every address a table has seen, as dense ids; printed once per table row, never per packet. */
export class AddressBook {
  readonly #table = new KeyTable(ADDR_WORDS);
  readonly #scratch = new Uint32Array(ADDR_WORDS);
  readonly #texts: (string | undefined)[] = [];

  intern(words: Uint32Array): number {
    return this.#table.intern(words);
  }

  family(id: number): AddressFamily {
    return this.#table.word(id, 0) as AddressFamily;
  }

  text(id: number): string {
    let t = this.#texts[id];
    if (t === undefined) {
      for (let j = 0; j < ADDR_WORDS; j++) this.#scratch[j] = this.#table.word(id, j);
      this.#texts[id] = t = addressText(this.#scratch);
    }
    return t;
  }
}
