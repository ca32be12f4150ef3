import { describe, expect, it } from 'vitest';
import { selectedFrames } from './selected.js';

/**
 * Display filters on the fields of the tunnels, link types and protocols decoded for issue 17,
 * inner fields through tunnels included, against the frames `tshark -n -r FILE -Y FILTER`
 * (TShark 4.0.17) selected; its answers are written here, tests never run tshark.
 */
const CASES: readonly [file: string, filter: string, frames: readonly number[]][] = [
  ['vxlan.pcap', 'vxlan.vni == 100', [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]],
  ['vxlan.pcap', 'vxlan.vni == 5', []],
  ['vxlan.pcap', 'ip.ttl == 62', [2, 4, 6, 8, 10]],
  ['geneve.pcap', 'geneve.vni == 10', [1, 4, 6, 9, 11, 12, 14, 16, 18, 20, 21, 23, 25, 28, 31, 33, 34, 36, 38]],
  ['PIM_register_register-stop.pcap', 'ip.ttl != 64', [1, 2]],
  ['PIM_register_register-stop.pcap', 'pim.type == 1 && icmp', [1]],
  ['erspan-type-ii-1.pcap', 'erspan.spanid == 666', [1]],
  ['erspan-type-i-1.pcap', 'erspan && icmp.type == 8', [1]],
  ['802.1w_rapid_STP.pcap', 'stp.flags.tc == 1', [16, 17, 18]],
  ['3560_CDP.pcap', 'cdp.deviceid == "Switch"', [1, 2, 3]],
  ['IGMP_V2.pcap', 'igmp.type == 0x17', [5, 10]],
  ['bgp-4byte-asn.pcap', 'bgp.type == 2', [13, 37, 52, 56, 58, 60, 75, 79, 81, 83]],
  ['OSPFv3_NBMA_adjacencies.pcap', 'fr.dlci == 301 && ospf.msg == 1', [2, 3, 60, 61, 72, 83, 86]],
  ['dhcpv6-ia-na.pcap', 'dhcpv6.msgtype == 2', [2]],
  ['nhrp.pcapng', 'nhrp.reqid == 21', [1, 2]],
];

describe('filters on tunnel and protocol fields select what TShark selects', () => {
  it.each(CASES)('%s: %s', (file, filter, frames) => {
    expect(selectedFrames(file, filter)).toEqual(frames);
  });
});
