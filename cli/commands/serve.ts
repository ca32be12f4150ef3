import { readFileSync, statSync } from 'node:fs';
import { isIP } from 'node:net';
import { fileURLToPath } from 'node:url';
import { startEngineThread } from '../../native-bridge/host/index.js';
import { startServe } from '../serve/server.js';
import { UsageError } from '../usage.js';

export interface ServeArgs {
  port?: string;
  host?: string;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

function parsePort(value: string | undefined): number {
  if (value === undefined) return 0;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535)
    throw new UsageError(`--port takes a port number 0..65535 (0 picks a free one), got "${value}"`);
  return n;
}

function parseHost(value: string | undefined): string {
  if (value === undefined) return '127.0.0.1';
  if (value !== 'localhost' && isIP(value) === 0)
    throw new UsageError(`--host takes an IP address to bind (such as 127.0.0.1 or 0.0.0.0), got "${value}"`);
  return value === 'localhost' ? '127.0.0.1' : value;
}

function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

/**
 * `wirepool serve [FILE] [--port N] [--host ADDR]`: the desktop UI in a browser. Prints the URL
 * (with its token) on one line starting "wirepool: serving on ", then runs until interrupted.
 */
export async function serve(file: string | undefined, args: ServeArgs): Promise<number> {
  if (file !== undefined && !statSync(file, { throwIfNoEntry: false })?.isFile())
    throw new UsageError(`serve: "${file}" is not a capture file (no such file)`);
  const host = parseHost(args.host);
  const port = parsePort(args.port);
  if (!LOOPBACK.has(host)) {
    process.stderr.write(
      `wirepool: warning: serving on ${host}, not only this machine: anyone who can reach ${host} and learns the token can open capture files readable by this user. Prefer the default (127.0.0.1) or an SSH tunnel.\n`,
    );
  }
  const root = fileURLToPath(new URL('../../renderer', import.meta.url));
  const handle = await startServe({
    root,
    host,
    port,
    engine: startEngineThread,
    version: packageVersion(),
    ...(file === undefined ? {} : { file }),
  });
  process.stdout.write(`wirepool: serving on ${handle.url}\n`);
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
