import type { ProtoTree } from '../core/tree.js';
import type { Tvb } from '../core/tvb.js';
import { IP } from './ip-fields.js';

/**
 * IPv4 options (RFC 791 and successors): type-length-value, except End of Option List (0) and
 * No-Operation (1), which are one byte. Each step consumes at least one byte, and a length
 * below 2 or past the header ends the walk with an "invalid length" mark: no loop can stall.
 */
const NAMES: Readonly<Record<number, string>> = {
  0: 'End of Options List (EOL)',
  1: 'No Operation (NOP)',
  7: 'Record Route (RR)',
  68: 'Time Stamp (TS)',
  130: 'Security (SEC)',
  131: 'Loose Source Route (LSR)',
  133: 'Extended Security (ESEC)',
  134: 'Commercial IP Security Option (CIPSO)',
  136: 'Stream ID (SID)',
  137: 'Strict Source Route (SSR)',
  148: 'Router Alert',
  25: 'Quick-Start (QS)',
  82: 'Traceroute',
  11: 'MTU Probe',
  12: 'MTU Reply',
};

export function dissectIpOptions(tvb: Tvb, tree: ProtoTree, parent: number): void {
  const f = IP.f;
  let o = 0;
  while (o < tvb.length) {
    const type = tvb.u8(o);
    const name = NAMES[type] ?? `Unknown (0x${type.toString(16).padStart(2, '0')})`;
    if (type === 0) {
      const n = tree.add(parent, f['opt.type'], tvb, o, 1, type, `IP Option - ${name}`);
      if (o + 1 < tvb.length) tree.add(n, f['opt.padding'], tvb, o + 1, tvb.length - o - 1, tvb.view(o + 1, tvb.length - o - 1));
      return;
    }
    if (type === 1) {
      tree.add(parent, f['opt.type'], tvb, o, 1, type, `IP Option - ${name}`);
      o++;
      continue;
    }
    if (o + 1 >= tvb.length) {
      tree.add(parent, f['opt.len.invalid'], tvb, o, 1, undefined, `${name}: option length runs past the header`);
      return;
    }
    const len = tvb.u8(o + 1);
    if (len < 2 || o + len > tvb.length) {
      tree.add(
        parent,
        f['opt.len.invalid'],
        tvb,
        o,
        tvb.length - o,
        undefined,
        `${name} (with option length = ${len} bytes; should be ${len < 2 ? 'at least 2' : `at most ${tvb.length - o}`})`,
      );
      return;
    }
    const n = tree.add(parent, f['opt.type'], tvb, o, len, type, `IP Option - ${name} (${len} bytes)`);
    tree.add(n, f['opt.type.copy'], tvb, o, 1, (type & 0x80) !== 0);
    tree.add(n, f['opt.type.class'], tvb, o, 1, (type >>> 5) & 3);
    tree.add(n, f['opt.type.number'], tvb, o, 1, type & 0x1f);
    tree.add(n, f['opt.len'], tvb, o + 1, 1, len);
    switch (type) {
      case 7: // record route and the source routes: pointer, then addresses
      case 131:
      case 137:
        if (len >= 3) tree.add(n, f['opt.ptr'], tvb, o + 2, 1, tvb.u8(o + 2));
        for (let a = o + 3; a + 4 <= o + len; a += 4) tree.add(n, f['opt.addr'], tvb, a, 4, tvb.u32(a));
        break;
      case 148:
        if (len === 4) tree.add(n, f['opt.ra'], tvb, o + 2, 2, tvb.u16(o + 2));
        break;
      case 136:
        if (len === 4) tree.add(n, f['opt.sid'], tvb, o + 2, 2, tvb.u16(o + 2));
        break;
      case 11:
      case 12:
        if (len === 4) tree.add(n, f['opt.mtu'], tvb, o + 2, 2, tvb.u16(o + 2));
        break;
      case 68:
        if (len >= 4) tree.add(n, f['opt.ptr'], tvb, o + 2, 1, tvb.u8(o + 2));
        for (let a = o + 4; a + 4 <= o + len; a += 4) tree.add(n, f['opt.time_stamp'], tvb, a, 4, tvb.u32(a));
        break;
    }
    o += len;
  }
}
