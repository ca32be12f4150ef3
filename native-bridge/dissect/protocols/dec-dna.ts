import type { Dissector } from '../core/dissector.js';
import { beginProtocol } from '../core/dispatch.js';
import { addItem } from '../core/items.js';
import { dissectorTable } from '../core/tables.js';
import { type ControlMessage, dissectControl } from './dec-dna-control.js';
import { decnetFields } from './dec-dna-fields.js';
import { dissectNsp } from './dec-dna-nsp.js';

/**
 * DECnet Phase IV routing layer (EtherType 0x6003), as TShark 4.0 reads it: padding, the
 * routing flags, then a routing control message (initialization, verification, hello and test,
 * level 1 and 2 routing with its checksum, Ethernet router and endnode hellos) or the long or
 * short data header and the NSP message it carries. TShark adds the NSP message type at the top
 * of the tree (`dec_dna.nsp.msg_type`, which `-z io,phs` counts as a protocol level), and so
 * does this.
 */
const P = decnetFields;
const f = P.f;

const decDna: Dissector = {
  name: 'dec_dna',
  dissect(tvb, pinfo, tree, parent) {
    pinfo.protocol = 'DEC DNA';
    pinfo.setInfo('');
    // TShark reads the first flags byte before it adds its node.
    const node = beginProtocol(P, tvb, pinfo, tree, parent, tvb.length, 3);
    let off = 2;
    const first = tvb.u8(off);
    // A first byte with the pad bit set counts the padding bytes, itself included.
    if ((first & 0x80) !== 0) off += first & 0x7f;
    const flags = tvb.u8(off);
    const fl = tree.add(node, f.flags, tvb, off, 1, flags);
    if ((flags & 1) !== 0) {
      const type = ((flags >> 1) & 7) as ControlMessage;
      tree.add(fl, f['flags.control'], tvb, off, 1, true);
      tree.add(fl, f['rt.msg_type'], tvb, off, 1, type);
      // TShark puts the type itself under the flags' mask again (its bits 1 to 3).
      const ctl = tree.add(node, f['rt.msg_type'], tvb, off, 1, (type & 0x0e) >> 1);
      dissectControl(tvb, pinfo, tree, ctl, off + 1, type);
      return;
    }
    if ((flags & 0x04) !== 0) {
      tree.add(fl, f['flags.msglen'], tvb, off, 1, (flags >> 1) & 3);
      tree.add(fl, f['flags.RQR'], tvb, off, 1, (flags & 0x08) !== 0);
      tree.add(fl, f['flags.RTS'], tvb, off, 1, (flags & 0x10) !== 0);
      tree.add(fl, f['flags.intra_eth'], tvb, off, 1, (flags & 0x20) !== 0);
      tree.add(fl, f['flags.discard'], tvb, off, 1, (flags & 0x40) !== 0);
      // Past the flags and the destination's area/subarea bytes.
      off += 3;
      addItem(tree, node, f['dst.address'], tvb, off, 6);
      off += 8;
      addItem(tree, node, f['src.addr'], tvb, off, 6);
      off += 6;
      tree.add(node, f.nl2, tvb, off, 1, 0);
      off++;
      tree.add(node, f.visit_cnt, tvb, off, 1, tvb.u8(off));
      off++;
      tree.add(node, f.svc_cls, tvb, off, 1, 0);
      off++;
      tree.add(node, f.proto_type, tvb, off, 1, 0);
      off++;
    } else {
      tree.add(fl, f['flags.msglen'], tvb, off, 1, (flags >> 1) & 3, `Short data packet format: 0x${((flags >> 1) & 3).toString(16)}`);
      tree.add(fl, f['flags.RQR'], tvb, off, 1, (flags & 0x08) !== 0);
      tree.add(fl, f['flags.RTS'], tvb, off, 1, (flags & 0x10) !== 0);
      off++;
      addItem(tree, node, f.dst_node, tvb, off, 2, true);
      off += 2;
      addItem(tree, node, f.src_node, tvb, off, 2, true);
      off += 2;
      tree.add(node, f.vst_node, tvb, off, 1, tvb.u8(off));
      off++;
    }
    dissectNsp(tvb, pinfo, tree, parent, off);
  },
};

dissectorTable('ethertype').add(0x6003, decDna);
