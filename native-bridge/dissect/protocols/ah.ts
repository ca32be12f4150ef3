import type { Dissector } from '../core/dissector.js';
import { beginProtocol } from '../core/dispatch.js';
import { fieldTable } from '../core/fields.js';
import { hex } from '../core/format.js';
import { dissectorTable } from '../core/tables.js';
import { dispatchIpPayload } from './ip-common.js';
import { extensionParent } from './ipv6.js';

/**
 * IP Authentication Header (RFC 4302, IP protocol 51): next header, length, SPI, sequence and
 * ICV; the protected payload follows in the clear and goes on through `ip.proto`. Info:
 * `AH (SPI=0x…)` until the payload's protocol sets its own.
 */
const P = fieldTable.register('ah', 'Authentication Header', [
  { abbrev: 'ah.next_header', name: 'Next header', type: 'uint', bits: 8 },
  { abbrev: 'ah.length', name: 'Length', type: 'uint', bits: 8 },
  { abbrev: 'ah.spi', name: 'AH SPI', type: 'uint', base: 'hex', bits: 32 },
  { abbrev: 'ah.sequence', name: 'AH Sequence', type: 'uint', bits: 32 },
  { abbrev: 'ah.icv', name: 'AH ICV', type: 'bytes' },
]);
const f = P.f;

const ah: Dissector = {
  name: 'ah',
  dissect(tvb, pinfo, tree, parent) {
    pinfo.protocol = 'AH';
    const next = tvb.u8(0);
    const lenField = tvb.u8(1);
    // The length counts 32-bit words, less 2.
    const length = (lenField + 2) * 4;
    const node = beginProtocol(P, tvb, pinfo, tree, extensionParent(pinfo, parent), length);
    tree.add(node, f.next_header, tvb, 0, 1, next);
    tree.add(node, f.length, tvb, 1, 1, lenField, `Length: ${length}`);
    const spi = tvb.u32(4);
    tree.add(node, f.spi, tvb, 4, 4, spi, `AH SPI: ${hex(spi, 8)}`);
    pinfo.setInfo(`AH (SPI=${hex(spi, 8)})`);
    tree.add(node, f.sequence, tvb, 8, 4, tvb.u32(8));
    if (length > 12) tree.add(node, f.icv, tvb, 12, length - 12, tvb.view(12, length - 12));
    const payload = tvb.sub(length);
    dispatchIpPayload(next, payload, payload.length, pinfo, tree, parent);
  },
};

dissectorTable('ip.proto').add(51, ah);
