/**
 * Coloring rules: Wireshark's default list (TShark 4.0's `colorfilters` file), in order: a
 * packet takes the colors of the first enabled rule whose display filter passes it. Colors
 * are the file's 16-bit RGB values (background first, then foreground) as CSS hex.
 *
 * Where a rule tests protocols Wirepool does not dissect, the filter keeps what it can, with a
 * `note` (and Wireshark's text in `wireshark`): absent protocols never pass, so `!pim` holds
 * and `http2` never does, and the reduced filter colors exactly as Wireshark's would. A rule
 * made only of such protocols keeps Wireshark's filter, which does not compile here: it stays
 * in the list (and the Coloring Rules dialog shows why) but never matches.
 */
export interface ColoringRule {
  name: string;
  filter: string;
  /** CSS colors, `#rrggbb`. */
  background: string;
  foreground: string;
  enabled: boolean;
  /** What differs from Wireshark's rule, and why. */
  note?: string;
  /** Wireshark's filter, where ours differs. */
  wireshark?: string;
}

/** Wireshark's 16-bit color channel as two hex digits (65535 → ff). */
const hex16 = (c: number): string =>
  Math.round(c / 257)
    .toString(16)
    .padStart(2, '0');
const rgb = (r: number, g: number, b: number): string => `#${hex16(r)}${hex16(g)}${hex16(b)}`;

type Rgb = [number, number, number];
const rule = (name: string, filter: string, bg: Rgb, fg: Rgb, extra: Pick<ColoringRule, 'note' | 'wireshark'> = {}): ColoringRule => ({
  name,
  filter,
  background: rgb(...bg),
  foreground: rgb(...fg),
  enabled: true,
  ...extra,
});

const DARK: Rgb = [4718, 10030, 11796];
const NOT_DISSECTED = 'Wirepool does not dissect this protocol: the rule never matches';

export const DEFAULT_COLORING_RULES: readonly ColoringRule[] = [
  rule(
    'Bad TCP',
    'tcp.analysis.flags && !tcp.analysis.window_update && !tcp.analysis.keep_alive && !tcp.analysis.keep_alive_ack',
    DARK,
    [63479, 34695, 34695],
  ),
  rule('HSRP State Change', 'hsrp.state != 8 && hsrp.state != 16', DARK, [65535, 64764, 40092]),
  rule('Spanning Tree Topology  Change', 'stp.type == 0x80', DARK, [65535, 64764, 40092]),
  rule('OSPF State Change', 'ospf.msg != 1', DARK, [65535, 64764, 40092]),
  rule('ICMP errors', 'icmp.type in { 3..5, 11 } || icmpv6.type in { 1..4 }', DARK, [47031, 63479, 29812]),
  rule('ARP', 'arp', [64250, 61680, 55255], DARK),
  rule('ICMP', 'icmp || icmpv6', [64764, 57568, 65535], DARK),
  rule('TCP RST', 'tcp.flags.reset eq 1', [42148, 0, 0], [65535, 64764, 40092]),
  rule('SCTP ABORT', 'sctp.chunk_type eq ABORT', [42148, 0, 0], [65535, 64764, 40092]),
  rule(
    'TTL low or unexpected',
    '(ip.dst != 224.0.0.0/4 && ip.ttl < 5 && !pim && !ospf) || (ip.dst == 224.0.0.0/24 && ip.dst != 224.0.0.251 && ip.ttl != 1 && !vrrp)',
    [42148, 0, 0],
    [60652, 61680, 60395],
    {
      note: 'carp is not dissected: its test is left out (a CARP advertisement to 224.0.0.18 is colored as TTL unexpected)',
      wireshark:
        '(ip.dst != 224.0.0.0/4 && ip.ttl < 5 && !pim && !ospf) || (ip.dst == 224.0.0.0/24 && ip.dst != 224.0.0.251 && ip.ttl != 1 && !(vrrp || carp))',
    },
  ),
  rule(
    'Checksum Errors',
    'ip.checksum.status == "Bad" || tcp.checksum.status == "Bad" || udp.checksum.status == "Bad" || wlan.fcs.status == "Bad"',
    DARK,
    [63479, 34695, 34695],
    {
      note: 'eth.fcs, sctp, mstp, cdp, edp and stt checksums are not dissected: their tests are left out',
      wireshark:
        'eth.fcs.status=="Bad" || ip.checksum.status=="Bad" || tcp.checksum.status=="Bad" || udp.checksum.status=="Bad" || sctp.checksum.status=="Bad" || mstp.checksum.status=="Bad" || cdp.checksum.status=="Bad" || edp.checksum.status=="Bad" || wlan.fcs.status=="Bad" || stt.checksum.status=="Bad"',
    },
  ),
  rule('SMB', 'smb || nbss || nbns || netbios', [65278, 65535, 53456], DARK),
  rule('HTTP', 'http || tcp.port == 80', [58596, 65535, 51143], DARK, {
    note: 'http2 is not dissected: its test is left out',
    wireshark: 'http || tcp.port == 80 || http2',
  }),
  rule('DCERPC', 'dcerpc', [51199, 38706, 65533], DARK, { note: NOT_DISSECTED }),
  rule('Routing', 'hsrp || ospf || bgp || cdp || vrrp || igmp', [65534, 62325, 54808], DARK, {
    note: 'eigrp, carp, gvrp and ismp are not dissected: their tests are left out',
    wireshark: 'hsrp || eigrp || ospf || bgp || cdp || vrrp || carp || gvrp || igmp || ismp',
  }),
  rule('TCP SYN/FIN', 'tcp.flags & 0x02 || tcp.flags.fin == 1', [41026, 41026, 41026], DARK),
  rule('TCP', 'tcp', [59345, 58980, 65535], DARK),
  rule('UDP', 'udp', [56026, 61166, 65535], DARK),
  rule('Broadcast', 'eth[0] & 1', [65535, 65535, 65535], [47802, 48573, 46774]),
  rule('System Event', 'systemd_journal || sysdig', [59110, 59110, 59110], [11565, 28527, 39578], { note: NOT_DISSECTED }),
];

/** The most rules a list may hold (the `coloring` operation's limit). */
export const MAX_COLORING_RULES = 256;
