'use strict';
/**
 * A worker thread for test/capture/batch.test.ts: captures UDP to workerData.port on lo with
 * Wirepool's cap in batch mode (as the engine captures, in a worker), and posts every batch to
 * the test, its buffer transferred (the binding no longer holds a buffer it handed over).
 *
 * workerData: { cap (module path), port, sizes (buffer sizes to rotate), maxPackets, snaplen,
 * interfaceId, gc (gc() after every batch and every millisecond), hold (no fill() after a batch
 * until the test says 'fill'), closeInListener, tooSmall (the first buffer's size; a second
 * ask with count 0 is answered with `askAgain` bytes) }.
 * Messages in: 'flush', 'fill', 'stop'. Messages out: { batch }, { flushed }, { closed },
 * { final }, 'ready'.
 */
const { parentPort, workerData: o } = require('node:worker_threads');
const v8 = require('node:v8');
const vm = require('node:vm');

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc');
const { Cap } = require(o.cap);

const START = 32;
const RESERVE = 32;
const maxPackets = o.maxPackets ?? 64;
const sizes = o.sizes ?? [65536];
const cap = new Cap();
const linkType = cap.open('lo', `udp dst port ${o.port}`, 1 << 24, undefined, {
  batch: true,
  snaplen: o.snaplen ?? 65535,
  interfaceId: o.interfaceId ?? 0,
});
let turn = 0;
let cur;
let batches = 0;

function give(atLeast = 0) {
  let size = sizes[turn++ % sizes.length];
  if (size < atLeast) size = sizes.find((s) => s >= atLeast) ?? atLeast;
  if (batches === 0 && o.tooSmall !== undefined) size = o.tooSmall;
  const buffer = new ArrayBuffer(size);
  const index = new Uint32Array(maxPackets * 8);
  cur = { buffer, index };
  cap.fill(buffer, START, size, index, maxPackets, RESERVE);
}

cap.on('batch', (count, dataEnd, need) => {
  const { buffer, index } = cur;
  cur = undefined;
  batches++;
  const msg = { count, dataEnd, need, start: START, size: buffer.byteLength, buffer, index: index.slice(0, count * 8) };
  parentPort.postMessage({ batch: msg }, [buffer, msg.index.buffer]);
  if (o.gc) gc();
  if (o.closeInListener) {
    const closed = cap.close();
    let fillAfterClose = '';
    try {
      give();
    } catch (e) {
      fillAfterClose = e.message;
    }
    parentPort.postMessage({ closed, fillAfterClose });
    return;
  }
  if (count === 0 && o.askAgain !== undefined) {
    const buffer2 = new ArrayBuffer(o.askAgain);
    const index2 = new Uint32Array(maxPackets * 8);
    cur = { buffer: buffer2, index: index2 };
    cap.fill(buffer2, START, o.askAgain, index2, maxPackets, RESERVE);
    return;
  }
  if (!o.hold) give(need);
});

const timer = o.gc ? setInterval(gc, 1) : undefined;
parentPort.on('message', (m) => {
  if (m === 'flush') {
    const flushed = cap.flush();
    parentPort.postMessage({ flushed, again: cap.flush() });
  } else if (m === 'fill') {
    give();
  } else if (m === 'stop') {
    if (timer) clearInterval(timer);
    if (cur !== undefined) cap.flush();
    parentPort.postMessage({ final: { stats: cap.stats(), linkType } });
    cap.close();
    parentPort.close();
  }
});
give();
parentPort.postMessage('ready');
