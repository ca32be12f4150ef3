import type { Dissector } from '../core/dissector.js';
import { beginProtocol } from '../core/dispatch.js';
import { fieldTable } from '../core/fields.js';
import { dissectorTable } from '../core/tables.js';
import type { Tvb } from '../core/tvb.js';

/**
 * IS-IS (ISO 10589) common header, and the PDU kinds as TShark stacks them (`isis:isis.hello`,
 * `isis.lsp`, `isis.csnp`, `isis.psnp`), each with Wireshark's Info line
 * (`L1 LSP, LSP-ID: 2222.2222.2222.00-00, Sequence: 0x00000009, Lifetime:  1199s`). TLVs are
 * not decoded.
 */
const TYPES: Record<number, string> = {
  15: 'L1 HELLO',
  16: 'L2 HELLO',
  17: 'P2P HELLO',
  18: 'L1 LSP',
  20: 'L2 LSP',
  24: 'L1 CSNP',
  25: 'L2 CSNP',
  26: 'L1 PSNP',
  27: 'L2 PSNP',
};
const P = fieldTable.register('isis', 'ISO 10589 ISIS InTRA Domain Routeing Information Exchange Protocol', [
  { abbrev: 'isis.irpd', name: 'Intradomain Routing Protocol Discriminator', type: 'uint', base: 'hex', bits: 8 },
  { abbrev: 'isis.len', name: 'PDU Header Length', type: 'uint', bits: 8 },
  { abbrev: 'isis.version', name: 'Version', type: 'uint', bits: 8 },
  { abbrev: 'isis.sysid_len', name: 'System ID Length', type: 'uint', bits: 8 },
  { abbrev: 'isis.type', name: 'PDU Type', type: 'uint', bits: 8, strings: TYPES },
  { abbrev: 'isis.max_area_adr', name: 'Max.AREAs: (0==3)', type: 'uint', bits: 8 },
]);
const HELLO = fieldTable.register('isis.hello', 'ISIS HELLO', [
  { abbrev: 'isis.hello.circuit_type', name: 'Circuit type', type: 'uint', bits: 8 },
  { abbrev: 'isis.hello.source_id', name: 'SystemID {Sender of PDU}', type: 'string' },
  { abbrev: 'isis.hello.holding_timer', name: 'Holding timer', type: 'uint', bits: 16 },
  { abbrev: 'isis.hello.pdu_length', name: 'PDU length', type: 'uint', bits: 16 },
]);
const LSP = fieldTable.register('isis.lsp', 'ISIS LSP', [
  { abbrev: 'isis.lsp.pdu_length', name: 'PDU length', type: 'uint', bits: 16 },
  { abbrev: 'isis.lsp.remaining_life', name: 'Remaining lifetime', type: 'uint', bits: 16 },
  { abbrev: 'isis.lsp.lsp_id', name: 'LSP-ID', type: 'string' },
  { abbrev: 'isis.lsp.sequence_number', name: 'Sequence number', type: 'uint', base: 'hex', bits: 32 },
  { abbrev: 'isis.lsp.checksum', name: 'Checksum', type: 'uint', base: 'hex', bits: 16 },
]);
const CSNP = fieldTable.register('isis.csnp', 'ISIS CSNP', [
  { abbrev: 'isis.csnp.pdu_length', name: 'PDU length', type: 'uint', bits: 16 },
  { abbrev: 'isis.csnp.source_id', name: 'Source-ID', type: 'string' },
  { abbrev: 'isis.csnp.start_lsp_id', name: 'Start LSP-ID', type: 'string' },
  { abbrev: 'isis.csnp.end_lsp_id', name: 'End LSP-ID', type: 'string' },
]);
const PSNP = fieldTable.register('isis.psnp', 'ISIS PSNP', [
  { abbrev: 'isis.psnp.pdu_length', name: 'PDU length', type: 'uint', bits: 16 },
  { abbrev: 'isis.psnp.source_id', name: 'Source-ID', type: 'string' },
]);

/** A system id as IS-IS writes it: groups of two bytes (`2222.2222.2222`), then `.NN` and `-NN` for pseudonode and fragment. */
function systemId(tvb: Tvb, off: number, len: number): string {
  const b = tvb.view(off, len);
  let s = '';
  for (let i = 0; i < Math.min(len, 6); i++) {
    if (i > 0 && i % 2 === 0) s += '.';
    s += b[i]!.toString(16).padStart(2, '0');
  }
  if (len > 6) s += `.${b[6]!.toString(16).padStart(2, '0')}`;
  if (len > 7) s += `-${b[7]!.toString(16).padStart(2, '0')}`;
  return s;
}

const isis: Dissector = {
  name: 'isis',
  dissect(tvb, pinfo, tree, parent) {
    pinfo.protocol = 'ISIS';
    const node = beginProtocol(P, tvb, pinfo, tree, parent);
    const f = P.f;
    tree.add(node, f.irpd, tvb, 0, 1, tvb.u8(0));
    const hlen = tvb.u8(1);
    tree.add(node, f.len, tvb, 1, 1, hlen);
    tree.add(node, f.version, tvb, 2, 1, tvb.u8(2));
    const idRaw = tvb.u8(3);
    tree.add(node, f.sysid_len, tvb, 3, 1, idRaw);
    const type = tvb.u8(4) & 0x1f;
    tree.add(node, f.type, tvb, 4, 1, type);
    tree.add(node, f.max_area_adr, tvb, 7, 1, tvb.u8(7));
    tree.setLength(node, 8);
    // A length of 0 means 6 bytes; 255 means none (ISO 10589 9.5).
    const id = idRaw === 0 ? 6 : idRaw === 255 ? 0 : idRaw;
    const name = TYPES[type];
    const level = type === 18 || type === 24 || type === 26 ? 'L1' : 'L2';
    const o = 8;
    if (type === 15 || type === 16 || type === 17) {
      pinfo.protocol = 'ISIS HELLO';
      const n = beginProtocol(HELLO, tvb.sub(o), pinfo, tree, parent);
      const h = HELLO.f;
      tree.add(n, h.circuit_type, tvb, o, 1, tvb.u8(o) & 3);
      const sid = systemId(tvb, o + 1, id);
      tree.add(n, h.source_id, tvb, o + 1, id, sid);
      tree.add(n, h.holding_timer, tvb, o + 1 + id, 2, tvb.u16(o + 1 + id));
      tree.add(n, h.pdu_length, tvb, o + 3 + id, 2, tvb.u16(o + 3 + id));
      pinfo.setInfo(`${name}, System-ID: ${sid}`);
    } else if (type === 18 || type === 20) {
      pinfo.protocol = 'ISIS LSP';
      const n = beginProtocol(LSP, tvb.sub(o), pinfo, tree, parent);
      const l = LSP.f;
      tree.add(n, l.pdu_length, tvb, o, 2, tvb.u16(o));
      const life = tvb.u16(o + 2);
      tree.add(n, l.remaining_life, tvb, o + 2, 2, life);
      const lspId = systemId(tvb, o + 4, id + 2);
      tree.add(n, l.lsp_id, tvb, o + 4, id + 2, lspId);
      const seq = tvb.u32(o + 6 + id);
      tree.add(n, l.sequence_number, tvb, o + 6 + id, 4, seq);
      tree.add(n, l.checksum, tvb, o + 10 + id, 2, tvb.u16(o + 10 + id));
      pinfo.setInfo(`${name}, LSP-ID: ${lspId}, Sequence: 0x${seq.toString(16).padStart(8, '0')}, Lifetime: ${String(life).padStart(5)}s`);
    } else if (type === 24 || type === 25) {
      pinfo.protocol = 'ISIS CSNP';
      const n = beginProtocol(CSNP, tvb.sub(o), pinfo, tree, parent);
      const c = CSNP.f;
      tree.add(n, c.pdu_length, tvb, o, 2, tvb.u16(o));
      const src = systemId(tvb, o + 2, id + 1);
      tree.add(n, c.source_id, tvb, o + 2, id + 1, src);
      const start = systemId(tvb, o + 3 + id, id + 2);
      tree.add(n, c.start_lsp_id, tvb, o + 3 + id, id + 2, start);
      const end = systemId(tvb, o + 5 + 2 * id, id + 2);
      tree.add(n, c.end_lsp_id, tvb, o + 5 + 2 * id, id + 2, end);
      pinfo.setInfo(`${level} CSNP, Source-ID: ${src}, Start LSP-ID: ${start}, End LSP-ID: ${end}`);
    } else if (type === 26 || type === 27) {
      pinfo.protocol = 'ISIS PSNP';
      const n = beginProtocol(PSNP, tvb.sub(o), pinfo, tree, parent);
      const p = PSNP.f;
      tree.add(n, p.pdu_length, tvb, o, 2, tvb.u16(o));
      const src = systemId(tvb, o + 2, id + 1);
      tree.add(n, p.source_id, tvb, o + 2, id + 1, src);
      pinfo.setInfo(`${level} PSNP, Source-ID: ${src}`);
    } else pinfo.setInfo(`Unknown ISIS packet type ${type}`);
  },
};

dissectorTable('osi.nlpid').add(0x83, isis);
