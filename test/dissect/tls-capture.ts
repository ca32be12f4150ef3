import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Duplex } from 'node:stream';
import tls from 'node:tls';
import { PcapWriter } from '../../native-bridge/formats/index.js';
import { Packet } from '../../native-bridge/craft/index.js';

/**
 * Builds test/fixtures/dissect/tls-sessions.pcap: real TLS bytes from Node's TLS stack
 * (OpenSSL), produced over in-memory streams (no socket, no network), framed as TCP segments
 * of a capture. Run once by `WIREPOOL_WRITE_FIXTURES=1 npx vitest run test/dissect/tls.test.ts`;
 * needs the `openssl` command for a throwaway certificate. The output differs on every run
 * (random values, keys), so the stored file and TShark's reading of it go together.
 *
 * Sessions: TLS 1.3 with SNI and ALPN h2/http1.1; TLS 1.2 (ECDHE-RSA, a 2048-bit RSA
 * certificate) with SNI and ALPN, its server flight cut into 600-byte segments so records
 * straddle segments; each sends one request and response and closes (close_notify alerts).
 */

type Chunk = { fromClient: boolean; bytes: Uint8Array<ArrayBuffer> };

function certificate(dir: string, kind: 'ec' | 'rsa'): { key: string; cert: string } {
  const key = path.join(dir, `${kind}.key`);
  const cert = path.join(dir, `${kind}.crt`);
  const alg = kind === 'ec' ? ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1'] : ['-newkey', 'rsa:2048'];
  const r = spawnSync(
    'openssl',
    ['req', '-x509', ...alg, '-nodes', '-keyout', key, '-out', cert, '-days', '3650', '-subj', '/CN=wirepool.test'],
    { stdio: 'ignore' },
  );
  if (r.status !== 0) throw new Error('openssl req failed');
  return { key: readFileSync(key, 'utf8'), cert: readFileSync(cert, 'utf8') };
}

/** Runs one TLS session between Node's client and server over a pair of in-memory streams. */
async function session(creds: { key: string; cert: string }, client: tls.ConnectionOptions): Promise<Chunk[]> {
  const chunks: Chunk[] = [];
  let a: Duplex | undefined;
  const b: Duplex = new Duplex({
    read() {},
    write(chunk: Buffer, _enc, cb) {
      chunks.push({ fromClient: false, bytes: new Uint8Array(chunk) });
      a!.push(chunk);
      cb();
    },
  });
  a = new Duplex({
    read() {},
    write(chunk: Buffer, _enc, cb) {
      chunks.push({ fromClient: true, bytes: new Uint8Array(chunk) });
      b.push(chunk);
      cb();
    },
  });
  const server = new tls.TLSSocket(b, { isServer: true, secureContext: tls.createSecureContext(creds), ALPNProtocols: ['http/1.1', 'h2'] });
  server.on('data', () => server.end('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok'));
  server.on('error', () => {});
  const c = tls.connect({ socket: a!, rejectUnauthorized: false, ...client });
  await new Promise<void>((resolve, reject) => {
    c.on('secureConnect', () => c.write('GET / HTTP/1.1\r\nHost: wirepool.test\r\n\r\n'));
    c.on('data', () => c.end());
    c.on('close', () => resolve());
    c.on('error', reject);
    setTimeout(resolve, 2000);
  });
  return chunks;
}

/** Writes the chunks of one session as a TCP connection (handshake, segments of at most `mss`, FINs). */
function writeConnection(w: PcapWriter, clock: { sec: number; nsec: number }, chunks: Chunk[], port: number, mss: number): void {
  const client = { mac: '02:00:00:00:00:01', ip: '192.0.2.10', port };
  const server = { mac: '02:00:00:00:00:fe', ip: '203.0.113.43', port: 443 };
  let cSeq = 1000;
  let sSeq = 5000;
  const emit = (fromClient: boolean, flags: string, payload: Uint8Array<ArrayBuffer> = new Uint8Array(0)): void => {
    const [from, to] = fromClient ? [client, server] : [server, client];
    const frame = new Packet({
      eth: { src: from.mac, dst: to.mac },
      ip: { src: from.ip, dst: to.ip },
      tcp: { srcport: from.port, dstport: to.port, seq: fromClient ? cSeq : sSeq, ack: fromClient ? sSeq : cSeq, flags },
      payload,
    }).build();
    clock.nsec += 250_000;
    w.write({ sec: clock.sec, nsec: clock.nsec, wireLen: frame.length }, frame);
    const used = payload.length + (/[SF]/.test(flags) ? 1 : 0);
    if (fromClient) cSeq += used;
    else sSeq += used;
  };
  emit(true, 'S');
  emit(false, 'SA');
  emit(true, 'A');
  for (const ch of chunks) {
    for (let i = 0; i < ch.bytes.length; i += mss) emit(ch.fromClient, 'PA', ch.bytes.subarray(i, Math.min(i + mss, ch.bytes.length)));
  }
  emit(true, 'FA');
  emit(false, 'FA');
  emit(true, 'A');
}

export async function writeTlsCapture(out: string): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'wirepool-tls-'));
  try {
    const ec = certificate(dir, 'ec');
    const rsa = certificate(dir, 'rsa');
    const tls13 = await session(ec, { servername: 'wirepool.test', ALPNProtocols: ['h2', 'http/1.1'], minVersion: 'TLSv1.3' });
    const tls12 = await session(rsa, {
      servername: 'www.wirepool.test',
      ALPNProtocols: ['http/1.1'],
      maxVersion: 'TLSv1.2',
      ciphers: 'ECDHE-RSA-AES128-GCM-SHA256',
    });
    const w = new PcapWriter(out, { linkType: 1, nanosecond: true });
    const clock = { sec: 1_767_225_600, nsec: 0 };
    writeConnection(w, clock, tls13, 49200, 1460);
    writeConnection(w, clock, tls12, 49201, 600);
    w.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
