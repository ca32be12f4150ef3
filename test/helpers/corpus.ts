import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CaptureReader, Frame } from '../../native-bridge/formats/index.js';

const here = path.dirname(fileURLToPath(import.meta.url));
/** The project root (test/helpers/ is two levels down). */
export const ROOT = path.resolve(here, '../..');
/** The shared corpus lives beside the project: ../shared/corpus from the root. */
export const CORPUS = path.resolve(here, '../../..', 'shared/corpus');
export const CAPTURES = path.join(CORPUS, 'captures');
export const ORACLE = path.join(CORPUS, 'oracle');
export const FIXTURES = path.join(ROOT, 'test/fixtures');

/** A frame with its bytes copied out, safe to keep after the reader moves on. */
export interface FrameCopy extends Omit<Frame, 'data'> {
  bytes: Uint8Array;
}

export function copyFrame(f: Frame): FrameCopy {
  const { data, ...meta } = f;
  return { ...meta, bytes: data.bytes.slice() };
}

export interface ReadResult {
  frames: FrameCopy[];
  error: (Error & { code?: string; offset?: number }) | undefined;
}

/** Reads to the end or the first error, copying every frame. */
export function readAll(reader: CaptureReader): ReadResult {
  const frames: FrameCopy[] = [];
  let error: ReadResult['error'];
  try {
    for (let f = reader.next(); f !== undefined; f = reader.next()) frames.push(copyFrame(f));
  } catch (e) {
    error = e as ReadResult['error'];
  } finally {
    reader.close();
  }
  return { frames, error };
}

/** Rows of a tab-separated file, header line included when present. */
export function readTsv(file: string): string[][] {
  const text = readFileSync(file, 'utf8');
  return text
    .split('\n')
    .filter((l) => l.length > 0)
    .map((l) => l.split('\t'));
}
