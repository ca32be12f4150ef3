/**
 * "Apply as filter" in the statistics window: the filter a conversation or endpoint row gives,
 * checked on the sample capture by matching it against every frame (a fresh in-order
 * dissection, as `wirepool read -Y` does): a conversation's filter shows exactly its frames.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DissectSession, dissectFrame } from '../../native-bridge/dissect/index.js';
import { compileFilter } from '../../native-bridge/filter/index.js';
import { openCapture } from '../../native-bridge/formats/index.js';
import { BufferPool } from '../../native-bridge/pool/index.js';
import { TABLE_TYPES, type PlainConversation, type PlainEndpoint, type TableType } from '../../native-bridge/protocol/index.js';
import { Statistics, plainStats } from '../../native-bridge/stats/index.js';
import { conversationFilter, endpointFilter } from '../../renderer/src/lib/stats-filter.js';
import { ROOT } from '../helpers/corpus.js';

const SAMPLE = path.join(ROOT, 'samples/sample.pcapng');

/** Dissects the sample once in order; calls `each(tree)` per frame. */
function eachFrame(each: (d: ReturnType<typeof dissectFrame>) => void): void {
  const pool = new BufferPool();
  const reader = openCapture(SAMPLE, { pool });
  const session = new DissectSession(pool, { revisits: false });
  try {
    for (let f = reader.next(); f !== undefined; f = reader.next()) each(dissectFrame(f, f.data.bytes, session));
  } finally {
    reader.close();
  }
}

/** Frames each filter matches, in one pass over the sample. */
function matchCounts(filters: readonly string[]): number[] {
  const compiled = filters.map((f) => compileFilter(f));
  const counts = filters.map(() => 0);
  eachFrame((d) => {
    compiled.forEach((c, i) => {
      if (c.matches(d.tree)) counts[i]!++;
    });
  });
  return counts;
}

function sampleTables(): { conversations: Map<TableType, PlainConversation[]>; endpoints: Map<TableType, PlainEndpoint[]> } {
  const st = new Statistics(
    TABLE_TYPES.flatMap((type) => [
      { kind: 'conversations' as const, type },
      { kind: 'endpoints' as const, type },
    ]),
  );
  eachFrame((d) => st.add(d));
  const conversations = new Map<TableType, PlainConversation[]>();
  const endpoints = new Map<TableType, PlainEndpoint[]>();
  for (const s of st.snapshot().map(plainStats)) {
    if (s.kind === 'conversations') conversations.set(s.type, s.rows);
    if (s.kind === 'endpoints') endpoints.set(s.type, s.rows);
  }
  return { conversations, endpoints };
}

const row = (over: Partial<PlainConversation>): PlainConversation => ({
  addressA: '10.0.0.1',
  portA: undefined,
  addressB: '10.0.0.2',
  portB: undefined,
  stream: undefined,
  framesAToB: 1,
  bytesAToB: 60,
  framesBToA: 0,
  bytesBToA: 0,
  frames: 1,
  bytes: 60,
  relStart: '0.000000000',
  duration: '0.000000000',
  ...over,
});

describe('apply as filter', () => {
  it('writes the filters Wireshark writes', () => {
    expect(conversationFilter('ip', row({}))).toBe('ip.addr==10.0.0.1 && ip.addr==10.0.0.2');
    expect(conversationFilter('ipv6', row({ addressA: 'fe80::1', addressB: '2001:db8::2' }))).toBe(
      'ipv6.addr==fe80::1 && ipv6.addr==2001:db8::2',
    );
    expect(conversationFilter('eth', row({ addressA: '00:11:22:33:44:55', addressB: 'ff:ff:ff:ff:ff:ff' }))).toBe(
      'eth.addr==00:11:22:33:44:55 && eth.addr==ff:ff:ff:ff:ff:ff',
    );
    expect(conversationFilter('tcp', row({ portA: 40000, portB: 80, stream: 3 }))).toBe('tcp.stream==3');
    expect(conversationFilter('udp', row({ addressA: 'fe80::1', addressB: 'ff02::fb', portA: 5353, portB: 5353 }))).toBe(
      'ipv6.addr==fe80::1 && udp.port==5353 && ipv6.addr==ff02::fb && udp.port==5353',
    );
    expect(
      endpointFilter('tcp', { address: '10.0.0.1', port: 443, packets: 1, bytes: 1, txPackets: 1, txBytes: 1, rxPackets: 0, rxBytes: 0 }),
    ).toBe('ip.addr==10.0.0.1 && tcp.port==443');
  });

  it("a conversation's filter shows exactly its frames, in every table of the sample", () => {
    const { conversations } = sampleTables();
    const rows = TABLE_TYPES.flatMap((type) => (conversations.get(type) ?? []).map((r) => ({ type, r })));
    expect(rows.length).toBeGreaterThan(10);
    for (const t of ['eth', 'ip', 'tcp', 'udp'] as const) expect(conversations.get(t)?.length ?? 0).toBeGreaterThan(0);
    const counts = matchCounts(rows.map(({ type, r }) => conversationFilter(type, r)));
    expect(counts).toEqual(rows.map(({ r }) => r.frames));
  });

  it("an endpoint's filter shows the frames of every conversation it is in", () => {
    const { conversations, endpoints } = sampleTables();
    const rows = TABLE_TYPES.flatMap((type) => (endpoints.get(type) ?? []).map((r) => ({ type, r })));
    expect(rows.length).toBeGreaterThan(10);
    const counts = matchCounts(rows.map(({ type, r }) => endpointFilter(type, r)));
    // The table counts a frame from an endpoint to itself twice (TShark's rule), the list once:
    // the frames to expect are those of the conversations the endpoint is in.
    const inConversations = ({ type, r }: { type: TableType; r: PlainEndpoint }): number =>
      (conversations.get(type) ?? [])
        .filter((c) => (c.addressA === r.address && c.portA === r.port) || (c.addressB === r.address && c.portB === r.port))
        .reduce((n, c) => n + c.frames, 0);
    expect(counts).toEqual(rows.map(inConversations));
    expect(rows.some(({ r }, i) => counts[i]! < r.packets)).toBe(true); // the sample has traffic to itself
  });
});
