/**
 * The WebSocket framing of the UI protocol (serve mode). Runtime-free: the renderer imports it.
 *
 *   text frame   = JSON of a message without a buffer (both directions)
 *   binary frame = a host message whose result carries a buffer (row batches, a packet's bytes):
 *
 *     0      4               8          12              12 + jsonLength, padded to 4
 *     ├magic─┼version|hdr<<16┼jsonLength┼─JSON (UTF-8)──┼pad┼─ the buffer's bytes ─┤
 *
 *   u32 little-endian words; magic 'WPF2'. The JSON is the message with the buffer left out;
 *   the decoder puts a buffer of its own (a copy, aligned) back in its place.
 *
 * Decoding validates everything: a frame from the network is untrusted input.
 */
import { BatchView } from '../batch/index.js';
import { ProtocolError } from './errors.js';
import { OP_NAMES, resultBuffer, type HostMessage, type Reply } from './ops.js';

export const FRAME_MAGIC = 0x32465057; // 'WPF2' as a little-endian u32
export const FRAME_VERSION = 2;
export const FRAME_HEADER_BYTES = 12;
/** Text frames longer than this are refused before JSON.parse (client messages are small). */
export const MAX_TEXT_FRAME = 64 * 1024;

const HOST_TYPES: ReadonlySet<string> = new Set<HostMessage['type']>(['reply', 'run', 'stats', 'done', 'view', 'error']);
const OPS_KNOWN: ReadonlySet<string> = new Set(OP_NAMES);

const bad = (where: string, message: string): never => {
  throw new ProtocolError('PROTOCOL_BAD_FRAME', where, message);
};

/**
 * Host side: a text frame for a message, a binary frame for a reply carrying a buffer: its one
 * copy, of the batch's used bytes only (a pooled buffer is mostly larger than what it holds).
 */
export function encodeHostMessage(msg: HostMessage): string | ArrayBuffer {
  const buffer = msg.type === 'reply' ? resultBuffer(msg) : undefined;
  if (buffer === undefined) return JSON.stringify(msg);
  const json = new TextEncoder().encode(JSON.stringify(msg, (key, value: unknown) => (key === 'buffer' ? undefined : value)));
  const at = (FRAME_HEADER_BYTES + json.length + 3) & ~3;
  const used = buffer.byteLength === 0 ? 0 : new BatchView(buffer).usedBytes;
  const frame = new ArrayBuffer(at + used);
  const h = new DataView(frame);
  h.setUint32(0, FRAME_MAGIC, true);
  h.setUint32(4, FRAME_VERSION | (FRAME_HEADER_BYTES << 16), true);
  h.setUint32(8, json.length, true);
  const bytes = new Uint8Array(frame);
  bytes.set(json, FRAME_HEADER_BYTES);
  bytes.set(new Uint8Array(buffer, 0, used), at);
  return frame;
}

/** UI side: a frame from the host, checked to be a known host message. */
export function decodeHostFrame(data: string | ArrayBuffer): HostMessage {
  if (typeof data === 'string') {
    const msg = hostMessage(parseJson(data, Infinity));
    if (msg.type === 'reply' && 'result' in msg && typeof msg.result === 'object' && msg.result !== null && 'buffer' in msg.result)
      bad('host message', 'a reply with a buffer travels in a binary frame, not text');
    return msg;
  }
  if (data.byteLength < FRAME_HEADER_BYTES) bad('frame', `${data.byteLength} bytes is shorter than the ${FRAME_HEADER_BYTES}-byte header`);
  const h = new DataView(data);
  if (h.getUint32(0, true) !== FRAME_MAGIC) bad('frame', 'bad magic (not a WPF2 frame)');
  const version = h.getUint32(4, true);
  if ((version & 0xffff) !== FRAME_VERSION || version >>> 16 !== FRAME_HEADER_BYTES)
    bad('frame', `unsupported frame version ${version & 0xffff} / header ${version >>> 16}`);
  const length = h.getUint32(8, true);
  if (FRAME_HEADER_BYTES + length > data.byteLength) bad('frame', `its JSON (${length} bytes) runs past the frame's end`);
  const text = new TextDecoder().decode(new Uint8Array(data, FRAME_HEADER_BYTES, length));
  const msg = hostMessage(parseJson(text, Infinity));
  if (msg.type !== 'reply' || !('result' in msg) || typeof msg.result !== 'object' || msg.result === null)
    bad('frame', 'a binary frame must hold a reply with a result');
  const at = (FRAME_HEADER_BYTES + length + 3) & ~3;
  // The buffer gets memory of its own, aligned (BatchView reads u32 words): one copy here.
  (msg as Reply & { result: { buffer: ArrayBuffer } }).result.buffer = data.slice(Math.min(at, data.byteLength));
  return msg;
}

function hostMessage(value: unknown): HostMessage {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new ProtocolError('PROTOCOL_NOT_OBJECT', 'host message', 'expected a JSON object');
  const { type, op } = value as { type?: unknown; op?: unknown };
  if (typeof type !== 'string' || !HOST_TYPES.has(type))
    throw new ProtocolError(
      'PROTOCOL_UNKNOWN_TYPE',
      'host message.type',
      `unknown host message type ${JSON.stringify(type)?.slice(0, 40)}`,
    );
  if (type === 'reply' && (typeof op !== 'string' || !OPS_KNOWN.has(op)))
    throw new ProtocolError('PROTOCOL_UNKNOWN_TYPE', 'reply.op', `unknown operation ${JSON.stringify(op)?.slice(0, 40)}`);
  return value as HostMessage;
}

/** Host side: a frame from the UI, parsed as JSON (validation is parseClientMessage's). Binary frames are refused. */
export function readClientFrame(data: string | ArrayBuffer | Uint8Array): unknown {
  if (typeof data !== 'string') throw new ProtocolError('PROTOCOL_BAD_FRAME', 'client frame', 'the UI sends text (JSON) frames only');
  return parseJson(data, MAX_TEXT_FRAME);
}

function parseJson(text: string, max: number): unknown {
  if (text.length > max) throw new ProtocolError('PROTOCOL_TOO_LONG', 'frame', `${text.length} characters, at most ${max} allowed`);
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new ProtocolError('PROTOCOL_BAD_JSON', 'frame', `not JSON (${(e as Error).message})`);
  }
}
