import type { Dissector } from '../core/dissector.js';
import { beginProtocol, callData } from '../core/dispatch.js';
import { fieldTable } from '../core/fields.js';
import { dissectorTable } from '../core/tables.js';

/**
 * Novell IPX (LLC SAP 0xe0, EtherType 0x8137): the header. The payload goes to `ipx.socket` by
 * the lower socket, then the higher (NetBIOS); as TShark's, those protocols stay off the stack.
 * The other well-known sockets' protocols (RIP, SAP, diagnostics) name the Protocol column as
 * TShark does, their bodies are not decoded; other sockets' payloads go to `data`. Info names
 * the destination socket.
 */
const SOCKETS: Record<number, [protocol: string, name: string]> = {
  0x0451: ['NCP', 'NCP'],
  0x0452: ['IPX SAP', 'SAP'],
  0x0453: ['IPX RIP', 'RIP'],
  0x0455: ['NBIPX', 'NetBIOS'],
  0x0456: ['IPX', 'Diagnostic'],
  0x0457: ['IPX', 'Serialization'],
};
const P = fieldTable.register('ipx', 'Internetwork Packet eXchange', [
  { abbrev: 'ipx.checksum', name: 'Checksum', type: 'uint', base: 'hex', bits: 16 },
  { abbrev: 'ipx.len', name: 'Length', type: 'uint', bits: 16 },
  { abbrev: 'ipx.hops', name: 'Transport Control (Hops)', type: 'uint', bits: 8 },
  { abbrev: 'ipx.packet_type', name: 'Packet Type', type: 'uint', base: 'hex', bits: 8 },
  { abbrev: 'ipx.dst.net', name: 'Destination Network', type: 'bytes' },
  { abbrev: 'ipx.dst.node', name: 'Destination Node', type: 'ether' },
  { abbrev: 'ipx.dst.socket', name: 'Destination Socket', type: 'uint', base: 'hex', bits: 16 },
  { abbrev: 'ipx.src.net', name: 'Source Network', type: 'bytes' },
  { abbrev: 'ipx.src.node', name: 'Source Node', type: 'ether' },
  { abbrev: 'ipx.src.socket', name: 'Source Socket', type: 'uint', base: 'hex', bits: 16 },
]);
const f = P.f;

const HEADER_LENGTH = 30;
/** pinfo.data key: the IPX packet type (Wireshark's pinfo->ipxptype), for the socket's protocol. */
export const IPX_PACKET_TYPE = 'ipx.packet_type';

const ipx: Dissector = {
  name: 'ipx',
  dissect(tvb, pinfo, tree, parent) {
    pinfo.protocol = 'IPX';
    const node = beginProtocol(P, tvb, pinfo, tree, parent, HEADER_LENGTH);
    tree.add(node, f.checksum, tvb, 0, 2, tvb.u16(0));
    const len = tvb.u16(2);
    // The length bounds the datagram when shorter than the bytes (Wireshark's set_actual_length):
    // reads past it are malformed, and so is a length shorter than the header, where the payload
    // after it is cut off.
    if (len < tvb.reported) tvb = tvb.pdu(0, len, false);
    tree.add(node, f.len, tvb, 2, 2, len);
    tree.add(node, f.hops, tvb, 4, 1, tvb.u8(4));
    const ptype = tvb.u8(5);
    tree.add(node, f.packet_type, tvb, 5, 1, ptype);
    tree.add(node, f['dst.net'], tvb, 6, 4, tvb.view(6, 4));
    tree.add(node, f['dst.node'], tvb, 10, 6, tvb.view(10, 6));
    const dsock = tvb.u16(16);
    tree.add(node, f['dst.socket'], tvb, 16, 2, dsock);
    pinfo.setInfo(`${SOCKETS[dsock]?.[1] ?? 'Unknown'} (0x${dsock.toString(16).padStart(4, '0')})`);
    tree.add(node, f['src.net'], tvb, 18, 4, tvb.view(18, 4));
    tree.add(node, f['src.node'], tvb, 22, 6, tvb.view(22, 6));
    const ssock = tvb.u16(28);
    tree.add(node, f['src.socket'], tvb, 28, 2, ssock);
    tvb.check(HEADER_LENGTH, 0);
    const sockets = dissectorTable('ipx.socket');
    const socket = sockets.get(Math.min(dsock, ssock)) ?? sockets.get(Math.max(dsock, ssock));
    if (socket !== undefined) {
      pinfo.data.set(IPX_PACKET_TYPE, ptype);
      socket.dissect(tvb.sub(HEADER_LENGTH), pinfo, tree, parent);
      return;
    }
    const known = SOCKETS[dsock] ?? SOCKETS[ssock];
    if (known !== undefined) {
      pinfo.protocol = known[0];
      return;
    }
    const end = Math.min(len, tvb.length);
    if (end > HEADER_LENGTH) callData(tvb.sub(HEADER_LENGTH, end - HEADER_LENGTH), pinfo, tree, parent);
  },
};

dissectorTable('llc.dsap').add(0xe0, ipx);
dissectorTable('ethertype').add(0x8137, ipx);
