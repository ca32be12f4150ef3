/**
 * Loopback load for bench/capture.ts and bench/app-ui.ts, in its own process: `udp PORT SECONDS
 * [RATE]` sends small UDP datagrams to 127.0.0.1:PORT as fast as it can (or RATE a second); `tcp PORT SECONDS` streams bytes over one TCP
 * connection to a reader in this process (loopback makes ~64 KiB frames). Only 127.0.0.1.
 * Prints one JSON line: { packets, bytes, seconds } (UDP datagrams sent; TCP bytes received).
 */
import dgram from 'node:dgram';
import net from 'node:net';
import { performance } from 'node:perf_hooks';

const [mode, a, b, c] = process.argv.slice(2);

async function udp(port: number, seconds: number, rate = Number.POSITIVE_INFINITY): Promise<void> {
  // The receiving end lives here too, so its work is the load's, not the capture's.
  const sink = dgram.createSocket('udp4');
  await new Promise<void>((r) => sink.bind(port, '127.0.0.1', r));
  const s = dgram.createSocket('udp4');
  s.connect(port, '127.0.0.1');
  await new Promise((r) => s.once('connect', r));
  const payloads = Array.from({ length: 8 }, (_, i) => Buffer.alloc(64 + i * 64, i));
  let sent = 0;
  let bytes = 0;
  let inflight = 0;
  const t0 = performance.now();
  const end = t0 + seconds * 1000;
  await new Promise<void>((resolve) => {
    const pump = (): void => {
      if (performance.now() >= end) {
        const wait = (): void => (inflight === 0 ? resolve() : void setTimeout(wait, 5));
        wait();
        return;
      }
      // Paced: no more than `rate` a second so far (in bursts of up to 256).
      const due = Math.min(256, Math.floor(((performance.now() - t0) / 1000) * rate) - sent - inflight);
      if (due <= 0) return void setTimeout(pump, 1);
      for (let i = 0; i < due; i++) {
        const p = payloads[(sent + i) & 7]!;
        inflight++;
        s.send(p, (e) => {
          inflight--;
          if (!e) {
            sent++;
            bytes += p.length;
          }
        });
      }
      if (inflight > 4096) setTimeout(pump, 0);
      else setImmediate(pump);
    };
    pump();
  });
  s.close();
  sink.close();
  console.log(JSON.stringify({ packets: sent, bytes, seconds: (performance.now() - t0) / 1000 }));
}

async function tcp(port: number, seconds: number): Promise<void> {
  let received = 0;
  const server = net.createServer((c) => c.on('data', (d) => (received += d.length)));
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
  const chunk = Buffer.alloc(1 << 20, 0x5a);
  const t0 = performance.now();
  await new Promise<void>((resolve) => {
    const sock = net.connect(port, '127.0.0.1', () => {
      const pump = (): void => {
        while (performance.now() - t0 < seconds * 1000) if (!sock.write(chunk)) return void sock.once('drain', pump);
        sock.end();
      };
      pump();
    });
    sock.on('close', () => resolve());
  });
  await new Promise((r) => setTimeout(r, 100));
  server.close();
  console.log(JSON.stringify({ packets: 0, bytes: received, seconds: (performance.now() - t0) / 1000 }));
}

// Started ahead and told to go on stdin, so its start-up is not measured as the capture's work.
await new Promise<void>((resolve) => process.stdin.once('data', () => resolve()));
process.stdin.pause();
if (mode === 'udp') await udp(Number(a), Number(b), c === undefined ? undefined : Number(c));
else if (mode === 'tcp') await tcp(Number(a), Number(b));
else throw new Error('usage: capture-load udp PORT SECONDS [RATE] | tcp PORT SECONDS');
