import { describe, expect, it } from 'vitest';
import { selectedFrames } from './selected.js';

/**
 * Display filters on the fields of the routing, IPsec, timing and link-layer decoders added for
 * issue 17 (RSVP, EIGRP, ESP, AH, UDP-encapsulated IPsec, MACsec, PTP, LACP, Babel, RIP, PGM,
 * TSP, syslog, the Ethernet loopback, lwres, DVMRP, SCTP, DCCP, ARCNET, AoE, AVSP, ES-IS, Juniper,
 * OLSR, CFM, sFlow, 802.15.4, IPNET, IPoIB, NFLOG, PPPoE, LCP, NSH, VXLAN-GPE, SSH), inner fields through tunnels and link headers included, against the frames
 * `tshark -n -r FILE -Y FILTER` (TShark 4.0.17) selected; its answers are written here, tests
 * never run tshark.
 */
const upTo = (n: number): number[] => Array.from({ length: n }, (_, i) => i + 1);
const CASES: readonly [file: string, filter: string, frames: readonly number[]][] = [
  ['EIGRP_adjacency.pcap', 'eigrp.opcode == 1', [12, 13, 14, 15, 16, 19, 20, 22]],
  ['EIGRP_adjacency.pcap', 'eigrp.ack != 0 && eigrp.opcode == 5', [17, 21, 23]],
  ['rsvp-infinite-loop.pcap', 'rsvp.msg == 20', [1, 2, 3, 4, 5]],
  ['02-sunrise-sunset-esp.pcap', 'esp.spi == 0x12345678', upTo(8)],
  ['isakmp4500.pcap', 'udpencap && esp', [12, 17, 19, 22, 24, 25, 29, 31]],
  ['isakmp4500.pcap', 'udpencap.non_esp_marker', [7, 8, 9, 10, 11, 15, 16, 20, 21, 30, 35]],
  ['OSPFv3_with_AH.pcap', 'ah.next_header == 89 && ospf', upTo(61)],
  ['macsec-integonly.pcap', 'macsec.TCI.E == 0 && icmp.type == 8', [1]],
  ['macsec-encrypted.pcap', 'macsec.TCI.E == 1', [1]],
  [
    'ptp_ethernet.pcap',
    'ptp.v2.messagetype == 0xb',
    [
      3, 8, 15, 22, 27, 32, 37, 44, 49, 56, 61, 68, 73, 78, 85, 90, 95, 102, 107, 112, 121, 126, 131, 136, 143, 148, 155, 162, 167, 174,
      179, 184, 191, 198, 203,
    ],
  ],
  ['ptp.pcap', 'ptp.v2.messagetype == 1', [1]],
  ['LACP.pcap', 'lacp.actor.port == 22', [1, 2, 3, 4, 5, 6, 7, 8, 10, 11, 16, 17, 20]],
  ['babel_pad1.pcap', 'babel.message.type == 0', [1, 2]],
  ['babel_rtt.pcap', 'babel.message.type == 5', [2, 3, 8, 9]],
  ['ripv1v2.pcap', 'rip.version == 2 && rip.command == 2', [4]],
  ['pgm_poll_polr.pcap', 'pgm.hdr.type == 0x02', [2, 4, 6, 8, 10, 12, 14, 16, 18, 20]],
  ['timed_1.pcap', 'tsp', [1]],
  ['syslog_udp.pcap', 'syslog.level == 5', [1, 3]],
  ['loopback.pcap', 'loop.function == 1', upTo(6)],
  ['lwres_with_extra.pcap', 'lwres.serial == 0', [1]],
  ['mrinfo_query.pcap', 'dvmrp.v3.code == 6', [2]],
  ['forces1.pcap', 'sctp.chunk_type == 3', [3, 6, 9, 11, 19, 20]],
  ['dccp_partial_csum_v4_simple.pcap', 'dccp.type == 0', [1]],
  ['arcnet-rfc1201-arp-icmp-http.pcap', 'arcnet.protID == 0xd5', [1, 2, 7, 8]],
  ['AoE_Linux.pcap', 'aoe.cmd == 1', [1, 2, 54, 55, 64, 65, 68, 149, 150, 151, 152, 155, 156, 157, 158, 159, 160, 183, 184]],
  // ICMPv6 extended echo (RFC 8335): the request's probe is an ICMP extension structure.
  ['icmp6-rfc8335.pcap', 'icmpv6.ext.echo.req.local == 1 && icmp.int_ident.index == 1', [1]],
  ['icmp6-rfc8335.pcap', 'icmpv6.ext.echo.rsp.ipv6 == 1', [2]],
  // SSDP: HTTP in UDP datagrams to port 1900, under a protocol of its own.
  ['eapon1.pcap', 'ssdp && http.request.method == "M-SEARCH"', [43, 51, 67]],
  ['eapon1.pcap', 'http.request.full_uri == "http://239.255.255.250:1900*"', [43, 51, 67]],
  // NTP's header past the flags, and the private mode's (ntpdc) request codes.
  ['ntp.pcap', 'ntp.stratum == 2 && ntp.rootdelay > 20', [4, 6, 8]],
  ['ntp.pcap', 'ntp.keyid', [1, 2, 3, 4, 7, 8]],
  ['ntp-mode7.pcap', 'ntp.priv.reqcode == 38', [5, 6]],
  // Arista's timestamps: 64-bit TAI and UTC, 48-bit; an unknown version ends the header.
  ['arista_ether.pcap', 'avsp.ver == 0x0110 && ip', [5, 6, 8]],
  ['arista_ether.pcap', 'avsp.48sec', [9, 11, 12, 13, 15, 16]],
  ['arista_ether.pcap', '_ws.expert && avsp', [2, 7, 10, 14]],
  // A response's command comes from its request (same addresses and tag, seen before it).
  ['AoE_Linux.pcap', 'aoe.response_to && aoe.ata.cmd == 0xec', [5, 67, 186]],
  ['AoE_Linux.pcap', 'aoe.time > 0.0005', [110]],
  ['esis_snpa_asan-5.pcap', 'esis.type == 2', [1]],
  ['isis_poi.pcap', 'juniper.direction == 1 && isis', [1]],
  ['OLSRv1_HNA_sgw_1.pcap', 'olsr.packet_len == 72', [1]],
  ['kday2.pcap', 'cfm.opcode == 0xcc', [1]],
  ['sflow-print-v6.pcap', 'sflow_245.numsamples == 4', [3, 4, 11, 18, 21]],
  ['sflow_expanded.pcap', 'sflow && ssh', [1]],
  ['802_15_4-oobr-2.pcap', 'wpan.frame_type == 1', [1]],
  ['e1000g.pcap', 'ipnet && icmp.type == 0', [2, 4, 6, 8, 10, 12, 14, 16, 18, 20]],
  ['ipoib.pcap', 'ipoib.type == 0x0800 && ssh', [11, 13, 15, 17, 18, 19, 20]],
  ['nflog.pcap', 'nflog && dns.flags.response == 1', [1, 2, 3, 4]],
  ['pppoes.pcap', 'ppp.code == 9', [1, 2]],
  ['pppoe.pcap', 'pppoe.code == 0x09', [1]],
  ['nsh.pcap', 'nsh.nextproto == 1 && udp', [1]],
  ['nsh-over-vxlan-gpe.pcap', 'vxlan.next_proto == 4 && nsh', [1]],
  ['lisp_invalid.pcap', 'lisp && data', [1]],
  ['kday3.pcap', 'ssh', [1]],
  ['ripv2_auth.pcap', 'rip.command == 1', [1, 3, 5, 7, 9, 11]],
  ['ppp-invalid-lengths.pcap', 'ppp.code == 3', [1]],
  ['arcnet-rfc1051-arp-icmp-http.pcap', 'arcnet.src == 0xbe && icmp', [3, 5]],
  ['LINKTYPE_USER2_PKTAP.pcap', 'pktap.dlt == 1 && dns', [1]],
  ['pptp.pcap', 'pptp.control_message_type == 8', [13]],
  ['pptp.pcap', 'gre && lcp', [16]],
  ['l2tp-avp-overflow.pcap', 'l2tp.tunnel == 560', [1, 2, 3, 4, 5, 8, 9, 10, 11, 14, 15, 16, 17, 18, 19, 20]],
  ['telnet-iac-check-oobr.pcap', 'telnet', [1]],
];

describe('filters on routing, IPsec, timing and link protocol fields select what TShark selects', () => {
  it.each(CASES)('%s: %s', (file, filter, frames) => {
    expect(selectedFrames(file, filter)).toEqual(frames);
  });
});
