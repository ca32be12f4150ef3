import type { Dissector } from '../core/dissector.js';
import { beginProtocol, callData } from '../core/dispatch.js';
import { fieldTable } from '../core/fields.js';
import { dissectorTable } from '../core/tables.js';
import { callEthertype } from './eth.js';

/**
 * IEEE 802.1AE MACsec (EtherType 0x88e5): the SecTAG. A frame that is only integrity-protected
 * (neither E nor C set) carries its EtherType and payload in the clear before the 16-byte ICV,
 * so they go on through `ethertype`; an encrypted or changed one is `data` (Info `MACsec frame`).
 */
const P = fieldTable.register('macsec', '802.1AE Security tag', [
  { abbrev: 'macsec.TCI', name: 'TCI', type: 'uint', base: 'hex', bits: 8 },
  { abbrev: 'macsec.TCI.V', name: 'VER', type: 'uint', base: 'hex', bits: 8, mask: 0x80, maskBits: 8 },
  { abbrev: 'macsec.TCI.ES', name: 'ES', type: 'bool', mask: 0x40, maskBits: 8 },
  { abbrev: 'macsec.TCI.SC', name: 'SC', type: 'bool', mask: 0x20, maskBits: 8 },
  { abbrev: 'macsec.TCI.SCB', name: 'SCB', type: 'bool', mask: 0x10, maskBits: 8 },
  { abbrev: 'macsec.TCI.E', name: 'E', type: 'bool', mask: 0x08, maskBits: 8 },
  { abbrev: 'macsec.TCI.C', name: 'C', type: 'bool', mask: 0x04, maskBits: 8 },
  { abbrev: 'macsec.AN', name: 'AN', type: 'uint', base: 'hex', bits: 8, mask: 0x03, maskBits: 8 },
  { abbrev: 'macsec.SL', name: 'Short length', type: 'uint', bits: 8 },
  { abbrev: 'macsec.PN', name: 'Packet number', type: 'uint', bits: 32 },
  { abbrev: 'macsec.SCI.system_identifier', name: 'System Identifier', type: 'ether' },
  { abbrev: 'macsec.SCI.port_identifier', name: 'Port Identifier', type: 'uint', bits: 16 },
  { abbrev: 'macsec.etype', name: 'Ethertype', type: 'uint', base: 'hex', bits: 16 },
  { abbrev: 'macsec.ICV', name: 'ICV', type: 'bytes' },
]);
const f = P.f;

const ICV_LENGTH = 16;

const macsec: Dissector = {
  name: 'macsec',
  dissect(tvb, pinfo, tree, parent) {
    if (!tvb.has(0, 6)) return false;
    const tci = tvb.u8(0);
    const sectag = tci & 0x20 ? 14 : 6;
    // Shorter than its SecTAG and ICV, or a SecTAG inside a SecTAG: not decoded (TShark: data).
    if (tvb.length < sectag + ICV_LENGTH || pinfo.protocols.includes('macsec')) return false;
    pinfo.protocol = 'MACSEC';
    pinfo.setInfo('MACsec frame');
    const node = beginProtocol(P, tvb, pinfo, tree, parent, sectag);
    tree.add(node, f.TCI, tvb, 0, 1, tci);
    tree.add(node, f['TCI.V'], tvb, 0, 1, tci >> 7);
    tree.add(node, f['TCI.ES'], tvb, 0, 1, (tci & 0x40) !== 0);
    tree.add(node, f['TCI.SC'], tvb, 0, 1, (tci & 0x20) !== 0);
    tree.add(node, f['TCI.SCB'], tvb, 0, 1, (tci & 0x10) !== 0);
    tree.add(node, f['TCI.E'], tvb, 0, 1, (tci & 0x08) !== 0);
    tree.add(node, f['TCI.C'], tvb, 0, 1, (tci & 0x04) !== 0);
    tree.add(node, f.AN, tvb, 0, 1, tci & 0x03);
    const sl = tvb.u8(1) & 0x3f;
    tree.add(node, f.SL, tvb, 1, 1, sl);
    tree.add(node, f.PN, tvb, 2, 4, tvb.u32(2));
    if (sectag === 14) {
      tree.add(node, f['SCI.system_identifier'], tvb, 6, 6, tvb.view(6, 6));
      tree.add(node, f['SCI.port_identifier'], tvb, 12, 2, tvb.u16(12));
    }
    // A short length (SL) gives the data's length; else the data runs to the ICV.
    const dataLength = sl !== 0 ? Math.min(sl, tvb.length - sectag) : tvb.length - sectag - ICV_LENGTH;
    const icvAt = sectag + dataLength;
    if (tvb.has(icvAt, 1)) tree.add(node, f.ICV, tvb, icvAt, tvb.length - icvAt, tvb.view(icvAt, tvb.length - icvAt));
    const data = tvb.sub(sectag, dataLength);
    if ((tci & 0x0c) !== 0 || dataLength < 2) {
      callData(data, pinfo, tree, parent);
      return;
    }
    const type = data.u16(0);
    tree.add(node, f.etype, data, 0, 2, type);
    callEthertype(type, data.sub(2), pinfo, tree, parent);
  },
};

dissectorTable('ethertype').add(0x88e5, macsec);
