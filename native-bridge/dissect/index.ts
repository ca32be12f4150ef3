/**
 * Dissection: one protocol per file under protocols/, each registering its fields in the
 * field table and itself in its parents' dissector tables. Importing this module registers
 * them all.
 */
import './protocols/aarp.js';
import './protocols/ah.js';
import './protocols/aodv.js';
import './protocols/aoe.js';
import './protocols/arcnet.js';
import './protocols/avsp.js';
import './protocols/arp.js';
import './protocols/babel.js';
import './protocols/bfd.js';
import './protocols/bgp.js';
import './protocols/browser.js';
import './protocols/btpa.js';
import './protocols/btpb.js';
import './protocols/cdp.js';
import './protocols/cfm.js';
import './protocols/chdlc.js';
import './protocols/cmd.js';
import './protocols/data.js';
import './protocols/dccp.js';
import './protocols/dec-dna.js';
import './protocols/dhcp.js';
import './protocols/dhcpv6.js';
import './protocols/dns.js';
import './protocols/dtp.js';
import './protocols/dvmrp.js';
import './protocols/eapol.js';
import './protocols/eigrp.js';
import './protocols/erspan.js';
import './protocols/esis.js';
import './protocols/esp.js';
import './protocols/eth.js';
import './protocols/fr.js';
import './protocols/geneve.js';
import './protocols/geonw.js';
import './protocols/gre.js';
import './protocols/hsrp.js';
import './protocols/http.js';
import './protocols/icmp.js';
import './protocols/icmpv6.js';
import './protocols/ieee8021ad.js';
import './protocols/igmp.js';
import './protocols/igrp.js';
import './protocols/ip.js';
import './protocols/ipcomp.js';
import './protocols/ipnet.js';
import './protocols/ipoib.js';
import './protocols/ipv6-ext.js';
import './protocols/ipv6.js';
import './protocols/ipx.js';
import './protocols/nbipx.js';
import './protocols/isakmp.js';
import './protocols/isis.js';
import './protocols/juniper.js';
import './protocols/kerberos.js';
import './protocols/l2tp.js';
import './protocols/lacp.js';
import './protocols/ldp.js';
import './protocols/lisp.js';
import './protocols/llc.js';
import './protocols/lldp.js';
import './protocols/lmp.js';
import './protocols/loop.js';
import './protocols/lwres.js';
import './protocols/macsec.js';
import './protocols/mipv6.js';
import './protocols/mpls-echo.js';
import './protocols/mpls.js';
import './protocols/msnlb.js';
import './protocols/nbdgm.js';
import './protocols/nbns.js';
import './protocols/nbss.js';
import './protocols/nflog.js';
import './protocols/nhrp.js';
import './protocols/nsh.js';
import './protocols/ntp.js';
import './protocols/null.js';
import './protocols/olsr.js';
import './protocols/openflow.js';
import './protocols/openflow-v1.js';
import './protocols/openflow-v4.js';
import './protocols/openflow-v5.js';
import './protocols/openflow-v6.js';
import './protocols/osi.js';
import './protocols/ospf.js';
import './protocols/pgm.js';
import './protocols/pim.js';
import './protocols/pktap.js';
import './protocols/ppp-cp.js';
import './protocols/ppp.js';
import './protocols/pppoe.js';
import './protocols/pptp.js';
import './protocols/ptp.js';
import './protocols/radiotap.js';
import './protocols/radius.js';
import './protocols/raw.js';
import './protocols/resp.js';
import './protocols/rip.js';
import './protocols/ripng.js';
import './protocols/rpkirtr.js';
import './protocols/rsvp.js';
import './protocols/rtcp.js';
import './protocols/rtp.js';
import './protocols/rx.js';
import './protocols/sctp.js';
import './protocols/sdp.js';
import './protocols/sflow.js';
import './protocols/sip.js';
import './protocols/slarp.js';
import './protocols/sll.js';
import './protocols/slow.js';
import './protocols/smb-mailslot.js';
import './protocols/smb.js';
import './protocols/snmp.js';
import './protocols/ssh.js';
import './protocols/stp.js';
import './protocols/syslog.js';
import './protocols/tcp.js';
import './protocols/telnet.js';
import './protocols/tipc.js';
import './protocols/tftp.js';
import './protocols/tls.js';
import './protocols/quic.js';
import './protocols/tsp.js';
import './protocols/udld.js';
import './protocols/udp.js';
import './protocols/udpencap.js';
import './protocols/user-dlt.js';
import './protocols/vlan.js';
import './protocols/vrrp.js';
import './protocols/vtp.js';
import './protocols/vxlan-gpe.js';
import './protocols/vxlan.js';
import './protocols/wlan-radio.js';
import './protocols/wlan.js';
import './protocols/wpan.js';

export { type BrotliDecoder, provideBrotli } from './core/codecs.js';
export { dissectFrame, frameFields, type Dissection } from './core/frame.js';
export { fieldTable, type FieldInfo, type FieldType } from './core/fields.js';
export { countDisplayedOnly, frameDisplayed, setFrameViewer, type FrameViewer } from './core/frame-times.js';
export { ProtoTree } from './core/tree.js';
export { fieldText, fieldValueText, nodeLabel } from './core/render.js';
export {
  DissectSession,
  type DissectSessionOptions,
  type DissectSessionStats,
  type FrameSlot,
  type SessionStateKey,
  frameSlot,
} from './core/session.js';
export type { FrameCodec, FrameLogStats, FrameReader, FrameWriter } from './core/frame-log.js';
export { PacketInfo, type Malformed } from './core/packet-info.js';
export { etherString, ipv4String, ipv6String } from './core/format.js';
export { linkTypes } from './core/tables.js';
export { shownTree, shownIndexes, displayParent, isAlias, type ShownNode } from './core/shown.js';
export {
  SEVERITIES,
  SEVERITY_NAME,
  SEVERITY_VALUE,
  GROUPS,
  GROUP_NAME,
  GROUP_VALUE,
  addExpert,
  expertByField,
  expertFields,
  expertTable,
  expertsOf,
  protocolShortName,
  severityOfNode,
  type ExpertHit,
  type ExpertInfo,
  type Group,
  type Severity,
} from './core/expert-info.js';
