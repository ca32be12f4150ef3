/**
 * The WebSocket framing of the UI protocol (serve mode). Runtime-free: the renderer imports it.
 *
 *   text frame   = JSON of any message but `batch` (both directions)
 *   binary frame = a batch (host → UI only):
 *
 *     0      4              8       12      16      20      24
 *     ├magic─┼version|hdr<<16┼flags──┼runId──┼first──┼count──┼─ WPB1 batch, its used bytes only ─┤
 *
 *   u32 little-endian words; magic 'WPF1'; flags bit 0 = refetch. `first`/`count` repeat the
 *   batch's index so the UI can route a frame before parsing it.
 *
 * Decoding validates everything: a frame from the network is untrusted input.
 */
import { BatchView } from '../batch/index.js';
import { ProtocolError } from './errors.js';
import type { ClientMessage, HostMessage } from './messages.js';
import { parseClientMessage } from './validate.js';

export const FRAME_MAGIC = 0x31465057; // 'WPF1' as a little-endian u32
export const FRAME_VERSION = 1;
export const FRAME_HEADER_BYTES = 24;
export const FLAG_REFETCH = 1;
/** Text frames longer than this are refused before JSON.parse (client messages are small). */
export const MAX_TEXT_FRAME = 64 * 1024;

const HOST_TYPES: ReadonlySet<string> = new Set<HostMessage['type']>([
  'welcome',
  'run',
  'batch',
  'stats',
  'done',
  'interfaces',
  'saved',
  'error',
]);

type BatchMessage = Extract<HostMessage, { type: 'batch' }>;

/** One binary frame: the header, then the batch's used bytes (the only copy the host makes). */
export function encodeBatchFrame(msg: BatchMessage): ArrayBuffer {
  const used = new BatchView(msg.buffer).usedBytes;
  const frame = new ArrayBuffer(FRAME_HEADER_BYTES + used);
  const h = new DataView(frame);
  h.setUint32(0, FRAME_MAGIC, true);
  h.setUint32(4, FRAME_VERSION | (FRAME_HEADER_BYTES << 16), true);
  h.setUint32(8, msg.refetch ? FLAG_REFETCH : 0, true);
  h.setUint32(12, msg.runId, true);
  h.setUint32(16, msg.first, true);
  h.setUint32(20, msg.count, true);
  new Uint8Array(frame, FRAME_HEADER_BYTES).set(new Uint8Array(msg.buffer, 0, used));
  return frame;
}

/** Reads a binary frame back into a batch message; the batch gets a buffer of its own. */
export function decodeBatchFrame(frame: ArrayBuffer): BatchMessage {
  const bad = (message: string): never => {
    throw new ProtocolError('PROTOCOL_BAD_FRAME', 'batch frame', message);
  };
  if (frame.byteLength < FRAME_HEADER_BYTES) bad(`${frame.byteLength} bytes is shorter than the ${FRAME_HEADER_BYTES}-byte header`);
  const h = new DataView(frame);
  if (h.getUint32(0, true) !== FRAME_MAGIC) bad('bad magic (not a WPF1 frame)');
  const version = h.getUint32(4, true);
  if ((version & 0xffff) !== FRAME_VERSION || version >>> 16 !== FRAME_HEADER_BYTES)
    bad(`unsupported frame version ${version & 0xffff} / header ${version >>> 16}`);
  const flags = h.getUint32(8, true);
  if ((flags & ~FLAG_REFETCH) !== 0) bad(`unknown flags 0x${flags.toString(16)}`);
  const runId = h.getUint32(12, true);
  const first = h.getUint32(16, true);
  const count = h.getUint32(20, true);
  // BatchView needs the batch at offset 0 (aligned u32 views): one copy of the batch here.
  const buffer = frame.slice(FRAME_HEADER_BYTES);
  let view: BatchView;
  try {
    view = new BatchView(buffer);
  } catch (e) {
    return bad((e as Error).message);
  }
  if (view.count !== count) bad(`header says ${count} packets, the batch holds ${view.count}`);
  return { type: 'batch', runId, buffer, first, count, refetch: (flags & FLAG_REFETCH) !== 0 };
}

/** Host side: a text frame for every message but `batch`, which becomes a binary frame. */
export function encodeHostMessage(msg: HostMessage): string | ArrayBuffer {
  return msg.type === 'batch' ? encodeBatchFrame(msg) : JSON.stringify(msg);
}

/** UI side: a frame from the host. Text frames must hold a known non-batch message. */
export function decodeHostFrame(data: string | ArrayBuffer): HostMessage {
  if (typeof data !== 'string') return decodeBatchFrame(data);
  const value = parseJson(data, Infinity);
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new ProtocolError('PROTOCOL_NOT_OBJECT', 'host message', 'expected a JSON object');
  const type = (value as { type?: unknown }).type;
  if (typeof type !== 'string' || !HOST_TYPES.has(type))
    throw new ProtocolError(
      'PROTOCOL_UNKNOWN_TYPE',
      'host message.type',
      `unknown host message type ${JSON.stringify(type)?.slice(0, 40)}`,
    );
  if (type === 'batch') throw new ProtocolError('PROTOCOL_BAD_FRAME', 'host message', 'batches travel in binary frames, not text');
  return value as HostMessage;
}

/** UI side: the text frame for a client message. */
export function encodeClientMessage(msg: ClientMessage): string {
  return JSON.stringify(msg);
}

/** Host side: a frame from the UI, validated (parseClientMessage). Binary frames are refused. */
export function decodeClientFrame(data: string | ArrayBuffer | Uint8Array): ClientMessage {
  if (typeof data !== 'string') throw new ProtocolError('PROTOCOL_BAD_FRAME', 'client frame', 'the UI sends text (JSON) frames only');
  return parseClientMessage(parseJson(data, MAX_TEXT_FRAME));
}

function parseJson(text: string, max: number): unknown {
  if (text.length > max) throw new ProtocolError('PROTOCOL_TOO_LONG', 'frame', `${text.length} characters, at most ${max} allowed`);
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new ProtocolError('PROTOCOL_BAD_JSON', 'frame', `not JSON (${(e as Error).message})`);
  }
}
