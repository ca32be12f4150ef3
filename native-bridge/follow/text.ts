import type { FollowChunk, FollowEndpoint } from './chunk.js';

export type FollowFormat = 'ascii' | 'hex' | 'raw';
export const FOLLOW_FORMATS: readonly FollowFormat[] = ['ascii', 'hex', 'raw'];

export interface FollowView {
  protocol: 'tcp' | 'udp';
  stream: number;
  nodes: [FollowEndpoint, FollowEndpoint] | undefined;
  chunks: readonly FollowChunk[];
}

const RULE = '='.repeat(67);
const latin1 = new TextDecoder('latin1');

/** What TShark 4.0 puts in the stream for a gap: the notice and a NUL. */
export function gapBytes(missing: number): Uint8Array {
  const text = `[${missing} bytes missing in capture file]`;
  const b = new Uint8Array(text.length + 1);
  for (let i = 0; i < text.length; i++) b[i] = text.charCodeAt(i);
  return b;
}

/** The bytes a chunk stands for in the output: its payload, or the gap notice. */
export function chunkBytes(c: FollowChunk): Uint8Array {
  return c.missing !== 0 || c.data.length === 0 ? gapBytes(c.missing) : c.data;
}

function endpointText(e: FollowEndpoint): string {
  return e.family === 6 ? `[${e.address}]:${e.port}` : `${e.address}:${e.port}`;
}

/** Printable ASCII, CR and LF as they are, anything else as a dot (TShark's ascii mode). */
function asciiText(b: Uint8Array): string {
  const out = new Uint8Array(b.length);
  for (let i = 0; i < b.length; i++) {
    const c = b[i]!;
    out[i] = c === 0x0a || c === 0x0d || (c >= 0x20 && c < 0x7f) ? c : 0x2e;
  }
  return latin1.decode(out);
}

const HEX = '0123456789abcdef';

/** TShark's hex dump lines: offset, 16 bytes in two groups of 8, the same bytes as text. */
function* hexLines(prefix: string, offset: number, b: Uint8Array): Generator<string> {
  for (let i = 0; i < b.length; i += 16) {
    let hex = '';
    let text = '';
    const n = Math.min(16, b.length - i);
    for (let j = 0; j < n; j++) {
      const c = b[i + j]!;
      hex += `${HEX[c >> 4]}${HEX[c & 15]} `;
      text += c >= 0x20 && c < 0x7f ? String.fromCharCode(c) : '.';
      if (j === 7) {
        hex += ' ';
        text += ' ';
      }
    }
    // TShark drops one trailing space: the group separator, or a space that is data (bug-compatible).
    if (text.endsWith(' ')) text = text.slice(0, -1);
    yield `${prefix}${(offset + i).toString(16).toUpperCase().padStart(8, '0')}  ${hex.padEnd(50)}${text}`;
  }
}

function rawHex(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < b.length; i++) s += HEX[b[i]! >> 4]! + HEX[b[i]! & 15]!;
  return s;
}

/** A piece of the followed text: the header or the closing rule (no node), or one chunk's lines (its node). */
export interface FollowPart {
  node: 0 | 1 | undefined;
  lines: string[];
}

/**
 * A followed stream as `tshark -q -z follow,PROTO,FORMAT,N` prints it, in parts: a header
 * naming the two nodes, then every chunk (node 1's indented by a tab), then the closing rule.
 * ascii: the chunk's length, then its bytes with non-printables as dots; hex: a hex dump with
 * offsets counted per node; raw: the bytes as one hex string. The app colours the parts by node.
 */
export function* followParts(v: FollowView, format: FollowFormat): Generator<FollowPart> {
  const nodes = v.nodes;
  yield {
    node: undefined,
    lines: [
      '',
      RULE,
      `Follow: ${v.protocol},${format}`,
      `Filter: ${v.protocol}.stream eq ${v.stream}`,
      `Node 0: ${nodes ? endpointText(nodes[0]) : ':0'}`,
      `Node 1: ${nodes ? endpointText(nodes[1]) : ':0'}`,
    ],
  };
  const offsets = [0, 0];
  for (const c of v.chunks) {
    const b = chunkBytes(c);
    const tab = c.node === 1 ? '\t' : '';
    switch (format) {
      case 'ascii':
        yield { node: c.node, lines: [`${tab}${b.length}`, asciiText(b)] };
        break;
      case 'hex':
        yield { node: c.node, lines: [...hexLines(tab, offsets[c.node]!, b)] };
        break;
      case 'raw':
        yield { node: c.node, lines: [`${tab}${rawHex(b)}`] };
        break;
    }
    offsets[c.node]! += b.length;
  }
  yield { node: undefined, lines: [RULE] };
}

/** The lines of `followParts`, one after the other (what `wirepool follow` prints). */
export function* followText(v: FollowView, format: FollowFormat): Generator<string> {
  for (const part of followParts(v, format)) yield* part.lines;
}
