import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DissectSession, dissectFrame } from '../../native-bridge/dissect/index.js';
import { openCapture } from '../../native-bridge/formats/index.js';
import { BufferPool } from '../../native-bridge/pool/index.js';
import { CAPTURES, FIXTURES, ORACLE, readTsv } from '../helpers/corpus.js';

/**
 * Corpus files we claim to read exactly as TShark 4.0 does: on every frame the protocol stack
 * equals the stored oracle's frame.protocols, and the Protocol and Info columns equal TShark's,
 * stored beside the tests by scripts/corpus-columns.ts (tests never run tshark). A file joins
 * the list when `node dist/scripts/conformance.js --columns DIR --protocols …` reports it agreeing.
 */
const CLAIMED: Record<string, readonly string[]> = {
  'TCP: sequence analysis, snap-length-limited captures, resets with data, AccECN': [
    'accecn_handshake.pcap',
    'bgp-cease-hard-reset.pcap',
    'bgp-enhanced-route-refresh-subtype.pcapng',
    'bgp-role.pcapng',
    'bigtcp-ipv4.pcap',
    'bigtcp-ipv6-hbh.pcap',
    'bigtcp-ipv6.pcap',
    'dns_tcp.pcap',
    'dns_tcp_8053.pcap',
    'gso-ipv4.pcap',
    'gso-ipv6.pcap',
    'nfs-write-verf-cookie.pcapng',
    'scps_invalid.pcap',
    'tcp-handshake-nano.pcap',
    'tcp_eight_lowest_weight_flags_set.pcap',
    'heapoverflow-tcp_print.pcap',
    'tcp_header_heapoverflow.pcap',
    'tcp_rst_data-trunc.pcap',
    'tcp_rst_data.pcap',
    'tcp_rst_diag_payload-trunc.pcap',
    'tcp_rst_diag_payload.pcap',
    'timestamp_invalid_micro.pcap',
    'timestamp_invalid_nano.pcap',
    'unaligned-nfs-1.pcap',
  ],
  'Redis (RESP): commands and replies, inline commands, nested arrays, messages over segments': [
    'resp_1_benchmark.pcap',
    'resp_2_inline.pcap',
    'resp_3_malicious.pcap',
    'resp_4_infiniteloop.pcapng',
  ],
  'UDP services: DHCPv6, NBNS, ISAKMP, RADIUS, LDP, MPLS echo': [
    'RADIUS-RFC3162.pcap',
    'RADIUS-RFC4675.pcap',
    'RADIUS-RFC5176-2.pcap',
    'RADIUS-RFC5176.pcap',
    'RADIUS-RFC5580.pcap',
    'RADIUS-port1700.pcap',
    'dhcpv4v6-rfc5970-rfc8572.pcap',
    'dhcpv6-AFTR-Name-RFC6334.pcap',
    'dhcpv6-domain-list.pcap',
    'dhcpv6-ia-na.pcap',
    'dhcpv6-ia-pd.pcap',
    'dhcpv6-ia-ta.pcap',
    'dhcpv6-mud.pcap',
    'dhcpv6-ntp-server.pcap',
    'dhcpv6-rfc6355-duid-uuid.pcap',
    'dhcpv6-rfc8415-duid-type2.pcap',
    'dhcpv6-sip-server-d.pcap',
    'dhcpv6-vendor-specific-information.pcap',
    'ikev2-id-normal.pcap',
    'ikev2-id-short.pcap',
    'ikev2four.pcap',
    'ikev2pI2.pcap',
    'isakmp-identification-segfault.pcap',
    'isakmp-no-none-np.pcapng',
    'lsp-ping-timestamp.pcap',
    'radius_rfc5447.pcap',
    'rx_ubik-oobr.pcap',
  ],
  'SCTP and DCCP: relative TSNs and sequence numbers': [
    'dccp_options-oobr.pcap',
    'dccp_partial_csum_v4_longer.pcap',
    'dccp_partial_csum_v4_simple.pcap',
    'dccp_partial_csum_v6_longer.pcap',
    'dccp_partial_csum_v6_simple.pcap',
    'forces1.pcap',
    'forces2.pcap',
    'forces3.pcap',
  ],
  'VRRP, PIM, IGMP': [
    'IGMP_V1.pcap',
    'IGMP_V2.pcap',
    'PIM-DM_pruning.pcap',
    'PIM-SM_join_prune.pcap',
    'PIM_register_register-stop.pcap',
    'PIMv2_bootstrap.pcap',
    'PIMv2_hellos.pcap',
    'igmpv3-queries.pcap',
    'mtrace.pcap',
    'pim_header_asan-2.pcap',
    'pim_header_asan-3.pcap',
    'vrrp.pcap',
  ],
  'VXLAN, Geneve, BFD, NTP, HSRP': [
    'HSRP_coup.pcap',
    'HSRP_election.pcap',
    'HSRP_failover.pcap',
    'bfd-lag.pcap',
    'bfd-multihop.pcap',
    'bfd-raw-auth-md5.pcap',
    'bfd-raw-auth-sha1.pcap',
    'bfd-raw-auth-simple.pcap',
    'bfd-sbfd.pcap',
    'bfd_source_port_49152.pcap',
    'gso-ipv4-geneve-ipv4.pcap',
    'gso-ipv4-geneve-ipv6.pcap',
    'gso-ipv4-vxlan-ipv4.pcap',
    'gso-ipv4-vxlan-ipv6.pcap',
    'gso-ipv6-geneve-ipv4.pcap',
    'gso-ipv6-geneve-ipv6.pcap',
    'gso-ipv6-vxlan-ipv4.pcap',
    'gso-ipv6-vxlan-ipv6.pcap',
    'ntp-control.pcap',
    'ntp-time-ef.pcap',
    'ntp-time.pcap',
    'ntp.pcap',
    'vxlan.pcap',
  ],
  'PPP, Cisco HDLC, SLARP, Frame Relay, MPLS, OSPF': [
    'OSPFv2_Capture_FINAL.pcapng',
    'OSPFv3_NBMA_adjacencies.pcap',
    'OSPFv3_broadcast_adjacency.pcap',
    'OSPFv3_multipoint_adjacencies.pcap',
    'chdlc-slarp-short.pcap',
    'chdlc-slarp.pcap',
    'hdlc_slarp.pcapng',
    'icmp-cksum-oobr-2.pcap',
    'icmp-cksum-oobr-4.pcapng',
    'icmp-rfc5837.pcap',
    'icmp-rfc8335-missing-bytes.pcap',
    'icmp-rfc8335.pcap',
    'icmp_ext_oob_poc.pcap',
    'lspping-fec-rsvp.pcap',
    'mpls-ldp-hello.pcap',
    'mpls-over-udp.pcap',
    'mpls-traceroute.pcap',
    'ospf-ack.pcap',
    'ospf-gmpls.pcap',
    'ospf-nssa-bitnt.pcap',
    'ospf-sr-ri-sid.pcap',
    'ospf-sr.pcapng',
    'ospf-sr2.pcapng',
    'ospf2-seg-fault-1.pcapng',
    'ospf3_auth.pcapng',
    'ospf_graceful_restart_rfc3623.pcap',
    'tok2str-oobr-2.pcap',
  ],
  'BGP messages': [
    'bgp-4byte-asn.pcap',
    'bgp-addpath.pcap',
    'bgp-aigp-2.pcap',
    'bgp-bfd-cease.pcap',
    'bgp-bgpsec.pcap',
    'bgp-encap.pcap',
    'bgp-enhanced-route-refresh.pcapng',
    'bgp-evpn.pcap',
    'bgp-extended-msg.pcapng',
    'bgp-extended-shutdown-msg.pcapng',
    'bgp-large-community.pcap',
    'bgp-link-bw-extcommunity.pcapng',
    'bgp-lu-multiple-labels.pcap',
    'bgp-malformed-hard-reset.pcap',
    'bgp-orf.pcapng',
    'bgp-ovs.pcapng',
    'bgp-shutdown-communication.pcapng',
    'bgp-shutdown-msg-variations.pcap',
    'bgp_notification_rr_msg_error.pcap',
    'bgp_vpn_attrset.pcap',
    'bgpsec_invalid_signature_block_length.pcap',
    'lspping-fec-ldp.pcap',
    'mpbgp-linklocal-nexthop.pcap',
  ],
  'GRE, ERSPAN, NHRP, Cisco metadata': [
    'NHRP-responder-address.pcap',
    'NHRP_registration.pcap',
    'erspan-type-i-1.pcap',
    'erspan-type-i-2.pcap',
    'erspan-type-i-3.pcap',
    'erspan-type-ii-1.pcap',
    'erspan-type-ii-2.pcap',
    'erspan-type-iii-ft-0.pcap',
    'erspan-type-iii-ft-7.pcap',
    'ios_nhrp.pcap',
    'nhrp.pcapng',
  ],
  'LLC, STP, CDP, UDLD, DTP, VTP, LLDP, IS-IS': [
    '3560_CDP.pcap',
    '802.1D_spanning_tree.pcap',
    '802.1w_rapid_STP.pcap',
    'HDLC.pcap',
    'ISIS_external_lsp.pcap',
    'ISIS_level1_adjacency.pcap',
    'ISIS_level2_adjacency.pcap',
    'ISIS_p2p_adjacency.pcap',
    'LLDP_and_CDP.pcap',
    'MSTP_Intra-Region_BPDUs.pcap',
    'UDLD.pcap',
    'dcb_ets.pcap',
    'dcb_pfc.pcap',
    'dcb_qcn.pcap',
    'evb.pcap',
    'ieee802.11_htc.pcap',
    'ieee802.11_meshid.pcap',
    'isis-areaaddr-oobr-1.pcap',
    'isis-areaaddr-oobr-2.pcap',
    'isis-extd-ipreach-oobr.pcap',
    'isis-seg-fault-1.pcapng',
    'isis-seg-fault-2.pcapng',
    'isis-seg-fault-3.pcapng',
    'isis_cap_tlv.pcap',
    'isis_iid_tlv.pcap',
    'isis_sr.pcapng',
    'lldp-app-priority.pcap',
    'lldp-infinite-loop-1.pcap',
    'lldp-infinite-loop-2.pcap',
    'lldp_mudurl.pcap',
    'spb.pcap',
    'spb_bpduv4.pcap',
    'udld-inf-loop-1.pcapng',
  ],
  'Rx and AFS: services and operations, replies matched to requests, ICMP-quoted calls': ['afs.pcap', 'rx_serviceid_oobr.pcap'],
  'OpenFlow 1.0: messages cut by length and reassembled, several to a segment, carried frames': [
    'of10_7050q.pcapng',
    'of10_7050sx_bsn-oobr.pcap',
    'of10_7050sx_bsn.pcap',
    'of10_inv_OFPST_FLOW.pcap',
    'of10_p3295.pcap',
    'of10_pf5240.pcap',
    'of10_s4810.pcap',
  ],
  'QUIC: long and short headers, Initial packets decrypted, Retry, Version Negotiation': [
    'quic_handshake.pcap',
    'quic_handshake_truncated.pcap',
    'quic_retry.pcap',
    'quic_vn.pcap',
  ],
  'Routing, IPsec, timing, tunnel and link protocols: RSVP, EIGRP, Babel, RIP, LISP, PGM, ESP, AH, MACsec, PTP, LACP, sFlow, Juniper, IPNET, NFLOG, PPPoE, NSH, …':
    [
      '02-sunrise-sunset-esp.pcap',
      '08-sunrise-sunset-aes.pcap',
      '08-sunrise-sunset-esp2.pcap',
      '802_15_4-oobr-2.pcap',
      'EIGRP_adjacency.pcap',
      'EIGRP_goodbye.pcap',
      'EIGRP_ipv6.pcap',
      'EIGRP_subnet_down.pcap',
      'EIGRP_subnet_up.pcap',
      'LACP.pcap',
      'LINKTYPE_USER2_PKTAP.pcap',
      'OLSRv1_HNA_sgw_1.pcap',
      'OSPFv3_with_AH.pcap',
      'AoE_Linux.pcap',
      'aoe-oobr-1.pcap',
      'babel_auth.pcap',
      'babel_pad1.pcap',
      'babel_rfc6126bis.pcap',
      'bgp-aigp.pcap',
      'e1000g.pcap',
      'esis_snpa_asan-5.pcap',
      'espudp1.pcap',
      'hncp_prefix-oobr.pcap',
      'icmp-cksum-oobr-3.pcapng',
      'isakmp4500.pcap',
      'isis_poi.pcap',
      'isis_poi2.pcap',
      'lisp_eid_register.pcap',
      'lisp_ipv6.pcap',
      'lmp-lmp_print_data_link_subobjs-oobr.pcap',
      'lmpv1_busyloop.pcap',
      'loopback.pcap',
      'lwres-pointer-arithmetic-ub.pcap',
      'lwres_with_extra.pcap',
      'macsec-changed.pcap',
      'macsec-encrypted.pcap',
      'macsec-integonly.pcap',
      'macsec-short-longer.pcap',
      'macsec-short-shorter.pcap',
      'macsec-short-valid.pcap',
      'mrinfo_query.pcap',
      'nflog.pcap',
      'nsh-over-vxlan-gpe.pcap',
      'nsh.pcap',
      'pgm_opts_asan.pcap',
      'pgm_opts_asan_2.pcap',
      'pgm_opts_asan_3.pcap',
      'pgm_poll_polr.pcap',
      'pgm_zmtp1.pcap',
      'ppp-invalid-lengths.pcap',
      'pppoe.pcap',
      'pppoes.pcap',
      'pptp.pcap',
      'ptp.pcap',
      'ptp_corrections.pcap',
      'ptp_ethernet.pcap',
      'ptp_management.pcap',
      'ptp_v2_1.pcap',
      'relts-0x80000000.pcap',
      'ripv1v2.pcap',
      'ripv2_auth.pcap',
      'rpvstp-trunk-native-vid5.pcap',
      'rsvp-infinite-loop.pcap',
      'rsvp_cap.pcap',
      'sflow-print-v6.pcap',
      'sflow_expanded.pcap',
      'syslog_udp.pcap',
      'telnet-iac-check-oobr.pcap',
      'timed_1.pcap',
      'various_gre.pcap',
    ],
  "Where a decoder's reads and checks stop as TShark's do: malformed, short and unreassembled marks": [
    'DECnet_Phone.pcap',
    'ISAKMP_sa_setup.pcap',
    'babel_rtt.pcap',
    'bgp-aigp-oobr.pcap',
    'bgp-bgp_capabilities_print-oobr-1.pcap',
    'bgp-bgp_capabilities_print-oobr-2.pcap',
    'bgp-extended-optional-parameters-length.pcapng',
    'bgp-infinite-loop.pcap',
    'bgp-rt-prefix.pcap',
    'bgp-ub.pcap',
    'bgp_mp_reach_nlri-oobr.pcap',
    'bgp_mvpn_6_and_7_oobr.pcap',
    'bgp_pmsi_tunnel-oobr.pcap',
    'calm-fast-mac-lookup-heapoverflow.pcap',
    'cve-2014-8769-AODV.pcap',
    'dhcp-rfc4388.pcap',
    'dhcp6_reconf_asan.pcap',
    'dns-badlabel.pcap',
    'eigrp-tlv-oobr.pcap',
    'esis_opt_prot-oobr.pcap',
    'esis_snpa_asan-2.pcap',
    'esis_snpa_asan-3.pcap',
    'esis_snpa_asan-4.pcap',
    'esis_snpa_asan.pcap',
    'frf15-heapoverflow.pcap',
    'heapoverflow-in_checksum.pcap',
    'hoobr_aodv_extension.pcap',
    'hoobr_ripng_print.pcap',
    'icmp-icmp_print-oobr-2.pcap',
    'ikev1_id_ipv6_addr_subnet-oobr.pcap',
    'ikev2pI2-segfault.pcapng',
    'ip6-snmp-oid-unsigned.pcap',
    'ipv6_frag6_negative_len.pcap',
    'ipx-invalid-length.pcap',
    'isakmp-3948-oobr-2.pcap',
    'isakmp-delete-segfault.pcap',
    'isakmp-ikev1_n_print-oobr.pcap',
    'isakmp-pointer-loop.pcap',
    'isakmp-various-oobr.pcap',
    'isakmpv1-attr-oobr.pcap',
    'isis-extd-isreach-oobr.pcap',
    'isis-infinite-loop.pcap',
    'isis_stlv_asan-2.pcap',
    'isis_stlv_asan-3.pcap',
    'isis_stlv_asan-4.pcap',
    'isis_stlv_asan.pcap',
    'isis_sysid_asan.pcap',
    'kday2.pcap',
    'kday5.pcap',
    'kday8.pcap',
    'ldp-infinite-loop.pcap',
    'ldp-ldp_tlv_print-oobr.pcap',
    'ldp_tlv_print-oobr.pcap',
    'lisp_eid_notify.pcap',
    'lisp_invalid.pcap',
    'mpls-label-heapoverflow.pcap',
    'mptcp-dss-oobr.pcap',
    'mptcp-fclose.pcap',
    'mptcp-tcprst.pcap',
    'mptcp-v1.pcap',
    'msnlb.pcap',
    'olsr-oobr-1.pcap',
    'ospf-signed-integer-ubsan.pcap',
    'ospf6_decode_v3_asan.pcap',
    'ospf6_print_lshdr-oobr.pcap',
    'pgm_group_addr_asan.pcap',
    'radius_rfc5447_invalid_length.pcap',
    'rip_error_hexdump.pcap',
    'ripv2-invalid-length.pcap',
    'rpki-rtr-oobr.pcap',
    'sflow_multiple_counter_30_pdus.pcap',
    'someip1.pcap',
    'stp-v4-length-sigsegv.pcap',
    'tok2str-oobr-1.pcap',
    'truncated-aack.pcap',
    'vrrp-vrrp_print-oobr-2.pcap',
    'vrrp-vrrp_print-oobr.pcap',
    'zmtp1-inf-loop-1.pcapng',
    'icmp_inft_name_length_zero.pcap',
    'pktap-heap-overflow.pcap',
    'smb_print_trans-oobr1.pcap',
    'eap_extract_read2_asan.pcap',
    'l2tp-avp-overflow.pcap',
    'ieee802.11_meshhdr-oobr.pcap',
    'ieee802.11_rates_oobr.pcap',
    'ieee802.11_parse_elements_oobr.pcap',
    'ieee802.11_tim_ie_oobr.pcap',
  ],
};

const COLUMNS = path.join(FIXTURES, 'corpus-columns');
const pool = new BufferPool();

/** Every frame's stack, Protocol and Info, ours against TShark's; mismatches as readable lines. */
function disagreements(file: string): string[] {
  const stacks = readTsv(path.join(ORACLE, `${file}.tsv`));
  const columns = readTsv(path.join(COLUMNS, `${file}.tsv`));
  const reader = openCapture(path.join(CAPTURES, file), { pool });
  const session = new DissectSession(pool);
  const out: string[] = [];
  let n = 0;
  try {
    for (let f = reader.next(); f !== undefined; f = reader.next()) {
      const { pinfo } = dissectFrame(f, f.data.bytes, session);
      const stack = stacks[n]?.[5] ?? '';
      const [, protocol = '', info = ''] = columns[n] ?? [];
      n++;
      if (pinfo.protocols.join(':') !== stack) out.push(`frame ${f.number} stack: ${pinfo.protocols.join(':')} | tshark ${stack}`);
      if (pinfo.protocol !== protocol) out.push(`frame ${f.number} Protocol: ${pinfo.protocol} | tshark ${protocol}`);
      if (pinfo.info !== info) out.push(`frame ${f.number} Info: «${pinfo.info}» | tshark «${info}»`);
    }
  } finally {
    reader.close();
  }
  if (n !== stacks.length) out.push(`${n} frames read, the oracle has ${stacks.length}`);
  return out;
}

describe('corpus files read as TShark reads them (stack, Protocol, Info)', () => {
  for (const [group, files] of Object.entries(CLAIMED)) {
    describe(group, () => {
      it.each(files)('%s', (file) => {
        expect(existsSync(path.join(COLUMNS, `${file}.tsv`)), `run scripts/corpus-columns.ts ${file}`).toBe(true);
        expect(disagreements(file)).toEqual([]);
      });
    });
  }
});

/** Raised as decoders land: corpus files whose every frame's protocol stack equals TShark's (issue 17 asks for 700). */
const STACK_FILES_FLOOR = 761;

describe('corpus files whose every frame has TShark protocol stack', () => {
  it(`are at least ${STACK_FILES_FLOOR}`, () => {
    const files = readTsv(path.join(ORACLE, 'index.tsv'))
      .slice(1)
      .filter((r) => !r[4])
      .map((r) => r[0]!);
    let agree = 0;
    for (const file of files) {
      const stacks = readTsv(path.join(ORACLE, `${file}.tsv`));
      const reader = openCapture(path.join(CAPTURES, file), { pool });
      const session = new DissectSession(pool);
      let n = 0;
      let ok = true;
      try {
        for (let f = reader.next(); f !== undefined; f = reader.next()) {
          const { pinfo } = dissectFrame(f, f.data.bytes, session);
          if (pinfo.protocols.join(':') !== (stacks[n++]?.[5] ?? '')) ok = false;
        }
      } finally {
        reader.close();
      }
      if (ok && n === stacks.length) agree++;
    }
    expect(agree).toBeGreaterThanOrEqual(STACK_FILES_FLOOR);
  });
});
