import { addItem } from '../core/items.js';
import type { PacketInfo } from '../core/packet-info.js';
import { frameSlot } from '../core/session.js';
import type { ProtoTree } from '../core/tree.js';
import type { Tvb } from '../core/tvb.js';
import { decnetFields } from './dec-dna-fields.js';

/**
 * DECnet NSP (Network Services Protocol, Phase IV 4.0.1) after the routing header, as TShark
 * 4.0 reads it. TShark adds the message type at the top of the tree, beside the routing layer
 * rather than under it, so `-z io,phs` counts `dec_dna.nsp.msg_type` as a level; this does too.
 * Data segments' Info counts the bytes of the message so far, over the capture (TShark keeps
 * one count for all links).
 */
const f = decnetFields.f;

const DATA_SEGMENT = 0x00;
const LINK_SERVICE = 0x10;
const BOM = 0x20;
const EOM = 0x40;
const BOM_EOM = 0x60;
const INTERRUPT = 0x30;
const DATA_ACK = 0x04;
const OTHER_DATA_ACK = 0x14;
const CONN_ACK = 0x24;
const NOP = 0x08;
const CONN_INITIATE = 0x18;
const CONN_CONFIRM = 0x28;
const DISCONN_INITIATE = 0x38;
const DISCONN_CONFIRM = 0x48;

/** The capture-wide count of a segmented message's bytes (TShark's dec_dna_total_bytes_this_segment). */
interface Segments {
  total: number;
}

/** A data segment's count so far, as the first pass had it. */
const SEGMENT_TOTAL = frameSlot<number>('dec_dna.segments', {
  write(v, out) {
    out.int(v);
  },
  read(from) {
    return from.int();
  },
});

/** The NSP message at `off`; its type goes under `top` (the tree level of the routing layer's node). */
export function dissectNsp(tvb: Tvb, pinfo: PacketInfo, tree: ProtoTree, top: number, off: number): void {
  const type = tvb.u8(off);
  const node = tree.add(top, f['nsp.msg_type'], tvb, off, 1, type);
  if (type === NOP) return;
  off++;
  addItem(tree, node, f.dst_node, tvb, off, 2, true);
  off += 2;
  if (type === CONN_ACK) {
    pinfo.setInfo('NSP connect acknowledgement');
    return;
  }
  addItem(tree, node, f.src_node, tvb, off, 2, true);
  off += 2;
  message(tvb, pinfo, tree, node, off, type);
}

function ackText(tree: ProtoTree, node: number, tvb: Tvb, off: number, text: string): void {
  tree.add(node, f['ctl.acknum'], tvb, off, 2, undefined, text);
}

function segnum(tree: ProtoTree, node: number, tvb: Tvb, off: number): void {
  addItem(tree, node, f['nsp.segnum'], tvb, off, 2, true);
  addItem(tree, node, f['nsp.delay'], tvb, off, 2, true);
}

const ackOf = (v: number): string => ((v & 0x1000) !== 0 ? 'negatively' : 'positively');
const crossOf = (v: number): string => ((v & 0x3000) === 0x2000 ? 'ACK' : 'NAK');

function message(tvb: Tvb, pinfo: PacketInfo, tree: ProtoTree, node: number, off: number, type: number): void {
  switch (type) {
    case DATA_SEGMENT:
    case BOM:
    case EOM:
    case BOM_EOM:
      dataSegment(tvb, pinfo, tree, node, off, type);
      break;
    case INTERRUPT:
    case LINK_SERVICE: {
      pinfo.setInfo(type === INTERRUPT ? 'NSP interrupt message' : 'NSP link control message');
      const ack = tvb.u16(off, true);
      if ((ack & 0x8000) === 0) {
        segnum(tree, node, tvb, off);
        break;
      }
      ackText(tree, node, tvb, off, `Last interrupt/link service msg ${ackOf(ack)} acknowledged: ${ack & 0xfff}`);
      off += 2;
      const dat = tvb.u16(off, true);
      if ((dat & 0x8000) !== 0) {
        ackText(tree, node, tvb, off, `Cross sub-channel ${crossOf(dat)} of data segment msg: ${dat & 0xfff}`);
        off += 2;
      }
      segnum(tree, node, tvb, off);
      off += 2;
      if (type === LINK_SERVICE) linkService(tvb, pinfo, tree, node, off);
      break;
    }
    case DATA_ACK: {
      const ack = tvb.u16(off, true);
      ackText(tree, node, tvb, off, `Last data segment ${ackOf(ack)} acknowledged: ${ack & 0xfff}`);
      off += 2;
      pinfo.appendInfo(`NSP data ${(ack & 0x1000) !== 0 ? 'NAK' : 'ACK'} message(${ack & 0xfff})`, '');
      otherAck(tvb, tree, node, off, 'other data msg');
      break;
    }
    case OTHER_DATA_ACK: {
      pinfo.setInfo('NSP other data ACK message');
      const ack = tvb.u16(off, true);
      ackText(tree, node, tvb, off, `Last interrupt/link service msg ${ackOf(ack)} acknowledged: ${ack & 0xfff}`);
      otherAck(tvb, tree, node, off + 2, 'data msg');
      break;
    }
    case CONN_CONFIRM:
    case CONN_INITIATE:
      pinfo.setInfo('NSP connect confirm/initiate message');
      tree.add(node, f['nsp.services'], tvb, off, 1, (tvb.u8(off) & 0x0c) >> 2);
      addItem(tree, node, f['nsp.info'], tvb, off + 1, 1);
      addItem(tree, node, f['nsp.segsize'], tvb, off + 2, 2, true);
      connectContents(tvb, tree, node, off + 4);
      break;
    case DISCONN_INITIATE:
    case DISCONN_CONFIRM:
      pinfo.setInfo('NSP disconnect initiate/confirm message');
      addItem(tree, node, f['nsp.disc_reason'], tvb, off, 2, true);
      break;
    default:
      break;
  }
}

/** An optional cross sub-channel acknowledgement, read only when bytes are reported after the first. */
function otherAck(tvb: Tvb, tree: ProtoTree, node: number, off: number, what: string): void {
  if (tvb.reportedRemaining(off) <= 0) return;
  const v = tvb.u16(off, true);
  if ((v & 0x8000) !== 0) ackText(tree, node, tvb, off, `Cross sub-channel ${crossOf(v)} of ${what} ${v & 0xfff}`);
}

function dataSegment(tvb: Tvb, pinfo: PacketInfo, tree: ProtoTree, node: number, off: number, type: number): void {
  const ack = tvb.u16(off, true);
  if ((ack & 0x8000) !== 0) {
    ackText(tree, node, tvb, off, `Last data segment ${ackOf(ack)} acknowledged: ${ack & 0xfff}`);
    off += 2;
    const oth = tvb.u16(off, true);
    if ((oth & 0x8000) !== 0) {
      ackText(tree, node, tvb, off, `Cross sub-channel ${crossOf(oth)} of other data msg ${oth & 0xfff}`);
      off += 2;
    }
  }
  const seg = tvb.u16(off, true) & 0xfff;
  const what =
    type === BOM
      ? `msg nr. ${seg}: start of segment`
      : type === DATA_SEGMENT
        ? `msg nr. ${seg}: continuation segment `
        : type === EOM
          ? `msg nr. ${seg}: end of segment`
          : `msg nr. ${seg} single segment`;
  pinfo.appendInfo(what, '');
  segnum(tree, node, tvb, off);
  off += 2;
  const length = tvb.reportedRemaining(off);
  const total = pinfo.frameData(SEGMENT_TOTAL, () => {
    const s = pinfo.session.state<Segments>('dec_dna.segments', () => ({ total: 0 }));
    if (type === BOM || type === BOM_EOM) s.total = 0;
    s.total += length;
    return s.total;
  });
  pinfo.appendInfo(`, bytes this segment: ${length}, total so far:${total}`, '');
}

function linkService(tvb: Tvb, pinfo: PacketInfo, tree: ProtoTree, node: number, off: number): void {
  const ls = tvb.u8(off);
  const note = ls === 0 ? '(no change)' : ls === 1 ? '(stop)' : ls === 2 ? '(go)' : '';
  if (note !== '') pinfo.appendInfo(note, '');
  const fc = tvb.u8(off + 1);
  const n = tree.add(node, f['nsp.flow_control'], tvb, off, 1, ls & 3);
  tree.add(n, f['nsp.fc_val'], tvb, off, 2, undefined, `Request for additional ${fc} ${(ls & 0x04) !== 0 ? 'interrupt' : 'data'} msgs`);
}

/** A name of `length` bytes (ASCII) under `node`; returns the offset after it. */
function name(tvb: Tvb, tree: ProtoTree, node: number, field: (typeof f)[keyof typeof f], off: number): number {
  const length = tvb.u8(off);
  addItem(tree, node, field, tvb, off + 1, length);
  return off + 1 + length;
}

/** A connect message's session control data (DNA Session Control): the end users and the menu version. */
function connectContents(tvb: Tvb, tree: ProtoTree, node: number, off: number): void {
  tvb.check(off, 0);
  const c = tree.add(node, f['sess.conn'], tvb, off, tvb.length - off);
  const dstFormat = tvb.u8(off);
  off++;
  tree.add(c, f['sess.obj_type'], tvb, off, 1, tvb.u8(off));
  off++;
  if (dstFormat === 2) {
    addItem(tree, c, f['sess.grp_code'], tvb, off, 2, true);
    addItem(tree, c, f['sess.usr_code'], tvb, off + 2, 2, true);
    off += 4;
  }
  if (dstFormat !== 0) off = name(tvb, tree, c, f['sess.dst_name'], off);
  const srcFormat = tvb.u8(off);
  off++;
  tree.add(c, f['sess.obj_type'], tvb, off, 1, tvb.u8(off));
  off++;
  if (srcFormat === 2) {
    addItem(tree, c, f['sess.grp_code'], tvb, off, 2, true);
    addItem(tree, c, f['sess.usr_code'], tvb, off + 2, 2, true);
    off += 4;
  }
  // TShark tests the destination's format again here, not the source's.
  if (dstFormat !== 0) off = name(tvb, tree, c, f['sess.src_name'], off);
  const menu = tvb.u8(off);
  if (menu === 1 || menu === 3) {
    tree.add(c, f['sess.menu_ver'], tvb, off, 1, 'Version 1.0: RQSTRID, PASSWRD and ACCOUNT fields included');
    off++;
    for (let i = 0; i < 3; i++) off = name(tvb, tree, c, f['sess.rqstr_id'], off);
  } else if (menu === 2) tree.add(c, f['sess.menu_ver'], tvb, off, 1, 'Version 1.0: USRDATA field included');
  else tree.add(c, f['sess.menu_ver'], tvb, off, 1, 'Session control version 1.0');
}
