import { describe, expect, it } from 'vitest';
import { fieldTable } from '../../native-bridge/dissect/index.js';
import { checkAgainstTshark, fixtureFiles, frameDecoder, payloadDecoder, tsharkText, type CheckOptions } from './app-layer.js';

const byPayload = payloadDecoder({});
// Wirepool has no OUI table: Info "Boot Request from 00:0c:29:1f:74:06 (VMware_1f:74:06)"
// shows the address twice instead of a vendor name.
const ignore: CheckOptions['ignore'] = (abbrev, want) => abbrev === '_ws.col.Info' && want.startsWith('Boot Request from');

describe('DHCP against TShark 4.0 (test/fixtures/dissect/dhcp.tsv)', () => {
  it.each(fixtureFiles('dhcp.tsv'))('decoder alone: %s', (file) =>
    checkAgainstTshark('dhcp.tsv', file, byPayload, { ignore, stack: false }),
  );
  it.each(fixtureFiles('dhcp.tsv'))('end to end: %s', (file) =>
    checkAgainstTshark('dhcp.tsv', file, frameDecoder, { ignore, stack: true }),
  );
});

describe('DHCP on crafted frames (test/fixtures/dissect/app-crafted.tsv)', () => {
  // 14: option overload (options in the file and sname fields), 15: an option with a bad length.
  it('decoder alone', () => checkAgainstTshark('app-crafted.tsv', 'app-crafted.pcap', byPayload, { frames: [14, 15], stack: false }));
  it('end to end', () => checkAgainstTshark('app-crafted.tsv', 'app-crafted.pcap', frameDecoder, { frames: [14, 15], stack: true }));

  it('marks the bad option length malformed and goes on', () => {
    const d = frameDecoder('app-crafted.pcap').get(15)!;
    expect(d.pinfo.malformed?.reason).toMatch(/option 50 should be 4 bytes long, not 3/);
    expect(tsharkText(d.tree, 'dhcp.option.end')).toBe('255');
  });
});

describe('DHCP details', () => {
  it('option trees: every option node spans its type, length and value', () => {
    const d = frameDecoder('dhcp-rfc3004.pcap').get(4)!;
    const type = fieldTable.get('dhcp.option.type')!;
    const nodes = d.tree.find(type);
    expect(nodes.map((i) => d.tree.texts[i])).toEqual([
      'Option: (53) DHCP Message Type (ACK)',
      'Option: (54) DHCP Server Identifier (192.168.1.1)',
      'Option: (51) IP Address Lease Time',
      'Option: (1) Subnet Mask (255.255.255.0)',
      'Option: (3) Router',
      'Option: (6) Domain Name Server',
      'Option: (15) Domain Name',
      'Option: (255) End',
    ]);
    // (53): 3 bytes at the start of the options (UDP payload 42 + 240).
    expect([d.tree.starts[nodes[0]!], d.tree.lengths[nodes[0]!]]).toEqual([42 + 240, 3]);
    expect(tsharkText(d.tree, 'dhcp.option.ip_address_lease_time')).toBe('86400');
  });

  it.each([
    'bootp_asan.pcap',
    'bootp_asan-2.pcap',
    'hncp_dhcpv4data-oobr.pcap',
    'rx_serviceid_oobr.pcap',
    'dcb_ets.pcap',
    'eapon1.pcap',
    'dhcp-rfc4388.pcap',
  ])('fuzzed and odd captures decode without exception: %s', (file) => {
    for (const decode of [byPayload, frameDecoder]) expect(decode(file).size).toBeGreaterThan(0);
  });
});
