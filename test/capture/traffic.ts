/**
 * Known loopback traffic for capture tests and the capture benchmark. Everything goes to
 * 127.0.0.1 only, bounded in count and size.
 */
import { spawn } from 'node:child_process';
import dgram from 'node:dgram';
import net from 'node:net';

export interface UdpSink {
  port: number;
  received: number;
  close(): Promise<void>;
}

/** A UDP receiver on 127.0.0.1 (an ephemeral port), counting datagrams. */
export function udpSink(): Promise<UdpSink> {
  return new Promise((resolve) => {
    const s = dgram.createSocket('udp4');
    const sink: UdpSink = {
      port: 0,
      received: 0,
      close: () => new Promise((r) => s.close(() => r())),
    };
    s.on('message', () => sink.received++);
    s.bind(0, '127.0.0.1', () => {
      sink.port = s.address().port;
      resolve(sink);
    });
  });
}

/**
 * Sends one datagram per entry of `sizes` (payload bytes) to 127.0.0.1:port, in order, paced in
 * small bursts; before each burst after the first, `pace(sent)` is awaited when given (e.g. until
 * a capture has taken in what was sent, so the kernel ring never holds more than a burst or two,
 * however slowly the capture gets the CPU).
 */
export async function sendUdp(
  port: number,
  sizes: readonly number[],
  burst = 20,
  pace?: (sent: number) => Promise<unknown>,
): Promise<void> {
  const s = dgram.createSocket('udp4');
  try {
    for (let i = 0; i < sizes.length; i += burst) {
      if (i > 0 && pace !== undefined) await pace(i);
      await Promise.all(
        sizes
          .slice(i, i + burst)
          .map((n, k) => new Promise<void>((r, j) => s.send(Buffer.alloc(n, (i + k) & 0xff), port, '127.0.0.1', (e) => (e ? j(e) : r())))),
      );
      await new Promise((r) => setTimeout(r, 1));
    }
  } finally {
    s.close();
  }
}

export interface TcpSink {
  port: number;
  received: number;
  /** Resolves once `bytes` were received in all. */
  got(bytes: number): Promise<void>;
  close(): Promise<void>;
}

/** A TCP server on 127.0.0.1 that reads and counts everything sent to it. */
export function tcpSink(): Promise<TcpSink> {
  return new Promise((resolve) => {
    const waiters: { bytes: number; resolve: () => void }[] = [];
    const sink: TcpSink = {
      port: 0,
      received: 0,
      got: (bytes) => new Promise((r) => (sink.received >= bytes ? r() : waiters.push({ bytes, resolve: r }))),
      close: () => new Promise((r) => server.close(() => r())),
    };
    const server = net.createServer((sock) => {
      sock.on('data', (d) => {
        sink.received += d.length;
        for (const w of waiters.filter((w) => sink.received >= w.bytes)) w.resolve();
      });
      sock.on('error', () => {});
    });
    server.listen(0, '127.0.0.1', () => {
      sink.port = (server.address() as net.AddressInfo).port;
      resolve(sink);
    });
  });
}

/**
 * Sends `bytes` over one TCP connection to 127.0.0.1:port in 1 MiB writes (loopback makes
 * ~64 KiB frames of it). Between writes, `pace` is either a gap in milliseconds (0: as fast as
 * the machine goes) or a function awaited with the bytes written so far: a capture test waits
 * there until it has taken in what was sent, so neither the kernel buffer nor the engine's
 * budget is flooded, however slowly the capture or its consumer gets the CPU.
 */
export function sendTcp(port: number, bytes: number, pace: number | ((written: number) => Promise<unknown>) = 0): Promise<void> {
  const between = typeof pace === 'function' ? pace : pace > 0 ? () => new Promise((r) => setTimeout(r, pace)) : undefined;
  return new Promise((resolve, reject) => {
    const sock = net.connect(port, '127.0.0.1', () => {
      const chunk = Buffer.alloc(1 << 20, 0x5a);
      const pump = async (): Promise<void> => {
        for (let written = 0; written < bytes; ) {
          if (written > 0 && between !== undefined) await between(written);
          const n = Math.min(bytes - written, chunk.length);
          written += n;
          if (!sock.write(n === chunk.length ? chunk : chunk.subarray(0, n))) await new Promise((r) => sock.once('drain', r));
        }
        sock.end();
      };
      pump().catch((e: unknown) => sock.destroy(e instanceof Error ? e : new Error(String(e))));
    });
    sock.on('close', () => resolve());
    sock.on('error', reject);
  });
}

/** What a captured Ethernet/IPv4 frame carries, from its headers. */
export interface Dissected {
  proto: number;
  srcPort: number;
  dstPort: number;
  ipTotal: number;
  /** TCP/UDP payload bytes on the wire (from the IP total length). */
  payload: number;
  /** TCP sequence number (0 for UDP). */
  seq: number;
  /** TCP SYN flag. */
  syn: boolean;
}

export function dissect(frame: Uint8Array): Dissected | undefined {
  if (frame.length < 34 || frame[12] !== 0x08 || frame[13] !== 0x00) return undefined;
  const ihl = (frame[14]! & 15) * 4;
  const ipTotal = (frame[16]! << 8) | frame[17]!;
  const proto = frame[23]!;
  const l4 = 14 + ihl;
  const srcPort = (frame[l4]! << 8) | frame[l4 + 1]!;
  const dstPort = (frame[l4 + 2]! << 8) | frame[l4 + 3]!;
  const l4Header = proto === 6 ? (frame[l4 + 12]! >> 4) * 4 : 8;
  const seq = proto === 6 ? ((frame[l4 + 4]! << 24) | (frame[l4 + 5]! << 16) | (frame[l4 + 6]! << 8) | frame[l4 + 7]!) >>> 0 : 0;
  const syn = proto === 6 && (frame[l4 + 13]! & 2) !== 0;
  return { proto, srcPort, dstPort, ipTotal, payload: ipTotal - ihl - l4Header, seq, syn };
}

/** Bytes of one direction of a TCP connection the segments cover (retransmissions counted once). */
export function tcpCoverage(segments: readonly Dissected[]): number {
  const syn = segments.find((d) => d.syn);
  if (syn === undefined) return 0;
  const ranges = segments
    .filter((d) => d.payload > 0)
    .map((d) => {
      const start = (d.seq - syn.seq - 1 + 0x100000000) % 0x100000000;
      return [start, start + d.payload] as const;
    })
    .sort((a, b) => a[0] - b[0]);
  let covered = 0;
  let end = 0;
  for (const [a, b] of ranges) {
    if (b <= end) continue;
    covered += b - Math.max(a, end);
    end = b;
  }
  return covered;
}

export interface UdpFlood {
  /** Resolves when the sending process has ended. */
  ended: Promise<void>;
  kill(): void;
}

/**
 * Sends datagrams to 127.0.0.1:port for `seconds` from a child process (so the test's thread
 * stays free): `burst` at a time, then the next burst after `gapMs` (0: as fast as the process
 * goes, the next turn of its event loop). Payload sizes run from `size` up by one to
 * `size + spread - 1`, then again.
 */
export function udpFlood(port: number, seconds: number, o: { size: number; spread?: number; burst: number; gapMs: number }): UdpFlood {
  const spread = o.spread ?? 1;
  const next = o.gapMs > 0 ? `setTimeout(go, ${o.gapMs})` : 'setImmediate(go)';
  const code = `const s = require('node:dgram').createSocket('udp4'); const end = Date.now() + ${seconds * 1000}; let i = 0;
    const bufs = Array.from({ length: ${spread} }, (_, j) => Buffer.alloc(${o.size} + j));
    s.connect(${port}, '127.0.0.1', () => { const go = () => { if (Date.now() > end) return s.close(); for (let k = 0; k < ${o.burst}; k++) s.send(bufs[i++ % ${spread}]); ${next}; }; go(); });`;
  const p = spawn(process.execPath, ['-e', code], { stdio: 'ignore' });
  return { ended: new Promise<void>((r) => p.on('close', () => r())), kill: () => p.kill('SIGKILL') };
}
