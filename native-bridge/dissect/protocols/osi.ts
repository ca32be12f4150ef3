import type { Dissector } from '../core/dissector.js';
import { dispatchPayload } from '../core/dispatch.js';
import { fieldTable } from '../core/fields.js';
import { dissectorTable } from '../core/tables.js';

/**
 * The OSI network layer (LLC SAP 0xfe, and GRE/PPP/Frame Relay's OSI ids): the first byte
 * names the protocol (the NLPID: 0x83 IS-IS), which gets the whole PDU, NLPID included. Only
 * `osi` shows on the protocol stack; the tree node is the child's. It also registers the fields
 * of the options part its protocols share (osi-options.ts), which Wireshark files under `osi`.
 */
export const osiFields = fieldTable.register('osi', 'ISO/IEC 8473 OSI', [
  { abbrev: 'osi.options.qos.maintenance', name: 'Quality of service maintenance', type: 'uint', bits: 8, mask: 0xc0, maskBits: 8 },
  { abbrev: 'osi.options.security_type', name: 'Security type', type: 'uint', bits: 8, mask: 0xc0, maskBits: 8 },
  { abbrev: 'osi.options.priority', name: 'Priority', type: 'uint', bits: 8 },
  { abbrev: 'osi.options.address_mask', name: 'Address Mask', type: 'bytes' },
  { abbrev: 'osi.options.snpa_mask', name: 'SNPA Mask', type: 'bytes' },
  { abbrev: 'osi.options.esct', name: 'ESCT (seconds)', type: 'uint', bits: 16 },
  { abbrev: 'osi.options.padding', name: 'Padding', type: 'bytes' },
  { abbrev: 'osi.options.source_routing', name: 'Source Routing', type: 'uint', bits: 8 },
  { abbrev: 'osi.options.route_recording', name: 'Route Recording', type: 'uint', bits: 8 },
  { abbrev: 'osi.options.rfd.error_class', name: 'Error Class', type: 'uint', bits: 8, mask: 0xf0, maskBits: 8 },
  { abbrev: 'osi.options.rfd.field', name: 'Field', type: 'uint', bits: 8 },
  { abbrev: 'osi.options.none', name: 'No Options for this PDU', type: 'none' },
]);

const osi: Dissector = {
  name: 'osi',
  dissect(tvb, pinfo, tree, parent) {
    pinfo.protocols.push(osiFields.proto.abbrev);
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
