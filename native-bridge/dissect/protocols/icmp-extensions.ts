import { internetChecksum } from '../../common/index.js';
import { type FieldHandles, textItem } from '../core/fields.js';
import type { ProtoTree } from '../core/tree.js';
import type { Tvb } from '../core/tvb.js';

/**
 * ICMP multi-part extensions (RFC 4884) after a quoted datagram, and the objects they carry:
 * MPLS label stacks (RFC 4950), interface information (RFC 5837), interface identification
 * (RFC 8335), extended payload; any other object as its header and data. Read as TShark 4.0
 * reads them: a nonzero checksum is verified over every byte the packet reports, so an
 * extension cut by the snap length ends the frame there ("Packet size limited during
 * capture"), and the objects are walked over the reported length, each bounded by its own.
 */
export type ExtensionFields = FieldHandles<
  | 'ext'
  | 'ext.version'
  | 'ext.res'
  | 'ext.checksum'
  | 'ext.checksum.status'
  | 'ext.length'
  | 'ext.class'
  | 'ext.ctype'
  | 'ext.data'
  | 'mpls.label'
  | 'mpls.exp'
  | 'mpls.s'
  | 'mpls.ttl'
  | 'mpls.data'
  | 'reserved'
  | 'int_info.role'
  | 'int_info.reserved'
  | 'int_info.ifindex'
  | 'int_info.ipaddr'
  | 'int_info.name_present'
  | 'int_info.mtu_present'
  | 'int_info.index'
  | 'int_info.afi'
  | 'int_info.ipv4'
  | 'int_info.ipv6'
  | 'int_info.ipunknown'
  | 'int_info.name_length'
  | 'int_info.name'
  | 'int_info.mtu'
  | 'int_ident.name'
  | 'int_ident.index'
  | 'int_ident.afi'
  | 'int_ident.addr_length'
  | 'int_ident.reserved'
  | 'int_ident.ipv4'
  | 'int_ident.ipv6'
  | 'int_ident.address'
>;

const ROLES: Readonly<Record<number, string>> = {
  0: 'IP interface upon which datagram arrived',
  1: 'Sub-IP component of an IP interface upon which datagram arrived',
  2: 'IP interface through which datagram would be forwarded',
  3: 'IP next-hop to which datagram would be forwarded',
};

/** The extension fields' specs (registered with ICMP's own, under `icmp.`). */
/** RFC 8335's codes of the extended echo request and reply (ICMP 42/43, ICMPv6 160/161). */
export const EXT_ECHO_REQUEST: readonly string[] = ['No error'];
export const EXT_ECHO_REPLY: readonly string[] = [
  'No error',
  'Malformed Query',
  'No Such Interface',
  'No Such Table Entry',
  'Multiple Interfaces Satisfy Query',
];

export const EXTENSION_FIELDS = [
  { abbrev: 'icmp.ext', name: 'ICMP Extensions', type: 'none' },
  { abbrev: 'icmp.ext.version', name: 'Version', type: 'uint', bits: 8 },
  { abbrev: 'icmp.ext.res', name: 'Reserved', type: 'uint', base: 'hex', bits: 16, mask: 0x0fff, maskBits: 16 },
  { abbrev: 'icmp.ext.checksum', name: 'Checksum', type: 'uint', base: 'hex', bits: 16 },
  {
    abbrev: 'icmp.ext.checksum.status',
    name: 'Checksum Status',
    type: 'uint',
    bits: 8,
    strings: { 0: 'Bad', 1: 'Good', 2: 'Unverified', 3: 'Not present' },
  },
  { abbrev: 'icmp.ext.length', name: 'Length', type: 'uint', bits: 16 },
  { abbrev: 'icmp.ext.class', name: 'Class', type: 'uint', bits: 8 },
  { abbrev: 'icmp.ext.ctype', name: 'C-Type', type: 'uint', bits: 8 },
  { abbrev: 'icmp.ext.data', name: 'Data', type: 'bytes' },
  { abbrev: 'icmp.mpls.label', name: 'Label', type: 'uint', bits: 24, mask: 0xfffff0, maskBits: 24 },
  { abbrev: 'icmp.mpls.exp', name: 'Experimental', type: 'uint', bits: 24, mask: 0x0e, maskBits: 8 },
  { abbrev: 'icmp.mpls.s', name: 'Stack bit', type: 'bool', mask: 0x01, maskBits: 8 },
  { abbrev: 'icmp.mpls.ttl', name: 'Time to live', type: 'uint', bits: 8 },
  { abbrev: 'icmp.mpls.data', name: 'Data', type: 'bytes' },
  { abbrev: 'icmp.reserved', name: 'Reserved', type: 'bytes' },
  { abbrev: 'icmp.int_info.role', name: 'Interface Role', type: 'uint', bits: 8, mask: 0xc0, maskBits: 8, strings: ROLES },
  { abbrev: 'icmp.int_info.reserved', name: 'Reserved', type: 'uint', bits: 8, mask: 0x30, maskBits: 8 },
  { abbrev: 'icmp.int_info.ifindex', name: 'ifIndex', type: 'bool', mask: 0x08, maskBits: 8 },
  { abbrev: 'icmp.int_info.ipaddr', name: 'IP Address', type: 'bool', mask: 0x04, maskBits: 8 },
  { abbrev: 'icmp.int_info.name_present', name: 'Interface Name', type: 'bool', mask: 0x02, maskBits: 8 },
  { abbrev: 'icmp.int_info.mtu_present', name: 'MTU', type: 'bool', mask: 0x01, maskBits: 8 },
  { abbrev: 'icmp.int_info.index', name: 'Interface Index', type: 'uint', bits: 32 },
  { abbrev: 'icmp.int_info.afi', name: 'Address Family Identifier', type: 'uint', bits: 16 },
  { abbrev: 'icmp.int_info.ipv4', name: 'Source', type: 'ipv4' },
  { abbrev: 'icmp.int_info.ipv6', name: 'Source', type: 'ipv6' },
  { abbrev: 'icmp.int_info.ipunknown', name: 'Source', type: 'bytes' },
  { abbrev: 'icmp.int_info.name_length', name: 'Name Length', type: 'uint', bits: 8 },
  { abbrev: 'icmp.int_info.name', name: 'Name', type: 'string' },
  { abbrev: 'icmp.int_info.mtu', name: 'Maximum Transmission Unit', type: 'uint', bits: 32 },
  { abbrev: 'icmp.int_ident.name', name: 'Name', type: 'string' },
  { abbrev: 'icmp.int_ident.index', name: 'Interface Index', type: 'uint', bits: 32 },
  { abbrev: 'icmp.int_ident.afi', name: 'Address Family Identifier', type: 'uint', bits: 16 },
  { abbrev: 'icmp.int_ident.addr_length', name: 'Address Length', type: 'uint', bits: 8 },
  { abbrev: 'icmp.int_ident.reserved', name: 'Reserved', type: 'bytes' },
  { abbrev: 'icmp.int_ident.ipv4', name: 'Address', type: 'ipv4' },
  { abbrev: 'icmp.int_ident.ipv6', name: 'Address', type: 'ipv6' },
  { abbrev: 'icmp.int_ident.address', name: 'Address', type: 'bytes' },
] as const;

const CLASS_MPLS_PAYLOAD = 0;
const CLASS_MPLS_STACK = 1;
const CLASS_INTERFACE_INFO = 2;
const CLASS_INTERFACE_IDENT = 3;

/**
 * Where an ICMP error's extensions start, or -1 when TShark looks for none: the message must
 * report more than 8 + 128 bytes and the quoted datagram's total length be at most 128; they
 * start after the RFC 4884 length (`words` 32-bit words) or 128 bytes, whichever is more.
 */
export function extensionOffset(tvb: Tvb, words: number): number {
  if (tvb.reported <= 8 + 128) return -1;
  if (tvb.u16(8 + 2) > 128) return -1;
  return Math.max(words * 4, 128) + 8;
}

/** Decodes the extension structure of `tvb` (from its first byte to the end) under `parent`. */
export function dissectExtensions(f: ExtensionFields, tvb: Tvb, tree: ProtoTree, parent: number): void {
  const reported = tvb.reportedRemaining(0);
  const node = tree.add(parent, f.ext, tvb, 0, Math.min(reported, tvb.length), undefined, 'ICMP Multi-Part Extensions');
  if (reported < 4) return;
  const first = tvb.u8(0);
  const version = first >>> 4;
  tree.add(node, f['ext.version'], tvb, 0, 1, version);
  tree.add(node, f['ext.res'], tvb, 0, 2, tvb.u16(0) & 0x0fff);
  const sum = tvb.u16(2);
  if (sum === 0) {
    tree.add(node, f['ext.checksum'], tvb, 2, 2, sum);
    tree.add(node, f['ext.checksum.status'], tvb, 2, 0, 3);
  } else {
    // Over every reported byte: what was not captured ends the frame here.
    tvb.check(0, reported);
    const good = internetChecksum(tvb.view(0, reported)) === 0;
    tree.add(node, f['ext.checksum'], tvb, 2, 2, sum);
    tree.add(node, f['ext.checksum.status'], tvb, 2, 0, good ? 1 : 0);
  }
  if (version !== 1 && version !== 2) {
    if (tree.building) tree.setText(node, 'ICMP Multi-Part Extensions (unsupported version)');
    return;
  }
  let off = 4;
  while (tvb.reportedRemaining(off) >= 4) {
    const objLen = tvb.u16(off);
    const trunc = Math.min(objLen, tvb.reportedRemaining(off));
    const end = off + trunc;
    const obj = tree.add(node, textItem, tvb, off, Math.max(trunc, 4), undefined, 'Unknown object');
    tree.add(obj, f['ext.length'], tvb, off, 2, objLen);
    const cls = tvb.u8(off + 2);
    tree.add(obj, f['ext.class'], tvb, off + 2, 1, cls);
    const ctype = tvb.u8(off + 3);
    if (objLen < 4) {
      if (tree.building) tree.setText(obj, 'Object with bad length');
      break;
    }
    let label = 'Unknown object';
    let known = true;
    if (cls === CLASS_MPLS_STACK && ctype === 1) {
      label = 'MPLS Stack Entry';
      tree.add(obj, f['ext.ctype'], tvb, off + 3, 1, ctype);
      mplsStack(f, tvb, tree, obj, off + 4, end);
    } else if (cls === CLASS_MPLS_PAYLOAD && ctype === 1) {
      label = 'Extended Payload';
      tree.add(obj, f['ext.ctype'], tvb, off + 3, 1, ctype);
      if (trunc > 4) tree.add(obj, f['ext.data'], tvb, off + 4, trunc - 4, tvb.view(off + 4, trunc - 4));
    } else if (cls === CLASS_INTERFACE_INFO) {
      label = 'Interface Information Object';
      interfaceInfo(f, tvb, tree, obj, off, end);
    } else if (cls === CLASS_INTERFACE_IDENT && tvb.reportedRemaining(off) >= 5) {
      label = 'Interface Identification Object';
      interfaceIdent(f, tvb, tree, obj, off, objLen);
    } else {
      known = false;
    }
    if (!known) {
      tree.add(obj, f['ext.ctype'], tvb, off + 3, 1, ctype);
      label = `Unknown object (${cls}/${ctype})`;
      if (trunc > 4) tree.add(obj, f['ext.data'], tvb, off + 4, trunc - 4, tvb.view(off + 4, trunc - 4));
    }
    if (tree.building) tree.setText(obj, trunc < objLen ? `${label} (truncated)` : label);
    off = end;
  }
}

/** An MPLS label stack object's entries (RFC 4950), 4 bytes each, then any bytes left as data. */
function mplsStack(f: ExtensionFields, tvb: Tvb, tree: ProtoTree, obj: number, from: number, end: number): void {
  let e = from;
  for (; e + 4 <= end && tvb.reportedRemaining(e) >= 4; e += 4) {
    const w = tvb.u32(e);
    const text = `Label: ${w >>> 12}, Exp: ${(w >>> 9) & 7}, S: ${(w >>> 8) & 1}, TTL: ${w & 0xff}`;
    const entry = tree.add(obj, textItem, tvb, e, 4, undefined, text);
    tree.add(entry, f['mpls.label'], tvb, e, 3, w >>> 12);
    tree.add(entry, f['mpls.exp'], tvb, e + 2, 1, (w >>> 9) & 7);
    tree.add(entry, f['mpls.s'], tvb, e + 2, 1, ((w >>> 8) & 1) !== 0);
    tree.add(entry, f['mpls.ttl'], tvb, e + 3, 1, w & 0xff);
  }
  if (e < end) tree.add(obj, f['mpls.data'], tvb, e, end - e, tvb.view(e, end - e));
}

/**
 * An interface information object (RFC 5837): the C-Type's flags say which sub-objects follow
 * (ifIndex, IP address, name, MTU). As TShark reads it, an address sub-object needs 2 bytes
 * of the object, a name its length byte; each value is read where the flags put it.
 */
function interfaceInfo(f: ExtensionFields, tvb: Tvb, tree: ProtoTree, obj: number, at: number, end: number): void {
  const ctype = tvb.u8(at + 3);
  const ct = tree.add(obj, f['ext.ctype'], tvb, at + 3, 1, ctype);
  tree.add(ct, f['int_info.role'], tvb, at + 3, 1, ctype >>> 6);
  tree.add(ct, f['int_info.reserved'], tvb, at + 3, 1, (ctype >>> 4) & 3);
  tree.add(ct, f['int_info.ifindex'], tvb, at + 3, 1, (ctype & 8) !== 0);
  tree.add(ct, f['int_info.ipaddr'], tvb, at + 3, 1, (ctype & 4) !== 0);
  tree.add(ct, f['int_info.name_present'], tvb, at + 3, 1, (ctype & 2) !== 0);
  tree.add(ct, f['int_info.mtu_present'], tvb, at + 3, 1, (ctype & 1) !== 0);
  let off = at + 4;
  if (ctype & 8) {
    tree.add(obj, f['int_info.index'], tvb, off, 4, tvb.u32(off));
    off += 4;
  }
  if (ctype & 4 && end >= off + 2) {
    const afi = tvb.u16(off);
    const sub = tree.add(obj, textItem, tvb, off, afi === 1 ? 8 : 20, undefined, 'IP Address Sub-Object');
    tree.add(sub, f['int_info.afi'], tvb, off, 2, afi);
    tree.add(sub, f.reserved, tvb, off + 2, 2, tvb.view(off + 2, 2));
    off += 4;
    if (afi === 1) {
      tree.add(sub, f['int_info.ipv4'], tvb, off, 4, tvb.u32(off));
      off += 4;
    } else if (afi === 2) {
      tree.add(sub, f['int_info.ipv6'], tvb, off, 16, tvb.view(off, 16));
      off += 16;
    } else {
      // TShark gives the unknown address the length `off - end` (never positive): nothing follows.
      return;
    }
  }
  if (ctype & 2) {
    let nameLen = 0;
    let sub = obj;
    if (end >= off + 1) {
      nameLen = tvb.u8(off);
      sub = tree.add(obj, textItem, tvb, off, nameLen, undefined, 'Interface Name Sub-Object');
      tree.add(sub, f['int_info.name_length'], tvb, off, 1, nameLen);
      off += 1;
    }
    if (end >= off + nameLen) {
      // A length byte of 0 leaves TShark a length of -1: the string runs to the end of the bytes.
      const n = nameLen === 0 ? tvb.length - off : nameLen - 1;
      tree.add(sub, f['int_info.name'], tvb, off, n, tvb.ascii(off, n));
      off += nameLen - 1;
    }
  }
  if (ctype & 1) tree.add(obj, f['int_info.mtu'], tvb, off, 4, tvb.u32(off));
}

/** An interface identification object (RFC 8335): by name, by index, or by address. */
function interfaceIdent(f: ExtensionFields, tvb: Tvb, tree: ProtoTree, obj: number, at: number, objLen: number): void {
  const ctype = tvb.u8(at + 3);
  tree.add(obj, f['ext.ctype'], tvb, at + 3, 1, ctype);
  let off = at + 4;
  if (ctype === 1) {
    tree.add(obj, f['int_ident.name'], tvb, off, objLen - 4, tvb.ascii(off, objLen - 4));
  } else if (ctype === 2) {
    tree.add(obj, f['int_ident.index'], tvb, off, 4, tvb.u32(off));
  } else if (ctype === 3) {
    const afi = tvb.u16(off);
    tree.add(obj, f['int_ident.afi'], tvb, off, 2, afi);
    let len = tvb.u8(off + 2);
    tree.add(obj, f['int_ident.addr_length'], tvb, off + 2, 1, len);
    tree.add(obj, f['int_ident.reserved'], tvb, off + 3, 1, tvb.view(off + 3, 1));
    off += 4;
    const size = afi === 1 ? 4 : afi === 2 ? 16 : 0;
    if (size === 0) {
      const n = tvb.reportedRemaining(off);
      tree.add(obj, f['int_ident.address'], tvb, off, n, tvb.view(off, n));
      return;
    }
    for (; len >= size && tvb.reportedRemaining(off) >= size; off += size, len -= size) {
      if (size === 4) tree.add(obj, f['int_ident.ipv4'], tvb, off, 4, tvb.u32(off));
      else tree.add(obj, f['int_ident.ipv6'], tvb, off, 16, tvb.view(off, 16));
    }
  }
}
