import type { FieldInfo } from './fields.js';
import { textItem } from './fields.js';
import type { ProtoTree } from './tree.js';
import type { Tvb } from './tvb.js';

/**
 * Wireshark's proto_tree_add_item for decoders that read as far and check as much as TShark:
 * the `length` bytes at `offset` must have been captured (a negative length is as bad), and
 * the value is read from them by the field's type (an integer of 1 to 4 bytes, shifted under
 * its mask; a boolean under its mask; bytes, a string, addresses). A label (`none`) or protocol
 * item only needs its start captured: TShark cuts its length to what there is. Returns the node.
 */
export function addItem(tree: ProtoTree, parent: number, field: FieldInfo, tvb: Tvb, offset: number, length: number, le = false): number {
  if (field.type === 'none' || field.type === 'protocol') {
    tvb.check(offset, 0);
    const cut = length < 0 || length > tvb.length - offset ? tvb.length - offset : length;
    return tree.add(parent, field, tvb, offset, cut);
  }
  tvb.check(offset, length);
  return tree.add(parent, field, tvb, offset, length, itemValue(field, tvb, offset, length, le));
}

function itemValue(field: FieldInfo, tvb: Tvb, offset: number, length: number, le: boolean): unknown {
  switch (field.type) {
    case 'uint':
    case 'bool': {
      const raw = length === 1 ? tvb.u8(offset) : length === 2 ? tvb.u16(offset, le) : length === 3 ? tvb.u24(offset) : tvb.u32(offset, le);
      const mask = field.mask;
      if (field.type === 'bool') return mask === undefined ? raw !== 0 : (raw & mask) !== 0;
      if (mask === undefined) return raw;
      let shift = 0;
      while (shift < 32 && Math.floor(mask / 2 ** shift) % 2 === 0) shift++;
      return Math.floor((raw & mask) >>> 0) / 2 ** shift;
    }
    case 'ipv4':
      return tvb.u32(offset);
    case 'string':
      return tvb.ascii(offset, length);
    case 'none':
    case 'protocol':
      return undefined;
    default:
      return tvb.view(offset, length);
  }
}

/**
 * A text item over `length` bytes at `offset` (Wireshark's proto_tree_add_subtree and
 * proto_tree_add_text): TShark checks the bytes were captured before it adds one.
 */
export function addText(tree: ProtoTree, parent: number, tvb: Tvb, offset: number, length: number, text: string): number {
  tvb.check(offset, length);
  return tree.add(parent, textItem, tvb, offset, length, undefined, text);
}
