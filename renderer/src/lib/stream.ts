import type { DetailNode, Followed } from '../../../native-bridge/protocol/index.js';

export type StreamProtocol = Followed['protocol'];
export type StreamFormat = Followed['format'];
export const STREAM_FORMATS: readonly { format: StreamFormat; label: string }[] = [
  { format: 'ascii', label: 'ASCII' },
  { format: 'hex', label: 'Hex dump' },
  { format: 'raw', label: 'Raw' },
];

/** The transport protocols of a packet's detail tree that can be followed (top-level TCP or UDP), in tree order. */
export function streamProtocols(nodes: readonly DetailNode[]): StreamProtocol[] {
  const out: StreamProtocol[] = [];
  for (const n of nodes) if (n.parent === -1 && (n.abbrev === 'tcp' || n.abbrev === 'udp') && !out.includes(n.abbrev)) out.push(n.abbrev);
  return out;
}

/** A file to hand the user: its name, MIME type and bytes. */
export interface StreamFile {
  name: string;
  type: string;
  bytes: Uint8Array;
}

const encoder = new TextEncoder();

/** The bytes of raw-format chunk parts: each is one hex string (node 1's behind a tab). */
function rawBytes(parts: Followed['parts']): Uint8Array {
  const hex = parts
    .filter((p) => p.node !== undefined)
    .map((p) => p.text.trim())
    .join('');
  const out = new Uint8Array(hex.length >> 1);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/**
 * What "Save as…" writes, as Wireshark does: in ASCII or hex dump the text shown; in raw the
 * stream's bytes themselves, both directions in the order shown.
 */
export function streamFile(f: Followed): StreamFile {
  const base = `${f.protocol}-stream-${f.stream}`;
  if (f.format === 'raw') return { name: `${base}.bin`, type: 'application/octet-stream', bytes: rawBytes(f.parts) };
  const text = f.parts.map((p) => p.text).join('');
  return { name: `${base}${f.format === 'hex' ? '-hex' : ''}.txt`, type: 'text/plain', bytes: encoder.encode(text) };
}
