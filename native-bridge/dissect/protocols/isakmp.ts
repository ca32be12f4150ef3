import type { Dissector } from '../core/dissector.js';
import { beginProtocol } from '../core/dispatch.js';
import { fieldTable } from '../core/fields.js';
import { dissectorTable } from '../core/tables.js';

/**
 * ISAKMP / IKE (RFC 2408, IKEv2 RFC 7296) on UDP 500: the header. Info is Wireshark's: the
 * IKEv1 exchange type (`Identity Protection (Main Mode)`), or for IKEv2 the exchange, message
 * id and role (`CREATE_CHILD_SA MID=02 Initiator Request`). Payloads are not decoded.
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

export const isakmp: Dissector = {
  name: 'isakmp',
  dissect(tvb, pinfo, tree, parent) {
    if (tvb.length < 28) return false; // shorter than the header: not ISAKMP (Wireshark's check)
    pinfo.protocol = 'ISAKMP';
    const node = beginProtocol(P, tvb, pinfo, tree, parent);
    tree.add(node, f.ispi, tvb, 0, 8, tvb.view(0, 8));
    tree.add(node, f.rspi, tvb, 8, 8, tvb.view(8, 8));
    tree.add(node, f.nextpayload, tvb, 16, 1, tvb.u8(16));
    const version = tvb.u8(17);
    tree.add(node, f.version, tvb, 17, 1, version);
    const exch = tvb.u8(18);
    tree.add(node, f.exchtype, tvb, 18, 1, exch);
    const flags = tvb.u8(19);
    tree.add(node, f.flags, tvb, 19, 1, flags);
    const mid = tvb.u32(20);
    tree.add(node, f.messageid, tvb, 20, 4, mid);
    tree.add(node, f.length, tvb, 24, 4, tvb.u32(24));
    if (version >> 4 === 2) {
      const role = flags & 0x08 ? 'Initiator' : 'Responder';
      const kind = flags & 0x20 ? 'Response' : 'Request';
      pinfo.setInfo(`${V2_EXCHANGES[exch] ?? `Unknown (${exch})`} MID=${String(mid).padStart(2, '0')} ${role} ${kind}`);
    } else pinfo.setInfo(V1_EXCHANGES[exch] ?? `Unknown (${exch})`);
  },
};

dissectorTable('udp.port').add(500, isakmp);
