import { type FieldInfo, fieldValueText } from '../dissect/index.js';

/** Wireshark's text-only item: a label with no filter name of its own (nothing to filter on). */
const TEXT_ITEM = 'text';

/** Escapes Wireshark writes by their letter (`"Host: a\r\n"`). */
const SHORT: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** A string literal of the filter language: quotes, backslashes and control characters escaped. */
export function quoteString(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (SHORT[ch] !== undefined) out += SHORT[ch];
    else if (c < 0x20 || c === 0x7f) out += `\\x${c.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

/**
 * A time [sec, nsec] as the seconds literal the filter reads back to the same instant: a
 * fraction kept invalid from the file (≥ 1 s) carries into the seconds, as the filter's
 * comparison does; a negative time's fraction is positive in the value (−1.5 s is [−2, 0.5e9]).
 */
function secondsLiteral(sec: number, nsec: number): string {
  const s = sec + Math.floor(nsec / 1e9);
  const n = nsec % 1e9;
  const frac = (x: number): string => String(x).padStart(9, '0');
  return s < 0 && n > 0 ? `-${-s - 1}.${frac(1e9 - n)}` : `${s}.${frac(n)}`;
}

/** The literal a field's value is written as in a filter, or undefined when it has none to compare. */
function literalOf(field: FieldInfo, value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  switch (field.type) {
    case 'uint':
    case 'int':
    case 'framenum':
    case 'double':
    case 'ipv4':
    case 'ipv6':
    case 'ether': {
      const t = fieldValueText(field, value);
      return t === '' ? undefined : t;
    }
    case 'bool':
      return value ? '1' : '0';
    case 'string':
      return quoteString(String(value));
    case 'bytes':
      // Colon-separated hex (`16:03:01`), as Wireshark writes a byte field's filter; none for an empty field.
      return value instanceof Uint8Array && value.length > 0
        ? Array.from(value, (b) => b.toString(16).padStart(2, '0')).join(':')
        : undefined;
    case 'time':
      // Seconds (`1767225600.000000455`), which the filter reads as an exact time.
      return Array.isArray(value) ? secondsLiteral(value[0] as number, value[1] as number) : undefined;
    case 'protocol':
    case 'none':
      return undefined;
  }
}

/**
 * The display filter that selects a detail-tree field as Wireshark's "Apply as Filter" writes
 * it: `ip.src == 10.0.0.1`, `tcp.flags.syn == 1`, `http.request.method == "GET"`; a protocol
 * or a label without a value gives its name alone (`tcp`, `tcp.analysis`); a text-only item
 * (no filter name) gives undefined. The text always compiles, and matches the packet the field
 * came from.
 */
export function fieldFilter(field: FieldInfo, value: unknown): string | undefined {
  if (field.abbrev === TEXT_ITEM || field.abbrev === '') return undefined;
  const lit = literalOf(field, value);
  return lit === undefined ? field.abbrev : `${field.abbrev} == ${lit}`;
}
