import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DissectSession, ProtoTree, dissectFrame, fieldTable, fieldValueText, nodeLabel } from '../../native-bridge/dissect/index.js';
import { PacketInfo } from '../../native-bridge/dissect/core/packet-info.js';
import { Tvb } from '../../native-bridge/dissect/core/tvb.js';
import { dissectCertificate } from '../../native-bridge/dissect/protocols/x509.js';
import { prng } from '../../native-bridge/generate/index.js';
import { openCapture } from '../../native-bridge/formats/index.js';
import { BufferPool } from '../../native-bridge/pool/index.js';
import { FIXTURES, readAll } from '../helpers/corpus.js';

/**
 * X.509 certificates in TLS (x509.ts over core/der.ts): the fields TShark 4.0 shows for the
 * certificate openssl made for the loopback recording (test/fixtures/dissect/loopback.pcap,
 * frame 314; tshark -V and -e), and mutated certificates that must never throw, hang or mark
 * the TLS record malformed.
 */
const frames = readAll(openCapture(path.join(FIXTURES, 'dissect/loopback.pcap'), { pool: new BufferPool() })).frames;

function dissectAll(): ReturnType<typeof dissectFrame>[] {
  const session = new DissectSession(new BufferPool());
  return frames.map(({ bytes, ...meta }) => dissectFrame(meta, bytes, session));
}

const values = (tree: ProtoTree, abbrev: string): string[] => {
  const f = fieldTable.get(abbrev)!;
  return tree.find(f).map((i) => fieldValueText(f, tree.values[i]));
};

describe('X.509 certificates against TShark 4.0', () => {
  const d = dissectAll()[313]!;

  it('decodes the fields TShark shows, with its values', () => {
    // tshark -n -r loopback.pcap -Y frame.number==314 -T fields -e …
    expect(values(d.tree, 'x509af.version')).toEqual(['2']);
    expect(values(d.tree, 'x509af.algorithm.id')).toEqual(['1.2.840.113549.1.1.11', '1.2.840.113549.1.1.1', '1.2.840.113549.1.1.11']);
    expect(values(d.tree, 'x509sat.uTF8String')).toEqual(['localhost', 'localhost']);
    expect(values(d.tree, 'x509af.utcTime')).toEqual(['2026-12-07 15:43:38 (UTC)', '2026-12-09 15:43:38 (UTC)']);
    expect(values(d.tree, 'x509af.extension.id')).toEqual(['2.5.29.14', '2.5.29.35', '2.5.29.19', '2.5.29.17']);
    expect(values(d.tree, 'x509ce.dNSName')).toEqual(['localhost']);
    // The subjectAltName's address: x509ce.IPAddress.ipv4; x509ce.iPAddress stays empty in TShark.
    expect(values(d.tree, 'x509ce.IPAddress.ipv4')).toEqual(['127.0.0.1']);
    expect(values(d.tree, 'x509ce.iPAddress')).toEqual([]);
    expect(values(d.tree, 'x509ce.cA')).toEqual(['1']);
    expect(values(d.tree, 'pkcs1.publicExponent')).toEqual(['65537']);
    expect(d.pinfo.protocols.join(':')).toBe('eth:ethertype:ip:tcp:tls:x509sat:x509sat:x509ce:x509ce:x509ce:x509ce');
  });

  it('labels the certificate, names and extensions as TShark does', () => {
    const texts = d.tree.texts.filter((t): t is string => t !== undefined);
    expect(texts.some((t) => /^Certificate: 30820325[0-9a-f]{64}… \(id-at-commonName=localhost\)$/.test(t))).toBe(true);
    expect(texts).toContain('issuer: rdnSequence (0)');
    expect(texts).toContain('rdnSequence: 1 item (id-at-commonName=localhost)');
    expect(texts).toContain('Extension (id-ce-subjectAltName)');
    expect(nodeLabel(d.tree, d.tree.find(fieldTable.get('x509ce.IPAddress.ipv4')!)[0]!)).toBe('iPAddress: 127.0.0.1');
    expect(texts).toContain('Algorithm Id: 1.2.840.113549.1.1.11 (sha256WithRSAEncryption)');
  });
});

describe('mutated certificates', () => {
  it('never throw, never run long, and leave the TLS record well-formed', () => {
    const d = dissectAll()[313]!;
    const cert = d.tree.find(fieldTable.get('tls.handshake.certificate')!)[0]!;
    const original = (d.tree.values[cert] as Uint8Array).slice();
    const next = prng(20261207);
    let notes = 0;
    for (let i = 0; i < 3000; i++) {
      const b = original.slice();
      const kind = i % 4;
      const at = Math.floor(next() * b.length);
      if (kind === 0) b[at] = Math.floor(next() * 256);
      else if (kind === 1)
        b[at] = 0x80 | Math.floor(next() * 8); // a long or indefinite length
      else if (kind === 2)
        for (let k = 0; k < 8; k++) {
          const j = Math.floor(next() * b.length);
          b[j] = b[j]! ^ (1 << Math.floor(next() * 8));
        }
      const bytes = kind === 3 ? b.subarray(0, at) : b;
      const tree = new ProtoTree();
      const item = tree.add(-1, fieldTable.get('tls.handshake.certificate')!, new Tvb(bytes), 0, bytes.length);
      const pinfo = new PacketInfo(
        { number: i + 1, sec: 0, nsec: 0, wireLen: bytes.length, capLen: bytes.length, interfaceId: 0, linkType: 1 },
        new DissectSession(undefined, { revisits: false }),
      );
      const t0 = performance.now();
      expect(() => dissectCertificate(new Tvb(bytes), 0, bytes.length, pinfo, tree, item)).not.toThrow();
      expect(performance.now() - t0).toBeLessThan(500);
      if (tree.texts.some((t) => t?.startsWith('[Malformed certificate'))) notes++;
    }
    // Most mutations break the DER somewhere and say so.
    expect(notes).toBeGreaterThan(500);
  });
});
