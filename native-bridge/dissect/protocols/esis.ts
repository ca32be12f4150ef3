import type { Dissector } from '../core/dissector.js';
import { beginProtocol } from '../core/dispatch.js';
import { fieldTable, textItem } from '../core/fields.js';
import { dissectorTable } from '../core/tables.js';
import type { ProtoTree } from '../core/tree.js';
import type { Tvb } from '../core/tvb.js';
import { dissectOsiOptions } from './osi-options.js';

/**
 * ISO 9542 ES-IS (OSI NLPID 0x82): the fixed header, then the PDU's addresses (an ES Hello's
 * source addresses, an IS Hello's network entity title, a Redirect's destination, subnetwork
 * address and title) and the options, read as TShark reads them: each address over the length
 * its indicator gives, the options over what the PDU length leaves (an 8-bit count that
 * wraps, as Wireshark's does). Info is the PDU type (`ES HELLO`).
 */
const ESH = 2;
const ISH = 4;
const RD = 6;
const TYPES: Record<number, string> = { [ESH]: 'ES HELLO', [ISH]: 'IS HELLO', [RD]: 'RD REQUEST' };
const P = fieldTable.register('esis', 'ISO 9542 ESIS Routeing Information Exchange Protocol', [
  { abbrev: 'esis.nlpi', name: 'Network Layer Protocol Identifier', type: 'uint', base: 'hex', bits: 8 },
  { abbrev: 'esis.length', name: 'PDU Length', type: 'uint', bits: 8 },
  { abbrev: 'esis.ver', name: 'Version', type: 'uint', bits: 8 },
  { abbrev: 'esis.res', name: 'Reserved(==0)', type: 'uint', bits: 8 },
  { abbrev: 'esis.type', name: 'PDU Type', type: 'uint', bits: 8, mask: 0x1f, maskBits: 8, strings: TYPES },
  { abbrev: 'esis.htime', name: 'Holding Time', type: 'uint', bits: 16 },
  { abbrev: 'esis.chksum', name: 'Checksum', type: 'uint', base: 'hex', bits: 16 },
  { abbrev: 'esis.number_of_source_addresses', name: 'Number of Source Addresses (SA, Format: NSAP)', type: 'uint', bits: 8 },
  { abbrev: 'esis.sal', name: 'SAL', type: 'uint', bits: 8 },
  { abbrev: 'esis.sa', name: 'SA', type: 'string' },
  { abbrev: 'esis.netl', name: 'NETL', type: 'uint', bits: 8 },
  { abbrev: 'esis.dal', name: 'DAL', type: 'uint', bits: 8 },
  { abbrev: 'esis.bsnpal', name: 'BSNPAL', type: 'uint', bits: 8 },
  { abbrev: 'esis.net', name: 'NET', type: 'string' },
  { abbrev: 'esis.da', name: 'DA', type: 'string' },
  { abbrev: 'esis.bsnpa', name: 'BSNPA', type: 'bytes' },
  { abbrev: 'esis.ver.unknown', name: 'Unknown ESIS version', type: 'none' },
  { abbrev: 'esis.length.invalid', name: 'Bogus ESIS length', type: 'none' },
  { abbrev: 'esis.type.unknown', name: 'Unknown ESIS packet type', type: 'none' },
]);
const f = P.f;
const FIXED = 9;

/** An NSAP address as hex (`0004ec00.00`: dots after the area part are not drawn); only for a full tree. */
function nsap(tvb: Tvb, tree: ProtoTree, off: number, len: number): string | undefined {
  const b = tvb.view(off, len);
  if (!tree.building) return undefined;
  if (len === 0) return '<Invalid length of NSAP>';
  let s = '';
  for (const x of b) s += x.toString(16).padStart(2, '0');
  return s;
}

/**
 * An address part: a text item over indicator and address, the indicator, then the address
 * (read over its length). Returns the offset after it.
 */
function address(
  tvb: Tvb,
  tree: ProtoTree,
  node: number,
  off: number,
  label: string,
  lengthField: 'dal' | 'bsnpal' | 'netl',
  valueField: 'da' | 'bsnpa' | 'net',
): number {
  const len = tvb.u8(off);
  tvb.check(off, len + 1);
  const part = tree.add(node, textItem, tvb, off, len + 1, undefined, label);
  tree.add(part, f[lengthField], tvb, off, 1, len);
  if (valueField === 'bsnpa') tree.add(part, f.bsnpa, tvb, off + 1, len, tvb.view(off + 1, len));
  else tree.add(part, f[valueField], tvb, off + 1, len, nsap(tvb, tree, off + 1, len));
  return off + 1 + len;
}

const esis: Dissector = {
  name: 'esis',
  dissect(tvb, pinfo, tree, parent) {
    pinfo.protocol = 'ESIS';
    pinfo.setInfo('');
    tvb.check(0, FIXED);
    const node = beginProtocol(P, tvb, pinfo, tree, parent);
    const length = tvb.u8(1);
    const version = tvb.u8(2);
    const typeByte = tvb.u8(4);
    const type = typeByte & 0x1f;
    if (version !== 1) {
      tree.add(node, f['ver.unknown'], tvb, 0, tvb.length);
      return;
    }
    if (length < FIXED) {
      tree.add(node, f['length.invalid'], tvb, 0, tvb.length);
      return;
    }
    tree.add(node, f.nlpi, tvb, 0, 1, tvb.u8(0));
    tree.add(node, f.length, tvb, 1, 1, length);
    tree.add(node, f.ver, tvb, 2, 1, version);
    tree.add(node, f.res, tvb, 3, 1, tvb.u8(3));
    tree.add(node, f.type, tvb, 4, 1, type);
    tree.add(node, f.htime, tvb, 5, 2, tvb.u16(5));
    tree.add(node, f.chksum, tvb, 7, 2, tvb.u16(7));
    pinfo.setInfo(TYPES[type] ?? `Unknown (0x${type.toString(16)})`);
    // What is left of the PDU length for the addresses and options: 8 bits, wrapping as Wireshark's.
    let left = (length - FIXED) & 0xff;
    let off = FIXED;
    if (type === ESH) {
      const count = tvb.u8(off);
      const sas = tree.add(node, f.number_of_source_addresses, tvb, off, 1, count);
      left = (left - 1) & 0xff;
      off++;
      for (let i = 0; i < count; i++) {
        const sal = tvb.u8(off);
        tree.add(sas, f.sal, tvb, off, 1, sal);
        tree.add(sas, f.sa, tvb, off + 1, sal, nsap(tvb, tree, off + 1, sal));
        off += 1 + sal;
        left = (left - (sal + 1)) & 0xff;
      }
    } else if (type === ISH) {
      const netl = tvb.u8(off);
      off = address(tvb, tree, node, off, '### Network Entity Title Section ###', 'netl', 'net');
      left = (left - (netl + 1)) & 0xff;
    } else if (type === RD) {
      const dal = tvb.u8(off);
      off = address(tvb, tree, node, off, '### Destination Address Section ###', 'dal', 'da');
      left = (left - (dal + 1)) & 0xff;
      const bsnpal = tvb.u8(off);
      off = address(tvb, tree, node, off, '###  Subnetwork Address Section ###', 'bsnpal', 'bsnpa');
      left = (left - (bsnpal + 1)) & 0xff;
      const netl = tvb.u8(off);
      if (netl === 0) {
        tree.add(node, textItem, tvb, off, 1, undefined, '### No Network Entity Title Section ###');
        off++;
        left = (left - 1) & 0xff;
      } else {
        off = address(tvb, tree, node, off, '### Network Entity Title Section ###', 'netl', 'net');
        left = (left - (netl + 1)) & 0xff;
      }
    } else {
      tree.add(node, f['type.unknown'], tvb, 0, tvb.length);
      return;
    }
    dissectOsiOptions(tvb, tree, node, off, left);
  },
};

dissectorTable('osi.nlpid').add(0x82, esis);
