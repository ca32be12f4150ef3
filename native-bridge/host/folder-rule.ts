/**
 * Serve mode's folder rule: the folders a page may open files in and save files to (`wirepool
 * serve --root DIR`). A page holds a token, not the user's trust in every path: it may read
 * capture files and write .pcap/.pcapng files inside these folders, and nothing in the system's
 * own folders whatever the roots say. Paths are resolved before they are checked (realpath of
 * the file, or of a new file's folder), so `..` and symlinked folders cannot lead out; the
 * engine is handed the resolved path, so what was checked is what is opened.
 */
import { realpathSync } from 'node:fs';
import { realpath } from 'node:fs/promises';
import path from 'node:path';
import { FileError } from '../common/index.js';
import type { PathUse } from '../protocol/index.js';

/** Never readable or writable from a page, whatever the roots (macOS resolves /etc to /private/etc). */
export const SYSTEM_FOLDERS: readonly string[] = [
  '/bin',
  '/boot',
  '/dev',
  '/etc',
  '/lib',
  '/lib32',
  '/lib64',
  '/libx32',
  '/proc',
  '/run',
  '/sbin',
  '/sys',
  '/usr',
  '/var/run',
  '/System',
  '/private/etc',
  '/private/var/run',
];

/** File names a page may write: capture files only (no ~/.bashrc, no authorized_keys). */
const WRITABLE = /\.(pcap|pcapng)$/i;

/** How to allow another folder: the option, said once for every refusal and the usage text. */
export const ROOT_OPTION_HINT = 'start `wirepool serve` with --root DIR for each folder to allow (--root replaces the default folders)';

/** Whether `p` is `dir` or inside it (both absolute and normalised). */
export function isInside(p: string, dir: string): boolean {
  if (p === dir) return true;
  return p.startsWith(dir.endsWith(path.sep) ? dir : dir + path.sep);
}

const isSystem = (p: string): boolean => SYSTEM_FOLDERS.some((s) => isInside(p, s));

/** What the host checks a path field against before the engine sees it (AppHost's `paths`). */
export interface PathRule {
  /** The path to hand the engine (resolved), or a FileError saying why not. */
  check(use: PathUse, file: string): Promise<string>;
}

export class FolderRule implements PathRule {
  /** The allowed folders, resolved (realpath). */
  readonly roots: readonly string[];

  /**
   * `roots`: existing folders, none of them a system folder, inside one, or holding one (`/`).
   * Throws a FileError naming the bad one.
   */
  constructor(roots: readonly string[]) {
    const out: string[] = [];
    for (const r of roots) {
      let real: string;
      try {
        real = realpathSync(path.resolve(r));
      } catch {
        throw new FileError('FILE_NO_FOLDER', r, `--root ${r}: no such folder`, 'give an existing folder');
      }
      if (isSystem(real) || SYSTEM_FOLDERS.some((s) => isInside(s, real)))
        throw new FileError(
          'FILE_OUTSIDE_ROOTS',
          r,
          `--root ${r}: ${real} is or holds a system folder (${SYSTEM_FOLDERS.slice(0, 6).join(', ')}…), which a page may never read or write`,
          'give a folder of your own, such as your home or a data folder',
        );
      if (!out.includes(real)) out.push(real);
    }
    this.roots = out;
  }

  async check(use: PathUse, file: string): Promise<string> {
    // A file to read may be named relative to the folder the server was started in (then checked
    // like any other); a file to write never is: it would land wherever that happens to be.
    if (use === 'write' && !path.isAbsolute(file))
      throw new FileError(
        'FILE_RELATIVE',
        file,
        `cannot write ${file}: the path is relative (it would land in the server's working directory)`,
        `give the full path, inside ${this.roots.join(' or ')}`,
      );
    const normal = path.resolve(file);
    // Checked as written first: a path outside is refused without looking at the disk, so a
    // refusal says nothing about what exists there.
    this.#inside(file, normal);
    const real = use === 'read' ? await resolved(normal) : path.join(await resolved(path.dirname(normal)), path.basename(normal));
    this.#inside(file, real);
    if (use === 'write' && !WRITABLE.test(path.basename(real)))
      throw new FileError(
        'FILE_BAD_NAME',
        file,
        `${file}: serve mode writes capture files only (names ending .pcap or .pcapng)`,
        'name the file NAME.pcapng or NAME.pcap',
      );
    return real;
  }

  #inside(file: string, p: string): void {
    if (!isSystem(p) && this.roots.some((r) => isInside(p, r))) return;
    throw new FileError(
      'FILE_OUTSIDE_ROOTS',
      file,
      `${file} is outside the folders this server may read and write (${this.roots.join(', ')})`,
      ROOT_OPTION_HINT,
    );
  }
}

/**
 * Its real path. For a path that does not exist (yet), the real path of the nearest folder
 * above it that does, plus the rest: a symlinked folder cannot lead out even to a missing file.
 */
async function resolved(p: string): Promise<string> {
  try {
    return await realpath(p);
  } catch {
    const parent = path.dirname(p);
    return parent === p ? p : path.join(await resolved(parent), path.basename(p));
  }
}
