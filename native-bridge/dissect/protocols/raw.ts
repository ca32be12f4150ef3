import type { Dissector } from '../core/dissector.js';
import { beginProtocol, dispatchPayload } from '../core/dispatch.js';
import { fieldTable } from '../core/fields.js';
import { dissectorTable } from '../core/tables.js';

/**
 * Raw IP (LINKTYPE_RAW 101, and the old DLT_RAW values 12 and 14): no link header; the IP
 * version nibble says IPv4 or IPv6. TShark shows a `raw` layer spanning no bytes of its own.
 * The version picks the EtherType of the protocol, which is found through the `ethertype`
 * table (no `ethertype` step: TShark shows `raw:ip`). LINKTYPE_IPV4/IPV6 (228/229) have no
 * `raw` layer at all: IP and IPv6 register themselves there.
 */
const P = fieldTable.register('raw', 'Raw packet data', []);

/** The HDLC address and control bytes of a PPP header. */
const PPP_HDLC = 0xff03;

const raw: Dissector = {
  name: 'raw',
  dissect(tvb, pinfo, tree, parent) {
    const node = beginProtocol(P, tvb, pinfo, tree, parent, 0);
    tree.setText(node, 'Raw packet data');
    if (tvb.length === 0) return;
    // TShark first looks for a PPP header (0xff03) at offset 0, then at 6 (the Linux ISDN
    // driver's fake MAC): a packet too short for these reads ends there, short or malformed.
    if (tvb.u16(0) !== PPP_HDLC) tvb.check(6, 2);
    const version = tvb.u8(0) >>> 4;
    if (version === 4) dispatchPayload({ table: 'ethertype', keys: [0x0800] }, tvb, pinfo, tree, parent);
    else if (version === 6) dispatchPayload({ table: 'ethertype', keys: [0x86dd] }, tvb, pinfo, tree, parent);
    // Anything else: TShark shows the raw layer alone.
  },
};

const links = dissectorTable('link_type');
for (const t of [101, 12, 14]) links.add(t, raw);
