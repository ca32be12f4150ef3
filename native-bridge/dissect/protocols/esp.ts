import type { Dissector } from '../core/dissector.js';
import { beginProtocol } from '../core/dispatch.js';
import { fieldTable } from '../core/fields.js';
import { hex } from '../core/format.js';
import { dissectorTable } from '../core/tables.js';

/**
 * IP Encapsulating Security Payload (RFC 4303, IP protocol 50): SPI and sequence number; the
 * rest is encrypted, so it stays inside the ESP layer (no `data`), as TShark shows it without
 * keys. Info: `ESP (SPI=0x12345678)`.
 */
export const ESP = fieldTable.register('esp', 'Encapsulating Security Payload', [
  { abbrev: 'esp.spi', name: 'ESP SPI', type: 'uint', base: 'hex', bits: 32 },
  { abbrev: 'esp.sequence', name: 'ESP Sequence', type: 'uint', bits: 32 },
]);
const f = ESP.f;

export const esp: Dissector = {
  name: 'esp',
  dissect(tvb, pinfo, tree, parent) {
    pinfo.protocol = 'ESP';
    const node = beginProtocol(ESP, tvb, pinfo, tree, parent);
    const spi = tvb.u32(0);
    tree.add(node, f.spi, tvb, 0, 4, spi, `ESP SPI: ${hex(spi, 8)} (${spi})`);
    pinfo.setInfo(`ESP (SPI=${hex(spi, 8)})`);
    tree.add(node, f.sequence, tvb, 4, 4, tvb.u32(4));
  },
};

dissectorTable('ip.proto').add(50, esp);
