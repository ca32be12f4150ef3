import { formatText } from '../core/format.js';
import type { Tvb } from '../core/tvb.js';

/**
 * Reading a (possibly compressed) DNS name, RFC 1035 section 4.1.4, with the placeholders
 * Wireshark shows (`<Root>`, `<Name too long>`, ...).
 *
 * Compression pointers are where hostile packets bite: a pointer to itself, two pointers to
 * each other, or a chain that revisits the same bytes can make a naive reader loop forever or
 * do quadratic work. Every real compressor points back to a name it wrote earlier, and that
 * name's own pointers point further back still, so we require each jump to land strictly
 * before the previous one (the first: before the pointer itself). Targets then strictly
 * decrease, so a chain ends after at most one jump per byte; it is also capped at
 * MAX_POINTERS, so a name costs at most MAX_POINTERS + 1 walks of the message, past the point
 * where it is too long to show too (Wireshark walks on, and may fail further). A chain that
 * breaks the rule is reported as a loop (malformed, not fatal: the name's size in place is
 * known, so the message goes on). Reads past the end throw through the Tvb as usual.
 */

/** Wireshark's MAX_DNAME_LEN: longer names show as `<Name too long>`. */
const MAX_NAME = 255;
const MAX_POINTERS = MAX_NAME;

export interface NameError {
  /** Offset in the tvb of the offending byte. */
  offset: number;
  reason: string;
  /** The message cannot be decoded further (Wireshark throws here). */
  fatal: boolean;
}

export interface DnsName {
  /** Printable name, or a placeholder such as `<Root>`. */
  text: string;
  /** Length as Wireshark counts it: characters including dots (or the placeholder's length). */
  rawLength: number;
  /** Labels, as Wireshark counts them (dots + 1; 0 for the root). */
  labels: number;
  /** Bytes the name occupies where it is written (through its first pointer). */
  used: number;
  error?: NameError;
}

const DOT = 0x2e;

function placeholder(text: string, used: number, error?: NameError): DnsName {
  return error === undefined ? { text, rawLength: text.length, labels: 1, used } : { text, rawLength: text.length, labels: 1, used, error };
}

/** The name being assembled (decoders run one at a time; the text is copied out at the end). */
const buf = new Uint8Array(MAX_NAME);

/**
 * Reads the name at `offset`; `msgStart` is where the DNS message begins in `tvb` (pointers
 * count from there: 2 over TCP, after the length prefix).
 */
export function readName(tvb: Tvb, offset: number, msgStart: number): DnsName {
  let n = 0;
  let room = MAX_NAME; // Wireshark's maxname: one is kept back for the terminating NUL
  let first = true;
  let pos = offset;
  let used = -1;
  let bound = Infinity;
  let pointers = 0;
  for (;;) {
    const len = tvb.u8(pos);
    pos++;
    if (len === 0) break;
    switch (len & 0xc0) {
      case 0x00: {
        if (first) {
          room--;
          first = false;
        } else if (room > 0) {
          buf[n++] = DOT;
          room--;
        }
        tvb.check(pos, len); // the whole label must be there, shown or not
        const take = Math.min(len, Math.max(0, room));
        tvb.copyTo(pos, take, buf, n);
        n += take;
        room -= take;
        pos += len;
        break;
      }
      case 0x40: {
        if ((len & 0x3f) !== 0x01) {
          // Decoding cannot go on past a label of unknown size; like Wireshark, the message
          // stops unless something of the name was read.
          const size = used >= 0 ? used : pos - offset;
          const fatal = size < 2 || (size > 2 && n === 0);
          return placeholder(
            '<Unknown extended label>',
            size,
            fatal ? { offset: pos - 1, reason: `unknown extended label type 0x${len.toString(16)}`, fatal } : undefined,
          );
        }
        // RFC 2673 bit-string label, shown as \[x<hex>/<bits>].
        const bits = tvb.u8(pos);
        pos++;
        const bytes = Math.trunc((bits - 1) / 8) + 1;
        let s = '\\[x';
        for (let i = 0; i < bytes; i++)
          s += tvb
            .u8(pos + i)
            .toString(16)
            .padStart(2, '0');
        s += `/${bits}]`;
        pos += bytes;
        for (let i = 0; i < s.length && room > 0; i++, room--) buf[n++] = s.charCodeAt(i);
        first = false;
        break;
      }
      case 0x80:
        return placeholder('<Root>', pos - offset, { offset: pos - 1, reason: `reserved label type 0x${len.toString(16)}`, fatal: true });
      default: {
        const at = pos - 1;
        const target = msgStart + (((len & 0x3f) << 8) | tvb.u8(pos));
        pos++;
        if (used < 0) used = pos - offset;
        pointers++;
        if (target >= Math.min(bound, at) || pointers > MAX_POINTERS) {
          return placeholder('<Name contains a pointer that loops>', used, {
            offset: at,
            reason: 'compression pointer does not point back (loop)',
            fatal: false,
          });
        }
        bound = target;
        pos = target;
      }
    }
  }
  if (used < 0) used = pos - offset;
  if (room <= 0) return placeholder('<Name too long>', used);
  if (n === 0) {
    // The root is one zero byte, or a pointer to one; anything longer that spells nothing is bad.
    if (used > 2) return placeholder('<Root>', used, { offset, reason: 'empty name', fatal: true });
    return { text: '<Root>', rawLength: 6, labels: 1, used };
  }
  let labels = 1;
  for (let i = 0; i < n; i++) if (buf[i] === DOT) labels++;
  return { text: formatText(buf, 0, n), rawLength: n, labels: n > 1 ? labels : 0, used };
}
