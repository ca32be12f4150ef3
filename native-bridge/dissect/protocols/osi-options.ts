import { textItem } from '../core/fields.js';
import type { ProtoTree } from '../core/tree.js';
import type { Tvb } from '../core/tvb.js';
import { osiFields } from './osi.js';

/**
 * The options part shared by the OSI network protocols (ISO 8473, 9542, 10589): type, length,
 * value triples after the fixed part. What is read of each value follows TShark's reading of
 * them; the section's length is an 8-bit count that wraps, as Wireshark's does.
 */
const f = osiFields.f;

const QOS = 0xc3;
const SECURITY = 0xc5;
const PRIORITY = 0xcd;
const ADDRESS_MASK = 0xe1;
const SNPA_MASK = 0xe2;
const ES_CONFIG_TIMER = 0xc6;
const PADDING = 0xcc;
const SOURCE_ROUTING = 0xc8;
const RECORD_OF_ROUTE = 0xcb;
const REASON_OF_DISCARD = 0xc1;

/**
 * The options of `length` bytes (0 to 255) at `off`, under `parent`. The section's item spans
 * `length` bytes, so a section longer than the bytes left ends decoding there; then each option's
 * type and length are read, and its value as far as TShark reads it. The count wraps below zero
 * (Wireshark's unsigned char), but every step reads two bytes further, so the walk ends within
 * half the buffer's length.
 */
export function dissectOsiOptions(tvb: Tvb, tree: ProtoTree, parent: number, off: number, length: number): void {
  tvb.check(off, length);
  const section = tree.add(parent, textItem, tvb, off, length, undefined, '### Option Section ###');
  if (length === 0) {
    tree.add(section, f['options.none'], tvb, off, 0);
    return;
  }
  let left = length;
  while (left > 0) {
    const type = tvb.u8(off);
    const len = tvb.u8(off + 1);
    off += 2;
    switch (type) {
      case QOS:
        tvb.check(off, len);
        tree.add(section, f['options.qos.maintenance'], tvb, off, len, tvb.u8(off) >> 6);
        break;
      case SECURITY:
        tree.add(section, f['options.security_type'], tvb, off, len, tvb.u8(off) >> 6);
        break;
      case PRIORITY:
        tree.add(section, f['options.priority'], tvb, off, len, tvb.u8(off));
        break;
      case ADDRESS_MASK:
        tree.add(section, f['options.address_mask'], tvb, off, len, tvb.view(off, len));
        break;
      case SNPA_MASK:
        tree.add(section, f['options.snpa_mask'], tvb, off, len, tvb.view(off, len));
        break;
      case ES_CONFIG_TIMER:
        tree.add(section, f['options.esct'], tvb, off, len, tvb.u16(off));
        break;
      case PADDING:
        tree.add(section, f['options.padding'], tvb, off, len, tvb.view(off, len));
        break;
      case SOURCE_ROUTING:
        tvb.u8(off + 1);
        tree.add(section, f['options.source_routing'], tvb, off, len, tvb.u8(off));
        break;
      case RECORD_OF_ROUTE:
        tvb.u8(off + 1);
        tvb.check(off, len);
        tree.add(section, f['options.route_recording'], tvb, off, len, tvb.u8(off));
        break;
      case REASON_OF_DISCARD: {
        const error = tvb.u8(off);
        const field = tvb.u8(off + 1);
        tvb.check(off + field, 1);
        tree.add(section, f['options.rfd.error_class'], tvb, off, 1, error >> 4);
        tree.add(section, f['options.rfd.field'], tvb, off + 1, 1, field);
        break;
      }
    }
    left = (left - (len + 2)) & 0xff;
    off += len;
  }
}
