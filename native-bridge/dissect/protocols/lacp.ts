import type { Dissector } from '../core/dissector.js';
import { beginProtocol } from '../core/dispatch.js';
import { fieldTable } from '../core/fields.js';
import { etherString } from '../core/format.js';
import { dissectorTable } from '../core/tables.js';
import type { Tvb } from '../core/tvb.js';

/**
 * Link Aggregation Control Protocol (IEEE 802.1AX, Slow Protocols subtype 1): the actor and
 * partner information. Info is Wireshark's:
 * `v1 ACTOR 00:13:c4:12:0f:00 P: 22 K: 13 ****SG*A PARTNER … P: 25 K: 13 ****SG**`.
 */
const P = fieldTable.register('lacp', 'LACP', [
  { abbrev: 'lacp.version', name: 'LACP Version', type: 'uint', base: 'hex', bits: 8 },
  { abbrev: 'lacp.actor.sys_priority', name: 'Actor System Priority', type: 'uint', bits: 16 },
  { abbrev: 'lacp.actor.sysid', name: 'Actor System ID', type: 'ether' },
  { abbrev: 'lacp.actor.key', name: 'Actor Key', type: 'uint', bits: 16 },
  { abbrev: 'lacp.actor.port_priority', name: 'Actor Port Priority', type: 'uint', bits: 16 },
  { abbrev: 'lacp.actor.port', name: 'Actor Port', type: 'uint', bits: 16 },
  { abbrev: 'lacp.actor.state', name: 'Actor State', type: 'uint', base: 'hex', bits: 8 },
  { abbrev: 'lacp.actor.state_str', name: 'Actor State Flags', type: 'string' },
  { abbrev: 'lacp.partner.sys_priority', name: 'Partner System Priority', type: 'uint', bits: 16 },
  { abbrev: 'lacp.partner.sysid', name: 'Partner System', type: 'ether' },
  { abbrev: 'lacp.partner.key', name: 'Partner Key', type: 'uint', bits: 16 },
  { abbrev: 'lacp.partner.port_priority', name: 'Partner Port Priority', type: 'uint', bits: 16 },
  { abbrev: 'lacp.partner.port', name: 'Partner Port', type: 'uint', bits: 16 },
  { abbrev: 'lacp.partner.state', name: 'Partner State', type: 'uint', base: 'hex', bits: 8 },
  { abbrev: 'lacp.partner.state_str', name: 'Partner State Flags', type: 'string' },
]);
const f = P.f;

/** The state bits as Wireshark spells them, bit 7 first: Expired, deFaulted, Distributing, Collecting, Synchronization, aGgregation, Short timeout, Activity. */
const STATE_LETTERS = 'EFDCSGSA';

function stateString(state: number): string {
  let s = '';
  for (let i = 0; i < 8; i++) s += state & (0x80 >> i) ? STATE_LETTERS[i] : '*';
  return s;
}

/** One side's TLV (actor at 2, partner at 22): its fields and its part of Info. */
function side(tvb: Tvb, tree: Parameters<Dissector['dissect']>[2], node: number, at: number, actor: boolean): string {
  const sysid = tvb.view(at + 4, 6);
  const key = tvb.u16(at + 10);
  const port = tvb.u16(at + 14);
  const state = tvb.u8(at + 16);
  const str = stateString(state);
  tree.add(node, actor ? f['actor.sys_priority'] : f['partner.sys_priority'], tvb, at + 2, 2, tvb.u16(at + 2));
  tree.add(node, actor ? f['actor.sysid'] : f['partner.sysid'], tvb, at + 4, 6, sysid);
  tree.add(node, actor ? f['actor.key'] : f['partner.key'], tvb, at + 10, 2, key);
  tree.add(node, actor ? f['actor.port_priority'] : f['partner.port_priority'], tvb, at + 12, 2, tvb.u16(at + 12));
  tree.add(node, actor ? f['actor.port'] : f['partner.port'], tvb, at + 14, 2, port);
  tree.add(node, actor ? f['actor.state'] : f['partner.state'], tvb, at + 16, 1, state);
  tree.add(node, actor ? f['actor.state_str'] : f['partner.state_str'], tvb, at + 16, 1, str);
  return `${actor ? 'ACTOR' : 'PARTNER'} ${etherString(sysid)} P: ${port} K: ${key} ${str}`;
}

const lacp: Dissector = {
  name: 'lacp',
  dissect(tvb, pinfo, tree, parent) {
    pinfo.protocol = 'LACP';
    const node = beginProtocol(P, tvb, pinfo, tree, parent);
    const version = tvb.u8(1);
    tree.add(node, f.version, tvb, 1, 1, version);
    const actor = side(tvb, tree, node, 2, true);
    const partner = side(tvb, tree, node, 22, false);
    pinfo.setInfo(`v${version} ${actor} ${partner}`);
  },
};

dissectorTable('slow.subtype').add(1, lacp);
