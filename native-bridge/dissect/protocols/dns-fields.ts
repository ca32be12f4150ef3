import { fieldTable } from '../core/fields.js';

/**
 * The DNS field table and value names, shared by dns.ts (messages), dns-rr.ts (record data)
 * and the mDNS/LLMNR variants, which show the same `dns.*` fields under their own protocol
 * (as Wireshark does). Abbrevs, types and widths are TShark 4.0's: they are the filter language.
 */

/** Record type descriptions (tree text); the Info column uses the short name before " (". */
const TYPE_DESCRIPTIONS: Readonly<Record<number, string>> = {
  0: 'Unused', 1: 'A (Host Address)', 2: 'NS (authoritative Name Server)', 3: 'MD (Mail Destination)',
  4: 'MF (Mail Forwarder)', 5: 'CNAME (Canonical NAME for an alias)', 6: 'SOA (Start Of a zone of Authority)',
  7: 'MB (MailBox domain name)', 8: 'MG (Mail Group member)', 9: 'MR (Mail Rename domain)', 10: 'NULL RR',
  11: 'WKS (Well Known Service)', 12: 'PTR (domain name PoinTeR)', 13: 'HINFO (host information)',
  14: 'MINFO (Mailbox or mail list information)', 15: 'MX (Mail eXchange)', 16: 'TXT (Text strings)',
  17: 'RP (Responsible Person)', 18: 'AFSDB (AFS Data Base location)', 19: 'X25 (XX.25 PSDN address)',
  20: 'ISDN (ISDN address)', 21: 'RT (Route Through)', 22: 'NSAP (NSAP address)',
  23: 'NSAP-PTR (NSAP domain name pointer)', 24: 'SIG (security signature)', 25: 'KEY (security key)',
  26: 'PX (X.400 mail mapping information)', 27: 'GPOS (Geographical Position)', 28: 'AAAA (IPv6 Address)',
  29: 'LOC (Location Information)', 30: 'NXT (Next Domain)', 31: 'EID (Endpoint Identifier)',
  32: 'NIMLOC (Nimrod Locator)', 33: 'SRV (Server Selection)', 34: 'ATMA (ATM Address)',
  35: 'NAPTR (Naming Authority Pointer)', 36: 'KX (Key Exchanger)', 37: 'CERT', 38: 'A6 (OBSOLETE - use AAAA)',
  39: 'DNAME', 40: 'SINK', 41: 'OPT', 42: 'APL', 43: 'DS (Delegation Signer)', 44: 'SSHFP (SSH Key Fingerprint)',
  45: 'IPSECKEY', 46: 'RRSIG (Resource Record Signature)', 47: 'NSEC (Next Secure)', 48: 'DNSKEY (DNS Public Key)',
  49: 'DHCID', 50: 'NSEC3', 51: 'NSEC3PARAM', 52: 'TLSA', 55: 'HIP (Host Identity Protocol)', 57: 'RKEY',
  58: 'TALINK (Trust Anchor LINK)', 59: 'CDS (Child DS)', 60: 'CDNSKEY (DNSKEY(s) the Child wants reflected in DS)',
  61: 'OPENPGPKEY (OpenPGP Key)', 62: 'CSYNC (Child-to-Parent Synchronization)', 63: 'ZONEMD',
  64: 'SVCB (General Purpose Service Endpoints)', 65: 'HTTPS (HTTPS Specific Service Endpoints)', 99: 'SPF',
  100: 'UINFO', 101: 'UID', 102: 'GID', 103: 'UNSPEC', 104: 'NID (NodeID)', 105: 'L32 (Locator32)',
  106: 'L64 (Locator64)', 107: 'LP (Locator FQDN)', 108: 'EUI48', 109: 'EUI64', 249: 'TKEY (Transaction Key)',
  250: 'TSIG (Transaction Signature)', 251: 'IXFR (incremental transfer)', 252: 'AXFR (transfer of an entire zone)',
  253: 'MAILB (mailbox-related RRs)', 254: 'MAILA (mail agent RRs)',
  255: '* (A request for all records the server/cache has available)', 256: 'URI',
  257: 'CAA (Certification Authority Restriction)', 32768: 'TA (DNSSEC Trust Authorities)',
  32769: 'DLV (DNSSEC Lookaside Validation)', 65281: 'WINS', 65282: 'WINS-R', 65422: 'XPF',
};

const SHORT_OVERRIDES: Readonly<Record<number, string>> = { 10: 'NULL', 255: 'ANY' };

/** The short type name Wireshark puts in the Info column (`A`, `AAAA`, `Unknown (2308)`). */
export function typeName(type: number): string {
  const d = TYPE_DESCRIPTIONS[type];
  if (d === undefined) return `Unknown (${type})`;
  return SHORT_OVERRIDES[type] ?? d.split(' (')[0]!;
}

export const CLASS_NAMES: Readonly<Record<number, string>> = { 1: 'IN', 2: 'CS', 3: 'CH', 4: 'HS', 254: 'NONE', 255: 'ANY' };

export const OPCODE_NAMES: Readonly<Record<number, string>> = {
  0: 'Standard query', 1: 'Inverse query', 2: 'Server status request', 4: 'Zone change notification',
  5: 'Dynamic update', 6: 'DNS Stateful operations (DSO)',
};

export const RCODE_NAMES: Readonly<Record<number, string>> = {
  0: 'No error', 1: 'Format error', 2: 'Server failure', 3: 'No such name', 4: 'Not implemented', 5: 'Refused',
  6: 'Name exists', 7: 'RRset exists', 8: 'RRset does not exist', 9: 'Not authoritative', 10: 'Name out of zone',
  11: 'DSO-Type not implemented', 16: 'Bad OPT Version or TSIG Signature Failure', 17: 'Key not recognized',
  18: 'Signature out of time window', 19: 'Bad TKEY Mode', 20: 'Duplicate key name', 21: 'Algorithm not supported',
  22: 'Bad Truncation', 23: 'Bad/missing Server Cookie',
};

export const OPT_CODE_NAMES: Readonly<Record<number, string>> = {
  0: 'Reserved', 1: 'LLQ - Long-lived query', 2: 'UL - Update lease', 3: 'NSID - Name Server Identifier',
  4: 'Owner (reserved)', 5: 'DAU - DNSSEC Algorithm Understood (RFC6975)', 6: 'DHU - DS Hash Understood (RFC6975)',
  7: 'N3U - NSEC3 Hash Understood (RFC6975)', 8: 'CSUBNET - Client subnet', 9: 'EDNS EXPIRE (RFC7314)',
  10: 'COOKIE', 11: 'EDNS TCP Keepalive', 12: 'PADDING', 13: 'CHAIN', 15: 'Extended DNS Error',
  20730: 'Experimental - CSUBNET - Client subnet',
};

export const DNS = fieldTable.register('dns', 'Domain Name System', [
  { abbrev: 'dns.length', name: 'Length', type: 'uint', bits: 16 },
  { abbrev: 'dns.id', name: 'Transaction ID', type: 'uint', base: 'hex', bits: 16 },
  { abbrev: 'dns.flags', name: 'Flags', type: 'uint', base: 'hex', bits: 16 },
  { abbrev: 'dns.flags.response', name: 'Response', type: 'bool' },
  { abbrev: 'dns.flags.opcode', name: 'Opcode', type: 'uint', bits: 16, strings: OPCODE_NAMES },
  { abbrev: 'dns.flags.authoritative', name: 'Authoritative', type: 'bool' },
  { abbrev: 'dns.flags.conflict', name: 'Conflict', type: 'bool' },
  { abbrev: 'dns.flags.truncated', name: 'Truncated', type: 'bool' },
  { abbrev: 'dns.flags.recdesired', name: 'Recursion desired', type: 'bool' },
  { abbrev: 'dns.flags.tentative', name: 'Tentative', type: 'bool' },
  { abbrev: 'dns.flags.recavail', name: 'Recursion available', type: 'bool' },
  { abbrev: 'dns.flags.z', name: 'Z', type: 'bool' },
  { abbrev: 'dns.flags.authenticated', name: 'Answer authenticated', type: 'bool' },
  { abbrev: 'dns.flags.checkdisable', name: 'Non-authenticated data', type: 'bool' },
  { abbrev: 'dns.flags.rcode', name: 'Reply code', type: 'uint', bits: 16, strings: RCODE_NAMES },
  { abbrev: 'dns.count.queries', name: 'Questions', type: 'uint', bits: 16 },
  { abbrev: 'dns.count.zones', name: 'Zones', type: 'uint', bits: 16 },
  { abbrev: 'dns.count.answers', name: 'Answer RRs', type: 'uint', bits: 16 },
  { abbrev: 'dns.count.prerequisites', name: 'Prerequisites', type: 'uint', bits: 16 },
  { abbrev: 'dns.count.auth_rr', name: 'Authority RRs', type: 'uint', bits: 16 },
  { abbrev: 'dns.count.updates', name: 'Updates', type: 'uint', bits: 16 },
  { abbrev: 'dns.count.add_rr', name: 'Additional RRs', type: 'uint', bits: 16 },
  { abbrev: 'dns.qry.name', name: 'Name', type: 'string' },
  { abbrev: 'dns.qry.name.len', name: 'Name Length', type: 'uint', bits: 16 },
  { abbrev: 'dns.count.labels', name: 'Label Count', type: 'uint', bits: 16 },
  { abbrev: 'dns.qry.type', name: 'Type', type: 'uint', bits: 16, strings: TYPE_DESCRIPTIONS },
  { abbrev: 'dns.qry.class', name: 'Class', type: 'uint', base: 'hex', bits: 16, strings: CLASS_NAMES },
  { abbrev: 'dns.qry.qu', name: '"QU" question', type: 'bool' },
  { abbrev: 'dns.resp.name', name: 'Name', type: 'string' },
  { abbrev: 'dns.resp.type', name: 'Type', type: 'uint', bits: 16, strings: TYPE_DESCRIPTIONS },
  { abbrev: 'dns.resp.class', name: 'Class', type: 'uint', base: 'hex', bits: 16, strings: CLASS_NAMES },
  { abbrev: 'dns.resp.cache_flush', name: 'Cache flush', type: 'bool' },
  { abbrev: 'dns.resp.ttl', name: 'Time to live', type: 'uint', bits: 32 },
  { abbrev: 'dns.resp.len', name: 'Data length', type: 'uint', bits: 16 },
  { abbrev: 'dns.a', name: 'Address', type: 'ipv4' },
  { abbrev: 'dns.aaaa', name: 'AAAA Address', type: 'ipv6' },
  { abbrev: 'dns.ns', name: 'Name Server', type: 'string' },
  { abbrev: 'dns.cname', name: 'CNAME', type: 'string' },
  { abbrev: 'dns.ptr.domain_name', name: 'Domain Name', type: 'string' },
  { abbrev: 'dns.mx.preference', name: 'Preference', type: 'uint', bits: 16 },
  { abbrev: 'dns.mx.mail_exchange', name: 'Mail Exchange', type: 'string' },
  { abbrev: 'dns.txt.length', name: 'TXT Length', type: 'uint', bits: 8 },
  { abbrev: 'dns.txt', name: 'TXT', type: 'string' },
  { abbrev: 'dns.soa.mname', name: 'Primary name server', type: 'string' },
  { abbrev: 'dns.soa.rname', name: "Responsible authority's mailbox", type: 'string' },
  { abbrev: 'dns.soa.serial_number', name: 'Serial Number', type: 'uint', bits: 32 },
  { abbrev: 'dns.soa.refresh_interval', name: 'Refresh Interval', type: 'uint', bits: 32 },
  { abbrev: 'dns.soa.retry_interval', name: 'Retry Interval', type: 'uint', bits: 32 },
  { abbrev: 'dns.soa.expire_limit', name: 'Expire limit', type: 'uint', bits: 32 },
  { abbrev: 'dns.soa.minimum_ttl', name: 'Minimum TTL', type: 'uint', bits: 32 },
  { abbrev: 'dns.srv.service', name: 'Service', type: 'string' },
  { abbrev: 'dns.srv.proto', name: 'Protocol', type: 'string' },
  { abbrev: 'dns.srv.name', name: 'Name', type: 'string' },
  { abbrev: 'dns.srv.priority', name: 'Priority', type: 'uint', bits: 16 },
  { abbrev: 'dns.srv.weight', name: 'Weight', type: 'uint', bits: 16 },
  { abbrev: 'dns.srv.port', name: 'Port', type: 'uint', bits: 16 },
  { abbrev: 'dns.srv.target', name: 'Target', type: 'string' },
  { abbrev: 'dns.hinfo.cpu_length', name: 'CPU Length', type: 'uint', bits: 8 },
  { abbrev: 'dns.hinfo.cpu', name: 'CPU', type: 'string' },
  { abbrev: 'dns.hinfo.os_length', name: 'OS Length', type: 'uint', bits: 8 },
  { abbrev: 'dns.hinfo.os', name: 'OS', type: 'string' },
  { abbrev: 'dns.rr.udp_payload_size', name: 'UDP payload size', type: 'uint', bits: 16 }, // BASE_HEX with a mask: TShark prints it in decimal
  { abbrev: 'dns.resp.ext_rcode', name: 'Higher bits in extended RCODE', type: 'uint', base: 'hex', bits: 8 },
  { abbrev: 'dns.resp.edns0_version', name: 'EDNS0 version', type: 'uint', bits: 8 },
  { abbrev: 'dns.resp.z', name: 'Z', type: 'uint', base: 'hex', bits: 16 },
  { abbrev: 'dns.resp.z.do', name: 'DO bit', type: 'bool' },
  { abbrev: 'dns.resp.z.reserved', name: 'Reserved', type: 'uint', base: 'hex', bits: 16 },
  { abbrev: 'dns.opt', name: 'Option', type: 'none' },
  { abbrev: 'dns.opt.code', name: 'Option Code', type: 'uint', bits: 16, strings: OPT_CODE_NAMES },
  { abbrev: 'dns.opt.len', name: 'Option Length', type: 'uint', bits: 16 },
  { abbrev: 'dns.opt.data', name: 'Option Data', type: 'bytes' },
  { abbrev: 'dns.data', name: 'Data', type: 'bytes' },
  { abbrev: 'dns.extraneous.data', name: 'Extraneous Data Bytes', type: 'bytes' },
  { abbrev: 'dns.extraneous.length', name: 'Extraneous Data Length', type: 'int', bits: 32 },
  { abbrev: 'dns.response_to', name: 'Request In', type: 'framenum' },
  { abbrev: 'dns.time', name: 'Time', type: 'time' },
  { abbrev: 'dns.unsolicited', name: 'Unsolicited', type: 'bool' },
]);

/** mDNS and LLMNR: the DNS message format under their own protocol names (TShark's `mdns`, `llmnr`). */
export const MDNS = fieldTable.register('mdns', 'Multicast Domain Name System', []);
export const LLMNR = fieldTable.register('llmnr', 'Link-local Multicast Name Resolution', []);
