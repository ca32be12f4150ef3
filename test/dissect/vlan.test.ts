import { describe, expect, it } from 'vitest';
import { decode, decodeFile, hexBytes, LINK_FIXTURE, range, value, values } from './link-helpers.js';

describe('802.1Q / 802.1ad', () => {
  it('decodes the corpus Q-in-Q stack as TShark names it (ieee8021ad, then vlan)', () => {
    const d = decodeFile('802.1ad_QinQ.pcap')[0]!;
    expect(d.pinfo.protocols.join(':')).toBe('eth:ethertype:ieee8021ad:ethertype:vlan:ethertype:arp');
    expect(value(d.tree, 'ieee8021ad.id')).toBe(200);
    expect(range(d.tree, 'ieee8021ad')).toEqual([14, 4]);
    expect(value(d.tree, 'vlan.id')).toBe(2001);
    expect(value(d.tree, 'vlan.priority')).toBe(0);
    expect(range(d.tree, 'vlan')).toEqual([18, 4]);
    expect(values(d.tree, 'vlan.etype')).toEqual([0x8100, 0x0806]);
  });

  it('decodes the fixture tags: priority, DEI, id', () => {
    const frames = decodeFile(LINK_FIXTURE);
    const tagged = frames[2]!;
    expect(tagged.pinfo.protocols.join(':')).toBe('eth:ethertype:vlan:ethertype:ip:udp:data');
    expect(value(tagged.tree, 'vlan.id')).toBe(100);
    expect(value(tagged.tree, 'vlan.priority')).toBe(3);
    expect(value(tagged.tree, 'vlan.dei')).toBe(false);
    expect(frames[3]!.pinfo.protocols.join(':')).toBe('eth:ethertype:ieee8021ad:ethertype:vlan:ethertype:ip:tcp');
  });

  it('hands a length-typed tag to LLC and stops a crafted stack of tags', () => {
    const llc = decode(1, hexBytes('ffffffffffff 02000000000a 8100 0064 0006 424203000000'));
    expect(value(llc.tree, 'vlan.len')).toBe(6);
    const many = hexBytes(`ffffffffffff 02000000000a 8100 ${'0001 8100 '.repeat(40)} 0001 0800`);
    const d = decode(1, many);
    expect(d.pinfo.protocols.filter((p) => p === 'vlan').length).toBe(21);
    expect(values(d.tree, 'vlan.too_many_tags').length).toBe(1);
    expect(d.pinfo.malformed).toBeUndefined();
  });
});
