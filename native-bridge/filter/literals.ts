import type { Operand as Ast } from './ast.js';
import { typeError, unknownFieldError } from './errors.js';
import { looksLikeName, suggestField } from './names.js';
import { TYPE_NAMES, type Operand } from './types.js';
import { parseBytes, parseDate, parseDouble, parseInteger, parseIpv4, parseIpv6, parseSeconds, prefixOf } from './values.js';

const utf8 = new TextDecoder('utf-8');

/**
 * Reads a literal as a value of the type of `target`, the operand on the other side of
 * operator `op`: `80` for tcp.port, `10.0.0.0/8` for ip.addr, `"GET"` for a string or as
 * bytes. Gives values in the dissector's representation, except IP addresses, which keep
 * their prefix length ({addr, bits} and {bytes, bits}).
 */
export function literal(filter: string, o: Ast, target: Operand, op: string): unknown {
  if (o.kind === 'call' || o.kind === 'bitand') throw typeError(filter, o.span, 'expected a value here');
  const vt = target.vt;
  // The text a word or string literal stands for; a char constant is a number.
  const text = o.kind === 'word' ? o.text : o.kind === 'string' ? utf8.decode(o.bytes) : undefined;
  const shown = o.kind === 'char' ? o.text : `"${text}"`;
  const fail = (reason?: string, hint?: string): never => {
    if (o.kind === 'word' && looksLikeName(o.text)) {
      const near = suggestField(o.text);
      if (near !== undefined) throw unknownFieldError(filter, o.span, o.text, near);
    }
    throw typeError(filter, o.span, reason ?? `${shown} is not ${TYPE_NAMES[vt]}`, hint);
  };
  switch (vt) {
    case 'uint':
    case 'int':
    case 'framenum': {
      let v: number | bigint | undefined = o.kind === 'char' ? o.value : parseInteger(text!);
      if (v === undefined && text !== undefined) v = valueByName(target, text);
      if (v === undefined) {
        const names = target.field?.strings;
        const hint = names
          ? `${target.field!.abbrev} takes a number or one of: ${Object.values(names).slice(0, 12).join(', ')}${Object.keys(names).length > 12 ? ', …' : ''}`
          : undefined;
        return fail(undefined, hint);
      }
      // A mask may be wider than the field (`tcp.flags & 0xffff0000`); a value to compare may not.
      const range = op === '&' ? undefined : integerRange(target);
      if (range !== undefined) {
        const [min, max] = range;
        const n = BigInt(v);
        const what = o.kind === 'char' ? o.text : text!;
        if (max !== undefined && n > max)
          throw typeError(filter, o.span, `${what} is too big for ${target.text} (at most ${max})`, rangeHint(target, min, max));
        if (min !== undefined && n < min)
          throw typeError(filter, o.span, `${what} is too small for ${target.text} (at least ${min})`, rangeHint(target, min, max));
      }
      return v;
    }
    case 'bool': {
      if (o.kind === 'char') return o.value !== 0;
      if (/^(true|TRUE|True)$/.test(text!)) return true;
      if (/^(false|FALSE|False)$/.test(text!)) return false;
      const n = parseInteger(text!);
      return n === undefined ? fail() : n !== 0;
    }
    case 'double': {
      const v = o.kind === 'char' ? o.value : parseDouble(text!);
      return v === undefined ? fail() : v;
    }
    case 'string':
      return o.kind === 'char' ? String.fromCharCode(o.value) : text!;
    case 'bytes':
    case 'ether': {
      let b: Uint8Array | undefined;
      // A quoted string is its bytes for a byte field, but an address's text for a MAC.
      if (o.kind === 'string' && vt === 'bytes') b = o.bytes;
      else if (o.kind === 'char') b = Uint8Array.of(o.value);
      else {
        b = parseBytes(text!);
        // A hex integer of one byte reads as that byte (Wireshark: `frame[4] == 0xff`).
        const n = b === undefined && /^0[xX]/.test(text!) ? parseInteger(text!) : undefined;
        if (typeof n === 'number' && n >= 0 && n <= 0xff) b = Uint8Array.of(n);
      }
      if (b === undefined) return fail();
      if (vt === 'ether' && op !== 'contains' && b.length !== 6) {
        return fail(`${shown} has ${b.length} byte${b.length === 1 ? '' : 's'}: an Ethernet address has 6 (such as 00:11:22:33:44:55)`);
      }
      return b;
    }
    case 'ipv4': {
      if (text === undefined) return fail();
      const v = parseIpv4(text);
      if (v === undefined && parseIpv4(text.replace(/\/.*$/, '')) !== undefined)
        return fail(`the prefix length in ${shown} must be 0 to 32, not ${prefixOf(text)}`);
      return v ?? fail(`${shown} is not an IPv4 address${/[a-z]/i.test(text) ? ' (host names are not resolved)' : ''}`);
    }
    case 'ipv6': {
      if (text === undefined) return fail();
      const v = parseIpv6(text);
      if (v === undefined && parseIpv6(text.replace(/\/.*$/, '')) !== undefined)
        return fail(`the prefix length in ${shown} must be 0 to 128, not ${prefixOf(text)}`);
      return v ?? fail();
    }
    case 'time': {
      if (text === undefined) return fail();
      return (o.kind === 'string' ? parseDate(text) : undefined) ?? parseSeconds(text) ?? fail();
    }
    case 'none':
      throw typeError(
        filter,
        target.span,
        `${target.text} is a label without a value: test it alone (${target.text}) or compare one of its fields`,
      );
  }
}

/**
 * The values an integer field can hold, as TShark checks a literal against its field's type:
 * an unsigned field (and a frame number, 32 bits) holds 0 to 2^bits − 1, a signed one
 * −2^(bits−1) to 2^(bits−1) − 1. A field without a width is only known to be unsigned; the
 * result of a function (`len()`, `abs()`, a mask) has no field and is not checked.
 */
export function integerRange(target: Operand): [min: bigint | undefined, max: bigint | undefined] | undefined {
  const field = target.field;
  if (field === undefined || !target.direct) return undefined;
  const bits = target.vt === 'framenum' ? 32 : field.bits;
  if (target.vt === 'int') return bits === undefined ? undefined : [-(2n ** BigInt(bits - 1)), 2n ** BigInt(bits - 1) - 1n];
  if (target.vt !== 'uint' && target.vt !== 'framenum') return undefined;
  return [0n, bits === undefined ? undefined : 2n ** BigInt(bits) - 1n];
}

function rangeHint(target: Operand, min: bigint | undefined, max: bigint | undefined): string {
  const width = target.vt === 'framenum' ? 32 : target.field?.bits;
  const kind = target.vt === 'int' ? 'signed' : 'unsigned';
  return max === undefined
    ? `${target.text} is ${kind}: compare it with ${min} or more`
    : `use a value from ${min} to ${max}: ${target.text} is ${width === 8 ? 'an' : 'a'} ${width}-bit ${kind} integer`;
}

/**
 * A value name of an integer field (`ip.proto == TCP`), case-insensitively as Wireshark does.
 * A name whose first word is unique also works (`AAAA` for "AAAA (IPv6 Address)"), which
 * TShark 4.0 does not accept.
 */
function valueByName(target: Operand, name: string): number | undefined {
  const strings = target.field?.strings;
  if (strings === undefined) return undefined;
  const want = name.toLowerCase();
  let byWord: number | undefined;
  let words = 0;
  for (const [k, v] of Object.entries(strings)) {
    const label = v.toLowerCase();
    if (label === want) return Number(k);
    if (label.startsWith(`${want} (`)) {
      byWord = Number(k);
      words++;
    }
  }
  return words === 1 ? byWord : undefined;
}
