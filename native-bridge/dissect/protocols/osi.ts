import type { Dissector } from '../core/dissector.js';
import { dispatchPayload } from '../core/dispatch.js';
import { fieldTable } from '../core/fields.js';
import { dissectorTable } from '../core/tables.js';

/**
 * The OSI network layer (LLC SAP 0xfe, and GRE/PPP/Frame Relay's OSI ids): the first byte
 * names the protocol (the NLPID: 0x83 IS-IS), which gets the whole PDU, NLPID included. Only
 * `osi` shows on the protocol stack; the tree node is the child's.
 */
const P = fieldTable.register('osi', 'ISO/IEC 8473 OSI', []);

const osi: Dissector = {
  name: 'osi',
  dissect(tvb, pinfo, tree, parent) {
    pinfo.protocols.push(P.proto.abbrev);
    dispatchPayload({ table: 'osi.nlpid', keys: [tvb.u8(0)] }, tvb, pinfo, tree, parent);
  },
};

dissectorTable('llc.dsap').add(0xfe, osi);
dissectorTable('ethertype').add(0x00fe, osi); // GRE/PPP carry OSI under this protocol id
// Cisco HDLC's OSI protocol id; a padding byte precedes the NLPID there.
dissectorTable('chdlc.protocol').add(0xfefe, {
  name: 'osi',
  dissect: (tvb, pinfo, tree, parent) => osi.dissect(tvb.sub(1), pinfo, tree, parent),
});
