import type { Dissector } from '../core/dissector.js';
import { fieldTable } from '../core/fields.js';

/**
 * Extensible Authentication Protocol (RFC 3748) inside 802.1X: code, identifier, length and,
 * in requests and responses, the type (an identity's text). As TShark 4.0's EAP under EAPOL,
 * it is a protocol of the tree (the hierarchy counts it) but not of the frame's stack; it reads
 * the code before it names the column's Info or adds its node, so an empty EAP packet is
 * malformed under EAPOL. The methods' bodies (EAP-SIM, EAP-TLS) are not decoded.
 */
const CODES: Readonly<Record<number, string>> = { 1: 'Request', 2: 'Response', 3: 'Success', 4: 'Failure', 5: 'Initiate', 6: 'Finish' };
const TYPES: Readonly<Record<number, string>> = {
  1: 'Identity',
  2: 'Notification',
  3: 'Legacy Nak (Response Only)',
  4: 'MD5-Challenge EAP (EAP-MD5-CHALLENGE)',
  5: 'One-Time Password EAP (EAP-OTP)',
  6: 'Generic Token Card EAP (EAP-GTC)',
  13: 'TLS EAP (EAP-TLS)',
  17: 'Cisco Wireless EAP / Lightweight EAP (EAP-LEAP)',
  18: 'GSM Subscriber Identity Modules EAP (EAP-SIM)',
  21: 'Tunneled TLS EAP (EAP-TTLS)',
  23: 'UMTS Authentication and Key Agreement EAP (EAP-AKA)',
  25: 'Protected EAP (EAP-PEAP)',
  26: 'MS-Authentication EAP (EAP-MS-AUTH)',
  29: 'MS-CHAP-v2 EAP (EAP-MS-CHAP-V2)',
  43: 'Flexible Authentication via Secure Tunneling EAP (EAP-FAST)',
  47: 'Pre-Shared Key EAP (EAP-PSK)',
  49: 'Internet Key Exchange v2 EAP (EAP-IKEv2)',
  50: "UMTS Authentication and Key Agreement' EAP (EAP-AKA')",
  52: 'Password EAP (EAP-pwd)',
  254: 'Expanded Type',
  255: 'Experimental',
};
const P = fieldTable.register('eap', 'Extensible Authentication Protocol', [
  { abbrev: 'eap.code', name: 'Code', type: 'uint', bits: 8, strings: CODES },
  { abbrev: 'eap.id', name: 'Id', type: 'uint', bits: 8 },
  { abbrev: 'eap.len', name: 'Length', type: 'uint', bits: 16 },
  { abbrev: 'eap.type', name: 'Type', type: 'uint', bits: 8, strings: TYPES },
  { abbrev: 'eap.identity', name: 'Identity', type: 'string' },
]);
const f = P.f;

export const eap: Dissector = {
  name: 'eap',
  dissect(tvb, pinfo, tree, parent) {
    pinfo.protocol = 'EAP';
    pinfo.setInfo('');
    const code = tvb.u8(0);
    const codeName = CODES[code] ?? 'Unknown';
    pinfo.setInfo(codeName);
    const len = tvb.u16(2);
    const node = tree.add(parent, P.proto, tvb, 0, Math.min(len, tvb.length));
    tree.add(node, f.code, tvb, 0, 1, code);
    tree.add(node, f.id, tvb, 1, 1, tvb.u8(1));
    tree.add(node, f.len, tvb, 2, 2, len);
    if ((code !== 1 && code !== 2) || len <= 4) return;
    const type = tvb.u8(4);
    tree.add(node, f.type, tvb, 4, 1, type);
    pinfo.setInfo(`${codeName}, ${TYPES[type] ?? 'Unknown'}`);
    if (type === 1 && len > 5) tree.add(node, f.identity, tvb, 5, len - 5, tvb.ascii(5, len - 5));
  },
};
