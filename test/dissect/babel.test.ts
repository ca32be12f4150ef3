import { describe, expect, it } from 'vitest';
import { decodeFile, values } from './link-helpers.js';

describe('Babel', () => {
  const frames = decodeFile('babel_rtt.pcap');

  it('marks an IHU whose receive timestamp runs past the packet malformed, as TShark does', () => {
    const f = frames[1]!;
    expect(f.pinfo.info).toBe('Babel hello ihu[Malformed Packet]');
    expect(f.pinfo.malformed?.protocol).toBe('babel');
    // The hello's timestamp sub-TLV and the IHU's were both read before the mark.
    expect(values(f.tree, 'babel.subtlv.type')).toEqual([3, 3]);
    expect(values(f.tree, 'babel.message.rxcost')).toEqual([0x60]);
  });

  it('reads hello, IHU, next hop, router id and update messages to the end', () => {
    const f = frames[8]!;
    expect(f.pinfo.info).toBe('Babel hello ihu nh router-id update');
    expect(f.pinfo.malformed).toBeUndefined();
    expect(values(f.tree, 'babel.message.type')).toEqual([4, 5, 7, 6, 8]);
    expect(values(f.tree, 'babel.message.ae')).toEqual([3, 1, 1]);
    expect(values(f.tree, 'babel.message.prefix').map((b) => Buffer.from(b as Uint8Array).toString('hex'))).toEqual([
      '006004b0505400fffe234567030805e5f5d784f846d4',
      'c0a82a01',
      'c0a82a01',
    ]);
  });
});
