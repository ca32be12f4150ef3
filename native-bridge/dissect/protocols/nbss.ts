import { beginProtocol, dispatchHeuristics } from '../core/dispatch.js';
import type { Dissector } from '../core/dissector.js';
import { fieldTable } from '../core/fields.js';
import { addItem } from '../core/items.js';
import type { PacketInfo } from '../core/packet-info.js';
import { dissectorTable } from '../core/tables.js';
import type { ProtoTree } from '../core/tree.js';
import type { Tvb } from '../core/tvb.js';
import { encodedNameText, readEncodedName } from './netbios-names.js';
import { dissectTcpPdus, type TcpPdus } from './tcp-pdus.js';

/**
 * NetBIOS Session Service (RFC 1002 section 4.3), TCP 139, and the same framing for SMB over
 * TCP 445, as TShark 4.0's packet-nbns.c reads them. A segment whose start cannot be a message
 * header (too short, bogus flags, a type with the wrong length) is a continuation of an earlier
 * message: Info `NBSS Continuation Message`. Otherwise Info is the first message's type, and the
 * messages follow one another, each a type, flags and a 17-bit length (24 bits when SMB's
 * signature follows, or on port 445), split as TCP PDUs. Session requests add the called and
 * calling names to Info; session messages go to the `netbios` heuristics (SMB) or `data`.
 */
const SESSION_MESSAGE = 0x00;
const SESSION_REQUEST = 0x81;
const POSITIVE_RESPONSE = 0x82;
const NEGATIVE_RESPONSE = 0x83;
const RETARGET_RESPONSE = 0x84;
const KEEP_ALIVE = 0x85;
const TYPES: Readonly<Record<number, string>> = {
  [SESSION_MESSAGE]: 'Session message',
  [SESSION_REQUEST]: 'Session request',
  [POSITIVE_RESPONSE]: 'Positive session response',
  [NEGATIVE_RESPONSE]: 'Negative session response',
  [RETARGET_RESPONSE]: 'Retarget session response',
  [KEEP_ALIVE]: 'Session keep-alive',
};
const ERRORS: Readonly<Record<number, string>> = {
  0x80: 'Not listening on called name',
  0x81: 'Not listening for called name',
  0x82: 'Called name not present',
  0x83: 'Called name present, but insufficient resources',
  0x8f: 'Unspecified error',
};
const P = fieldTable.register('nbss', 'NetBIOS Session Service', [
  { abbrev: 'nbss.type', name: 'Message Type', type: 'uint', base: 'hex', bits: 8, strings: TYPES },
  { abbrev: 'nbss.flags', name: 'Flags', type: 'uint', base: 'hex', bits: 8 },
  { abbrev: 'nbss.flags.e', name: 'Extend', type: 'bool', mask: 0x01, maskBits: 8 },
  { abbrev: 'nbss.length', name: 'Length', type: 'uint', bits: 24 },
  { abbrev: 'nbss.error_code', name: 'Error code', type: 'uint', base: 'hex', bits: 8, strings: ERRORS },
  { abbrev: 'nbss.retarget_ip_address', name: 'Retarget IP address', type: 'ipv4' },
  { abbrev: 'nbss.retarget_port', name: 'Retarget port', type: 'uint', bits: 16 },
  { abbrev: 'nbss.continuation_data', name: 'Continuation data', type: 'bytes' },
  { abbrev: 'nbss.called_name', name: 'Called name', type: 'string' },
  { abbrev: 'nbss.calling_name', name: 'Calling name', type: 'string' },
]);
const f = P.f;

const NBSS_PORT = 139;
const CIFS_PORT = 445;
const HEADER = 4;
const FLAG_E = 0x01;

/** A message's length: 24 bits for SMB's framing, else 16 bits and the E flag's 17th. */
function messageLength(tvb: Tvb, off: number, cifs: boolean): number {
  if (cifs) return tvb.u24(off + 1);
  return tvb.u16(off + 2) + ((tvb.u8(off + 1) & FLAG_E) !== 0 ? 0x10000 : 0);
}

function continuation(tvb: Tvb, pinfo: PacketInfo, tree: ProtoTree, parent: number): void {
  pinfo.setInfo('NBSS Continuation Message');
  const node = beginProtocol(P, tvb, pinfo, tree, parent);
  addItem(tree, node, f.continuation_data, tvb, 0, tvb.length);
}

/** Whether a segment's first bytes can be a message header (TShark's test for a continuation, reversed). */
function startsMessage(tvb: Tvb, cifs: boolean): boolean {
  if (tvb.length < HEADER) return false;
  const type = tvb.u8(0);
  const flags = cifs ? 0 : tvb.u8(1);
  if ((flags & ~FLAG_E) !== 0) return false;
  const length = messageLength(tvb, 0, cifs);
  switch (type) {
    case SESSION_MESSAGE:
      return length !== 0;
    case SESSION_REQUEST:
      return length >= 2 && length <= 256;
    case POSITIVE_RESPONSE:
    case KEEP_ALIVE:
      return length === 0;
    case NEGATIVE_RESPONSE:
      return length === 1;
    case RETARGET_RESPONSE:
      return length === 6;
    default:
      return false;
  }
}

function addName(
  tree: ProtoTree,
  node: number,
  field: typeof f.called_name,
  label: string,
  tvb: Tvb,
  off: number,
): { name: string; end: number } {
  const n = readEncodedName(tvb, off);
  tree.add(node, field, tvb, off, n.end - off, n.name, `${label}: ${encodedNameText(n)}`);
  return { name: n.name, end: n.end };
}

/** One message (`pdu` holds it alone). */
function message(pdu: Tvb, pinfo: PacketInfo, tree: ProtoTree, parent: number, cifs: boolean): void {
  const node = beginProtocol(P, pdu, pinfo, tree, parent);
  const type = pdu.u8(0);
  addItem(tree, node, f.type, pdu, 0, 1);
  if (cifs) addItem(tree, node, f.length, pdu, 1, 3);
  else {
    const flagsNode = addItem(tree, node, f.flags, pdu, 1, 1);
    addItem(tree, flagsNode, f['flags.e'], pdu, 1, 1);
    tree.add(node, f.length, pdu, 1, 3, messageLength(pdu, 0, false));
  }
  switch (type) {
    case SESSION_REQUEST: {
      const called = addName(tree, node, f.called_name, 'Called name', pdu, HEADER);
      pinfo.appendInfo(`, to ${called.name} `, '');
      const calling = addName(tree, node, f.calling_name, 'Calling name', pdu, called.end);
      pinfo.appendInfo(`from ${calling.name}`, '');
      break;
    }
    case NEGATIVE_RESPONSE: {
      const code = pdu.u8(HEADER);
      addItem(tree, node, f.error_code, pdu, HEADER, 1);
      pinfo.appendInfo(`, ${ERRORS[code] ?? `Unknown (${code.toString(16)})`}`, '');
      break;
    }
    case RETARGET_RESPONSE:
      addItem(tree, node, f.retarget_ip_address, pdu, HEADER, 4);
      addItem(tree, node, f.retarget_port, pdu, HEADER + 4, 2);
      break;
    case SESSION_MESSAGE:
      tree.setLength(node, HEADER);
      dispatchHeuristics('netbios', pdu.sub(HEADER), pinfo, tree, parent);
      break;
  }
}

const nbss: Dissector = {
  name: 'nbss',
  dissect(tvb, pinfo, tree, parent) {
    pinfo.protocol = 'NBSS';
    pinfo.setInfo('');
    // The port the table matched (TCP tries the lower first): 445 carries SMB with 24-bit lengths.
    const low = Math.min(pinfo.srcPort, pinfo.dstPort);
    let cifs = (low === NBSS_PORT || low === CIFS_PORT ? low : Math.max(pinfo.srcPort, pinfo.dstPort)) === CIFS_PORT;
    const type = tvb.u8(0);
    // Reassembled bytes (a data source of their own) start a message; a segment may not.
    if (tvb.source === 0) {
      cifs = tvb.length >= 8 && type === SESSION_MESSAGE && tvb.u8(5) === 0x53 && tvb.u8(6) === 0x4d && tvb.u8(7) === 0x42;
      if (!startsMessage(tvb, cifs)) {
        continuation(tvb, pinfo, tree, parent);
        return;
      }
    }
    pinfo.setInfo(TYPES[type] ?? `Unknown (${type.toString(16).padStart(2, '0')})`);
    const spec: TcpPdus = {
      fixed: HEADER,
      length: (t, off) => messageLength(t, off, cifs) + HEADER,
      dissect: (pdu, pi, tr, pa) => message(pdu, pi, tr, pa, cifs),
    };
    dissectTcpPdus(spec, tvb, pinfo, tree, parent);
  },
};

dissectorTable('tcp.port').add(NBSS_PORT, nbss);
dissectorTable('tcp.port').add(CIFS_PORT, nbss);
