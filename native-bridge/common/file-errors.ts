import { WirepoolError } from './errors.js';

/**
 * Why a path was refused before anything was read or written. One vocabulary for the engine
 * (open, save, a capture's file), the CLI's `-w` and serve mode's folder rule; runtime-free, so
 * the renderer can tell FILE_EXISTS (ask, then send again with `overwrite`) from the rest.
 */
export type FileErrorCode =
  /** The output exists and the request did not say to overwrite it. */
  | 'FILE_EXISTS'
  /** The output is the file being read (the run's file, a capture's spool): same device and inode. */
  | 'FILE_SAME_AS_INPUT'
  /** The output's last component is a symbolic link (writes never follow one). */
  | 'FILE_SYMLINK'
  /** Not a regular file: a named pipe, a device, a directory, a socket. */
  | 'FILE_NOT_REGULAR'
  /** A relative path (it would land in the server's working directory). */
  | 'FILE_RELATIVE'
  /** The folder to write into does not exist, or is not a folder. */
  | 'FILE_NO_FOLDER'
  /** Serve mode: outside the folders the page may read and write (`--root`). */
  | 'FILE_OUTSIDE_ROOTS'
  /** Serve mode: a name the page may not write (only .pcap and .pcapng). */
  | 'FILE_BAD_NAME';

export const FILE_EXISTS: FileErrorCode = 'FILE_EXISTS';

export class FileError extends WirepoolError {
  override readonly code: FileErrorCode;
  readonly file: string;

  constructor(code: FileErrorCode, file: string, message: string, hint: string) {
    super(code, message, { hint });
    this.name = 'FileError';
    this.code = code;
    this.file = file;
  }
}
