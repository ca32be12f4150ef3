/**
 * The capture file named on a command line (`wirepool-desktop capture.pcapng`), as an absolute
 * path. No Electron import: the first instance passes process.argv and its cwd, a second
 * instance's `second-instance` event passes its argv and its own working directory.
 *
 * An argument may be a path (relative ones resolve against the launching process's folder) or,
 * from the Linux desktop entry's `%U`, a `file:` URL, which is percent-decoded to a path. Any
 * other URL, or a file: URL naming another machine, is refused with a WirepoolError that says so.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { WirepoolError } from '../native-bridge/common/errors.js';

export interface ArgvContext {
  /** app.isPackaged: a packaged app gets [exe, ...args]; a development run [exe, ...switches, app path, ...args]. */
  packaged: boolean;
  /** The folder the launching process ran in: relative paths resolve against it. */
  cwd: string;
  /** Whose paths these are (process.platform). */
  platform: NodeJS.Platform;
}

/** What an argument names: a local file's absolute path, or why it cannot be opened. */
export type FileArg = { path: string } | { refused: WirepoolError };

/** `file:` in any case, or `scheme://`. A one-letter scheme is a Windows drive (`C:\x.pcap`), not a URL. */
const URL_LIKE = /^(?:file:|[a-z][a-z0-9+.-]+:\/\/)/i;

/** The file the command line names (its last operand), or undefined when it names none. */
export function fileFromArgv(argv: readonly string[], context: ArgvContext): FileArg | undefined {
  const operands = argv.slice(1).filter((a) => !a.startsWith('-'));
  // Development: the first operand is the app itself (`electron . x.pcapng`), not a file to open.
  const files = context.packaged ? operands : operands.slice(1);
  const last = files.at(-1);
  return last === undefined ? undefined : resolveFileArg(last, context);
}

/** One argument as a local file's absolute path: a path, or a local `file:` URL. */
export function resolveFileArg(arg: string, context: Omit<ArgvContext, 'packaged'>): FileArg {
  const paths = context.platform === 'win32' ? path.win32 : path.posix;
  if (!URL_LIKE.test(arg)) return { path: paths.resolve(context.cwd, arg) };
  let url: URL;
  try {
    url = new URL(arg);
  } catch {
    return refuse('ARG_BAD_FILE_URL', `"${arg}" is not a valid URL`, 'pass the capture file as a path or as file:///absolute/path');
  }
  if (url.protocol !== 'file:')
    return refuse(
      'ARG_NOT_LOCAL_FILE',
      `"${arg}" is a ${url.protocol.slice(0, -1)}: URL; Wirepool opens local files only`,
      'download or copy the capture to this machine and open that file',
    );
  // The URL parser already turned a `localhost` host into the empty one.
  if (url.hostname !== '')
    return refuse(
      'ARG_NOT_LOCAL_FILE',
      `"${arg}" names a file on another machine (host "${url.hostname}"); Wirepool opens local files only`,
      'copy the capture to this machine, or open it through a folder where its share is mounted',
    );
  let file: string;
  try {
    file = fileURLToPath(url, { windows: context.platform === 'win32' });
  } catch (e) {
    return refuse(
      'ARG_BAD_FILE_URL',
      `"${arg}" is not a file URL Wirepool can open: ${(e as Error).message}`,
      'pass the capture file as a path',
    );
  }
  if (file.includes('\0'))
    return refuse('ARG_BAD_FILE_URL', `"${arg}" decodes to a path with a NUL character (%00)`, 'pass the capture file as a path');
  return { path: file };
}

function refuse(code: string, what: string, hint: string): FileArg {
  return { refused: new WirepoolError(code, what, { hint }) };
}
