import type { Dissector } from '../core/dissector.js';
import { beginProtocol } from '../core/dispatch.js';
import { addExpert, expertTable } from '../core/expert-info.js';
import { fieldTable } from '../core/fields.js';
import { dissectorTable } from '../core/tables.js';
import { callEthertype } from './eth.js';

/**
 * Arista Vendor Specific Protocol (EtherType 0xd28b), as TShark 4.0 reads it: a sub-type; the
 * timestamp sub-type (1) carries a version (0x0010: 64-bit TAI seconds and nanoseconds; 0x0020:
 * 48-bit, 16-bit seconds; 0x0110 and 0x0120 the same in UTC), then the EtherType of the frame it
 * tags. An unknown version ends it.
 */
const SUB_TYPES: Record<number, string> = { 1: 'timestamp' };
const VERSIONS: Record<number, string> = { 0x10: 'Version 1', 0x20: 'Version 2', 0x110: 'Version 11', 0x120: 'Version 12' };
const TIMESTAMP = 1;
/** The versions: the low byte says the timestamp's size, 0x100 that it counts UTC, not TAI. */
const TS_64 = 0x10;
const TS_48 = 0x20;
const UTC = 0x100;

const P = fieldTable.register('avsp', 'Arista Vendor Specific Protocol', [
  { abbrev: 'avsp.sub_type', name: 'Sub Type', type: 'uint', bits: 16, strings: SUB_TYPES },
  { abbrev: 'avsp.ver', name: 'Version', type: 'uint', base: 'hex', bits: 16, strings: VERSIONS },
  { abbrev: 'avsp.64ts', name: 'Timestamp (TAI)', type: 'none' },
  { abbrev: 'avsp.64sec', name: 'Seconds', type: 'uint', bits: 32 },
  { abbrev: 'avsp.64ns', name: 'Nanoseconds', type: 'uint', bits: 32 },
  { abbrev: 'avsp.48ts', name: 'Timestamp (TAI)', type: 'none' },
  { abbrev: 'avsp.48sec', name: 'Seconds', type: 'uint', bits: 16 },
  { abbrev: 'avsp.48ns', name: 'Nanoseconds', type: 'uint', bits: 32 },
  { abbrev: 'avsp.etype', name: 'Type', type: 'uint', base: 'hex', bits: 16 },
]);
const f = P.f;

const EI = expertTable('avsp', 'AVSP', [
  { name: 'avsp.ts.unknown_version', severity: 'warn', group: 'sequence', summary: 'Unknown timestamp version' },
]);

const avsp: Dissector = {
  name: 'avsp',
  dissect(tvb, pinfo, tree, parent) {
    pinfo.protocol = 'AVSP';
    pinfo.setInfo('');
    const node = beginProtocol(P, tvb, pinfo, tree, parent);
    const sub = tvb.u16(0);
    tree.add(node, f.sub_type, tvb, 0, 2, sub);
    if (sub !== TIMESTAMP) return;
    const version = tvb.u16(2);
    const ver = tree.add(node, f.ver, tvb, 2, 2, version);
    let off = 4;
    const kind = version & ~UTC;
    const clock = version === kind ? 'Timestamp (TAI)' : 'Timestamp (UTC)';
    if ((version & ~(UTC | 0xff)) !== 0) {
      addExpert(tree, ver, tvb, EI['ts.unknown_version'], `Unknown timestamp version: 0x${version.toString(16)}`);
      return;
    }
    if (kind === TS_64) {
      const ts = tree.add(node, f['64ts'], tvb, 4, 8, undefined, clock);
      tree.add(ts, f['64sec'], tvb, 4, 4, tvb.u32(4));
      tree.add(ts, f['64ns'], tvb, 8, 4, tvb.u32(8));
      off = 12;
    } else if (kind === TS_48) {
      const ts = tree.add(node, f['48ts'], tvb, 4, 6, undefined, clock);
      tree.add(ts, f['48sec'], tvb, 4, 2, tvb.u16(4));
      tree.add(ts, f['48ns'], tvb, 6, 4, tvb.u32(6));
      off = 10;
    } else {
      addExpert(tree, ver, tvb, EI['ts.unknown_version'], `Unknown timestamp version: 0x${version.toString(16)}`);
      return;
    }
    const type = tvb.u16(off);
    tree.add(node, f.etype, tvb, off, 2, type);
    tree.setLength(node, off + 2);
    callEthertype(type, tvb.sub(off + 2), pinfo, tree, parent);
  },
};

dissectorTable('ethertype').add(0xd28b, avsp);
