import { readFileSync } from 'node:fs';
import path from 'node:path';
import { packetMeta } from '../../native-bridge/common/index.js';
import '../../native-bridge/codecs/index.js';
import { DissectSession, dissectFrame, type ProtoTree } from '../../native-bridge/dissect/index.js';
import { openCapture } from '../../native-bridge/formats/index.js';
import type { SeedCapture } from './frame-inputs.js';

/**
 * The fuzz targets' seeds, read from disk (the targets themselves do no I/O): the filter
 * conformance cases, and a handful of small real captures that together reach every decoder.
 */

/**
 * Small corpus captures (tcpdump's regression files, see the corpus README) and project
 * fixtures covering the decoders: Ethernet, 802.1Q/802.1ad, IPv4/IPv6 with hop-by-hop,
 * routing and fragment headers, ICMP/ICMPv6, UDP, TCP, DNS over BSD loopback, DHCP, HTTP,
 * TLS, radiotap/802.11, Linux cooked capture, raw IPv4.
 */
export const CORPUS_SEEDS = [
  '802.1ad_QinQ.pcap',
  'dns-badcookie.pcap',
  'dhcp-mud.pcap',
  'icmpv6-rfc7112.pcap',
  'ipv6-srh-tlv-hmac.pcap',
  'ipv6_missing_jumbo_payload_option.pcap',
  'ipv4_tcp_http_xml.pcap',
  'reason_code-0.pcap',
  'lsp-ping-timestamp.pcap',
  'LINKTYPE_IPV4.pcap',
];
export const FIXTURE_SEEDS = [
  'test/fixtures/dissect/app-crafted.pcap',
  'test/fixtures/dissect/tls-sessions.pcap',
  'test/fixtures/dissect/link-layers.pcapng',
  // A real recording: TCP reassembly, HTTP bodies (chunked, gzip, JSON, forms), TLS with a certificate.
  'test/fixtures/dissect/loopback.pcap',
];

/** The project root and the corpus beside it, seen from this file in scripts/fuzz/ or dist/scripts/fuzz/. */
export function defaultPaths(here: string): { root: string; corpus: string } {
  const up = path.basename(path.resolve(here, '../..')) === 'dist' ? '../../..' : '../..';
  const root = path.resolve(here, up);
  return { root, corpus: path.resolve(root, '..', 'shared/corpus/captures') };
}

/** The filters of the conformance cases (test/fixtures/filter/cases.tsv). */
export function filterSeeds(root: string): string[] {
  return readFileSync(path.join(root, 'test/fixtures/filter/cases.tsv'), 'utf8')
    .split('\n')
    .filter((l) => l !== '' && !l.startsWith('#'))
    .map((l) => l.split('\t')[1]!)
    .filter((f) => f !== undefined && f !== '');
}

/** A capture's frames with their bytes copied out. */
export function readCapture(file: string): SeedCapture {
  const reader = openCapture(file);
  const frames: SeedCapture['frames'][number][] = [];
  try {
    for (let f = reader.next(); f !== undefined; f = reader.next()) {
      frames.push({ meta: packetMeta(f), bytes: f.data.bytes.slice() });
    }
  } finally {
    reader.close();
  }
  return { name: path.basename(file), frames };
}

/** The seed captures (the corpus files and the fixtures), each frame with its layers as first dissected. */
export function captureSeeds(root: string, corpus: string): SeedCapture[] {
  const files = [...CORPUS_SEEDS.map((n) => path.join(corpus, n)), ...FIXTURE_SEEDS.map((n) => path.join(root, n))];
  return files.map((file) => {
    const seed = readCapture(file);
    const session = new DissectSession(undefined, { revisits: false });
    const frames = seed.frames.map((f) => {
      const { tree } = dissectFrame(f.meta, f.bytes, session);
      const layers: [number, number][] = [];
      for (let i = 1; i < tree.size; i++)
        if (tree.fields[i]!.type === 'protocol' && tree.sources[i] === 0 && tree.lengths[i]! > 0)
          layers.push([tree.starts[i]!, tree.lengths[i]!]);
      return { ...f, layers };
    });
    return { name: seed.name, frames };
  });
}

/** Every seed frame dissected once, for the filter target to match against. */
export function seedTrees(seeds: readonly SeedCapture[]): ProtoTree[] {
  const trees: ProtoTree[] = [];
  for (const s of seeds) {
    const session = new DissectSession(undefined, { revisits: false });
    for (const f of s.frames) trees.push(dissectFrame(f.meta, f.bytes, session).tree);
  }
  return trees;
}
