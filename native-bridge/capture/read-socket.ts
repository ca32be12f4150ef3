import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** Where the next bytes read go (exactly as many as are wanted next), and what is done with them. */
export interface ReadInto {
  /** The bytes the next read may fill: never more than is wanted next, so no read crosses a message. */
  target(): Uint8Array;
  /** `n` bytes were read into the last target (from its start). */
  read(n: number): void;
}

/**
 * A connected pair of Unix stream sockets: `writer`, to hand to a child process as its stdout
 * (spawn's stdio accepts a socket; the child gets a duplicate of its descriptor), and `reader`,
 * whose data the kernel copies straight into the memory `into.target()` names (Node's `onread`
 * option, which only a socket this process opens can have, not a child's own stdout pipe).
 * The pair goes through a listening socket in a private temporary folder (mode 0700), removed
 * once they are connected (on Windows, a named pipe of a random name).
 */
export async function readSocketPair(into: ReadInto): Promise<{ reader: net.Socket; writer: net.Socket }> {
  // Windows: a named pipe of a random name (no folder); elsewhere a socket file in a private folder.
  const dir = process.platform === 'win32' ? undefined : mkdtempSync(path.join(tmpdir(), 'wirepool-helper-'));
  const where = dir === undefined ? `\\\\.\\pipe\\wirepool-helper-${randomUUID()}` : path.join(dir, 'out');
  const server = net.createServer();
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(where, resolve);
    });
    const accepted = new Promise<net.Socket>((resolve) => server.once('connection', resolve));
    const reader = net.connect({
      path: where,
      onread: {
        buffer: () => into.target(),
        callback: (n: number) => {
          into.read(n);
          return true;
        },
      },
    });
    await new Promise<void>((resolve, reject) => {
      reader.once('connect', resolve);
      reader.once('error', reject);
    });
    const writer = await accepted;
    return { reader, writer };
  } finally {
    server.close();
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  }
}
