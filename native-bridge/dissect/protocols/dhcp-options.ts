/**
 * DHCP/BOOTP option names (RFC 2132 and later, as Wireshark spells them) and how each one's
 * value is laid out. The value's filter name is `dhcp.option.<field>`.
 */
export type OptionKind =
  | 'ip' // one IPv4 address (also shown in the option's header line)
  | 'ips' // a list of IPv4 addresses
  | 'str' // text
  | 'u8'
  | 'u16'
  | 'u32'
  | 'i32'
  | 'secs' // a duration in seconds, 0xffffffff = infinity
  | 'bool'
  | 'bytes';

export interface OptionSpec<F extends string = OptionField> {
  name: string;
  kind: OptionKind;
  /** The value's field: `dhcp.option.<field>`; none: `dhcp.option.value` bytes. */
  field?: F;
}

const o = <const F extends string = never>(name: string, kind: OptionKind, field?: F): OptionSpec<F> =>
  field === undefined ? { name, kind } : { name, kind, field };

const OPTION_TABLE = {
  0: o('Padding', 'bytes'),
  1: o('Subnet Mask', 'ip', 'subnet_mask'),
  2: o('Time Offset', 'i32', 'time_offset'),
  3: o('Router', 'ips', 'router'),
  4: o('Time Server', 'ips', 'time_server'),
  5: o('Name Server', 'ips', 'name_server'),
  6: o('Domain Name Server', 'ips', 'domain_name_server'),
  7: o('Log Server', 'ips', 'log_server'),
  8: o('Quotes Server', 'ips', 'quotes_server'),
  9: o('LPR Server', 'ips', 'lpr_server'),
  10: o('Impress Server', 'ips', 'impress_server'),
  11: o('Resource Location Server', 'ips', 'resource_location_server'),
  12: o('Host Name', 'str', 'hostname'),
  13: o('Boot File Size', 'u16', 'boot_file_size'),
  14: o('Merit Dump file', 'str', 'merit_dump_file'),
  15: o('Domain Name', 'str', 'domain_name'),
  16: o('Swap Server', 'ip', 'swap_server'),
  17: o('Root Path', 'str', 'root_path'),
  18: o('Extensions Path', 'str', 'extension_path'),
  19: o('IP Forwarding', 'bool', 'ip_forwarding'),
  20: o('Non-Local Source Routing', 'bool', 'non_local_source_routing'),
  21: o('Policy Filter', 'bytes'),
  22: o('Maximum Datagram Reassembly Size', 'u16', 'max_datagram_reassembly_size'),
  23: o('Default IP Time-to-Live', 'u8', 'default_ip_ttl'),
  24: o('Path MTU Aging Timeout', 'u32', 'path_mtu_aging_timeout'),
  25: o('Path MTU Plateau Table', 'bytes'),
  26: o('Interface MTU', 'u16', 'interface_mtu'),
  27: o('All Subnets are Local', 'bool', 'all_subnets_are_local'),
  28: o('Broadcast Address', 'ip', 'broadcast_address'),
  29: o('Perform Mask Discovery', 'bool', 'perform_mask_discovery'),
  30: o('Mask Supplier', 'bool', 'mask_supplier'),
  31: o('Perform Router Discover', 'bool', 'perform_router_discover'),
  32: o('Router Solicitation Address', 'ip', 'router_solicitation_address'),
  33: o('Static Route', 'bytes'),
  34: o('Trailer Encapsulation', 'bool', 'trailer_encapsulation'),
  35: o('ARP Cache Timeout', 'u32', 'arp_cache_timeout'),
  36: o('Ethernet Encapsulation', 'bool', 'ethernet_encapsulation'),
  37: o('TCP Default TTL', 'u8', 'tcp_default_ttl'),
  38: o('TCP Keepalive Interval', 'u32', 'tcp_keepalive_interval'),
  39: o('TCP Keepalive Garbage', 'bool', 'tcp_keepalive_garbage'),
  40: o('Network Information Service Domain', 'str', 'nis_domain'),
  41: o('Network Information Service Servers', 'ips', 'nis_server'),
  42: o('Network Time Protocol Servers', 'ips', 'ntp_server'),
  43: o('Vendor-Specific Information', 'bytes'),
  44: o('NetBIOS over TCP/IP Name Server', 'ips', 'netbios_over_tcpip_name_server'),
  45: o('NetBIOS over TCP/IP Datagram Distribution Name Server', 'ips', 'netbios_over_tcpip_dd_name_server'),
  46: o('NetBIOS over TCP/IP Node Type', 'u8', 'netbios_over_tcpip_node_type'),
  47: o('NetBIOS over TCP/IP Scope', 'str', 'netbios_over_tcpip_scope'),
  48: o('X Window System Font Server', 'ips', 'xwindows_system_font_server'),
  49: o('X Window System Display Manager', 'ips', 'xwindows_system_display_manager'),
  50: o('Requested IP Address', 'ip', 'requested_ip_address'),
  51: o('IP Address Lease Time', 'secs', 'ip_address_lease_time'),
  52: o('Option Overload', 'u8', 'option_overload'),
  53: o('DHCP Message Type', 'u8', 'dhcp'),
  54: o('DHCP Server Identifier', 'ip', 'dhcp_server_id'),
  55: o('Parameter Request List', 'u8', 'request_list_item'),
  56: o('Message', 'str', 'message'),
  57: o('Maximum DHCP Message Size', 'u16', 'dhcp_max_message_size'),
  58: o('Renewal Time Value', 'secs', 'renewal_time_value'),
  59: o('Rebinding Time Value', 'secs', 'rebinding_time_value'),
  60: o('Vendor class identifier', 'str', 'vendor_class_id'),
  61: o('Client identifier', 'bytes'),
  62: o('Novell/Netware IP domain', 'str', 'novell_netware_ip_domain'),
  64: o('Network Information Service+ Domain', 'str', 'nis_plus_domain'),
  65: o('Network Information Service+ Servers', 'ips', 'nis_plus_server'),
  66: o('TFTP Server Name', 'str', 'tftp_server_name'),
  67: o('Bootfile name', 'str', 'bootfile_name'),
  68: o('Mobile IP Home Agent', 'ips', 'mobile_ip_home_agent'),
  69: o('SMTP Server', 'ips', 'smtp_server'),
  70: o('POP3 Server', 'bytes'),
  71: o('NNTP Server', 'ips', 'nntp_server'),
  72: o('Default WWW Server', 'ips', 'default_www_server'),
  73: o('Default Finger Server', 'ips', 'default_finger_server'),
  74: o('Default IRC Server', 'ips', 'default_irc_server'),
  75: o('StreetTalk Server', 'ips', 'streettalk_server'),
  76: o('StreetTalk Directory Assistance Server', 'ips', 'streettalk_da_server'),
  77: o('User Class Information', 'bytes'),
  78: o('Directory Agent Information', 'bytes'),
  79: o('Service Location Agent Scope', 'bytes'),
  80: o('Rapid commit', 'bytes'),
  81: o('Client Fully Qualified Domain Name', 'bytes'),
  82: o('Agent Information Option', 'bytes'),
  83: o('iSNS', 'bytes'),
  85: o('Novell Directory Services Servers', 'bytes'),
  86: o('Novell Directory Services Tree Name', 'str', 'novell_ds_tree_name'),
  87: o('Novell Directory Services Context', 'str', 'novell_ds_context'),
  90: o('Authentication', 'bytes'),
  91: o('Client last transaction time', 'secs', 'client_last_transaction_time'),
  92: o('Associated IP option', 'ips', 'associated_ip_option'),
  93: o('Client System Architecture', 'u16', 'client_system_architecture'),
  94: o('Client Network Device Interface', 'bytes'),
  97: o('UUID/GUID-based Client Identifier', 'bytes'),
  100: o('PCode', 'str', 'tz_pcode'),
  101: o('TCode', 'str', 'tz_tcode'),
  108: o('IPv6-Only Preferred', 'bytes'),
  112: o('NetInfo Parent Server Address', 'ips', 'netinfo_parent_server_address'),
  113: o('NetInfo Parent Server Tag', 'str', 'netinfo_parent_server_tag'),
  114: o('DHCP Captive-Portal', 'str', 'captive_portal'),
  116: o('DHCP Auto-Configuration', 'u8', 'dhcp_auto_configuration'),
  118: o('Subnet Selection Option', 'ip', 'subnet_selection_option'),
  119: o('Domain Search', 'bytes'),
  120: o('SIP Servers', 'bytes'),
  121: o('Classless Static Route', 'bytes'),
  124: o('V-I Vendor Class', 'bytes'),
  125: o('V-I Vendor-specific Information', 'bytes'),
  145: o('Forcerenew Nonce Capable', 'bytes'),
  150: o('TFTP Server Address', 'ips', 'tftp_server_address'),
  161: o('Manufacturer Usage Description', 'str', 'mudurl'),
  249: o('Private/Classless Static Route (Microsoft)', 'bytes'),
  252: o('Private/Proxy autodiscovery', 'str', 'private_proxy_autodiscovery'),
  255: o('End', 'u8', 'end'),
};

/** The value fields of the options: `dhcp` for `dhcp.option.dhcp`. */
export type OptionField = NonNullable<(typeof OPTION_TABLE)[keyof typeof OPTION_TABLE]['field']>;

export const OPTIONS: Readonly<Record<number, OptionSpec>> = OPTION_TABLE;

/** DHCP message types (option 53). */
export const MESSAGE_TYPES: Readonly<Record<number, string>> = {
  1: 'Discover',
  2: 'Offer',
  3: 'Request',
  4: 'Decline',
  5: 'ACK',
  6: 'NAK',
  7: 'Release',
  8: 'Inform',
  9: 'Force Renew',
  10: 'Lease query',
  11: 'Lease Unassigned',
  12: 'Lease Unknown',
  13: 'Lease Active',
  14: 'Bulk Lease Query',
  15: 'Lease Query Done',
  16: 'Active LeaseQuery',
  17: 'Lease Query Status',
  18: 'TLS',
};

/** ARP hardware types BOOTP uses in `htype` (the common ones). */
export const HW_TYPES: Readonly<Record<number, string>> = {
  0: 'NET/ROM pseudo',
  1: 'Ethernet',
  2: 'Experimental Ethernet',
  3: 'AX.25',
  4: 'ProNET',
  5: 'Chaos',
  6: 'IEEE 802',
  7: 'ARCNET',
  8: 'Hyperchannel',
  9: 'Lanstar',
  10: 'Autonet Short Address',
  11: 'Localtalk',
  12: 'LocalNet',
  13: 'Ultra link',
  14: 'SMDS',
  15: 'Frame Relay DLCI',
  16: 'ATM',
  17: 'HDLC',
  18: 'Fibre Channel',
  19: 'ATM',
  20: 'Serial Line',
  21: 'ATM',
  22: 'MIL-STD-188-220',
  23: 'Metricom',
  24: 'IEEE 1394.1995',
  25: 'MAPOS',
  26: 'Twinaxial',
  27: 'EUI-64',
  28: 'HIPARP',
  29: 'IP and ARP over ISO 7816-3',
  30: 'ARPSec',
  31: 'IPsec tunnel',
  32: 'InfiniBand',
  33: 'TIA-102 Project 25 Common Air Interface',
  34: 'Wiegand Interface',
  35: 'Pure IP',
};

/** Where a value field's name differs from its option's (TShark 4.0's field names). */
const FIELD_NAMES: Readonly<Record<string, string>> = {
  merit_dump_file: 'Merit Dump File',
  nis_server: 'Network Information Service Server',
  ntp_server: 'Network Time Protocol Server',
  nis_plus_server: 'Network Information Service+ Server',
  tz_pcode: 'TZ PCode',
  tz_tcode: 'TZ TCode',
  captive_portal: 'Captive Portal',
  mudurl: 'MUDURL',
  request_list_item: 'Parameter Request List Item',
  dhcp: 'DHCP',
  end: 'Option End',
};

/** The type of an option's value field, by the option's kind (as TShark 4.0 has them). */
const VALUE_TYPES: Readonly<Record<OptionKind, { type: 'ipv4' | 'string' | 'uint' | 'int' | 'bool'; bits?: number }>> = {
  ip: { type: 'ipv4' },
  ips: { type: 'ipv4' },
  str: { type: 'string' },
  i32: { type: 'int', bits: 32 },
  bool: { type: 'bool' },
  u8: { type: 'uint', bits: 8 },
  u16: { type: 'uint', bits: 16 },
  u32: { type: 'uint', bits: 32 },
  secs: { type: 'uint', bits: 32 },
  bytes: { type: 'uint', bits: 32 }, // no option of this kind has a value field
};

/** The value fields options use, registered with the DHCP fields. */
export function optionFieldSpecs(): {
  abbrev: `dhcp.option.${OptionField}`;
  name: string;
  type: 'ipv4' | 'string' | 'uint' | 'int' | 'bool';
  bits?: number;
}[] {
  const seen = new Set<string>();
  const out: ReturnType<typeof optionFieldSpecs> = [];
  for (const spec of Object.values(OPTIONS)) {
    if (spec.field === undefined || seen.has(spec.field)) continue;
    seen.add(spec.field);
    out.push({ abbrev: `dhcp.option.${spec.field}`, name: FIELD_NAMES[spec.field] ?? spec.name, ...VALUE_TYPES[spec.kind] });
  }
  return out;
}
