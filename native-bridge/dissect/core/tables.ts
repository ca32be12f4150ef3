import type { Dissector, HeuristicDissector } from './dissector.js';

/**
 * The dissector tables there are, and what their keys are. Register and look up through these
 * names only, so a misspelt table does not compile (it would be a new, empty table).
 */
export type TableName =
  | 'link_type' // LINKTYPE_* value of the capture: the link layer
  | 'ethertype' // EtherType (Ethernet, 802.1Q/802.1ad, Linux cooked capture, raw IP)
  | 'llc' // 802.2 LLC payloads (key 0: the LLC decoder)
  | 'llc.dsap' // LLC DSAP when it is not SNAP (0x42 STP, 0xe0 IPX, 0xfe OSI)
  | 'llc.cisco_pid' // SNAP protocol id under Cisco's OUI 00:00:0c (CDP, UDLD, DTP, VTP, PVST+)
  | 'llc.oui_pid' // SNAP under other OUIs, keyed `oui:pid` in hex (`000081:01a2`, Nortel's NDP)
  | 'ppp.protocol' // PPP protocol number of PPP's own protocols (LCP, IPCP); network protocols via `ethertype`
  | 'chdlc.protocol' // Cisco HDLC protocol where it is not an EtherType's protocol (0x8035 SLARP)
  | 'fr.nlpid' // Frame Relay NLPID (RFC 2427) where it is not an OSI protocol (0x08 Q.933)
  | 'igmp.type' // IGMP message types that are other protocols (0x14 PIMv1)
  | 'osi.nlpid' // OSI network layer protocol id (0x83 IS-IS)
  | 'slow.subtype' // Slow Protocols subtype (EtherType 0x8809: 1 LACP)
  | 'sll.ltype' // Linux cooked capture's protocol field when it is not an EtherType
  | 'null.type' // BSD loopback address family
  | 'ip.proto' // IP protocol number (IPv4 protocol, IPv6 next header)
  | 'ipx.socket' // IPX socket of a protocol decoded behind IPX (0x0455 NetBIOS); tried lower socket first, off the stack as TShark's
  | 'gre.proto' // GRE protocol type where it is not an EtherType's protocol (ERSPAN, NHRP); else `ethertype`
  | 'udp.port'
  | 'tcp.port'
  | 'wlan' // key 0: the 802.11 decoder, for the radio headers
  | 'wlan_radio' // key 0: the 802.11 radio information decoder, for radiotap
  | 'media_type' // HTTP body by media type, lower case without parameters
  | 'openflow.version' // OpenFlow message version (1: 1.0, 4: 1.3, 5: 1.4, 6: 1.5)
  | 'geonw.ch.nh' // GeoNetworking common header's next header (1 BTP-A, 2 BTP-B)
  | 'btpa.port' // BTP-A port, tried lower port first (ITS messages in TShark; none decoded here)
  | 'btpb.port' // BTP-B destination port
  | 'smb.transaction' // SMB transaction name's first path element (`MAILSLOT`)
  | 'mailslot.name'; // SMB mailslot name after `\MAILSLOT\` (`BROWSE`)

/**
 * The heuristic lists: protocols found by content over UDP or TCP; `udp.conversation` holds the
 * decoders of UDP conversations another protocol set up (RTP and RTCP from SDP), which UDP
 * asks before its port table (Wireshark's conversation dissectors); `netbios` the protocols found
 * in NetBIOS datagrams and session messages (SMB).
 */
export type HeuristicListName = 'udp' | 'tcp' | 'udp.conversation' | 'netbios';

/**
 * Dissector tables: how a parent finds its child without naming it. Ethernet looks up
 * `ethertype` 0x0800; IPv4 registered itself there. UDP looks up `udp.port` by the lower port
 * first, then the higher, then the `udp` heuristics, then falls back to `data`.
 */
export class DissectorTable {
  readonly #map = new Map<number | string, Dissector>();

  constructor(
    readonly name: TableName,
    readonly description: string,
  ) {}

  add(key: number | string, dissector: Dissector): void {
    this.#map.set(key, dissector);
  }

  get(key: number | string): Dissector | undefined {
    return this.#map.get(key);
  }

  entries(): IterableIterator<[number | string, Dissector]> {
    return this.#map.entries();
  }
}

const tables = new Map<TableName, DissectorTable>();
const heuristics = new Map<HeuristicListName, HeuristicDissector[]>();

/** The table called `name`, created on first use (registration order does not matter). */
export function dissectorTable(name: TableName, description: string = name): DissectorTable {
  let t = tables.get(name);
  if (t === undefined) {
    t = new DissectorTable(name, description);
    tables.set(name, t);
  }
  return t;
}

/** The heuristic list called `name` (`udp`, `tcp`). */
export function heuristicList(name: HeuristicListName): HeuristicDissector[] {
  let h = heuristics.get(name);
  if (h === undefined) {
    h = [];
    heuristics.set(name, h);
  }
  return h;
}

/** The LINKTYPE_ values a link-layer decoder is registered for, ascending. */
export function linkTypes(): number[] {
  return [...dissectorTable('link_type').entries()].map(([k]) => Number(k)).sort((a, b) => a - b);
}
