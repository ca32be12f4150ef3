import path from 'node:path';
import type { PacketMeta } from '../../native-bridge/common/index.js';
import { DissectSession, dissectFrame, fieldTable, type Dissection } from '../../native-bridge/dissect/index.js';
import { openCapture } from '../../native-bridge/formats/index.js';
import type { ProtoTree } from '../../native-bridge/dissect/index.js';
import { CAPTURES, FIXTURES, ROOT, readAll, type FrameCopy } from '../helpers/corpus.js';

/** Shared by the link/network/transport decoder tests: decode captures, read fields back. */

export const SAMPLE = path.join(ROOT, 'samples/sample.pcapng');
export const LINK_FIXTURE = path.join(FIXTURES, 'dissect/link-layers.pcapng');

export interface Decoded extends Dissection {
  frame: FrameCopy;
}

/** Every frame of a capture (a corpus file name, or a path), decoded in order on one session. */
export function decodeFile(file: string, session = new DissectSession()): Decoded[] {
  const full = path.isAbsolute(file) ? file : path.join(CAPTURES, file);
  const { frames, error } = readAll(openCapture(full));
  if (error) throw error;
  return frames.map((frame) => ({ frame, ...dissectFrame(frame, frame.bytes, session) }));
}

export function meta(linkType: number, bytes: Uint8Array, number = 1, sec = 1_767_225_600): PacketMeta {
  return { number, sec, nsec: 0, wireLen: bytes.length, capLen: bytes.length, interfaceId: 0, linkType };
}

/** Decodes one frame built in a test. */
export function decode(linkType: number, bytes: Uint8Array, session = new DissectSession(), number = 1, sec?: number): Dissection {
  return dissectFrame(meta(linkType, bytes, number, sec), bytes, session);
}

function fieldOf(abbrev: string) {
  const f = fieldTable.get(abbrev);
  if (f === undefined) throw new Error(`no field ${abbrev}`);
  return f;
}

/** All values of a field, in tree order. */
export function values(tree: ProtoTree, abbrev: string): unknown[] {
  return tree.find(fieldOf(abbrev)).map((n) => tree.values[n]);
}

export function value(tree: ProtoTree, abbrev: string): unknown {
  return tree.first(fieldOf(abbrev));
}

/** [start, length] of the first node of a field (frame offsets). */
export function range(tree: ProtoTree, abbrev: string): [number, number] {
  const n = tree.find(fieldOf(abbrev))[0];
  if (n === undefined) throw new Error(`${abbrev} not in tree`);
  return [tree.starts[n]!, tree.lengths[n]!];
}

export function has(tree: ProtoTree, abbrev: string): boolean {
  return tree.find(fieldOf(abbrev)).length > 0;
}

export function hexBytes(s: string): Uint8Array {
  const clean = s.replace(/[^0-9a-f]/gi, '');
  return new Uint8Array(clean.match(/../g)!.map((h) => parseInt(h, 16)));
}
