/**
 * The UI end of the port-flow bench (a worker thread, as a renderer is a process of its own): a
 * page whose thread is busy. It opens the file at max speed, then every frame (`frameMs`) asks
 * for the next `rows` rows down the list (a list scrolled a block a frame), but gets through only
 * `readPerSecond` host messages a second (each costs it 1/readPerSecond s: a page drawing a
 * heavy view). It counts what it has read in shared memory (the bench's meter of its queue) and,
 * when `acks`, acknowledges each message as the renderer does. Once the host has posted `done`
 * (a flag the bench sets) it stops asking, reads everything as fast as it can, and reports.
 */
import { isMainThread, type MessagePort, parentPort, receiveMessageOnPort, workerData } from 'node:worker_threads';
import type { Ack, HostMessage, Request } from '../native-bridge/protocol/index.js';

export interface FlowJob {
  file: string;
  acks: boolean;
  frameMs: number;
  rows: number;
  readPerSecond: number;
}

/** Shared Int32 slots: what the UI has read and asked, and the bench's flag that the run is done. */
export const READ = 0;
export const ASKED = 1;
export const DONE_POSTED = 2;
export const SLOTS = 3;

export interface FlowReport {
  asked: number;
  replies: number;
  inOrder: boolean;
  errors: string[];
}

/** The page: runs as the worker thread's body. */
async function page(): Promise<void> {
  const job = workerData as { job: FlowJob; port: MessagePort; shared: SharedArrayBuffer };
  const { port } = job;
  const shared = new Int32Array(job.shared);
  const { acks, frameMs, rows, readPerSecond } = job.job;

  let read = 0;
  let runId: number | undefined;
  let displayed = 0;
  let position = 0;
  let nextId = 1;
  const asked: number[] = [];
  const replied: number[] = [];
  const errors: string[] = [];

  function send(m: Request | Ack): void {
    port.postMessage(m);
  }

  /** Reads one host message if there is one; false when the queue is empty. */
  function readOne(): boolean {
    const got = receiveMessageOnPort(port);
    if (got === undefined) return false;
    const m = got.message as HostMessage;
    read++;
    Atomics.store(shared, READ, read);
    if (m.type === 'reply') {
      if (m.op === 'open' && 'result' in m) runId = m.result.runId;
      else if (m.op === 'rows') {
        replied.push(m.id);
        if ('error' in m && errors.length < 5) errors.push(`${m.error.code}: ${m.error.message}`);
      }
    } else if (m.type === 'view') displayed = m.view.displayed;
    if (acks) send({ type: 'ack', read });
    return true;
  }

  function ask(): void {
    if (runId === undefined || displayed < rows) return;
    if (position + rows > displayed) position = 0;
    const id = nextId++;
    send({ type: 'request', id, op: 'rows', args: { runId, viewId: 0, first: position, count: rows } });
    asked.push(id);
    Atomics.store(shared, ASKED, asked.length);
    position += rows;
  }

  send({ type: 'request', id: nextId++, op: 'open', args: { path: job.job.file, speed: 'max' } });
  const frames = setInterval(ask, frameMs);
  const reads = setInterval(readOne, 1000 / readPerSecond);

  await new Promise<void>((resolve) => {
    const poll = setInterval(() => {
      if (Atomics.load(shared, DONE_POSTED) === 0) return;
      clearInterval(poll);
      resolve();
    }, 5);
  });
  clearInterval(frames);
  clearInterval(reads);
  // Everything it asked for, read as fast as it can (requests the host held are answered now).
  while (replied.length < asked.length) {
    if (!readOne()) await new Promise((r) => setTimeout(r, 1));
  }
  const inOrder = replied.every((id, i) => id === asked[i]);
  parentPort!.postMessage({
    asked: asked.length,
    replies: replied.length,
    inOrder,
    errors,
  } satisfies FlowReport);
  port.close();
}

if (!isMainThread) await page();
