import type { Dissector } from '../core/dissector.js';
import { beginProtocol } from '../core/dispatch.js';
import { fieldTable } from '../core/fields.js';
import { ipv4String } from '../core/format.js';
import { dissectorTable } from '../core/tables.js';
import type { Tvb } from '../core/tvb.js';

/**
 * Cisco Hot Standby Router Protocol, version 1 (fixed layout) and 2 (TLVs), on UDP 1985 and
 * 2029. Info is Wireshark's: `Hello (state Active)`; the Protocol column says HSRPv2 for
 * version 2.
 */
const OPCODES: Record<number, string> = { 0: 'Hello', 1: 'Coup', 2: 'Resign', 3: 'Advertise' };
const STATES_V1: Record<number, string> = { 0: 'Initial', 1: 'Learn', 2: 'Listen', 4: 'Speak', 8: 'Standby', 16: 'Active' };
const STATES_V2: Record<number, string> = { 0: 'Disabled', 1: 'Init', 2: 'Learn', 3: 'Listen', 4: 'Speak', 5: 'Standby', 6: 'Active' };
const ADV_STATES: Record<number, string> = { 1: 'Dormant', 2: 'Passive', 3: 'Active' };
const P = fieldTable.register('hsrp', 'Cisco Hot Standby Router Protocol', [
  { abbrev: 'hsrp.version', name: 'Version', type: 'uint', bits: 8 },
  { abbrev: 'hsrp.opcode', name: 'Op Code', type: 'uint', bits: 8, strings: OPCODES },
  { abbrev: 'hsrp.state', name: 'State', type: 'uint', bits: 8, strings: STATES_V1 },
  { abbrev: 'hsrp.hellotime', name: 'Hellotime', type: 'uint', bits: 8 },
  { abbrev: 'hsrp.holdtime', name: 'Holdtime', type: 'uint', bits: 8 },
  { abbrev: 'hsrp.priority', name: 'Priority', type: 'uint', bits: 8 },
  { abbrev: 'hsrp.group', name: 'Group', type: 'uint', bits: 8 },
  { abbrev: 'hsrp.virt_ip', name: 'Virtual IP Address', type: 'ipv4' },
  { abbrev: 'hsrp.adv.state', name: 'State', type: 'uint', bits: 8, strings: ADV_STATES },
]);
const H2 = fieldTable.register('hsrp2', 'Cisco Hot Standby Router Protocol Version 2', [
  { abbrev: 'hsrp2.version', name: 'Version', type: 'uint', bits: 8 },
  { abbrev: 'hsrp2.opcode', name: 'Op Code', type: 'uint', bits: 8, strings: OPCODES },
  { abbrev: 'hsrp2.state', name: 'State', type: 'uint', bits: 8, strings: STATES_V2 },
  { abbrev: 'hsrp2.group', name: 'Group', type: 'uint', bits: 16 },
  { abbrev: 'hsrp2.priority', name: 'Priority', type: 'uint', bits: 32 },
]);
const f = P.f;

function state(names: Record<number, string>, v: number): string {
  return names[v] ?? `Unknown (${v})`;
}

/** Version 2: a Group State TLV (type 1) carries version, opcode and state. */
function dissectV2(tvb: Tvb, node: number, tree: Parameters<Dissector['dissect']>[2]): string {
  const h = H2.f;
  let off = 0;
  while (tvb.has(off, 2)) {
    const type = tvb.u8(off);
    const len = tvb.u8(off + 1);
    if (type === 1 && len >= 3) {
      const opcode = tvb.u8(off + 3);
      const st = tvb.u8(off + 4);
      tree.add(node, h.version, tvb, off + 2, 1, tvb.u8(off + 2));
      tree.add(node, h.opcode, tvb, off + 3, 1, opcode);
      tree.add(node, h.state, tvb, off + 4, 1, st);
      if (tvb.has(off + 6, 2)) tree.add(node, h.group, tvb, off + 6, 2, tvb.u16(off + 6));
      if (tvb.has(off + 14, 4)) tree.add(node, h.priority, tvb, off + 14, 4, tvb.u32(off + 14));
      return `${OPCODES[opcode] ?? `Unknown (${opcode})`} (state ${state(STATES_V2, st)})`;
    }
    off += 2 + len;
  }
  return '';
}

const hsrp: Dissector = {
  name: 'hsrp',
  dissect(tvb, pinfo, tree, parent) {
    // Version 2 starts with a TLV (type 1, length 40); version 1 with its version byte 0.
    if (tvb.has(0, 3) && tvb.u8(0) === 1 && tvb.u8(1) === 40 && tvb.u8(2) === 2) {
      pinfo.protocol = 'HSRPv2';
      // TShark stacks version 2 as `hsrp` too; its fields keep their hsrp2 names.
      const node = beginProtocol(P, tvb, pinfo, tree, parent);
      pinfo.setInfo(dissectV2(tvb, node, tree));
      return;
    }
    pinfo.protocol = 'HSRP';
    const node = beginProtocol(P, tvb, pinfo, tree, parent);
    tree.add(node, f.version, tvb, 0, 1, tvb.u8(0));
    const opcode = tvb.u8(1);
    tree.add(node, f.opcode, tvb, 1, 1, opcode);
    const op = OPCODES[opcode] ?? `Unknown (${opcode})`;
    if (opcode === 3) {
      const st = tvb.u8(6);
      tree.add(node, f['adv.state'], tvb, 6, 1, st);
      pinfo.setInfo(`${op} (state ${state(ADV_STATES, st)})`);
      return;
    }
    const st = tvb.u8(2);
    tree.add(node, f.state, tvb, 2, 1, st);
    pinfo.setInfo(`${op} (state ${state(STATES_V1, st)})`);
    tree.add(node, f.hellotime, tvb, 3, 1, tvb.u8(3));
    tree.add(node, f.holdtime, tvb, 4, 1, tvb.u8(4));
    tree.add(node, f.priority, tvb, 5, 1, tvb.u8(5));
    tree.add(node, f.group, tvb, 6, 1, tvb.u8(6));
    const vip = tvb.u32(16);
    tree.add(node, f.virt_ip, tvb, 16, 4, vip, `Virtual IP Address: ${ipv4String(vip)}`);
  },
};

dissectorTable('udp.port').add(1985, hsrp);
dissectorTable('udp.port').add(2029, hsrp);
