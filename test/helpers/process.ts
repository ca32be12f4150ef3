/** Starting a command-line process that says on stderr when it is ready (a capture, tcpdump). */
import { type ChildProcess, spawn } from 'node:child_process';

export interface Started {
  p: ChildProcess;
  /** Everything it wrote to stdout / stderr so far. */
  out(): string;
  err(): string;
  /** Its exit code (null: killed by a signal). */
  exited: Promise<number | null>;
}

/** Starts `cmd` and resolves once its stderr matches `ready`; rejects, with its stderr, if it exits first. */
export function started(cmd: string, args: string[], ready: RegExp): Promise<Started> {
  return new Promise((resolve, reject) => {
    const p = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    const exited = new Promise<number | null>((r) => p.once('exit', (code) => r(code)));
    p.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    p.stderr!.on('data', (d: Buffer) => {
      err += d.toString();
      if (ready.test(err)) resolve({ p, out: () => out, err: () => err, exited });
    });
    void exited.then((code) => reject(new Error(`${cmd} exited with ${code}: ${err}`)));
  });
}

/** Resolves when `p` has exited (at once if it has). */
export const ended = (p: ChildProcess): Promise<void> => new Promise((r) => (p.exitCode !== null ? r() : p.once('exit', () => r())));
