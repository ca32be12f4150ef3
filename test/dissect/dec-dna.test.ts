import { describe, expect, it } from 'vitest';
import { DissectSession, dissectFrame, fieldTable } from '../../native-bridge/dissect/index.js';
import { decodeFile, value, values } from './link-helpers.js';

describe('DECnet Phase IV', () => {
  const frames = decodeFile('DECnet_Phone.pcap');

  it('reads an endnode hello with TShark Info and DECnet addresses', () => {
    const f = frames[0]!;
    expect(f.pinfo.info).toBe('Routing control, Endnode Hello message');
    expect(value(f.tree, 'dec_dna.ctl.iinfo.node_type')).toBe(3);
    expect(value(f.tree, 'dec_dna.ctl.blk_size')).toBe(16434);
    expect(value(f.tree, 'dec_dna.ctl.timer')).toBe(10);
  });

  it('puts the NSP message type at the top of the tree, as io,phs counts it', () => {
    const f = frames[6]!;
    expect(f.pinfo.info).toBe('NSP connect acknowledgement');
    const [nsp] = f.tree.find(fieldTable.get('dec_dna.nsp.msg_type')!);
    const [routing] = f.tree.find(fieldTable.get('dec_dna')!);
    expect(f.tree.parents[nsp!]).toBe(f.tree.parents[routing!]);
    expect(value(f.tree, 'dec_dna.nsp.msg_type')).toBe(0x24);
  });

  it('marks a connect confirm whose session data runs out malformed, as TShark does', () => {
    const f = frames[7]!;
    expect(f.pinfo.info).toBe('NSP connect confirm/initiate message[Malformed Packet]');
    expect(f.pinfo.malformed?.protocol).toBe('dec_dna');
    expect(values(f.tree, 'dec_dna.src_node')).toEqual([0x0401, 0x2004]);
  });

  it('counts a message’s bytes so far, and reads the count back on a revisit', () => {
    expect(frames[10]!.pinfo.info).toBe('msg nr. 1 single segment, bytes this segment: 28, total so far:28');
    expect(frames[11]!.pinfo.info).toBe('NSP data ACK message(1)');
    expect(frames[8]!.pinfo.info).toBe('NSP link control message(no change)');
    const session = new DissectSession();
    const all = decodeFile('DECnet_Phone.pcap', session);
    const again = dissectFrame(all[10]!.frame, all[10]!.frame.bytes, session);
    expect(again.pinfo.info).toBe(frames[10]!.pinfo.info);
  });

  it('is short where a padding count points past what was captured', () => {
    const f = decodeFile('decnet-shorthdr-oobr.pcap')[14]!;
    expect(f.pinfo.protocols.join(':')).toBe('eth:ethertype:dec_dna');
    expect(f.pinfo.info).toBe('[Packet size limited during capture]');
  });
});
