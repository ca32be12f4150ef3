import { gcm } from '@noble/ciphers/aes.js';
import { Packet } from '../../native-bridge/craft/index.js';
import { initialKeys, headerMask } from '../../native-bridge/dissect/protocols/quic-protection.js';
import { PcapWriter } from '../../native-bridge/formats/index.js';

/**
 * Builds test/fixtures/dissect/quic-crafted.pcap: client Initial packets protected with the
 * RFC 9001 keys (deterministic: fixed DCID, packet numbers and contents), for what the
 * recordings lack: a Client Hello (with a 1400-byte padding extension, as large post-quantum
 * key shares make it) split over the CRYPTO frames of two Initial packets, and a CRYPTO frame
 * that comes before the one that precedes it (out of order). Rebuild with
 * `WIREPOOL_WRITE_FIXTURES=1 npx vitest run test/dissect/quic.test.ts`, then rerun
 * `sh test/fixtures/dissect/regen-app-decoders.sh`.
 */
const DCID = Uint8Array.from([0x51, 0x57, 0x17, 0x0c, 0x2a, 0x0e, 0x55, 0x1d]);
const DCID2 = Uint8Array.from([0x0d, 0xdc, 0x1d, 0x02, 0x00, 0x00, 0x00, 0x02]);

function varint(v: number): number[] {
  if (v < 64) return [v];
  if (v < 16384) return [0x40 | (v >> 8), v & 0xff];
  return [0x80 | (v >>> 24), (v >> 16) & 0xff, (v >> 8) & 0xff, v & 0xff];
}

function u16(v: number): number[] {
  return [v >> 8, v & 0xff];
}

/** A Client Hello with SNI `name` and a padding extension of `pad` bytes. */
export function clientHello(name: string, pad: number): Uint8Array {
  const host = [...new TextEncoder().encode(name)];
  const sni = [0, 0, ...u16(host.length + 5), ...u16(host.length + 3), 0, ...u16(host.length), ...host];
  const versions = [0, 43, 0, 3, 2, 3, 4];
  const padding = [0, 21, ...u16(pad), ...new Array<number>(pad).fill(0)];
  const exts = [...sni, ...versions, ...padding];
  const body = [3, 3, ...new Array<number>(32).fill(7), 0, 0, 2, 0x13, 0x01, 1, 0, ...u16(exts.length), ...exts];
  return Uint8Array.from([1, 0, body.length >> 8, body.length & 0xff, ...body]);
}

/** A CRYPTO frame carrying `data` at stream offset `offset`. */
export function cryptoFrame(offset: number, data: Uint8Array): number[] {
  return [6, ...varint(offset), ...varint(data.length), ...data];
}

/** A protected client Initial (v1, 8-byte DCID, no SCID or token) with `frames`, padded to 1200 bytes. */
export function clientInitial(pn: number, frames: readonly number[], dcid = DCID): Uint8Array {
  const keys = initialKeys(dcid, 1).client;
  const headerLen = 1 + 4 + 1 + dcid.length + 1 + 1 + 2 + 1;
  const plain = new Uint8Array(1200 - headerLen - 16);
  plain.set(frames);
  const header = Uint8Array.from([0xc0, 0, 0, 0, 1, dcid.length, ...dcid, 0, 0, ...u16(0x4000 | (plain.length + 16 + 1)), pn]);
  const nonce = keys.iv.slice();
  nonce[11]! ^= pn;
  const sealed = gcm(keys.key, nonce, header).encrypt(plain);
  const packet = new Uint8Array(header.length + sealed.length);
  packet.set(header);
  packet.set(sealed, header.length);
  const pnOffset = headerLen - 1;
  const mask = headerMask(keys.hp, packet.subarray(pnOffset + 4, pnOffset + 20));
  packet[0]! ^= mask[0]! & 0x0f;
  packet[pnOffset]! ^= mask[1]!;
  return packet;
}

export function writeQuicCrafted(out: string): void {
  const hello = clientHello('split.wirepool.test', 1400);
  const late = clientHello('late.wirepool.test', 1000);
  const datagrams = [
    // A Client Hello in two packets: bytes [0, 1000) then the rest.
    clientInitial(0, cryptoFrame(0, hello.subarray(0, 1000))),
    clientInitial(1, cryptoFrame(1000, hello.subarray(1000))),
  ];
  const w = new PcapWriter(out, { linkType: 1 });
  let sec = 1_767_225_600;
  const write = (udp: Uint8Array, srcport: number): void => {
    const frame = new Packet({
      eth: { src: '02:00:00:00:00:01', dst: '02:00:00:00:00:fe' },
      ip: { src: '192.0.2.10', dst: '203.0.113.43' },
      udp: { srcport, dstport: 443 },
      payload: udp,
    }).build();
    w.write({ sec: sec++, nsec: 0, wireLen: frame.length }, frame);
  };
  for (const d of datagrams) write(d, 50000);
  // Another connection, its Client Hello's second half first (out of order).
  write(clientInitial(1, cryptoFrame(600, late.subarray(600)), DCID2), 50001);
  write(clientInitial(0, cryptoFrame(0, late.subarray(0, 600)), DCID2), 50001);
  w.close();
}
