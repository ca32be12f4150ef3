import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ErrorInfo, InterfaceInfo } from '../protocol/index.js';
import type { ChildMessage, ChildRequest } from './child-protocol.js';
import { CaptureError } from './errors.js';

const CHILD = fileURLToPath(new URL('./child.js', import.meta.url));
const STOP_GRACE_MS = 1000;

export interface CaptureEvents {
  /** The interface is open and the stream file exists. */
  opened(linkType: number): void;
  /** The stream file is complete up to `bytes`. */
  written(bytes: number): void;
  /** Packets the capture process dropped so far (its queue to the file was full). */
  dropped(count: number): void;
  /** The capture process ended; `error` when it could not capture. */
  end(error: ErrorInfo | undefined): void;
}

/**
 * The capture process seen from the engine worker: started with the request, it writes the
 * pcapng stream to `req.out` and says how far it got; stopped with a message (then SIGTERM,
 * then SIGKILL if it is stuck: cap drains the kernel ring in one native loop, which a flood can
 * keep busy).
 */
export class CaptureProcess {
  readonly #child: ChildProcess;
  #error: ErrorInfo | undefined;
  #ended = false;

  constructor(req: ChildRequest & { mode: 'capture' }, events: CaptureEvents) {
    this.#child = fork(CHILD, [JSON.stringify(req)], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'], serialization: 'json' });
    const child = this.#child;
    let stderr = '';
    child.stderr!.setEncoding('utf8').on('data', (s: string) => {
      if (stderr.length < 4096) stderr += s;
    });
    child.on('message', (m: ChildMessage) => {
      if (m.type === 'written') events.written(m.bytes);
      else if (m.type === 'opened') events.opened(m.linkType);
      else if (m.type === 'dropped') events.dropped(m.count);
      else if (m.type === 'end') events.dropped(m.dropped);
      else if (m.type === 'error') this.#error = m.error;
    });
    const finish = (): void => {
      if (this.#ended) return;
      this.#ended = true;
      events.end(this.#error);
    };
    // 'close': the process exited and its stdio and IPC channel are closed (every message is in).
    child.on('close', (code, signal) => {
      if (this.#error === undefined && code !== 0 && signal !== 'SIGTERM' && signal !== 'SIGKILL') {
        const tail = stderr.trim().split('\n').slice(-3).join(' | ');
        this.#error = { code: 'CAPTURE_PROCESS', message: `the capture process ended with ${signal ?? `code ${code}`}${tail ? `: ${tail}` : ''}`, hint: 'please report this' };
      }
      finish();
    });
    child.on('error', (e) => {
      this.#error ??= { code: 'CAPTURE_PROCESS', message: `cannot start the capture process: ${e.message}`, hint: 'check that Node can run dist/native-bridge/capture/child.js' };
      finish();
    });
  }

  get pid(): number | undefined {
    return this.#child.pid;
  }

  stop(): void {
    const child = this.#child;
    if (this.#ended || child.exitCode !== null) return;
    if (child.connected) child.send({ type: 'stop' });
    const term = setTimeout(() => {
      child.kill('SIGTERM');
      const kill = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
      kill.unref();
    }, STOP_GRACE_MS);
    term.unref();
    child.once('exit', () => clearTimeout(term));
  }
}

/** Lists capture interfaces through a short-lived capture process (the binding loads only there). */
export function listInterfaces(): Promise<InterfaceInfo[]> {
  return new Promise((resolve, reject) => {
    const child = fork(CHILD, [JSON.stringify({ mode: 'list' } satisfies ChildRequest)], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'], serialization: 'json' });
    let result: InterfaceInfo[] | undefined;
    let error: ErrorInfo | undefined;
    child.on('message', (m: ChildMessage) => {
      if (m.type === 'interfaces') result = m.interfaces;
      else if (m.type === 'error') error = m.error;
    });
    child.on('error', (e) => reject(new CaptureError('CAPTURE_PROCESS', `cannot start the capture process: ${e.message}`, 'check the Node installation')));
    child.on('exit', (code) => {
      if (result !== undefined) resolve(result);
      else if (error !== undefined) reject(new CaptureError(error.code as 'CAPTURE_PROCESS', error.message, error.hint ?? ''));
      else reject(new CaptureError('CAPTURE_PROCESS', `the capture process ended with code ${code} before listing interfaces`, 'please report this'));
    });
  });
}
