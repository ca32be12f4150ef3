import type { Dissector } from '../core/dissector.js';
import { beginProtocol } from '../core/dispatch.js';
import { addExpert, expertTable } from '../core/expert-info.js';
import { fieldTable } from '../core/fields.js';
import { DESEGMENT_ONE_MORE_SEGMENT, type PacketInfo } from '../core/packet-info.js';
import { dissectorTable } from '../core/tables.js';
import type { ProtoTree } from '../core/tree.js';
import type { Tvb } from '../core/tvb.js';

/**
 * REdis Serialization Protocol v2 (TCP 6379), as TShark 4.0 reads it: a segment is a run of
 * CRLF-ended lines, each a simple string (`+`), error (`-`), integer (`:`), bulk string (`$` and
 * its bytes) or array (`*` and that many elements, nested); any other line is a `[fragment]`
 * (an inline command, or the middle of a message). Info says `Request:` towards the server and
 * `Response:` from it, then the command's words (bulk strings of a request's array) or the
 * response's top-level values. A message cut by the segment asks TCP for more
 * (`[continuation]` where it cannot get it).
 */
const P = fieldTable.register('resp', 'REdis Serialization Protocol', [
  { abbrev: 'resp.string', name: 'String', type: 'string' },
  { abbrev: 'resp.error', name: 'Error', type: 'string' },
  { abbrev: 'resp.bulk_string', name: 'Bulk String', type: 'none' },
  { abbrev: 'resp.bulk_string.value', name: 'Value', type: 'bytes' },
  { abbrev: 'resp.bulk_string.length', name: 'Length', type: 'int', bits: 32 },
  { abbrev: 'resp.integer', name: 'Integer', type: 'int', bits: 64 },
  { abbrev: 'resp.array', name: 'Array', type: 'none' },
  { abbrev: 'resp.array.length', name: 'Length', type: 'int', bits: 64 },
  { abbrev: 'resp.fragment', name: 'Fragment', type: 'none' },
]);
const f = P.f;

const EI = expertTable('resp', 'RESP', [
  { name: 'resp.partial', severity: 'warn', group: 'protocol', summary: 'Field is only partially decoded' },
  { name: 'resp.malformed_length', severity: 'error', group: 'malformed', summary: 'Malformed length specified' },
  {
    name: 'resp.reassembled_in_next_frame',
    severity: 'note',
    group: 'reassemble',
    summary: 'Array is partially decoded. Re-assembled array is in the next frame',
  },
  {
    name: 'resp.array_recursion_too_deep',
    severity: 'warn',
    group: 'malformed',
    summary:
      'Array is too deep to recurse any further. Subsequent elements attached to the protocol tree may not reflect their actual location in the array',
  },
]);

const REDIS_PORT = 6379;
const CRLF = 2;
/** Arrays nested deeper are not walked (Wireshark's MAX_ARRAY_DEPTH_TO_RECURSE). */
const MAX_DEPTH = 30;
/** Bulk strings this long or longer show as `BulkString(n)` in Info. */
const BULK_MAX_DISPLAY = 100;
/** A message cut short asked TCP for more: the walk stops. */
const WANTS_MORE = -1;

const INT64_MAX = (1n << 63n) - 1n;
const INT64_MIN = -(1n << 63n);

/** C's strtoll in base 10 as glib's g_ascii_strtoll reads it: leading spaces, a sign, digits; clamped to 64 bits; 0 without digits. */
function strtoll(s: string): bigint {
  const m = /^[ \t\n\v\f\r]*([+-]?)(\d+)/.exec(s);
  if (m === null) return 0n;
  const v = BigInt(m[2]!) * (m[1] === '-' ? -1n : 1n);
  return v > INT64_MAX ? INT64_MAX : v < INT64_MIN ? INT64_MIN : v;
}

/** A C int from strtoll's result (the low 32 bits, signed), as `(int)g_ascii_strtoll(…)` makes it. */
const toInt = (v: bigint): number => Number(BigInt.asIntN(32, v));

/**
 * `length` bytes at `offset` as tvb_get_string_enc(ENC_ASCII) makes them and a C string ends
 * them: up to the first NUL, bytes above 0x7f as U+FFFD. `ascii`: none was above 0x7f.
 */
function asciiString(tvb: Tvb, offset: number, length: number): { text: string; ascii: boolean } {
  let text = '';
  let ascii = true;
  for (let i = 0; i < length; i++) {
    const c = tvb.u8(offset + i);
    if (c === 0) break;
    if (c > 0x7f) ascii = false;
    text += c > 0x7f ? '\ufffd' : String.fromCharCode(c);
  }
  return { text, ascii };
}

/**
 * Wireshark's tvb_find_line_end from `offset`: the length of the line before its CR, LF or CRLF;
 * where there is none (or a CR ends the bytes, its LF perhaps in the next segment), -1 when TCP
 * may be asked for more, else the rest of the bytes.
 */
function lineLength(tvb: Tvb, offset: number, desegment: boolean): number {
  for (let i = offset; i < tvb.length; i++) {
    const c = tvb.u8(i);
    if (c === 0x0a) return i - offset;
    if (c === 0x0d) return desegment && i + 1 >= tvb.length ? -1 : i - offset;
  }
  return desegment ? -1 : tvb.length - offset;
}

interface Walk {
  tvb: Tvb;
  pinfo: PacketInfo;
  tree: ProtoTree;
  response: boolean;
  desegment: boolean;
}

/** Asks TCP for `more` bytes from `offset` (DESEGMENT_ONE_MORE_SEGMENT: the next segment); the layer stays on the stack, as Wireshark's returns the bytes it had. */
function askMore(w: Walk, offset: number, more: number): void {
  w.pinfo.desegment(offset, more, true);
}

function simpleString(w: Walk, parent: number, offset: number, line: number, depth: number): number {
  const { text } = asciiString(w.tvb, offset + 1, line - 1);
  w.tree.add(parent, f.string, w.tvb, offset, line + CRLF, text);
  // Simple strings answer commands.
  if (w.response && depth === 0) w.pinfo.appendInfo(text);
  return line + CRLF;
}

function errorString(w: Walk, parent: number, offset: number, line: number): number {
  const { text } = asciiString(w.tvb, offset + 1, line - 1);
  w.tree.add(parent, f.error, w.tvb, offset, line + CRLF, text);
  w.pinfo.appendInfo(`Error: ${text}`);
  return line + CRLF;
}

function integer(w: Walk, parent: number, offset: number, line: number, depth: number): number {
  const v = strtoll(asciiString(w.tvb, offset + 1, line - 1).text);
  w.tree.add(parent, f.integer, w.tvb, offset, line + CRLF, v);
  if (w.response && depth === 0) w.pinfo.appendInfo(String(v));
  return line + CRLF;
}

function bulkString(w: Walk, parent: number, offset: number, line: number, depth: number): number {
  const { tvb, pinfo, tree } = w;
  const length = toInt(strtoll(asciiString(tvb, offset + 1, line - 1).text));
  if (length < 0) {
    const node = tree.add(parent, f.bulk_string, tvb, offset, line + CRLF, undefined, length === -1 ? 'Bulk String: [NULL]' : undefined);
    tree.add(node, f['bulk_string.length'], tvb, offset, line + CRLF, length);
    if (length !== -1) addExpert(tree, node, tvb, EI.malformed_length);
    return line + CRLF;
  }
  const valueAt = offset + line + CRLF;
  const left = tvb.remaining(valueAt);
  const cut = left < length + CRLF;
  let held = length;
  let heldWithCrlf = length + CRLF;
  if (cut) {
    if (w.desegment) {
      // From the start of the bulk string, for the bytes still missing.
      askMore(w, offset, length + CRLF - left);
      return WANTS_MORE;
    }
    held = left;
    heldWithCrlf = left;
    pinfo.appendInfo('[partial]');
  }
  const node = tree.add(parent, f.bulk_string, tvb, offset, line + CRLF + heldWithCrlf);
  if (cut) addExpert(tree, node, tvb, EI.partial);
  tree.add(node, f['bulk_string.length'], tvb, offset, line + CRLF, length);
  if (held > 0)
    tree.add(node, f['bulk_string.value'], tvb, valueAt, held, tree.wants(f['bulk_string.value']) ? tvb.view(valueAt, held) : undefined);
  const { text, ascii } = asciiString(tvb, valueAt, held);
  if (ascii) {
    if (tree.building) tree.setText(node, `Bulk String: ${text}`);
    bulkInfo(w, depth, length, text);
  } else if (depth === 0) pinfo.appendInfo(`BulkString(${length})`);
  return line + CRLF + heldWithCrlf;
}

/** Info for an ASCII bulk string: a request's command words, a response's top-level value, else its size at the top level. */
function bulkInfo(w: Walk, depth: number, length: number, text: string): void {
  if (!w.response && depth === 1) {
    w.pinfo.appendInfo(length < BULK_MAX_DISPLAY ? text : `BulkString(${length})`);
    return;
  }
  if (w.response && depth === 0 && length < BULK_MAX_DISPLAY) {
    w.pinfo.appendInfo(text);
    return;
  }
  if (depth === 0) w.pinfo.appendInfo(`BulkString(${length})`);
}

function array(w: Walk, parent: number, offset: number, line: number, depth: number): number {
  const { tvb, pinfo, tree } = w;
  const length = strtoll(asciiString(tvb, offset + 1, line - 1).text);
  const node = tree.add(parent, f.array, tvb, offset, line + CRLF);
  tree.add(node, f['array.length'], tvb, offset, line + CRLF, length);
  if (length <= 0n) {
    if (length === -1n) tree.setText(node, 'Array: NULL');
    else if (length === 0n) tree.setText(node, 'Array: Empty');
    else addExpert(tree, node, tvb, EI.malformed_length);
    return line + CRLF;
  }
  if (tree.building) tree.setText(node, `Array: Length ${length}`);
  if (depth > MAX_DEPTH) {
    addExpert(tree, node, tvb, EI.array_recursion_too_deep);
    return line + CRLF;
  }
  const first = offset + line + CRLF;
  if (first >= tvb.length) {
    if (w.desegment) {
      askMore(w, offset, DESEGMENT_ONE_MORE_SEGMENT);
      return WANTS_MORE;
    }
    addExpert(tree, node, tvb, EI.partial);
  }
  // Requests are commands: their words come from the bulk strings.
  if (w.response && depth === 0) pinfo.appendInfo(`Array(${length})`);
  const end = walk(w, node, first, depth + 1, length);
  if (end === WANTS_MORE) {
    // The whole array again, from its start.
    askMore(w, offset, DESEGMENT_ONE_MORE_SEGMENT);
    addExpert(tree, node, tvb, EI.reassembled_in_next_frame);
    return WANTS_MORE;
  }
  tree.setLength(node, end - offset);
  return end - offset;
}

function message(w: Walk, parent: number, offset: number, line: number, depth: number): number {
  switch (w.tvb.u8(offset)) {
    case 0x2b: // +
      return simpleString(w, parent, offset, line, depth);
    case 0x2d: // -
      return errorString(w, parent, offset, line);
    case 0x3a: // :
      return integer(w, parent, offset, line, depth);
    case 0x24: // $
      return bulkString(w, parent, offset, line, depth);
    case 0x2a: // *
      return array(w, parent, offset, line, depth);
    default:
      // A CRLF alone; else a command not in RESP v2 (an inline one), or bytes of a message cut.
      if (line === 0) return CRLF;
      w.pinfo.appendInfo('[fragment]');
      w.tree.add(parent, f.fragment, w.tvb, offset, line + CRLF);
      return line + CRLF;
  }
}

/** The lines from `offset`: `expected` elements of an array (-1n: to the end); the offset after them, or WANTS_MORE. */
function walk(w: Walk, parent: number, offset: number, depth: number, expected: bigint): number {
  let done = 0n;
  let at = offset;
  while (at < w.tvb.length) {
    if (expected >= 0n && done === expected) return at;
    const line = lineLength(w.tvb, at, w.desegment);
    if (line === -1) {
      askMore(w, at, DESEGMENT_ONE_MORE_SEGMENT);
      return WANTS_MORE;
    }
    const used = message(w, parent, at, line, depth);
    if (used === WANTS_MORE) return WANTS_MORE;
    done++;
    at += used;
  }
  return at;
}

const resp: Dissector = {
  name: 'resp',
  dissect(tvb, pinfo, tree, parent) {
    pinfo.protocol = 'RESP';
    // Towards the server when its port is the destination (TCP tries the lower port first: both 6379 is a request).
    const response = pinfo.srcPort === REDIS_PORT && pinfo.dstPort !== REDIS_PORT;
    pinfo.setInfo(response ? 'Response:' : 'Request:');
    const node = beginProtocol(P, tvb, pinfo, tree, parent);
    const w: Walk = { tvb, pinfo, tree, response, desegment: pinfo.canDesegment };
    if (walk(w, node, 0, 0, -1n) === WANTS_MORE) pinfo.appendInfo('[continuation]');
  },
};

dissectorTable('tcp.port').add(REDIS_PORT, resp);
