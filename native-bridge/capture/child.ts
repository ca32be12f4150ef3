/**
 * The capture process. `cap` polls libpcap on the process's default event loop, which only
 * the main thread of a process may use (in a worker thread it crashes Node), so capture runs
 * here, on the main thread of a small child process the engine worker starts and supervises.
 *
 * stdout carries the capture as a pcapng stream (one IDB: the interface, if_tsresol 9); the
 * IPC channel carries control ('opened', 'error', 'end'; 'stop' from the worker). Each packet
 * is copied once in JavaScript, from cap's buffer into the stream's write buffer.
 */
import { performance } from 'node:perf_hooks';
import { PcapngWriter } from '../formats/index.js';
import { loadCap, type CapHandle } from './binding.js';
import { CaptureClock } from './clock.js';
import { CaptureError, messageOnly, openError } from './errors.js';
import { deviceInterfaces } from './interfaces.js';
import type { ChildRequest, ChildMessage } from './child-protocol.js';
import { MAX_SNAPLEN, linkTypeOf, wireLength } from './wire-length.js';

const FLUSH_MS = 10;

function send(m: ChildMessage): void {
  process.send?.(m);
}

function fail(e: unknown): void {
  const err = e instanceof CaptureError ? e : new CaptureError('CAPTURE_PROCESS', `capture failed: ${e instanceof Error ? e.message : String(e)}`, 'please report this', e);
  send({ type: 'error', error: { code: err.code, message: messageOnly(err), hint: err.hint } });
  process.disconnect?.();
  process.exitCode = 1;
}

// Strong references for the whole capture: `cap` keeps only a raw pointer to the buffer
// passed to open(), so the buffer (and the handle) must never become garbage while it runs.
let handle: CapHandle | undefined;
let buffer: Buffer | undefined;

function capture(req: ChildRequest & { mode: 'capture' }): void {
  const cap = loadCap();
  const snaplen = Math.min(req.snaplen ?? MAX_SNAPLEN, MAX_SNAPLEN);
  buffer = Buffer.alloc(MAX_SNAPLEN);
  handle = new cap.Cap();
  let linkName: string;
  try {
    linkName = handle.open(req.iface, req.filter ?? '', req.bufferSize ?? 32 * 1024 * 1024, buffer);
  } catch (e) {
    throw openError(e, req.iface, req.filter ?? '');
  }
  const linkType = linkTypeOf(linkName);
  const out = new PcapngWriter(1, { interfaces: [{ linkType, snaplen, name: req.iface }], application: 'wirepool capture', bufferSize: 256 * 1024 });
  out.flush();
  send({ type: 'opened', linkType });
  const clock = new CaptureClock();
  const meta = { sec: 0, nsec: 0, wireLen: 0 };
  const bytes = buffer;
  const started = performance.now();
  const deadline = req.seconds === undefined ? Infinity : started + req.seconds * 1000;
  const limit = req.count ?? Infinity;
  let seen = 0;
  let stopped = false;
  const stop = (): void => {
    if (stopped) return;
    stopped = true;
    handle?.close();
    out.close();
    clearInterval(flusher);
    clearTimeout(timer);
    send({ type: 'end', seen });
    process.disconnect?.();
  };
  handle.on('packet', (nbytes: number) => {
    if (stopped) return;
    clock.stamp();
    const captured = nbytes < snaplen ? nbytes : snaplen;
    meta.sec = clock.sec;
    meta.nsec = clock.nsec;
    meta.wireLen = wireLength(linkType, bytes, nbytes, nbytes >= MAX_SNAPLEN);
    out.write(meta, bytes.subarray(0, captured), 0);
    if (++seen >= limit || (deadline !== Infinity && (seen & 63) === 0 && performance.now() >= deadline)) stop();
  });
  const flusher = setInterval(() => out.flush(), FLUSH_MS);
  const timer = deadline === Infinity ? undefined : setTimeout(stop, deadline - started);
  process.on('message', (m: { type: string }) => {
    if (m.type === 'stop') stop();
  });
  process.on('disconnect', stop);
  process.on('SIGTERM', stop);
}

async function main(): Promise<void> {
  const req = JSON.parse(process.argv[2] ?? '{}') as ChildRequest;
  try {
    if (req.mode === 'list') {
      send({ type: 'interfaces', interfaces: deviceInterfaces(loadCap()) });
      process.disconnect?.();
    } else {
      capture(req);
    }
  } catch (e) {
    fail(e);
  }
}

void main();
