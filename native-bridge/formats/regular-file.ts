import { type Stats, closeSync, constants, fstatSync, openSync, statSync } from 'node:fs';
import { FileError } from '../common/index.js';
import { CaptureIoError } from './errors.js';

/** A file as the kernel knows it: two paths (a hard link, a symlink) to the same file share it. */
export interface FileId {
  readonly dev: number;
  readonly ino: number;
}

export const fileId = (st: Pick<Stats, 'dev' | 'ino'>): FileId => ({ dev: st.dev, ino: st.ino });
export const sameFile = (a: FileId, b: FileId): boolean => a.dev === b.dev && a.ino === b.ino;

/** What a non-regular file is, in words ("a named pipe"), or undefined for a regular file. */
export function notRegular(st: Stats): string | undefined {
  if (st.isFile()) return undefined;
  if (st.isFIFO()) return 'a named pipe';
  if (st.isDirectory()) return 'a directory';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isSocket()) return 'a socket';
  if (st.isSymbolicLink()) return 'a symbolic link';
  return 'not a regular file';
}

export function notRegularError(path: string, kind: string, what = 'a capture file'): FileError {
  return new FileError('FILE_NOT_REGULAR', path, `${path} is ${kind}, not ${what}`, 'give the path of a regular pcap or pcapng file');
}

/**
 * Opens a file for reading only if it is a regular file. A named pipe would block `open()`
 * until a writer came (the thread stuck, the connection dead), a device reads forever: so the
 * path is stat'ed first (nothing else is opened at all), then opened with O_NONBLOCK (a pipe
 * swapped in since does not block) and checked again on the descriptor, which is what is read.
 */
export function openRegular(path: string): { fd: number; size: number; id: FileId } {
  let st: Stats;
  try {
    st = statSync(path);
  } catch (e) {
    throw new CaptureIoError(path, 'open it', e, 'read');
  }
  const kind = notRegular(st);
  if (kind !== undefined) throw notRegularError(path, kind);
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    throw new CaptureIoError(path, 'open it', e, 'read');
  }
  try {
    const now = fstatSync(fd);
    const k = notRegular(now);
    if (k !== undefined) throw notRegularError(path, k);
    return { fd, size: now.size, id: fileId(now) };
  } catch (e) {
    closeSync(fd);
    throw e instanceof FileError ? e : new CaptureIoError(path, 'open it', e, 'read');
  }
}
