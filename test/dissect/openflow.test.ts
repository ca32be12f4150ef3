import { describe, expect, it } from 'vitest';
import type { ProtoTree } from '../../native-bridge/dissect/index.js';
import { checkAgainstTshark, fixtureFiles, frameDecoder, tsharkText } from './app-layer.js';

/**
 * OpenFlow against TShark 4.0's reading stored in test/fixtures/dissect/openflow.tsv
 * (regen-rx-openflow.sh): the corpus's OpenFlow 1.0 and 1.3 sessions, and openflow-crafted.pcap
 * (openflow-crafted.py) for 1.4 and 1.5, a message cut over two segments, several in one, and
 * 1.0 PACKET_IN and PACKET_OUT messages with others after them in the same frame.
 */
const CRAFTED = 'openflow-crafted.pcap';

/** The fields of the frame's top-level nodes, as `tshark -V` lists them. */
const topLevel = (tree: ProtoTree): string[] => tree.children(0).map((n) => tree.fields[n]!.abbrev);

describe('OpenFlow against TShark 4.0 (test/fixtures/dissect/openflow.tsv)', () => {
  for (const file of fixtureFiles('openflow.tsv'))
    it(`${file}: stack, columns and fields of every OpenFlow frame`, () =>
      checkAgainstTshark('openflow.tsv', file, frameDecoder, { stack: true }));

  it('shows a reassembled message before the next ones of the segment (TCP fences Info)', () => {
    const d = frameDecoder('of10_s4810.pcap').get(20)!;
    expect(d.pinfo.stack).toBe('eth:ethertype:ip:tcp:openflow:openflow_v1:openflow:openflow_v1:openflow_v1');
    expect(d.pinfo.info).toBe('Type: OFPT_FLOW_MODType: OFPT_BARRIER_REQUEST');
  });

  it('marks a FLOW_MOD without actions malformed and goes on with the next message', () => {
    const s4810 = frameDecoder('of10_s4810.pcap');
    expect(s4810.get(10)!.pinfo.info).toBe('Type: OFPT_FLOW_MOD[Malformed Packet]');
    // Two messages: the FLOW_MOD breaks off, the BARRIER_REQUEST after it clears Info.
    const { tree, pinfo } = s4810.get(51)!;
    expect(pinfo.malformed?.protocol).toBe('openflow_v1');
    expect(pinfo.info).toBe('Type: OFPT_BARRIER_REQUEST');
    // As `tshark -V` shows it: the mark between the two messages, at the top of the tree.
    expect(topLevel(tree).slice(-3)).toEqual(['openflow_v1', '_ws.malformed', 'openflow_v1']);
  });

  it('leaves the columns to a PACKET_OUT for the rest of the segment (TShark makes them read-only)', () => {
    // A PACKET_OUT and a BARRIER_REQUEST: the second neither clears Info nor names itself.
    const { pinfo } = frameDecoder('of10_s4810.pcap').get(110)!;
    expect(pinfo.stack).toBe('eth:ethertype:ip:tcp:openflow:openflow_v1:eth:ethertype:data:openflow_v1');
    expect(pinfo.protocol).toBe('OpenFlow');
    expect(pinfo.info).toBe('Type: OFPT_PACKET_OUT');
    expect(pinfo.columnsWritable).toBe(false);
  });

  it('keeps the columns of a PACKET_IN whose carried frame breaks off', () => {
    const d = frameDecoder('of13_ericsson.pcapng').get(66)!;
    expect(d.pinfo.stack).toBe('eth:ethertype:ip:tcp:openflow:openflow_v4:eth:ethertype:ip');
    expect(d.pinfo.info).toBe('Type: OFPT_PACKET_IN');
    expect(d.pinfo.src).toBe('127.0.0.1');
  });

  it('finds 6633 conversations by their first segment to port 6633, not before', () => {
    const ericsson = frameDecoder('of13_ericsson.pcapng');
    expect(ericsson.get(1)!.pinfo.stack).toBe('eth:ethertype:ip:tcp:data');
    expect(ericsson.get(5)!.pinfo.info).toBe('Type: OFPT_ECHO_REPLY');
    expect(tsharkText(ericsson.get(51)!.tree, 'openflow_v4.switch_features.n_tables')).not.toBe('');
  });

  it('keeps the columns read-only after a reassembled PACKET_IN for the rest of the segment', () => {
    // Crafted: the PACKET_IN completes in frame 20, a BARRIER_REQUEST follows it there; TCP hands
    // that on in a call of its own, and the columns stay as the PACKET_IN left them.
    const d = frameDecoder(CRAFTED).get(20)!;
    expect(d.pinfo.stack).toBe('eth:ethertype:ip:tcp:openflow:openflow_v1:eth:ethertype:ip:udp:data:openflow:openflow_v1');
    expect(d.pinfo.info).toBe('Type: OFPT_PACKET_IN');
  });

  it('marks a message after a PACKET_OUT malformed without a word in Info', () => {
    const { tree, pinfo } = frameDecoder(CRAFTED).get(21)!;
    expect(pinfo.malformed?.protocol).toBe('openflow_v1');
    expect(pinfo.info).toBe('Type: OFPT_PACKET_OUT');
    expect(topLevel(tree).slice(-4)).toEqual(['openflow_v1', 'data', 'openflow_v1', '_ws.malformed']);
  });

  it('collects a message cut over two segments and decodes it on the second', () => {
    const crafted = frameDecoder(CRAFTED);
    expect(crafted.get(14)!.pinfo.info).toMatch(/\[TCP segment of a reassembled PDU\]$/);
    expect(crafted.get(16)!.pinfo.info).toBe('Type: OFPT_FEATURES_REPLY');
    expect(tsharkText(crafted.get(16)!.tree, 'openflow_v6.switch_features.datapath_id')).toBe('0x1122334455667788');
  });
});
