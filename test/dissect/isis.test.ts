import { describe, expect, it } from 'vitest';
import { fieldTable } from '../../native-bridge/dissect/index.js';
import { decodeFile, value } from './link-helpers.js';

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
