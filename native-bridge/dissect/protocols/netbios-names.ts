import { hex } from '../core/format.js';
import type { Tvb } from '../core/tvb.js';

/**
 * NetBIOS names as the NetBIOS protocols print them: 15 name bytes and a type suffix,
 * unprintable bytes as `<xx>`, trailing spaces dropped (`DJP95S0J<20>`). Shared by NetBIOS over
 * IPX (plain 16 bytes) and the NetBIOS Name, Datagram and Session services (RFC 1002's
 * first-level encoding: two letters `A`..`P` per byte, behind a length byte of 32).
 */

/** Wireshark's netbios_name_type_descr (the common suffixes). */
export const NETBIOS_NAME_TYPES: Readonly<Record<number, string>> = {
  0x00: 'Workstation/Redirector',
  0x01: 'Browser',
  0x02: 'Workstation/Redirector',
  0x03: 'Messenger service/Main name',
  0x05: 'Forwarded name',
  0x06: 'RAS Server service',
  0x1b: 'Domain Master Browser',
  0x1c: 'Domain Controllers',
  0x1d: 'Local Master Browser',
  0x1e: 'Browser Election Service',
  0x1f: 'Net DDE Service',
  0x20: 'Server service',
  0x21: 'RAS client service',
};

/** A name type's description, `Unknown` for others. */
export function nameTypeText(type: number): string {
  return NETBIOS_NAME_TYPES[type] ?? 'Unknown';
}

/** Name bytes (the first 15 of 16) as printed: `<xx>` for unprintable ones, trailing spaces dropped. */
export function printName(raw: ArrayLike<number>): string {
  let n = Math.min(raw.length, 15);
  while (n > 0 && raw[n - 1] === 0x20) n--;
  let s = '';
  for (let i = 0; i < n; i++) {
    const c = raw[i]!;
    s += c >= 0x20 && c < 0x7f ? String.fromCharCode(c) : `<${hex(c, 2).slice(2)}>`;
  }
  return s;
}

/** A first-level encoded name: its text (`NAME<1d>` plus any scope), its type (undefined if not a 16-byte name) and where it ends. */
export interface EncodedName {
  name: string;
  type: number | undefined;
  end: number;
  /** Set when a letter is outside `A`..`P` (Wireshark's "Illegal NetBIOS name"). */
  illegal: boolean;
}

/** The scope labels after a name are bounded: 128 labels at most. */
const MAX_LABELS = 128;

/** Reads a first-level encoded NetBIOS name at `off` (a length byte, 32 letters, then DNS-style scope labels). */
export function readEncodedName(tvb: Tvb, off: number): EncodedName {
  const len = tvb.u8(off);
  let name = '';
  let type: number | undefined;
  let illegal = false;
  if (len === 32) {
    const raw: number[] = [];
    for (let i = 0; i < 16; i++) {
      const hi = tvb.u8(off + 1 + 2 * i) - 0x41;
      const lo = tvb.u8(off + 2 + 2 * i) - 0x41;
      if (hi < 0 || hi > 15 || lo < 0 || lo > 15) illegal = true;
      raw.push(((hi & 0xf) << 4) | (lo & 0xf));
    }
    type = raw[15]!;
    name = `${printName(raw)}<${hex(type, 2).slice(2)}>`;
  } else name = tvb.ascii(off + 1, len);
  let end = off + 1 + len;
  for (let guard = 0; guard < MAX_LABELS; guard++) {
    const l = tvb.u8(end);
    end++;
    if (l === 0 || l >= 0xc0) {
      if (l >= 0xc0) end++;
      break;
    }
    name += `.${tvb.ascii(end, l)}`;
    end += l;
  }
  return { name, type, end, illegal };
}

/** How a name shows in the tree: `DJP95S0J<00> (Workstation/Redirector)`, or Wireshark's text for a name with bad letters. */
export function encodedNameText(n: EncodedName): string {
  if (n.illegal) return 'Illegal NetBIOS name (1st character not between A and Z in first-level encoding)';
  return n.type === undefined ? n.name : `${n.name} (${nameTypeText(n.type)})`;
}
