/** Printing addresses and values the way Wireshark does. */

/** Entries kept in each cache of texts below (MAC and IPv4 addresses, short printable texts). */
const TEXTS_MAX = 4096;

/** Puts `text` in one of the caches of texts below under `key`, emptying the cache first when full; returns it. */
function remember(cache: Map<number, string>, key: number, text: string): string {
  if (cache.size >= TEXTS_MAX) cache.clear();
  cache.set(key, text);
  return text;
}

/** The text of the IPv4 addresses seen lately, as for MAC addresses (etherString). */
const ipv4Texts = new Map<number, string>();

export function ipv4String(v: number): string {
  return ipv4Texts.get(v) ?? remember(ipv4Texts, v, `${v >>> 24}.${(v >>> 16) & 0xff}.${(v >>> 8) & 0xff}.${v & 0xff}`);
}

/** The text of the MAC address whose first two bytes are `hi` and last four `lo` (a 48-bit value read straight off the packet). */
export function macText(hi: number, lo: number): string {
  const key = hi * 0x1_0000_0000 + lo;
  return (
    macTexts.get(key) ??
    remember(
      macTexts,
      key,
      `${HEX2[hi >>> 8]}:${HEX2[hi & 0xff]}:${HEX2[lo >>> 24]}:${HEX2[(lo >>> 16) & 0xff]}:${HEX2[(lo >>> 8) & 0xff]}:${HEX2[lo & 0xff]}`,
    )
  );
}

/** Two lower-case hex digits of each byte value. */
const HEX2: readonly string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/**
 * The text of the MAC addresses seen lately, by their 48-bit value: a capture has few of them,
 * and every Ethernet frame prints two. Bounded: emptied when full.
 */
const macTexts = new Map<number, string>();

export function etherString(b: Uint8Array): string {
  if (b.length === 6) return macText((b[0]! << 8) | b[1]!, ((b[2]! << 24) | (b[3]! << 16) | (b[4]! << 8) | b[5]!) >>> 0);
  let s = '';
  for (let i = 0; i < b.length; i++) s += (i ? ':' : '') + HEX2[b[i]!];
  return s;
}

/** RFC 5952 text: lower case, longest run of two or more zero groups as `::`. */
export function ipv6String(b: Uint8Array): string {
  // The longest run of zero groups (the first of equals), without an array of groups: every
  // AAAA record and IPv6 packet prints some.
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (b[2 * i] !== 0 || b[2 * i + 1] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && b[2 * j] === 0 && b[2 * j + 1] === 0) j++;
    if (j - i > bestLen) {
      best = i;
      bestLen = j - i;
    }
    i = j;
  }
  // IPv4-mapped (::ffff:a.b.c.d) prints its tail dotted, as Wireshark does.
  if (best === 0 && bestLen === 5 && b[10] === 0xff && b[11] === 0xff) return `::ffff:${b[12]}.${b[13]}.${b[14]}.${b[15]}`;
  let s = '';
  for (let i = 0; i < 8; i++) {
    if (i === best) {
      s += '::';
      i += bestLen - 1;
      continue;
    }
    if (i > 0 && i !== best + bestLen) s += ':';
    const group = (b[2 * i]! << 8) | b[2 * i + 1]!;
    s += GROUP_HEX[group] ?? group.toString(16);
  }
  return s;
}

/** Hex texts of the 16-bit groups up to 0xfff (made once: most groups of real addresses are short). */
const GROUP_HEX: readonly string[] = Array.from({ length: 0x1000 }, (_, i) => i.toString(16));

export function hex(v: number, digits: number): string {
  // IDs, flags and types in every frame of some protocols: from the bytes' texts, without
  // toString and padStart (a cache of all 65,536 texts was slower: random IDs missed the CPU's cache).
  if (digits === 4 && v >= 0 && v <= 0xffff && Number.isInteger(v)) return `0x${HEX2[v >>> 8]}${HEX2[v & 0xff]}`;
  return `0x${v.toString(16).padStart(digits, '0')}`;
}

const utf8Decoder = new TextDecoder('utf-8');
const latin1Decoder = new TextDecoder('latin1');
const C_ESCAPES: Readonly<Record<number, string>> = { 7: '\\a', 8: '\\b', 9: '\\t', 10: '\\n', 11: '\\v', 12: '\\f', 13: '\\r' };

/** Length of the valid UTF-8 sequence starting at `i` (2 to 4), or 0. */
function utf8SequenceLength(b: Uint8Array, i: number, end: number): number {
  const c = b[i]!;
  const n = c >= 0xc2 && c <= 0xdf ? 2 : c >= 0xe0 && c <= 0xef ? 3 : c >= 0xf0 && c <= 0xf4 ? 4 : 0;
  if (n === 0 || i + n > end) return 0;
  for (let k = 1; k < n; k++) if ((b[i + k]! & 0xc0) !== 0x80) return 0;
  const c1 = b[i + 1]!;
  // Overlong forms, UTF-16 surrogates and code points past U+10FFFF are not valid UTF-8.
  if ((c === 0xe0 && c1 < 0xa0) || (c === 0xed && c1 >= 0xa0) || (c === 0xf0 && c1 < 0x90) || (c === 0xf4 && c1 >= 0x90)) return 0;
  return n;
}

/**
 * Packet text made printable the way Wireshark's format_text does: printable ASCII and valid
 * UTF-8 as they are, C escapes for \a \b \t \n \v \f \r, other control bytes as `\ooo` octal,
 * invalid UTF-8 bytes as U+FFFD. Used for names and lines read from the wire (DNS names,
 * HTTP request lines, TLS server names) so a hostile byte cannot disturb a column or a log.
 */
export function formatText(b: Uint8Array, start = 0, end = b.length): string {
  let plain = true;
  let hash = 0x811c9dc5;
  for (let i = start; i < end; i++) {
    const c = b[i]!;
    if (c < 0x20 || c > 0x7e) {
      plain = false;
      break;
    }
    hash = Math.imul(hash ^ c, 0x01000193);
  }
  if (plain) return end - start <= SHORT_TEXT ? shortText(b, start, end, hash) : latin1Decoder.decode(b.subarray(start, end));
  let s = '';
  for (let i = start; i < end; ) {
    const c = b[i]!;
    if (c >= 0x20 && c <= 0x7e) {
      s += String.fromCharCode(c);
      i++;
    } else if (c < 0x80) {
      s += C_ESCAPES[c] ?? `\\${c.toString(8).padStart(3, '0')}`;
      i++;
    } else {
      const n = utf8SequenceLength(b, i, end);
      if (n === 0) {
        s += '\ufffd';
        i++;
      } else {
        s += utf8Decoder.decode(b.subarray(i, i + n));
        i += n;
      }
    }
  }
  return s;
}

/**
 * The bit picture Wireshark prints before a flag or bit-field value: the bits of `mask` in a
 * `bits`-wide field shown as 0/1, the rest as dots, grouped by four (`.000 0... .... ....`).
 */
export function bitPattern(value: number, mask: number, bits: number): string {
  // Flags are drawn for every packet: memoise by (mask, width, masked value), a small set.
  const key = mask * 128 + bits;
  let byValue = patterns.get(key);
  if (byValue === undefined) {
    byValue = new Map();
    patterns.set(key, byValue);
  }
  const masked = value & mask;
  let s = byValue.get(masked);
  if (s === undefined) {
    s = drawBits(masked, mask, bits);
    if (byValue.size < 4096) byValue.set(masked, s);
  }
  return s;
}

const patterns = new Map<number, Map<number, string>>();

/** Printable texts up to this long are kept in `shortTexts`. */
const SHORT_TEXT = 64;
/** Recent short printable texts by an FNV-1a hash of their bytes (names and tokens repeat: a DNS name, an HTTP header). Bounded. */
const shortTexts = new Map<number, string>();

/** The printable bytes `start`–`end` (≤ SHORT_TEXT, hashed to `hash`) as text: from the cache when seen lately, else decoded. */
function shortText(b: Uint8Array, start: number, end: number, hash: number): string {
  const n = end - start;
  const key = (hash >>> 0) * (SHORT_TEXT + 1) + n; // the length too: exact below 2^53
  const seen = shortTexts.get(key);
  if (seen !== undefined && seen.length === n) {
    let same = true;
    for (let i = 0; i < n; i++)
      if (seen.charCodeAt(i) !== b[start + i]) {
        same = false;
        break;
      }
    if (same) return seen;
  }
  return remember(shortTexts, key, latin1Decoder.decode(b.subarray(start, end)));
}

function drawBits(value: number, mask: number, bits: number): string {
  let s = '';
  for (let i = bits - 1; i >= 0; i--) {
    const bit = 2 ** i;
    s += Math.floor(mask / bit) % 2 === 1 ? (Math.floor(value / bit) % 2 === 1 ? '1' : '0') : '.';
    if (i > 0 && i % 4 === 0) s += ' ';
  }
  return s;
}

const UNITS: readonly [number, string][] = [
  [86400, 'day'],
  [3600, 'hour'],
  [60, 'minute'],
  [1, 'second'],
];

/** Seconds as Wireshark's unsigned_time_secs_to_str writes them (`1 hour, 2 minutes, 5 seconds`). */
export function durationText(secs: number): string {
  if (secs === 0) return '0 seconds';
  const parts: string[] = [];
  let rest = secs;
  for (const [size, unit] of UNITS) {
    const n = Math.floor(rest / size);
    rest -= n * size;
    if (n > 0) parts.push(`${n} ${unit}${n === 1 ? '' : 's'}`);
  }
  return parts.join(', ');
}
