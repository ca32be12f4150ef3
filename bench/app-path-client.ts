/**
 * The UI end of the app-path bench, in a worker thread of its own (as a renderer is a process
 * of its own): says hello, opens the file, counts batches until `done`, reports.
 */
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import WebSocket from 'ws';
import { decodeHostFrame, encodeClientMessage, type ClientMessage, type HostMessage } from '../native-bridge/protocol/index.js';

interface Job {
  file: string;
  port?: MessagePort;
  url?: string;
}
const job = workerData as Job;
let batches = 0;
let packets = 0;
let bytes = 0;
const started = performance.now();

function onMessage(m: HostMessage): boolean {
  if (m.type === 'batch') {
    batches++;
    packets += m.count;
    bytes += m.buffer.byteLength;
  } else if (m.type === 'done' || m.type === 'error') {
    parentPort!.postMessage({
      batches,
      packets,
      bytes,
      ms: performance.now() - started,
      end: m.type,
      error: m.type === 'error' ? m.error : m.error,
    });
    return true;
  }
  return false;
}

const hello: ClientMessage[] = [{ type: 'hello' }, { type: 'open', path: job.file }];
if (job.port) {
  const port = job.port;
  port.on('message', (m: HostMessage) => onMessage(m) && port.close());
  for (const m of hello) port.postMessage(m);
} else {
  const ws = new WebSocket(job.url!);
  ws.binaryType = 'arraybuffer';
  ws.on('open', () => {
    for (const m of hello) ws.send(encodeClientMessage(m));
  });
  ws.on(
    'message',
    (data: ArrayBuffer | Buffer, isBinary) => onMessage(decodeHostFrame(isBinary ? (data as ArrayBuffer) : data.toString())) && ws.close(),
  );
}
