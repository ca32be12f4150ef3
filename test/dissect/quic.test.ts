import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DissectSession, dissectFrame, fieldTable, nodeLabel } from '../../native-bridge/dissect/index.js';
import { varint } from '../../native-bridge/dissect/protocols/quic-frames.js';
import {
  decodePacketNumber,
  draftVersion,
  initialKeys,
  openPayload,
  removeHeaderProtection,
  retryTagValid,
} from '../../native-bridge/dissect/protocols/quic-protection.js';
import { Tvb } from '../../native-bridge/dissect/core/tvb.js';
import { CAPTURES, FIXTURES } from '../helpers/corpus.js';
import { clientHello, clientInitial, cryptoFrame, writeQuicCrafted } from './quic-crafted.js';
import { Packet } from '../../native-bridge/craft/index.js';
import { checkAgainstTshark, fixtureFiles, frameDecoder, framesOf, readFixture, tsharkText } from './app-layer.js';

const hex = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s.replace(/\s+/g, ''), 'hex'));
const toHex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

/** RFC 9001 Appendix A: the keys of a client whose first Initial has DCID 0x8394c8f03e515708. */
describe('QUIC Initial protection against the RFC 9001 Appendix A vectors', () => {
  const keys = initialKeys(hex('8394c8f03e515708'), 1);

  it("derives both sides' Initial keys (A.1)", () => {
    expect(toHex(keys.client.key)).toBe('1f369613dd76d5467730efcbe3b1a22d');
    expect(toHex(keys.client.iv)).toBe('fa044b2f42a3fd3b46fb255c');
    expect(toHex(keys.client.hp)).toBe('9f50449e04a0e810283a1e9933adedd2');
    expect(toHex(keys.server.key)).toBe('cf3a5331653c364c88f0f379b6067e37');
    expect(toHex(keys.server.iv)).toBe('0ac1493ca1905853b0bba03e');
    expect(toHex(keys.server.hp)).toBe('c206b8d9b9f0f37644430b490eeaa314');
  });

  it("removes the client Initial's header protection (A.2: sample d1b1c98d…, mask 437b9aec36)", () => {
    // The protected header, then the sample (which starts 4 bytes after the packet number).
    const packet = hex('c000000001088394c8f03e5157080000449e7b9aec34 d1b1c98dd7689fb8ec11d242b123dc9b');
    expect(removeHeaderProtection(packet, 18, keys.client.hp)).toEqual({ firstByte: 0xc3, pnLength: 4, truncatedPn: 2 });
  });

  it('decrypts the server Initial (A.3) to its ACK and CRYPTO frames', () => {
    const packet = hex(`cf000000010008f067a5502a4262b5004075c0d95a482cd0991cd25b0aac406a
      5816b6394100f37a1c69797554780bb38cc5a99f5ede4cf73c3ec2493a1839b3
      dbcba3f6ea46c5b7684df3548e7ddeb9c3bf9c73cc3f3bded74b562bfb19fb84
      022f8ef4cdd93795d77d06edbb7aaf2f58891850abbdca3d20398c276456cbc4
      2158407dd074ee`);
    const pnOffset = 1 + 4 + 1 + 0 + 1 + 8 + 1 + 2; // flags, version, DCID, SCID, token length, length
    const hp = removeHeaderProtection(packet, pnOffset, keys.server.hp)!;
    expect(hp).toEqual({ firstByte: 0xc1, pnLength: 2, truncatedPn: 1 });
    const header = packet.slice(0, pnOffset + 2);
    header[0] = hp.firstByte;
    header.set([0, 1], pnOffset);
    expect(toHex(header)).toBe('c1000000010008f067a5502a4262b50040750001');
    const plain = openPayload(keys.server, 1, header, packet.subarray(pnOffset + 2));
    expect(toHex(plain!)).toBe(
      '02000000000600405a020000560303eefce7f7b37ba1d1632e96677825ddf73988cfc79825df566dc5430b9a045a1200130100002e00330024001d00209d3c940d89690b84d08a60993c144eca684d1081287c834d5311bcf32bb9da1a002b00020304',
    );
    // A flipped ciphertext bit fails the tag: no plaintext, no exception.
    const bad = packet.slice();
    bad[bad.length - 20]! ^= 1;
    expect(openPayload(keys.server, 1, header, bad.subarray(pnOffset + 2))).toBeUndefined();
  });

  it('verifies the Retry integrity tag (A.4) and refuses a wrong one', () => {
    const retry = hex('ff000000010008f067a5502a4262b5746f6b656e04a265ba2eff4d829058fb3f0f2496ba');
    expect(retryTagValid(retry, hex('8394c8f03e515708'), 1)).toBe(true);
    expect(retryTagValid(retry, hex('8394c8f03e515709'), 1)).toBe(false);
    expect(retryTagValid(retry, hex('8394c8f03e515708'), 0x12345678)).toBeUndefined();
  });

  it('reconstructs packet numbers (RFC 9000 A.3) and reads varints (RFC 9000 A.1)', () => {
    expect(decodePacketNumber(0xa82f30ea, 0x9b32, 16)).toBe(0xa82f9b32);
    expect(decodePacketNumber(0, 0, 8)).toBe(0);
    // Past 2^53 a value is the nearest double (stream offsets and IDs that large do not occur).
    expect(varint(new Tvb(hex('c2197c5eff14e88c')), 0)).toEqual([Number(151288809941952652n), 8]);
    expect(varint(new Tvb(hex('9d7f3e7d')), 0)).toEqual([494878333, 4]);
    expect(varint(new Tvb(hex('7bbd')), 0)).toEqual([15293, 2]);
    expect(varint(new Tvb(hex('25')), 0)).toEqual([37, 1]);
  });

  it('knows the versions TShark 4.0 decodes (a forced version negotiation reads as draft-29)', () => {
    expect(draftVersion(1)).toBe(34);
    expect(draftVersion(0xff00001d)).toBe(29);
    expect(draftVersion(0x1a2a3a4a)).toBe(29);
    expect(draftVersion(0x12345678)).toBe(0);
  });
});

const LOOPBACK = 'quic-loopback.pcap';

/**
 * quic-loopback.pcap (test/fixtures/dissect/record-quic-loopback.sh): real ngtcp2 sessions on
 * loopback: coalesced Initial + Handshake + 1-RTT datagrams, a Retry, 0-RTT, key updates, loss.
 */
describe('QUIC on real loopback sessions against TShark 4.0 (test/fixtures/dissect/quic.tsv)', () => {
  it('quic-loopback.pcap', () => checkAgainstTshark('quic.tsv', LOOPBACK, frameDecoder, { stack: true }));

  it('leaves the frames TShark does not read as QUIC (a v2 draft version) to UDP data', () => {
    const quic = new Set(
      readFixture('quic.tsv')
        .rows.filter((r) => r[0] === LOOPBACK)
        .map((r) => Number(r[1])),
    );
    const others = [...frameDecoder(LOOPBACK)].filter(([n]) => !quic.has(n));
    expect(others.length).toBeGreaterThan(0);
    for (const [n, d] of others) expect(d.pinfo.protocols.join(':'), `frame ${n}`).toBe('eth:ethertype:ip:udp:data');
  });

  it('decodes every packet of a coalesced datagram, Info from the last', () => {
    // Frame 2: the server's Initial (Server Hello), Handshake and 1-RTT packets in one datagram.
    const f2 = frameDecoder(LOOPBACK).get(2)!;
    const packets = f2.tree.find(fieldTable.get('quic')!);
    expect(packets.length).toBe(3);
    expect(tsharkText(f2.tree, 'quic.header_form')).toBe('1,1,0');
    expect(tsharkText(f2.tree, 'tls.handshake.type')).toBe('2');
    expect(f2.pinfo.info).toMatch(/^Protected Payload \(KP0\), DCID=[0-9a-f]+$/);
  });
});

const CRAFTED = 'quic-crafted.pcap';

describe.runIf(process.env.WIREPOOL_WRITE_FIXTURES === '1')('QUIC crafted capture', () => {
  it('writes quic-crafted.pcap (then run test/fixtures/dissect/regen-app-decoders.sh)', () => {
    writeQuicCrafted(path.join(FIXTURES, 'dissect', CRAFTED));
  });
});

/** quic-crafted.pcap (test/dissect/quic-crafted.ts): Client Hellos split over two Initials, in order and not. */
describe('QUIC handshake messages over several packets against TShark 4.0 (test/fixtures/dissect/quic.tsv)', () => {
  it('the builder still makes the stored bytes', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'wirepool-quic-'));
    try {
      writeQuicCrafted(path.join(dir, CRAFTED));
      expect(readFileSync(path.join(dir, CRAFTED)).equals(readFileSync(path.join(FIXTURES, 'dissect', CRAFTED)))).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('quic-crafted.pcap', () => checkAgainstTshark('quic.tsv', CRAFTED, frameDecoder, { stack: true }));

  it('decodes a Client Hello where its last fragment comes, and one completed by data that came ahead', () => {
    const d = frameDecoder(CRAFTED);
    expect(tsharkText(d.get(1)!.tree, 'tls.handshake.extensions_server_name')).toBe('');
    expect(tsharkText(d.get(2)!.tree, 'tls.handshake.extensions_server_name')).toBe('split.wirepool.test');
    expect(d.get(2)!.tree.extraSources.map((s) => s.name)).toEqual(['Decrypted QUIC', 'Reassembled TLS Handshake']);
    expect(d.get(3)!.pinfo.protocols.join(':')).toBe('eth:ethertype:ip:udp:quic');
    expect(tsharkText(d.get(4)!.tree, 'tls.handshake.extensions_server_name')).toBe('late.wirepool.test');
    expect(d.get(4)!.tree.extraSources.map((s) => s.name)).toEqual(['Decrypted QUIC', 'Reassembled QUIC CRYPTO']);
  });
});

const corpus = existsSync(CAPTURES);

describe.runIf(corpus)('QUIC on the corpus against TShark 4.0 (test/fixtures/dissect/quic.tsv)', () => {
  it.each(fixtureFiles('quic.tsv').filter((f) => f !== LOOPBACK && f !== CRAFTED))('%s', (file) =>
    checkAgainstTshark('quic.tsv', file, frameDecoder, { stack: true }),
  );

  it('decrypts the client Initial of quic_handshake.pcap to its Client Hello with SNI and ALPN', () => {
    const f1 = frameDecoder('quic_handshake.pcap').get(1)!;
    expect(f1.pinfo.info).toBe('Initial, DCID=84acac06b42ed863, PKN: 0, CRYPTO, PADDING');
    expect(tsharkText(f1.tree, 'tls.handshake.extensions_server_name')).toBe('localhost');
    expect(tsharkText(f1.tree, 'tls.handshake.extensions_alpn_str')).toBe('h3');
    expect(f1.tree.extraSources.map((s) => s.name)).toEqual(['Decrypted QUIC']);
  });

  it('does not give TLS the Client Hello again after a Retry (a CRYPTO retransmission)', () => {
    const d = frameDecoder('quic_retry.pcap');
    expect(nodeLabel(d.get(2)!.tree, d.get(2)!.tree.find(fieldTable.get('quic.retry_integrity_tag')!)[0]!)).toMatch(/ \[verified\]$/);
    expect(d.get(3)!.pinfo.protocols.join(':')).toBe('null:ipv6:udp:quic');
    expect(d.get(3)!.pinfo.info).toBe('Initial, DCID=e1051eaa7adfb230, PKN: 0, CRYPTO, PADDING');
    expect(tsharkText(d.get(3)!.tree, 'quic.crypto.offset')).toBe('0');
  });
});

describe('QUIC on damaged bytes', () => {
  let seed = 12345;
  const next = (): number => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed;
  };
  const internal = /^internal error/;

  it('never throws out of the decoder on damaged or cut datagrams', () => {
    const frames = framesOf(`test/fixtures/dissect/${LOOPBACK}`);
    for (let round = 0; round < 60; round++) {
      const session = new DissectSession(undefined, { revisits: round % 2 === 0 });
      for (const frame of frames) {
        const bytes = frame.bytes.slice();
        // Flip a few bytes after the Ethernet and IPv4 headers, or cut the frame there.
        for (let k = next() % 4; k > 0; k--) bytes[42 + (next() % (bytes.length - 42))] = next() & 0xff;
        const cut = round % 3 === 0 ? bytes.subarray(0, 42 + (next() % (bytes.length - 41))) : bytes;
        const { pinfo } = dissectFrame({ ...frame, capLen: cut.length }, cut, session);
        expect(pinfo.malformed?.reason ?? '').not.toMatch(internal);
      }
    }
  });

  it('never throws out of the decoder on garbage frames inside a valid Initial', () => {
    // Frame types QUIC knows, with random bytes after them: the frame and TLS decoders see garbage that decrypts.
    const types = [0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x0f, 0x10, 0x11, 0x18, 0x1a, 0x1c, 0x1d, 0x1e, 0x30, 0x40];
    const session = new DissectSession();
    for (let round = 0; round < 200; round++) {
      const frames: number[] = [];
      while (frames.length < 1000) {
        frames.push(types[next() % types.length]!);
        for (let k = next() % 24; k > 0; k--) frames.push(next() & 0xff);
        if (round % 4 === 0) frames.push(...cryptoFrame(next() % 3000, clientHello('x', next() % 300).subarray(0, next() % 200)));
      }
      const udp = clientInitial(round % 250, frames.slice(0, 1100));
      const bytes = new Packet({
        ip: { src: '192.0.2.1', dst: '192.0.2.2' },
        udp: { srcport: 40000 + (round % 7), dstport: 443 },
        payload: udp,
      }).build();
      const meta = { number: round + 1, sec: round, nsec: 0, wireLen: bytes.length, capLen: bytes.length, interfaceId: 0, linkType: 101 };
      const { pinfo } = dissectFrame(meta, bytes, session);
      expect(pinfo.protocols.slice(0, 4).join(':')).toBe('raw:ip:udp:quic');
      expect(pinfo.info).toMatch(/^Initial, DCID=5157170c2a0e551d, PKN: \d+/);
      expect(pinfo.malformed?.reason ?? '').not.toMatch(internal);
    }
  });

  it('stops tracking new connections past its limit, with a note', () => {
    const session = new DissectSession(undefined, { revisits: false });
    const payload = new Uint8Array(1200);
    payload.set([0xc0, 0, 0, 0, 1, 8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x44, 0x9e]);
    let last = dissectFrame(
      { number: 0, sec: 0, nsec: 0, wireLen: 0, capLen: 0, interfaceId: 0, linkType: 101 },
      new Uint8Array(0),
      session,
    );
    for (let n = 0; n <= 4096; n++) {
      payload[10] = n >> 8;
      payload[11] = n & 0xff;
      const bytes = new Packet({
        ip: { src: `10.0.${n >> 8}.${n & 0xff}`, dst: '192.0.2.2' },
        udp: { srcport: 50000, dstport: 443 },
        payload,
      }).build();
      last = dissectFrame(
        { number: n + 1, sec: n, nsec: 0, wireLen: bytes.length, capLen: bytes.length, interfaceId: 0, linkType: 101 },
        bytes,
        session,
      );
      if (n === 4095) expect(tsharkText(last.tree, 'quic.connection.number')).toBe('4095');
    }
    expect(tsharkText(last.tree, 'quic.connection.number')).toBe('');
    expect(tsharkText(last.tree, '_ws.expert.message')).toContain('the limit of 4096 QUIC connections is reached');
    expect(last.pinfo.info).toBe('Initial, DCID=0000000010000000');
  });
});
