/**
 * A real `wirepool serve` process and the raw clients that probe it, for the benches that drive
 * serve mode (bench/app-ui.ts, bench/serve-abuse.ts) and the abuse tests (test/serve/): start it,
 * read the URL it prints, open WebSockets (one that stops reading, too), time a page's hello,
 * and read the process's memory and threads from /proc.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import path from 'node:path';
import WebSocket from 'ws';

/** The page's socket address for the URL `wirepool serve` prints. */
export const wsUrl = (pageUrl: string): string => pageUrl.replace('http://', 'ws://').replace('/?token=', '/ws?token=');

/** Sends one request as the page's JSON text frame. */
export const request = (ws: WebSocket, id: number, op: string, args: object = {}): void =>
  ws.send(JSON.stringify({ type: 'request', id, op, args }));

export interface ServeProcess {
  process: ChildProcess;
  /** The page URL it printed, with its token. */
  url: string;
  /** VmRSS and VmHWM (MB) and threads of the process now. */
  status(): { rssMB: number; peakRssMB: number; threads: number };
  /** A page's socket, open; rejects with `HTTP <status>` when the upgrade is refused. */
  connect(): Promise<WebSocket>;
  /** A page's socket that has stopped reading (the kernel's buffers fill, then the server's queue would). */
  stalled(): Promise<WebSocket>;
  /** Milliseconds until a fresh page's hello is answered (a new connection: its engine starts too). */
  helloMs(): Promise<number>;
  kill(): void;
}

/**
 * Starts `ROOT/bin/wirepool serve --port 0 ARGS…` (ROOT: the checkout; callers run from its
 * sources or from dist/) and resolves once it has printed its URL.
 */
export async function startServeProcess(
  root: string,
  args: string[] = [],
  stderr: 'inherit' | 'ignore' | 'pipe' = 'inherit',
): Promise<ServeProcess> {
  const p = spawn(process.execPath, [path.join(root, 'bin/wirepool'), 'serve', '--port', '0', ...args], {
    stdio: ['ignore', 'pipe', stderr],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    p.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /serving on (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    p.once('exit', (code) => reject(new Error(`wirepool serve exited with ${code}`)));
  });
  const connect = (): Promise<WebSocket> =>
    new Promise((resolve, reject) => {
      const ws = new WebSocket(wsUrl(url));
      ws.once('open', () => resolve(ws));
      ws.once('error', reject);
      ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    });
  return {
    process: p,
    url,
    status() {
      const s = readFileSync(`/proc/${p.pid}/status`, 'utf8');
      const kb = (field: string): number => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(s)![1]);
      return { rssMB: kb('VmRSS') / 1024, peakRssMB: kb('VmHWM') / 1024, threads: kb('Threads') };
    },
    connect,
    async stalled() {
      const ws = await connect();
      (ws as unknown as { _socket: { pause(): void } })._socket.pause();
      return ws;
    },
    async helloMs() {
      const t0 = performance.now();
      const ws = await connect();
      const answered = new Promise((r) => ws.once('message', r));
      request(ws, 1, 'hello');
      await answered;
      const ms = performance.now() - t0;
      ws.terminate();
      return ms;
    },
    kill: () => p.kill(),
  };
}
