import type { ConversationSnapshot } from './conversations.js';
import { hasPorts } from './layer-table.js';
import type { EndpointSnapshot } from './endpoints.js';
import type { HierarchyNode, HierarchySnapshot } from './hierarchy.js';
import type { IoSnapshot } from './io.js';
import { decimalsOf, spanOfProduct, spanText, type Span } from './time.js';

/**
 * The statistics as TShark 4.0 prints them (`-q -z io,phs`, `conv,TYPE`, `endpoints,TYPE`,
 * `io,stat,N`), line by line, so a user can put the two side by side. Addresses are printed
 * without name resolution (TShark's `-n`).
 */

const RULE_PHS = '='.repeat(67);
const RULE_TABLE = '='.repeat(80);

/** A byte count as TShark 4.0's format_size prints it in conversation tables: `1119 bytes`, `41 kB`. */
export function sizeText(n: number): string {
  const prefixes = ['k', 'M', 'G', 'T', 'P'];
  for (let p = prefixes.length; p >= 1; p--) {
    const scaled = Math.floor(n / 1000 ** p);
    if (scaled >= 10) return `${scaled} ${prefixes[p - 1]}B`;
  }
  return `${n} bytes`;
}

function left(s: string | number, w: number): string {
  return String(s).padEnd(w);
}

function right(s: string | number, w: number): string {
  return String(s).padStart(w);
}

/** Levels io,phs indents before it marks deeper ones with `...` (tap-protohierstat.c). */
const PHS_MAX_INDENT = 16;

export function* hierarchyText(s: HierarchySnapshot): Generator<string> {
  yield '';
  yield RULE_PHS;
  yield 'Protocol Hierarchy Statistics';
  yield 'Filter: ';
  yield '';
  // As deep as the snapshot: bounded by the decoders' nesting limits (ProtocolHierarchy). TShark
  // indents 16 levels at most, then marks the deeper ones with `...`.
  function* walk(nodes: HierarchyNode[], depth: number): Generator<string> {
    const indent = depth > PHS_MAX_INDENT ? `${'  '.repeat(PHS_MAX_INDENT)}...` : '  '.repeat(depth);
    for (const n of nodes) {
      yield `${left(indent + n.protocol, 40)} frames:${n.frames} bytes:${n.bytes}`;
      yield* walk(n.children, depth + 1);
    }
  }
  yield* walk(s.children, 0);
  yield RULE_PHS;
}

export function* conversationsText(s: ConversationSnapshot): Generator<string> {
  const ports = hasPorts(s.type);
  const pad = ports ? ' '.repeat(12) : '';
  yield RULE_TABLE;
  yield s.title;
  yield 'Filter:<No Filter>';
  yield `${pad}                                               |       <-      | |       ->      | |     Total     |    Relative    |   Duration   |`;
  yield `${pad}                                               | Frames  Bytes | | Frames  Bytes | | Frames  Bytes |      Start     |              |`;
  const w = ports ? 26 : 20;
  for (const r of s.rows) {
    const a = ports ? `${r.addressA}:${r.portA}` : r.addressA;
    const b = ports ? `${r.addressB}:${r.portB}` : r.addressB;
    yield `${left(a, w)} <-> ${left(b, w)}  ` +
      `${right(r.framesBToA, 6)} ${left(sizeText(r.bytesBToA), 9)}  ` +
      `${right(r.framesAToB, 6)} ${left(sizeText(r.bytesAToB), 9)}  ` +
      `${right(r.frames, 6)} ${left(sizeText(r.bytes), 9)}  ` +
      `${right(spanText(r.relStart, 9), 14)}   ${right(spanText(r.duration, 4), 12)}`;
  }
  yield RULE_TABLE;
}

export function* endpointsText(s: EndpointSnapshot): Generator<string> {
  const ports = hasPorts(s.type);
  yield RULE_TABLE;
  yield s.title;
  yield 'Filter:<No Filter>';
  yield `                       |  ${ports ? 'Port  ||  ' : ''}Packets  | |  Bytes  | | Tx Packets | | Tx Bytes | | Rx Packets | | Rx Bytes |`;
  for (const r of s.rows) {
    yield `${left(r.address, 20)}      ${ports ? `${right(r.port ?? '', 5)}     ` : ''}${right(r.packets, 6)}     ${right(r.bytes, 9)}     ` +
      `${right(r.txPackets, 6)}       ${right(r.txBytes, 9)}      ${right(r.rxPackets, 6)}       ${right(r.rxBytes, 9)}   `;
  }
  yield RULE_TABLE;
}

/**
 * The I/O table in TShark 4.0's box layout: one row per interval from the first frame to the
 * last, the last row ending at the capture's duration ("Dur" for whole-second intervals).
 * Close to TShark's, not byte for byte (TShark's column widths have quirks).
 */
export function* ioText(s: IoSnapshot): Generator<string> {
  const whole = s.intervalNs === 0;
  // Decimals: the interval's own; for one interval over the whole capture, TShark's choice.
  const prec = whole ? (s.duration.sec >= 10 ? 1 : 3) : decimalsOf(s.intervalNs);
  // Whole seconds are right-aligned to the duration's digits (TShark caps that at 5), and to
  // at least 2 in whole-second rows.
  const digits = Math.min(5, String(s.duration.sec).length);
  const time = (span: Span, width: number) => {
    const t = spanText(span, prec);
    const dot = t.indexOf('.');
    return ' '.repeat(Math.max(0, width - (dot < 0 ? t.length : dot))) + t;
  };
  const w = prec === 0 ? Math.max(2, digits) : digits;
  const at = (i: number) => time(spanOfProduct(i, s.intervalNs), w);
  /** The interval column of row i; TShark ends the last row at the duration ("Dur" in whole seconds). */
  const label = (i: number) => {
    if (whole) return `${time({ sec: 0, nsec: 0 }, w)} <> ${time(s.duration, w)}`;
    if (i < s.count - 1) return `${at(i)} <> ${time(spanOfProduct(i + 1, s.intervalNs), digits)}`;
    return `${at(i)} <> ${prec === 0 ? 'Dur' : time(s.duration, w)}`;
  };
  let maxFrames = 0;
  let maxBytes = 0;
  for (const b of s.buckets) {
    maxFrames = Math.max(maxFrames, b.frames);
    maxBytes = Math.max(maxBytes, b.bytes);
  }
  const fw = Math.max(6, String(maxFrames).length);
  const bw = Math.max(5, String(maxBytes).length);
  const iw = Math.max(8, label(0).length);
  const width = 2 + iw + 2 + 1 + fw + 2 + 1 + bw + 2;
  const box = (text: string) => `|${left(text, width - 2)}|`;
  const rule = `|${'-'.repeat(width - 2)}|`;
  yield '';
  yield '='.repeat(width);
  yield box(' IO Statistics');
  yield box('');
  yield box(` Duration: ${spanText(s.duration, prec === 0 ? 6 : prec)} secs`);
  yield box(` Interval: ${whole ? spanText(s.duration, prec) : time(spanOfProduct(1, s.intervalNs), digits)} secs`);
  yield box('');
  yield box(' Col 1: Frames and bytes');
  yield rule;
  yield `|${' '.repeat(iw + 2)}|${left('1', width - iw - 5)}|`;
  yield `| ${left('Interval', iw)} | ${right('Frames', fw)} | ${right('Bytes', bw)} |`;
  yield rule;
  let next = 0;
  for (let i = 0; i < s.count; i++) {
    const b = s.buckets[next];
    const hit = b !== undefined && b.index === i;
    if (hit) next++;
    // A label longer than the column (TShark's "Dur" row) eats the space before the border.
    const l = label(i);
    const cell = l.length > iw ? `| ${l}|` : `| ${left(l, iw)} |`;
    yield `${cell} ${right(hit ? b.frames : 0, fw)} | ${right(hit ? b.bytes : 0, bw)} |`;
  }
  yield '='.repeat(width);
}
