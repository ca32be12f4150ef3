/**
 * The capture process. `cap` polls libpcap on the process's default event loop, which only
 * the main thread of a process may use (in a worker thread it crashes Node), so capture runs
 * here, on the main thread of a small child process the engine worker starts and supervises.
 *
 * The capture goes into a pcapng file as it arrives (one IDB: the interface, if_tsresol 9): the
 * spool the user asked for, or a temporary file, as dumpcap does for Wireshark. The engine
 * reads it behind the writer by offset. The IPC channel carries control ('opened', 'written',
 * 'dropped', 'error', 'end'; 'stop' from the worker).
 * Each packet is copied once in JavaScript, from cap's buffer into the stream's write buffer,
 * which is written without blocking (StreamWriter), so draining libpcap never waits for the
 * engine.
 */
import { closeSync, openSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { WirepoolError } from '../common/errors.js';
import { CaptureIoError } from '../formats/index.js';
import { loadCap, type CapHandle } from './binding.js';
import { CaptureClock } from './clock.js';
import { CaptureError, messageOnly, openError } from './errors.js';
import { deviceInterfaces } from './interfaces.js';
import type { ChildRequest, ChildMessage } from './child-protocol.js';
import { StreamWriter } from './stream-writer.js';
import { MAX_SNAPLEN, linkTypeOf, wireLength } from './wire-length.js';

const FLUSH_MS = 10;
/**
 * libpcap's kernel buffer. cap forces immediate mode and a 65535-byte snap length, so Linux
 * uses TPACKET_V2 with fixed ~64 KiB slots: 64 MiB is about 1000 packets of any size.
 */
const DEFAULT_RING = 64 * 1024 * 1024;
/** Stream bytes that may wait in this process for the engine to read them. */
const MAX_QUEUED = 64 * 1024 * 1024;

function send(m: ChildMessage): void {
  process.send?.(m);
}

function fail(e: unknown): void {
  const err = e instanceof WirepoolError ? e : new CaptureError('CAPTURE_PROCESS', `capture failed: ${e instanceof Error ? e.message : String(e)}`, 'please report this', e);
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
    linkName = handle.open(req.iface, req.filter ?? '', req.bufferSize ?? DEFAULT_RING, buffer);
  } catch (e) {
    throw openError(e, req.iface, req.filter ?? '');
  }
  const linkType = linkTypeOf(linkName);
  let fd: number;
  try {
    fd = openSync(req.out, 'w');
  } catch (e) {
    handle.close();
    throw new CaptureIoError(req.out, 'create it', e);
  }
  const out = new StreamWriter(fd, MAX_QUEUED, (bytes) => send({ type: 'written', bytes }));
  out.header(linkType, snaplen, req.iface, 'wirepool capture');
  out.flush();
  send({ type: 'opened', linkType });
  const clock = new CaptureClock();
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
    clearInterval(flusher);
    clearTimeout(timer);
    void out.close().then(() => {
      closeSync(fd);
      send({ type: 'end', seen, dropped: out.dropped });
      process.disconnect?.();
    });
  };
  handle.on('packet', (nbytes: number) => {
    if (stopped) return;
    clock.stamp();
    const captured = nbytes < snaplen ? nbytes : snaplen;
    out.packet(clock.sec, clock.nsec, wireLength(linkType, bytes, nbytes, nbytes >= MAX_SNAPLEN), bytes.subarray(0, captured));
    if (++seen >= limit || (deadline !== Infinity && (seen & 63) === 0 && performance.now() >= deadline)) stop();
  });
  let reported = 0;
  const flusher = setInterval(() => {
    out.flush();
    if (out.dropped !== reported) send({ type: 'dropped', count: (reported = out.dropped) });
  }, FLUSH_MS);
  const timer = deadline === Infinity ? undefined : setTimeout(stop, deadline - started);
  process.on('message', (m: { type: string }) => {
    if (m.type === 'stop') stop();
  });
  // The engine went away: stop, and do not outlive it even if a flood keeps cap busy.
  process.on('disconnect', () => {
    stop();
    setTimeout(() => process.exit(0), 2000).unref();
  });
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
