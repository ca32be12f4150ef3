import type { Dissector } from '../core/dissector.js';
import { beginProtocol } from '../core/dispatch.js';
import { type FieldInfo, fieldTable } from '../core/fields.js';
import { addItem } from '../core/items.js';
import type { PacketInfo } from '../core/packet-info.js';
import { dissectorTable } from '../core/tables.js';
import type { ProtoTree } from '../core/tree.js';
import type { Tvb } from '../core/tvb.js';
import { KNOWN_CLVS, walkClvs } from './isis-clv.js';

/**
 * IS-IS (ISO 10589) common header, and the PDU kinds as TShark stacks them (`isis:isis.hello`,
 * `isis.lsp`, `isis.csnp`, `isis.psnp`), each with Wireshark's Info line
 * (`L1 LSP, LSP-ID: 2222.2222.2222.00-00, Sequence: 0x00000009, Lifetime:  1199s`). Each PDU
 * reads its header only as far as the length indicator says the header goes, then walks its
 * TLVs over the PDU length it announces (isis-clv.ts), as TShark 4.0 does: a PDU that says it
 * is longer than what was captured is short or malformed where the walk runs out.
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
  { abbrev: 'isis.hello.circuit_type', name: 'Circuit type', type: 'uint', base: 'hex', bits: 8, mask: 0x03, maskBits: 8 },
  { abbrev: 'isis.hello.source_id', name: 'SystemID {Sender of PDU}', type: 'string' },
  { abbrev: 'isis.hello.holding_timer', name: 'Holding timer', type: 'uint', bits: 16 },
  { abbrev: 'isis.hello.pdu_length', name: 'PDU length', type: 'uint', bits: 16 },
  { abbrev: 'isis.hello.local_circuit_id', name: 'Local circuit ID', type: 'uint', bits: 8 },
  { abbrev: 'isis.hello.priority', name: 'Priority', type: 'uint', bits: 8, mask: 0x7f, maskBits: 8 },
  { abbrev: 'isis.hello.lan_id', name: 'SystemID {Designated IS}', type: 'string' },
  { abbrev: 'isis.hello.clv.type', name: 'Type', type: 'uint', bits: 8 },
  { abbrev: 'isis.hello.clv.length', name: 'Length', type: 'uint', bits: 8 },
]);
const LSP = fieldTable.register('isis.lsp', 'ISIS LSP', [
  { abbrev: 'isis.lsp.pdu_length', name: 'PDU length', type: 'uint', bits: 16 },
  { abbrev: 'isis.lsp.remaining_life', name: 'Remaining lifetime', type: 'uint', bits: 16 },
  { abbrev: 'isis.lsp.lsp_id', name: 'LSP-ID', type: 'string' },
  { abbrev: 'isis.lsp.sequence_number', name: 'Sequence number', type: 'uint', base: 'hex', bits: 32 },
  { abbrev: 'isis.lsp.checksum', name: 'Checksum', type: 'uint', base: 'hex', bits: 16 },
  { abbrev: 'isis.lsp.partition_repair', name: 'Partition Repair', type: 'bool', mask: 0x80, maskBits: 8 },
  { abbrev: 'isis.lsp.overload', name: 'Overload bit', type: 'bool', mask: 0x04, maskBits: 8 },
  { abbrev: 'isis.lsp.is_type', name: 'Type of Intermediate System', type: 'uint', bits: 8, mask: 0x03, maskBits: 8 },
  { abbrev: 'isis.lsp.clv.type', name: 'Type', type: 'uint', bits: 8 },
  { abbrev: 'isis.lsp.clv.length', name: 'Length', type: 'uint', bits: 8 },
]);
const CSNP = fieldTable.register('isis.csnp', 'ISIS CSNP', [
  { abbrev: 'isis.csnp.pdu_length', name: 'PDU length', type: 'uint', bits: 16 },
  { abbrev: 'isis.csnp.source_id', name: 'Source-ID', type: 'string' },
  { abbrev: 'isis.csnp.start_lsp_id', name: 'Start LSP-ID', type: 'string' },
  { abbrev: 'isis.csnp.end_lsp_id', name: 'End LSP-ID', type: 'string' },
  { abbrev: 'isis.csnp.clv.type', name: 'Type', type: 'uint', bits: 8 },
  { abbrev: 'isis.csnp.clv.length', name: 'Length', type: 'uint', bits: 8 },
]);
const PSNP = fieldTable.register('isis.psnp', 'ISIS PSNP', [
  { abbrev: 'isis.psnp.pdu_length', name: 'PDU length', type: 'uint', bits: 16 },
  { abbrev: 'isis.psnp.source_id', name: 'Source-ID', type: 'string' },
  { abbrev: 'isis.psnp.clv.type', name: 'Type', type: 'uint', bits: 8 },
  { abbrev: 'isis.psnp.clv.length', name: 'Length', type: 'uint', bits: 8 },
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

/** What the PDU kinds share: the header's length indicator and the system id length. */
interface Header {
  tvb: Tvb;
  pinfo: PacketInfo;
  tree: ProtoTree;
  /** The length indicator: how much of the PDU is header (TShark stops where it says the header ends). */
  hlen: number;
  id: number;
}

/** The PDU length field (all kinds have one): its value, and whether it is shorter than the header (no TLVs then). */
/** The PDU length a header gives, and whether it is shorter than the header itself. */
interface PduLength {
  length: number;
  tooShort: boolean;
}

function pduLength(h: Header, node: number, field: FieldInfo, o: number): PduLength {
  const length = h.tvb.u16(o);
  h.tree.add(node, field, h.tvb, o, 2, length);
  return { length, tooShort: length < h.hlen };
}

function hello(h: Header, parent: number, type: number): void {
  const { tvb, pinfo, tree, hlen, id } = h;
  h.pinfo.protocol = 'ISIS HELLO';
  const n = beginProtocol(HELLO, tvb.sub(8), pinfo, tree, parent);
  const f = HELLO.f;
  let o = 8;
  if (hlen < o + 1) return;
  tree.add(n, f.circuit_type, tvb, o, 1, tvb.u8(o) & 3);
  o++;
  if (hlen < o + id) return;
  const sid = systemId(tvb, o, id);
  tree.add(n, f.source_id, tvb, o, id, sid);
  pinfo.appendInfo(`, System-ID: ${sid}`, '');
  o += id;
  if (hlen < o + 2) return;
  addItem(tree, n, f.holding_timer, tvb, o, 2);
  o += 2;
  if (hlen < o + 2) return;
  const pdu = pduLength(h, n, f.pdu_length, o);
  o += 2;
  if (hlen < o + 1) return;
  if (type === 17) {
    addItem(tree, n, f.local_circuit_id, tvb, o, 1);
    o++;
  } else {
    tree.add(n, f.priority, tvb, o, 1, tvb.u8(o) & 0x7f);
    o++;
    if (hlen < o + id + 1) return;
    tree.add(n, f.lan_id, tvb, o, id + 1, systemId(tvb, o, id + 1));
    o += id + 1;
  }
  if (pdu.tooShort) return;
  const known = type === 15 ? KNOWN_CLVS.l1Hello : type === 16 ? KNOWN_CLVS.l2Hello : KNOWN_CLVS.p2pHello;
  walkClvs(tvb, tree, n, o, pdu.length - hlen, known, { type: f['clv.type'], length: f['clv.length'] });
}

function lsp(h: Header, parent: number): void {
  const { tvb, pinfo, tree, hlen, id } = h;
  pinfo.protocol = 'ISIS LSP';
  const n = beginProtocol(LSP, tvb.sub(8), pinfo, tree, parent);
  const l = LSP.f;
  let o = 8;
  if (hlen < o + 2) return;
  const pdu = pduLength(h, n, l.pdu_length, o);
  o += 2;
  if (hlen < o + 2) return;
  const life = tvb.u16(o);
  tree.add(n, l.remaining_life, tvb, o, 2, life);
  o += 2;
  if (hlen < o + id + 2) return;
  const lspId = systemId(tvb, o, id + 2);
  tree.add(n, l.lsp_id, tvb, o, id + 2, lspId);
  pinfo.appendInfo(`, LSP-ID: ${lspId}`, '');
  o += id + 2;
  if (hlen < o + 4) return;
  const seq = tvb.u32(o);
  tree.add(n, l.sequence_number, tvb, o, 4, seq);
  pinfo.appendInfo(`, Sequence: 0x${seq.toString(16).padStart(8, '0')}, Lifetime: ${String(life).padStart(5)}s`, '');
  o += 4;
  if (hlen < o + 2) return;
  addItem(tree, n, l.checksum, tvb, o, 2);
  o += 2;
  if (hlen < o + 1) return;
  const block = tvb.u8(o);
  tree.add(n, l.partition_repair, tvb, o, 1, (block & 0x80) !== 0);
  tree.add(n, l.overload, tvb, o, 1, (block & 0x04) !== 0);
  tree.add(n, l.is_type, tvb, o, 1, block & 0x03);
  o++;
  if (pdu.tooShort) return;
  walkClvs(tvb, tree, n, o, pdu.length - hlen, KNOWN_CLVS.lsp, { type: l['clv.type'], length: l['clv.length'] });
}

/**
 * What CSNP and PSNP start with: their node and column, the PDU length and the source id. Returns
 * the node, where the rest starts and the PDU length, or undefined where the header ends first.
 */
function snpHead(
  h: Header,
  parent: number,
  T: typeof CSNP | typeof PSNP,
  column: string,
): { n: number; o: number; pdu: PduLength } | undefined {
  const { tvb, pinfo, tree, hlen, id } = h;
  pinfo.protocol = column;
  const n = beginProtocol(T, tvb.sub(8), pinfo, tree, parent);
  let o = 8;
  if (hlen < o + 2) return undefined;
  const pdu = pduLength(h, n, T.f.pdu_length, o);
  o += 2;
  if (hlen < o + id + 1) return undefined;
  const src = systemId(tvb, o, id + 1);
  tree.add(n, T.f.source_id, tvb, o, id + 1, src);
  pinfo.appendInfo(`, Source-ID: ${src}`, '');
  return { n, o: o + id + 1, pdu };
}

function csnp(h: Header, parent: number): void {
  const { tvb, pinfo, tree, hlen, id } = h;
  const head = snpHead(h, parent, CSNP, 'ISIS CSNP');
  if (head === undefined) return;
  const { n, pdu } = head;
  const c = CSNP.f;
  let o = head.o;
  if (hlen < o + id + 2) return;
  const start = systemId(tvb, o, id + 2);
  tree.add(n, c.start_lsp_id, tvb, o, id + 2, start);
  pinfo.appendInfo(`, Start LSP-ID: ${start}`, '');
  o += id + 2;
  if (hlen < o + id + 2) return;
  const end = systemId(tvb, o, id + 2);
  tree.add(n, c.end_lsp_id, tvb, o, id + 2, end);
  pinfo.appendInfo(`, End LSP-ID: ${end}`, '');
  o += id + 2;
  if (pdu.tooShort) return;
  walkClvs(tvb, tree, n, o, pdu.length - hlen, KNOWN_CLVS.snp, { type: c['clv.type'], length: c['clv.length'] });
}

function psnp(h: Header, parent: number): void {
  const head = snpHead(h, parent, PSNP, 'ISIS PSNP');
  if (head === undefined || head.pdu.tooShort) return;
  const p = PSNP.f;
  walkClvs(h.tvb, h.tree, head.n, head.o, head.pdu.length - h.hlen, KNOWN_CLVS.snp, { type: p['clv.type'], length: p['clv.length'] });
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
    if (name === undefined) {
      pinfo.setInfo(`Unknown ISIS packet type ${type}`);
      return;
    }
    pinfo.setInfo(name);
    const h: Header = { tvb, pinfo, tree, hlen, id };
    if (type === 15 || type === 16 || type === 17) hello(h, parent, type);
    else if (type === 18 || type === 20) lsp(h, parent);
    else if (type === 24 || type === 25) csnp(h, parent);
    else psnp(h, parent);
  },
};

dissectorTable('osi.nlpid').add(0x83, isis);
