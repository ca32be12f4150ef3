import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DissectSession, dissectFrame, fieldTable, ipv4String, ipv6String } from '../../native-bridge/dissect/index.js';
import { openCapture } from '../../native-bridge/formats/index.js';
import { writeLinkLayers } from '../fixtures/dissect/build.js';
import { FIXTURES, readAll, readTsv } from '../helpers/corpus.js';

/**
 * Addresses, ports and protocol stacks of the generated link/network/transport captures
 * against TShark 4.0.17's reading of them (stored next to each capture; see build.ts).
 */
const DIR = path.join(FIXTURES, 'dissect');
const CAPTURE = path.join(DIR, 'link-layers.pcapng');
const known = new Set(
  fieldTable
    .all()
    .filter((f) => f.type === 'protocol')
    .map((f) => f.abbrev),
);
const LOWER = new Set([
  'eth',
  'vlan',
  'ieee8021ad',
  'sll',
  'null',
  'raw',
  'arp',
  'ip',
  'ipv6',
  'ipv6.hopopts',
  'ipv6.dstopts',
  'ipv6.routing',
  'ipv6.fraghdr',
  'icmp',
  'icmpv6',
  'tcp',
  'udp',
]);
const COLUMNS = ['ip.src', 'ip.dst', 'ipv6.src', 'ipv6.dst', 'tcp.srcport', 'tcp.dstport', 'udp.srcport', 'udp.dstport'];

describe('generated link/network/transport captures', () => {
  it('are the bytes build.ts makes (WIREPOOL_WRITE_FIXTURES=1 rewrites them)', () => {
    if (process.env.WIREPOOL_WRITE_FIXTURES === '1') writeLinkLayers(CAPTURE);
    const tmp = mkdtempSync(path.join(os.tmpdir(), 'wirepool-fixture-'));
    try {
      const file = path.join(tmp, 'x.pcapng');
      writeLinkLayers(file);
      expect(existsSync(CAPTURE)).toBe(true);
      expect(Buffer.compare(readFileSync(file), readFileSync(CAPTURE))).toBe(0);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });

  it('decode to the addresses, ports and protocol stacks TShark shows', () => {
    const want = readTsv(`${CAPTURE}.tsv`);
    const { frames } = readAll(openCapture(CAPTURE));
    expect(frames.length).toBe(want.length);
    const session = new DissectSession();
    const fields = COLUMNS.map((c) => fieldTable.get(c)!);
    frames.forEach((fr, i) => {
      const { tree, pinfo } = dissectFrame(fr, fr.bytes, session);
      const row = want[i]!;
      const ours = fields.map((fi) =>
        tree
          .find(fi)
          .map((n) => {
            const v = tree.values[n];
            return fi.type === 'ipv4' ? ipv4String(v as number) : fi.type === 'ipv6' ? ipv6String(v as Uint8Array) : String(v);
          })
          .join(','),
      );
      expect(ours, `frame ${i + 1}`).toEqual(COLUMNS.map((_, k) => row[k] ?? ''));
      // The stack: TShark's, as far as it names protocols we decode (the fidelity test's rule).
      const tshark = (row[8] ?? '').split(':');
      let k = 0;
      while (k < tshark.length && known.has(tshark[k]!)) k++;
      const prefix = tshark.slice(0, k).join(':');
      if (k === tshark.length) expect(pinfo.protocols.join(':'), `frame ${i + 1}`).toBe(prefix);
      else expect(pinfo.protocols.slice(0, k).join(':'), `frame ${i + 1}`).toBe(prefix);
      // Upper layers may find the fixture payloads malformed (TShark does too); ours may not.
      if (pinfo.malformed !== undefined)
        expect(LOWER.has(pinfo.malformed.protocol), `frame ${i + 1}: ${pinfo.malformed.reason}`).toBe(false);
    });
  });

  it('show the Protocol and Info columns TShark shows, where the top protocol is ours', () => {
    // TShark's columns (tshark -T fields -e _ws.col.Protocol -e _ws.col.Info).
    const want = readTsv(`${CAPTURE}.info.tsv`);
    const { frames } = readAll(openCapture(CAPTURE));
    const session = new DissectSession();
    const ours = new Set(['ARP', 'UDP', 'TCP', 'ICMP', 'ICMPv6', 'IPv4', 'IPv6']);
    let compared = 0;
    frames.forEach((fr, i) => {
      const { pinfo } = dissectFrame(fr, fr.bytes, session);
      const [protocol, info] = want[i]!;
      if (!ours.has(protocol!)) return;
      compared++;
      expect([pinfo.protocol, pinfo.info], `frame ${i + 1}`).toEqual([protocol, info]);
    });
    expect(compared).toBeGreaterThan(20);
  });

  it('give the sample capture the Protocol and Info columns TShark shows, where the top protocol is ours', () => {
    // TShark's columns for samples/sample.pcapng; segments TShark holds for a reassembled upper
    // layer PDU ("[TCP segment of a reassembled PDU]") are the upper layer's business, not compared.
    const want = readTsv(path.join(DIR, 'sample.info.tsv'));
    const { frames } = readAll(openCapture(path.join(FIXTURES, '../../samples/sample.pcapng')));
    const session = new DissectSession();
    const ours = new Set(['ARP', 'UDP', 'TCP', 'ICMP', 'ICMPv6']);
    let compared = 0;
    frames.forEach((fr, i) => {
      const { pinfo } = dissectFrame(fr, fr.bytes, session);
      const [protocol, info] = want[i]!;
      if (!ours.has(protocol!) || info!.includes('[TCP segment of a reassembled PDU]')) return;
      compared++;
      expect([pinfo.protocol, pinfo.info], `frame ${i + 1}`).toEqual([protocol, info]);
    });
    expect(compared).toBeGreaterThan(30);
  });

  it('never throw on any truncation or corruption of the fixture frames', () => {
    const { frames } = readAll(openCapture(CAPTURE));
    let seed = 7;
    const rand = () => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed / 2 ** 32;
    };
    for (const fr of frames) {
      for (let cut = 0; cut <= fr.bytes.length; cut++) {
        const bytes = fr.bytes.subarray(0, cut);
        const d = dissectFrame({ ...fr, capLen: cut }, bytes, new DissectSession());
        expect(d.pinfo.malformed?.reason ?? '', `cut ${cut}`).not.toMatch(/internal error/);
      }
      for (let k = 0; k < 200; k++) {
        const bytes = fr.bytes.slice();
        for (let j = 0; j < 3; j++) bytes[Math.floor(rand() * bytes.length)] = Math.floor(rand() * 256);
        const d = dissectFrame(fr, bytes, new DissectSession());
        expect(d.pinfo.malformed?.reason ?? '').not.toMatch(/internal error/);
      }
    }
  });
});
