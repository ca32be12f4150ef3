import type { Dissector } from '../core/dissector.js';
import { beginProtocol } from '../core/dispatch.js';
import { fieldTable, textItem } from '../core/fields.js';
import { dissectorTable } from '../core/tables.js';
import type { ProtoTree } from '../core/tree.js';
import { ReportedBoundsError, type Tvb } from '../core/tvb.js';

/**
 * ISAKMP / IKE (RFC 2408, IKEv2 RFC 7296) on UDP 500: the header, whose length's bytes must
 * exist, and the chain of payload headers, each payload's bytes checked as TShark checks them
 * (their contents are not decoded). Info is Wireshark's: the IKEv1 exchange type (`Identity
 * Protection (Main Mode)`), or for IKEv2 the exchange, message id and role (`CREATE_CHILD_SA
 * MID=02 Initiator Request`).
 */
const V1_EXCHANGES: Record<number, string> = {
  0: 'NONE',
  1: 'Base',
  2: 'Identity Protection (Main Mode)',
  3: 'Authentication Only',
  4: 'Aggressive',
  5: 'Informational',
  6: 'Transaction (Config Mode)',
  32: 'Quick Mode',
  33: 'New Group Mode',
};
const V2_EXCHANGES: Record<number, string> = {
  34: 'IKE_SA_INIT',
  35: 'IKE_AUTH',
  36: 'CREATE_CHILD_SA',
  37: 'INFORMATIONAL',
  38: 'IKE_SESSION_RESUME',
};
const P = fieldTable.register('isakmp', 'Internet Security Association and Key Management Protocol', [
  { abbrev: 'isakmp.ispi', name: 'Initiator SPI', type: 'bytes' },
  { abbrev: 'isakmp.rspi', name: 'Responder SPI', type: 'bytes' },
  { abbrev: 'isakmp.nextpayload', name: 'Next payload', type: 'uint', bits: 8 },
  { abbrev: 'isakmp.version', name: 'Version', type: 'uint', base: 'hex', bits: 8 },
  { abbrev: 'isakmp.exchtype', name: 'Exchange type', type: 'uint', strings: { ...V1_EXCHANGES, ...V2_EXCHANGES } },
  { abbrev: 'isakmp.flags', name: 'Flags', type: 'uint', base: 'hex', bits: 8 },
  { abbrev: 'isakmp.messageid', name: 'Message ID', type: 'uint', base: 'hex', bits: 32 },
  { abbrev: 'isakmp.length', name: 'Length', type: 'uint', bits: 32 },
]);
const f = P.f;

/** A payload type's name, for the tree. */
const PAYLOADS: Record<number, string> = {
  1: 'Security Association',
  2: 'Proposal',
  3: 'Transform',
  4: 'Key Exchange',
  5: 'Identification',
  6: 'Certificate',
  7: 'Certificate Request',
  8: 'Hash',
  9: 'Signature',
  10: 'Nonce',
  11: 'Notification',
  12: 'Delete',
  13: 'Vendor ID',
  33: 'Security Association',
  34: 'Key Exchange',
  35: 'Identification - Initiator',
  36: 'Identification - Responder',
  37: 'Certificate',
  38: 'Certificate Request',
  39: 'Authentication',
  40: 'Nonce',
  41: 'Notify',
  42: 'Delete',
  43: 'Vendor ID',
  44: 'Traffic Selector - Initiator',
  45: 'Traffic Selector - Responder',
  46: 'Encrypted and Authenticated',
  47: 'Configuration',
  48: 'Extensible Authentication',
};
const HEADER = 28;

/** Bytes at `offset` a field of `length` needs (proto_tree_add_item); a negative length is past any end. */
function need(tvb: Tvb, offset: number, length: number): void {
  if (length < 0) throw new ReportedBoundsError(tvb.base + offset, length, tvb.remaining(offset));
  tvb.check(offset, length);
}

/** An integer field `length` bytes long: more than 4 is an error in TShark (a type/length mismatch). */
function uint(tvb: Tvb, offset: number, length: number): void {
  if (length > 4) throw new ReportedBoundsError(tvb.base + offset, length, tvb.remaining(offset));
  need(tvb, offset, length);
}

/** IPsec attribute types whose value is an integer TShark also reads as 16 bits (dissect_ipsec_attribute). */
const IPSEC_U16 = new Set([1, 3, 4, 5, 6, 7, 10, 11, 12]);

/** One IPsec attribute at `offset` (dissect_ipsec_attribute): the bytes it takes. */
function ipsecAttribute(tvb: Tvb, offset: number): number {
  const format = tvb.u16(offset);
  const type = format & 0x7fff;
  const tlv = (format & 0x8000) === 0;
  const headerlen = tlv ? 4 : 2;
  const vlen = tlv ? tvb.u16(offset + 2) : 2;
  tvb.check(offset, 0);
  if (vlen > 0) need(tvb, offset + headerlen, vlen);
  const at = offset + headerlen;
  if (vlen === 0) return headerlen;
  if (IPSEC_U16.has(type)) {
    uint(tvb, at, vlen);
    tvb.u16(at);
  } else if (type === 2) {
    if (vlen > 8) tvb.u64(at);
    else tvb.check(at, vlen);
  } else if (type === 8) uint(tvb, at, vlen);
  return headerlen + vlen;
}

/** A GDOI SA KEK payload's body at `offset` (dissect_sa_kek): TShark reads a payload header again first. */
function saKek(tvb: Tvb, offset: number, length: number): void {
  const next = tvb.u8(offset);
  const end = offset + tvb.u16(offset + 2);
  offset += 4;
  need(tvb, offset, 5);
  const src = tvb.u8(offset + 4);
  offset += 5;
  if (src > 0) need(tvb, offset, src);
  offset += src;
  need(tvb, offset, 4);
  const dst = tvb.u8(offset + 3);
  offset += 4;
  if (dst > 0) need(tvb, offset, dst);
  offset += dst;
  need(tvb, offset, 20);
  offset += 20;
  while (offset < end) offset += ipsecAttribute(tvb, offset);
  if (next === 16) saTek(tvb, offset, length);
}

/** A GDOI SA TEK payload at `offset` (dissect_sa_tek), its own header included. */
function saTek(tvb: Tvb, offset: number, length: number): void {
  const next = tvb.u8(offset);
  const end = offset + tvb.u16(offset + 2);
  offset += 4;
  const protocol = tvb.u8(offset);
  offset += 1;
  if (protocol !== 1 && protocol !== 2) {
    need(tvb, offset, offset + length - 5 - offset);
    return;
  }
  need(tvb, offset, 4);
  offset += 4;
  const src = tvb.u16(offset);
  offset += 2;
  if (src > 0) need(tvb, offset, src);
  offset += src;
  need(tvb, offset, 3);
  offset += 3;
  const dst = tvb.u16(offset);
  offset += 2;
  if (dst > 0) need(tvb, offset, dst);
  offset += dst;
  need(tvb, offset, 5);
  offset += 5;
  while (offset < end) offset += ipsecAttribute(tvb, offset);
  if (next === 16) saTek(tvb, offset, length);
}

/**
 * The payload chain from `offset`, `length` bytes of the message left (Wireshark's
 * dissect_payloads): each payload's header, then its body must exist before it is read. A
 * payload type of none with bytes left shows them as extra data. Payload bodies are not decoded.
 */
function payloads(tvb: Tvb, tree: ProtoTree, node: number, version: number, first: number, offset: number, length: number): void {
  for (let payload = first; length > 0; ) {
    if (payload === 0) {
      tvb.check(offset, length);
      tree.add(node, textItem, tvb, offset, length, undefined, 'Extra data');
      return;
    }
    let next = 0;
    let plen = 0;
    if (length < 4) {
      // An error item over what is left: those bytes must exist.
      tree.add(node, textItem, tvb, offset, length, undefined, 'Not enough room in payload for all transforms');
      tvb.check(offset, length);
    } else {
      next = tvb.u8(offset);
      plen = tvb.u16(offset + 2);
      tree.add(node, textItem, tvb, offset, plen, undefined, `Payload: ${PAYLOADS[payload] ?? `Unknown (${payload})`}`);
    }
    if (plen >= 4) {
      tvb.check(offset + 4, plen - 4);
      if (version === 1 && payload === 15) saKek(tvb, offset + 4, plen - 4);
      else if (version === 1 && payload === 16) saTek(tvb, offset + 4, plen - 4);
    } else if (plen > length) return;
    else plen = 4;
    offset += plen;
    length -= plen;
    payload = next;
  }
}

export const isakmp: Dissector = {
  name: 'isakmp',
  dissect(tvb, pinfo, tree, parent) {
    // TShark sets the columns before its checks for bytes that are not ISAKMP, and leaves them.
    pinfo.protocol = 'ISAKMP';
    pinfo.setInfo('');
    if (tvb.reported < HEADER || tvb.u32(24) < HEADER) return false;
    const node = beginProtocol(P, tvb, pinfo, tree, parent);
    const length = tvb.u32(24);
    const exch = tvb.u8(18);
    const version = tvb.u8(17);
    const major = version >> 4;
    const hflags = tvb.u8(19);
    tree.add(node, f.ispi, tvb, 0, 8, tvb.view(0, 8));
    tree.add(node, f.rspi, tvb, 8, 8, tvb.view(8, 8));
    const next = tvb.u8(16);
    tree.add(node, f.nextpayload, tvb, 16, 1, next);
    tree.add(node, f.version, tvb, 17, 1, version);
    if (major === 1) {
      tree.add(node, f.exchtype, tvb, 18, 1, exch);
      pinfo.setInfo(V1_EXCHANGES[exch] ?? `Unknown ${exch}`);
    } else if (major === 2) {
      tree.add(node, f.exchtype, tvb, 18, 1, exch);
      pinfo.setInfo(V2_EXCHANGES[exch] ?? `Unknown ${exch}`);
    }
    const flags = tvb.u8(19);
    tree.add(node, f.flags, tvb, 19, 1, flags);
    const mid = tvb.u32(20);
    tree.add(node, f.messageid, tvb, 20, 4, mid);
    if (major === 2) {
      const role = flags & 0x08 ? 'Initiator' : 'Responder';
      const kind = flags & 0x20 ? 'Response' : 'Request';
      pinfo.appendInfo(` MID=${String(mid).padStart(2, '0')} ${role} ${kind}`, '');
    }
    // The length counts from the header's start; a length past what a signed count holds is bogus.
    const len = length - HEADER;
    if (len > 0x7fffffff) return;
    // TShark checks the message's bytes from the length field on (four short of its end).
    tvb.check(24, len);
    tree.add(node, f.length, tvb, 24, 4, length);
    if (major === 1 && hflags & 0x01) {
      // Encrypted: the payloads are not read.
      if (len > 0) tvb.check(HEADER, len);
      return;
    }
    payloads(tvb, tree, node, major, next, HEADER, len);
  },
};

dissectorTable('udp.port').add(500, isakmp);
