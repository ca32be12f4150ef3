import type { Dissector } from '../core/dissector.js';
import { callData } from '../core/dispatch.js';
import { fieldTable } from '../core/fields.js';
import { dissectorTable } from '../core/tables.js';

/**
 * The OSI network layer (LLC SAP 0xfe, and GRE/PPP/Frame Relay's OSI ids): the first byte
 * names the protocol (the NLPID: 0x83 IS-IS), which gets the whole PDU, NLPID included; IP and
 * IPv6 (0xcc, 0x8e) get what follows it. Only `osi` shows on the protocol stack; the tree node
 * is the child's. An NLPID nobody decodes is TShark's: Protocol `ISO`, the NLPID as a top-level
 * item (`osi.nlpid`, a level of `-z io,phs`), then the PDU as data. It also registers the
 * fields of the options part its protocols share (osi-options.ts), which Wireshark files under
 * `osi`.
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
  { abbrev: 'osi.nlpid', name: 'Network Layer Protocol Identifier', type: 'uint', base: 'hex', bits: 8 },
]);

/** NLPIDs whose protocol gets the PDU after the NLPID (Wireshark's osinl.excl), by the EtherType they are registered under. */
const AFTER_NLPID: ReadonlyMap<number, number> = new Map([
  [0xcc, 0x0800],
  [0x8e, 0x86dd],
]);
/** NLPIDs TShark names in the Protocol column without decoding them. */
const NAMED: Readonly<Record<number, string>> = { 0x8a: 'ESIS (X.25)', 0x85: 'IDRP' };

const osi: Dissector = {
  name: 'osi',
  dissect(tvb, pinfo, tree, parent) {
    pinfo.protocols.push(osiFields.proto.abbrev);
    const nlpid = tvb.u8(0);
    const whole = dissectorTable('osi.nlpid').get(nlpid);
    if (whole !== undefined && whole.dissect(tvb, pinfo, tree, parent) !== false) return;
    const after = AFTER_NLPID.get(nlpid);
    const rest = after === undefined ? undefined : dissectorTable('ethertype').get(after);
    if (rest !== undefined && tvb.length > 1 && rest.dissect(tvb.sub(1), pinfo, tree, parent) !== false) return;
    const named = NAMED[nlpid];
    if (named !== undefined) pinfo.protocol = named;
    else {
      pinfo.protocol = 'ISO';
      pinfo.setInfo(`Unknown ISO protocol (${nlpid.toString(16).padStart(2, '0')})`);
      tree.add(parent, osiFields.f.nlpid, tvb, 0, 1, nlpid);
    }
    callData(tvb, pinfo, tree, parent);
  },
};

dissectorTable('llc.dsap').add(0xfe, osi);
dissectorTable('ethertype').add(0x00fe, osi); // GRE/PPP carry OSI under this protocol id
// Cisco HDLC's OSI protocol id; a padding byte precedes the NLPID there.
dissectorTable('chdlc.protocol').add(0xfefe, {
  name: 'osi',
  dissect: (tvb, pinfo, tree, parent) => osi.dissect(tvb.sub(1), pinfo, tree, parent),
});
