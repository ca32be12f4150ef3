import { existsSync, statSync } from 'node:fs';
import { isIP } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import path from 'node:path';
import { WirepoolError } from '../../native-bridge/common/index.js';
import { FolderRule, startEngineThread } from '../../native-bridge/host/index.js';
import { DEFAULT_MAX_CLIENTS, type ServeHandle, startServe } from '../serve/server.js';
import { UsageError } from '../usage.js';
import { packageVersion, RENDERER_DIR, SAMPLES_DIR } from '../paths.js';

export interface ServeArgs {
  port?: string;
  host?: string;
  'max-clients'?: string;
  /** `--root DIR` (repeatable): the folders pages may open and save files in, instead of the defaults. */
  root?: string[];
}

/**
 * The folders a page may read and write: `--root` as given, else the user's home, the temp
 * folder and the bundled samples; and always FILE's folder (the user named it). System folders
 * never (FolderRule refuses a root that is or holds one).
 */
export function serveRoots(roots: readonly string[] | undefined, file: string | undefined): FolderRule {
  const base =
    roots !== undefined && roots.length > 0 ? [...roots] : [homedir(), tmpdir(), ...(existsSync(SAMPLES_DIR) ? [SAMPLES_DIR] : [])];
  if (file !== undefined) base.push(path.dirname(path.resolve(file)));
  try {
    return new FolderRule(base);
  } catch (e) {
    throw e instanceof WirepoolError ? new UsageError(`serve: ${e.what}; ${e.hint ?? ''}`) : e;
  }
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

function parsePort(value: string | undefined): number {
  if (value === undefined) return 0;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535)
    throw new UsageError(`--port takes a port number 0..65535 (0 picks a free one), got "${value}"`);
  return n;
}

function parseMaxClients(value: string | undefined): number {
  if (value === undefined) return DEFAULT_MAX_CLIENTS;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 1000) throw new UsageError(`--max-clients takes a number of pages 1..1000, got "${value}"`);
  return n;
}

function parseHost(value: string | undefined): string {
  if (value === undefined) return '127.0.0.1';
  if (value !== 'localhost' && isIP(value) === 0)
    throw new UsageError(`--host takes an IP address to bind (such as 127.0.0.1 or 0.0.0.0), got "${value}"`);
  return value === 'localhost' ? '127.0.0.1' : value;
}

/**
 * `wirepool serve [FILE] [--port N] [--host ADDR] [--root DIR]...`: the desktop UI in a browser. Prints the URL
 * (with its token) on one line starting "wirepool: serving on ", then runs until interrupted.
 */
export async function serve(file: string | undefined, args: ServeArgs): Promise<number> {
  if (file !== undefined && !statSync(file, { throwIfNoEntry: false })?.isFile())
    throw new UsageError(`serve: "${file}" is not a capture file (no such file)`);
  const host = parseHost(args.host);
  const port = parsePort(args.port);
  const maxClients = parseMaxClients(args['max-clients']);
  if (!LOOPBACK.has(host)) {
    process.stderr.write(
      `wirepool: warning: serving on ${host}, not only this machine. Anyone who can reach ${host} and has the token can do what you can in the app: open capture files this user can read, save files, and capture live traffic on this machine's interfaces. The token travels in plain HTTP (no TLS): anyone on the network path can read it. Prefer the default (127.0.0.1) with an SSH tunnel (ssh -L PORT:127.0.0.1:PORT host).\n`,
    );
  }
  const paths = serveRoots(args.root, file);
  let handle: ServeHandle;
  try {
    handle = await startServe({
      root: RENDERER_DIR,
      paths,
      host,
      port,
      engine: startEngineThread,
      version: packageVersion(),
      maxClients,
      ...(file === undefined ? {} : { file }),
    });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE')
      throw new WirepoolError('SERVE_PORT_IN_USE', `serve: port ${port} on ${host} is in use by another program`, {
        hint: 'pick another with --port N, or --port 0 for a free one',
      });
    if (code === 'EADDRNOTAVAIL')
      throw new WirepoolError('SERVE_BAD_HOST', `serve: ${host} is not an address of this machine`, {
        hint: 'pass one of its addresses to --host (or leave --host out for 127.0.0.1)',
      });
    if (code === 'EACCES')
      throw new WirepoolError('SERVE_PORT_DENIED', `serve: binding port ${port} needs privileges this user lacks`, {
        hint: 'pick a port of 1024 or more with --port N',
      });
    throw e;
  }
  process.stdout.write(`wirepool: serving on ${handle.url}\n`);
  process.stderr.write(`wirepool: pages may open and save files in ${paths.roots.join(', ')} (--root DIR to choose)\n`);
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      void handle.close().then(resolve);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  return 0;
}
