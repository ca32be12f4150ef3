import { randomBytes } from 'node:crypto';
import { type Stats, closeSync, fchmodSync, fsyncSync, linkSync, lstatSync, openSync, realpathSync, renameSync, unlinkSync } from 'node:fs';
import path from 'node:path';
import { FileError } from '../common/index.js';
import { CaptureIoError } from './errors.js';
import { type FileId, fileId, notRegular, sameFile } from './regular-file.js';

export interface OutputOptions {
  /** Replace a file that exists (else FILE_EXISTS). The file being read is never replaced. */
  overwrite: boolean;
  /** Files this output must not replace, compared by device and inode: the input, a capture's spool. */
  protect?: readonly FileId[];
  /**
   * A live capture's spool: a new file is written under its own name as packets arrive (what was
   * captured survives a crash); replacing an existing one still goes through a temporary file.
   */
  inPlace?: boolean;
}

const errno = (e: unknown): string | undefined => (e as NodeJS.ErrnoException | undefined)?.code;

/**
 * A file written so that nothing is lost or overwritten by accident:
 *
 *   check:  absolute path; its folder resolved (realpath: `..` and symlinked folders resolved);
 *           the name itself not a symlink, not a pipe or device; not a protected file; an
 *           existing file only with `overwrite`
 *   write:  a temporary file in the same folder, created exclusively ('wx': never through a link)
 *   commit: fsync, then rename it into place (overwrite), or hard-link it (fails if the name
 *           was taken meanwhile), so the old file stays whole until the new one is complete
 *   abort:  the temporary file is removed; the old file was never touched
 */
export class OutputFile {
  /** The file's final path: its folder resolved, the name as given. */
  readonly path: string;
  /** The descriptor to write to (until commit or abort). */
  readonly fd: number;
  /** The file written until commit: a temporary one, or (a new spool) the final one. */
  readonly writing: string;
  /** The file commit will replace (device and inode), if there is one: nothing else may write it meanwhile. */
  readonly replaces: FileId | undefined;
  readonly #overwrite: boolean;
  #done = false;

  private constructor(finalPath: string, writing: string, fd: number, overwrite: boolean, replaces?: FileId) {
    this.path = finalPath;
    this.replaces = replaces;
    this.writing = writing;
    this.fd = fd;
    this.#overwrite = overwrite;
  }

  /** The checks above, then the temporary (or, for a new spool, the final) file created. */
  static create(file: string, opts: OutputOptions): OutputFile {
    const final = resolveOutput(file);
    const existing = checkTarget(final, opts);
    if (opts.inPlace && existing === undefined) {
      let fd: number;
      try {
        fd = openSync(final, 'wx', 0o666);
      } catch (e) {
        if (errno(e) === 'EEXIST') throw exists(final);
        throw new CaptureIoError(final, 'create it', e, 'write');
      }
      return new OutputFile(final, final, fd, false);
    }
    const dir = path.dirname(final);
    const temp = path.join(dir, `.${path.basename(final)}.${randomBytes(6).toString('hex')}.wirepool-tmp`);
    let fd: number;
    try {
      fd = openSync(temp, 'wx', 0o666);
    } catch (e) {
      throw new CaptureIoError(final, `create a file in ${dir}`, e, 'write');
    }
    if (existing !== undefined) {
      try {
        fchmodSync(fd, existing.mode & 0o777); // the replacement keeps the old file's permissions
      } catch {
        // not ours to change (another owner's file in a shared folder): the default mode stays
      }
    }
    return new OutputFile(final, temp, fd, opts.overwrite, existing === undefined ? undefined : fileId(existing));
  }

  /** True when commit will replace a file that exists. */
  get replacing(): boolean {
    return this.writing !== this.path && this.#overwrite;
  }

  /** For the writers: the descriptor, named by the final path in their errors. */
  get target(): { fd: number; name: string } {
    return { fd: this.fd, name: this.path };
  }

  /** The data is complete: flushed to disk, then in place under its name. */
  commit(): void {
    if (this.#done) return;
    this.#done = true;
    try {
      fsyncSync(this.fd);
    } catch (e) {
      this.#drop();
      throw new CaptureIoError(this.path, 'write it to disk', e, 'write');
    } finally {
      closeSync(this.fd);
    }
    if (this.writing === this.path) return;
    try {
      if (this.#overwrite) renameSync(this.writing, this.path);
      else this.#linkNew();
    } catch (e) {
      this.#drop();
      throw e instanceof FileError ? e : new CaptureIoError(this.path, 'put it in place', e, 'write');
    }
  }

  /** Something failed: the temporary file goes, the old file (if any) was never touched. */
  abort(): void {
    if (this.#done) return;
    this.#done = true;
    try {
      closeSync(this.fd);
    } catch {
      // already closed
    }
    this.#drop();
  }

  /** Without overwrite: a hard link fails if the name was taken since the check (no race). */
  #linkNew(): void {
    try {
      linkSync(this.writing, this.path);
    } catch (e) {
      if (errno(e) === 'EEXIST') throw exists(this.path);
      // A file system without hard links (FAT, some network mounts): check, then rename.
      if (lstatSync(this.path, { throwIfNoEntry: false }) !== undefined) throw exists(this.path);
      renameSync(this.writing, this.path);
      return;
    }
    unlinkSync(this.writing);
  }

  #drop(): void {
    try {
      unlinkSync(this.writing);
    } catch {
      // gone already
    }
  }
}

/** An absolute path with its folder resolved (realpath): `..` and symlinked folders cannot hide where it lands. */
export function resolveOutput(file: string): string {
  if (!path.isAbsolute(file))
    throw new FileError(
      'FILE_RELATIVE',
      file,
      `cannot write ${file}: the path is relative (it would land in the host's working directory)`,
      'give an absolute path, such as /home/me/out.pcapng',
    );
  const normal = path.resolve(file);
  const base = path.basename(normal);
  if (base === '') throw new FileError('FILE_NOT_REGULAR', file, `cannot write ${file}: it is a directory`, 'name a file in it');
  const folder = path.dirname(normal);
  let dir: string;
  try {
    dir = realpathSync(folder);
  } catch (e) {
    throw new FileError(
      'FILE_NO_FOLDER',
      file,
      `cannot write ${file}: the folder ${folder} ${errno(e) === 'ENOTDIR' ? 'is not a folder' : 'does not exist'}`,
      'create the folder first, or choose another',
    );
  }
  return path.join(dir, base);
}

function exists(file: string): FileError {
  return new FileError(
    'FILE_EXISTS',
    file,
    `${file} exists already`,
    'choose another name, or confirm that it may be replaced (the request\'s "overwrite": true)',
  );
}

/** The checks on the final name; answers the existing file's stats (undefined when there is none). */
function checkTarget(final: string, opts: OutputOptions): Stats | undefined {
  let st: Stats | undefined;
  try {
    st = lstatSync(final, { throwIfNoEntry: false });
  } catch (e) {
    throw new CaptureIoError(final, 'look at it', e, 'write');
  }
  if (st === undefined) return undefined;
  if (st.isSymbolicLink())
    throw new FileError(
      'FILE_SYMLINK',
      final,
      `cannot write ${final}: it is a symbolic link, and Wirepool never writes through one`,
      'write to the file it points to, or choose another name',
    );
  const kind = notRegular(st);
  if (kind !== undefined)
    throw new FileError('FILE_NOT_REGULAR', final, `cannot write ${final}: it is ${kind}`, 'give the path of a regular file to write');
  const id = fileId(st);
  if (opts.protect?.some((p) => sameFile(p, id)))
    throw new FileError(
      'FILE_SAME_AS_INPUT',
      final,
      `cannot write ${final}: it is the file being read (its packets are read back from it)`,
      'write to another file',
    );
  if (!opts.overwrite) throw exists(final);
  return st;
}

/**
 * The checks OutputFile.create makes, without creating anything: for a request that must fail
 * before it changes anything (a capture's file, checked before the current run is replaced).
 */
export function checkOutput(file: string, opts: OutputOptions): string {
  const final = resolveOutput(file);
  checkTarget(final, opts);
  return final;
}

/**
 * Writes a whole file through an OutputFile: `write(target)` fills it, then it commits; a throw
 * removes the temporary file and leaves any old file as it was.
 */
export function writeOutput<T>(file: string, opts: OutputOptions, write: (target: { fd: number; name: string }) => T): T {
  const out = OutputFile.create(file, opts);
  let result: T;
  try {
    result = write(out.target);
  } catch (e) {
    out.abort();
    throw e;
  }
  out.commit();
  return result;
}
