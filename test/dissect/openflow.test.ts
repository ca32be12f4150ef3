import { describe, expect, it } from 'vitest';
import { checkAgainstTshark, fixtureFiles, frameDecoder, tsharkText } from './app-layer.js';

/**
 * OpenFlow against TShark 4.0's reading stored in test/fixtures/dissect/openflow.tsv
 * (regen-rx-openflow.sh): the corpus's OpenFlow 1.0 and 1.3 sessions, and openflow-crafted.pcap
 * (openflow-crafted.py) for 1.4 and 1.5, a message cut over two segments and several in one.
 */
const CRAFTED = 'openflow-crafted.pcap';

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
    expect(s4810.get(51)!.pinfo.malformed?.protocol).toBe('openflow_v1');
    expect(s4810.get(51)!.pinfo.info).toBe('Type: OFPT_BARRIER_REQUEST');
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

  it('collects a message cut over two segments and decodes it on the second', () => {
    const crafted = frameDecoder(CRAFTED);
    expect(crafted.get(14)!.pinfo.info).toMatch(/\[TCP segment of a reassembled PDU\]$/);
    expect(crafted.get(16)!.pinfo.info).toBe('Type: OFPT_FEATURES_REPLY');
    expect(tsharkText(crafted.get(16)!.tree, 'openflow_v6.switch_features.datapath_id')).toBe('0x1122334455667788');
  });
});
