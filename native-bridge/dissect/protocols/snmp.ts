import type { Dissector } from '../core/dissector.js';
import type { Tvb } from '../core/tvb.js';
import { beginProtocol } from '../core/dispatch.js';
import { fieldTable } from '../core/fields.js';
import { dissectorTable } from '../core/tables.js';

/**
 * Simple Network Management Protocol, v1/v2c (RFC 1157, RFC 3416; UDP 161 and 162): the BER
 * message's version and PDU type; for v3 the global data's fields, read as TShark reads them.
 * Info is the PDU's name (`get-request`); variable bindings are not decoded.
 */
const VERSIONS: Record<number, string> = { 0: 'version-1', 1: 'v2c', 3: 'v3' };
const PDUS: Record<number, string> = {
  0: 'get-request',
  1: 'get-next-request',
  2: 'get-response',
  3: 'set-request',
  4: 'trap',
  5: 'getBulkRequest',
  6: 'informRequest',
  7: 'snmpV2-trap',
  8: 'report',
};
const P = fieldTable.register('snmp', 'Simple Network Management Protocol', [
  { abbrev: 'snmp.version', name: 'version', type: 'int', bits: 32, strings: VERSIONS },
  { abbrev: 'snmp.community', name: 'community', type: 'string' },
  { abbrev: 'snmp.data', name: 'data', type: 'uint', bits: 32, strings: PDUS },
]);
const f = P.f;

/** A BER length at `off`: [value, bytes it took]. */
function berLength(tvb: Tvb, off: number): [number, number] {
  const b = tvb.u8(off);
  if (b < 0x80) return [b, 1];
  const n = b & 0x7f;
  let v = 0;
  for (let i = 1; i <= n && i <= 4; i++) v = v * 256 + tvb.u8(off + i);
  return [v, 1 + n];
}

/**
 * One BER element at `off` whose identifier should be `tag` (its value's bytes read, as TShark's
 * BER decoder reads them): the offset after it, or -1 for another identifier (TShark then
 * reports the wrong field and reads no further).
 */
function element(tvb: Tvb, off: number, tag: number): number {
  if (tvb.u8(off) !== tag) return -1;
  const [len, n] = berLength(tvb, off + 1);
  tvb.check(off + 1 + n, len);
  return off + 1 + n + len;
}

/** SNMPv3's msgGlobalData after the version: a SEQUENCE of msgID, msgMaxSize, msgFlags and msgSecurityModel. */
function v3GlobalData(tvb: Tvb, off: number): void {
  if (tvb.u8(off) !== 0x30) return;
  let at = off + 1 + berLength(tvb, off + 1)[1];
  for (const tag of [0x02, 0x02, 0x04, 0x02]) {
    at = element(tvb, at, tag);
    if (at < 0) return;
  }
}

const snmp: Dissector = {
  name: 'snmp',
  dissect(tvb, pinfo, tree, parent) {
    // Not a BER SEQUENCE holding an INTEGER version: not SNMP (TShark leaves it to `data`).
    if (!tvb.has(0, 4) || tvb.u8(0) !== 0x30) return false;
    const [, ll] = berLength(tvb, 1);
    if (!tvb.has(1 + ll, 1) || tvb.u8(1 + ll) !== 0x02) return false;
    pinfo.protocol = 'SNMP';
    const node = beginProtocol(P, tvb, pinfo, tree, parent);
    // SEQUENCE { version INTEGER, community OCTET STRING, data PDU }
    let off = 1 + berLength(tvb, 1)[1];
    if (tvb.u8(off) !== 0x02) return;
    const [vlen, vl] = berLength(tvb, off + 1);
    let version = 0;
    for (let i = 0; i < vlen && i < 4; i++) version = version * 256 + tvb.u8(off + 1 + vl + i);
    tree.add(node, f.version, tvb, off, 1 + vl + vlen, version);
    off += 1 + vl + vlen;
    if (version === 3) {
      v3GlobalData(tvb, off);
      return;
    }
    if (tvb.u8(off) !== 0x04) return;
    const [clen, cl] = berLength(tvb, off + 1);
    tree.add(node, f.community, tvb, off + 1 + cl, clen, tvb.ascii(off + 1 + cl, clen));
    off += 1 + cl + clen;
    const tag = tvb.u8(off) & 0x1f;
    tree.add(node, f.data, tvb, off, 1, tag);
    pinfo.setInfo(PDUS[tag] ?? `Unknown PDU (${tag})`);
  },
};

dissectorTable('udp.port').add(161, snmp);
dissectorTable('udp.port').add(162, snmp);
