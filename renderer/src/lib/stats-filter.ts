import type { PlainConversation, PlainEndpoint, TableType } from '../../../native-bridge/protocol/index.js';

/** The display-filter field of an address in a table of `type` (TCP/UDP rows carry IPv4 or IPv6 addresses). */
function addressField(type: TableType, address: string): string {
  if (type === 'eth') return 'eth.addr';
  if (type === 'ipv6') return 'ipv6.addr';
  if (type === 'ip') return 'ip.addr';
  return address.includes(':') ? 'ipv6.addr' : 'ip.addr';
}

/** `tcp` or `udp`: the protocol whose port and stream fields a row of `type` names. */
const portProtocol = (type: TableType): 'tcp' | 'udp' | undefined => (type === 'tcp' || type === 'udp' ? type : undefined);

function endpointTerms(type: TableType, address: string, port: number | undefined): string {
  const proto = portProtocol(type);
  const addr = `${addressField(type, address)}==${address}`;
  return proto === undefined || port === undefined ? addr : `${addr} && ${proto}.port==${port}`;
}

/**
 * The display filter that shows one conversation's packets, as Wireshark's "Apply as Filter"
 * writes it: `tcp.stream==N` / `udp.stream==N` when the decoder numbered the stream, else both
 * ends (`ip.addr==A && tcp.port==1 && ip.addr==B && tcp.port==2`; `eth.addr`, `ipv6.addr` for
 * those tables).
 */
export function conversationFilter(type: TableType, row: PlainConversation): string {
  const proto = portProtocol(type);
  if (proto !== undefined && row.stream !== undefined) return `${proto}.stream==${row.stream}`;
  return `${endpointTerms(type, row.addressA, row.portA)} && ${endpointTerms(type, row.addressB, row.portB)}`;
}

/** The display filter that shows one endpoint's packets: its address, and its port in a TCP/UDP table. */
export function endpointFilter(type: TableType, row: PlainEndpoint): string {
  return endpointTerms(type, row.address, row.port);
}
