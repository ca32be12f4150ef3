import { describe, expect, it } from 'vitest';
import { fieldTable } from '../../native-bridge/dissect/index.js';
import { decodeFile, value, values } from './link-helpers.js';

describe('OSI network layer', () => {
  it('shows an NLPID nobody decodes as TShark does: ISO, a top-level osi.nlpid, then data', () => {
    const [f] = decodeFile('isis-extd-isreach-oobr.pcap');
    expect(f!.pinfo.protocols.join(':')).toBe('chdlc:osi:data');
    expect(f!.pinfo.protocol).toBe('ISO');
    expect(f!.pinfo.info).toBe('Unknown ISO protocol (7f)');
    expect(value(f!.tree, 'osi.nlpid')).toBe(0x7f);
    const [nlpid] = f!.tree.find(fieldTable.get('osi.nlpid')!);
    const [chdlc] = f!.tree.find(fieldTable.get('chdlc')!);
    expect(f!.tree.parents[nlpid!]).toBe(f!.tree.parents[chdlc!]);
  });
});

describe('IS-IS TLVs', () => {
  it('walks every TLV a hello announces, as TShark does', () => {
    const [f] = decodeFile('ISIS_p2p_adjacency.pcap');
    expect(values(f!.tree, 'isis.hello.clv.type')).toEqual([211, 240, 129, 1, 132, 8, 8, 8, 8, 8, 8]);
    expect(f!.pinfo.malformed).toBeUndefined();
  });

  it('walks over the PDU length an LSP claims, and is malformed where the packet ends', () => {
    const frames = decodeFile('isis-infinite-loop.pcap');
    for (const f of frames) {
      expect(f.pinfo.info).toBe('L1 LSP, LSP-ID: ffff.ffff.ffff.ff-ff, Sequence: 0xffffffff, Lifetime: 65535s[Malformed Packet]');
      expect(f.pinfo.malformed?.protocol).toBe('isis.lsp');
      expect(values(f.tree, 'isis.lsp.clv.type')).toEqual([7]);
    }
  });

  it('is short where a hello’s TLVs run past what was captured', () => {
    const [f] = decodeFile('isis_stlv_asan-4.pcap');
    expect(f!.pinfo.protocols.join(':')).toBe('fr:isis:isis.hello');
    expect(values(f!.tree, 'isis.hello.clv.type')).toEqual([162, 2, 10, 146, 32, 32]);
    expect(f!.pinfo.info).toMatch(/\[Packet size limited during capture\]$/);
  });
});
