import { OffsetError, type Tvb } from './tvb.js';

/**
 * A reader of ASN.1 DER (ITU-T X.690) over a Tvb: one element's header (class, tag, length) at
 * a time, reads bounded by the enclosing element, so a certificate that lies about a length
 * fails at that element (DerError) instead of reading past it. Indefinite lengths are not DER
 * and are refused; lengths past 2^31 too.
 */
export class DerError extends OffsetError {}

export const UNIVERSAL = 0;
export const CONTEXT = 2;

/** Universal tags the certificate decoder reads. */
export const TAG = {
  boolean: 1,
  integer: 2,
  bitString: 3,
  octetString: 4,
  null: 5,
  oid: 6,
  utf8String: 12,
  sequence: 16,
  set: 17,
  printableString: 19,
  teletexString: 20,
  ia5String: 22,
  utcTime: 23,
  generalizedTime: 24,
  universalString: 28,
  bmpString: 30,
} as const;

export interface DerElement {
  /** 0 universal, 1 application, 2 context-specific, 3 private. */
  cls: number;
  constructed: boolean;
  tag: number;
  /** Offset of the identifier octet. */
  start: number;
  /** Offset of the contents and their end. */
  at: number;
  end: number;
}

/** The element at `at`, whose contents must end by `limit`. */
export function derElement(tvb: Tvb, at: number, limit: number): DerElement {
  const start = at;
  const id = tvb.u8(at++);
  const cls = id >>> 6;
  const constructed = (id & 0x20) !== 0;
  let tag = id & 0x1f;
  if (tag === 0x1f) {
    tag = 0;
    for (let n = 0; ; n++) {
      if (n === 4) throw new DerError(start, 'tag number too large');
      const b = tvb.u8(at++);
      tag = (tag << 7) | (b & 0x7f);
      if (!(b & 0x80)) break;
    }
  }
  let len = tvb.u8(at++);
  if (len === 0x80) throw new DerError(start, 'indefinite length (not DER)');
  if (len > 0x80) {
    const n = len & 0x7f;
    if (n > 3) throw new DerError(start, `length of ${n} bytes`);
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + tvb.u8(at++);
  }
  if (at + len > limit) throw new DerError(start, `length ${len} runs past its container`);
  return { cls, constructed, tag, start, at, end: at + len };
}

/** The elements inside a constructed element, in order. */
export function derChildren(tvb: Tvb, parent: DerElement): DerElement[] {
  const out: DerElement[] = [];
  for (let p = parent.at; p < parent.end; ) {
    const e = derElement(tvb, p, parent.end);
    out.push(e);
    p = e.end;
  }
  return out;
}

/** The element at `at` if it has this class and tag, else a DerError naming what was expected. */
export function derExpect(tvb: Tvb, at: number, limit: number, cls: number, tag: number, what: string): DerElement {
  const e = derElement(tvb, at, limit);
  if (e.cls !== cls || e.tag !== tag) throw new DerError(e.start, `expected ${what}`);
  return e;
}

/** An OBJECT IDENTIFIER's contents in dotted form. */
export function derOid(tvb: Tvb, e: DerElement): string {
  const parts: number[] = [];
  let v = 0;
  for (let p = e.at; p < e.end; p++) {
    const b = tvb.u8(p);
    v = v * 128 + (b & 0x7f);
    if (!(b & 0x80)) {
      if (parts.length === 0) {
        const first = v < 80 ? Math.floor(v / 40) : 2;
        parts.push(first, v - first * 40);
      } else parts.push(v);
      v = 0;
    }
  }
  return parts.join('.');
}

/** An INTEGER that fits a double exactly, or undefined. */
export function derSmallInt(tvb: Tvb, e: DerElement): number | undefined {
  const n = e.end - e.at;
  if (n === 0 || n > 6) return undefined;
  let v = tvb.u8(e.at) & 0x80 ? -1 : 0;
  for (let p = e.at; p < e.end; p++) v = v * 256 + tvb.u8(p);
  return v;
}

/** A UTCTime or GeneralizedTime as TShark shows it: `2026-12-07 15:43:38 (UTC)`. */
export function derTime(tvb: Tvb, e: DerElement): string {
  const s = tvb.ascii(e.at, e.end - e.at);
  const m = (
    e.tag === TAG.utcTime ? /^(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)?Z$/ : /^(\d{4})(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)?(?:\.\d+)?Z$/
  ).exec(s);
  if (m === null) return s;
  let year = m[1]!;
  if (e.tag === TAG.utcTime) year = `${Number(year) < 50 ? '20' : '19'}${year}`;
  return `${year}-${m[2]}-${m[3]} ${m[4]}:${m[5]}:${m[6] ?? '00'} (UTC)`;
}

const utf16 = new TextDecoder('utf-16be');

/** A character string's text (UTF-8, Latin-1 for the ASCII subsets, UTF-16 for BMPString). */
export function derString(tvb: Tvb, e: DerElement): string {
  if (e.tag === TAG.bmpString) return utf16.decode(tvb.view(e.at, e.end - e.at));
  if (e.tag === TAG.utf8String) return tvb.utf8(e.at, e.end - e.at);
  return tvb.ascii(e.at, e.end - e.at);
}
