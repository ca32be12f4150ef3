import { describe, expect, it } from 'vitest';
import { type Decoded, decodeFile, has, range, value } from './link-helpers.js';
import { selectedFrames } from './selected.js';

describe('NetBIOS over IPX', () => {
  const frames = decodeFile('smb_print_trans-oobr1.pcap') as Decoded[];

  it('reads a WAN broadcast name query after its 8 networks: flags, type, NetBIOS name; a node off the stack', () => {
    const [find] = frames as [Decoded];
    expect(find.pinfo.protocols.join(':')).toBe('eth:llc:ipx');
    expect(find.pinfo.protocol).toBe('NBIPX');
    expect(find.pinfo.info).toBe('Find name <01><02>__MSBROWSE__<02><01>');
    expect(range(find.tree, 'nbipx')).toEqual([47, 50]);
    expect(value(find.tree, 'nmpi.name_flags')).toBe(0);
    expect(value(find.tree, 'nmpi.packettype')).toBe(1);
    expect(value(find.tree, 'netbios.nb_name')).toBe('<01><02>__MSBROWSE__<02>');
    expect(value(find.tree, 'netbios.nb_name_type')).toBe(1);
    const node = find.tree.find(find.tree.fields.find((f) => f.abbrev === 'nbipx')!)[0]!;
    expect(find.tree.parents[node]).toBe(0);
  });

  it('names an unknown data stream type and reads no further (lower socket 0x0455 of a PEP packet)', () => {
    const unknown = frames[3]!;
    expect(unknown.pinfo.info).toBe('Unknown');
    expect(value(unknown.tree, 'nmpi.packettype')).toBe(0x20);
    expect(has(unknown.tree, 'netbios.nb_name')).toBe(false);
  });

  it('filters as tshark -Y does', () => {
    expect(selectedFrames('smb_print_trans-oobr1.pcap', 'nbipx')).toEqual([1, 2, 3, 4]);
    expect(selectedFrames('smb_print_trans-oobr1.pcap', 'nmpi.packettype == 1')).toEqual([1, 2, 3]);
    expect(selectedFrames('smb_print_trans-oobr1.pcap', 'netbios.nb_name == "<01><02>__MSBROWSE__<02>"')).toEqual([1, 2, 3]);
  });
});
