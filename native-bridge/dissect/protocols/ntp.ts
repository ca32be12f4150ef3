import type { Dissector } from '../core/dissector.js';
import { beginProtocol } from '../core/dispatch.js';
import { fieldTable } from '../core/fields.js';
import { dissectorTable } from '../core/tables.js';

/**
 * Network Time Protocol (RFC 5905, UDP 123): the first byte's leap indicator, version and mode;
 * Info as Wireshark's (`NTP Version 4, server`). Timestamps and control messages are not decoded.
 */
const MODES = ['reserved', 'symmetric active', 'symmetric passive', 'client', 'server', 'broadcast', 'control', 'private'];
const P = fieldTable.register('ntp', 'Network Time Protocol', [
  { abbrev: 'ntp.flags.li', name: 'Leap Indicator', type: 'uint', bits: 8 },
  { abbrev: 'ntp.flags.vn', name: 'Version number', type: 'uint', bits: 8 },
  { abbrev: 'ntp.flags.mode', name: 'Mode', type: 'uint', bits: 8, strings: { ...MODES } },
  { abbrev: 'ntp.stratum', name: 'Peer Clock Stratum', type: 'uint', bits: 8 },
  { abbrev: 'ntp.ppoll', name: 'Peer Polling Interval', type: 'int', bits: 8 },
]);
const f = P.f;

const ntp: Dissector = {
  name: 'ntp',
  dissect(tvb, pinfo, tree, parent) {
    pinfo.protocol = 'NTP';
    const node = beginProtocol(P, tvb, pinfo, tree, parent);
    const b0 = tvb.u8(0);
    const version = (b0 >> 3) & 7;
    const mode = b0 & 7;
    tree.add(node, f['flags.li'], tvb, 0, 1, b0 >> 6);
    tree.add(node, f['flags.vn'], tvb, 0, 1, version);
    tree.add(node, f['flags.mode'], tvb, 0, 1, mode);
    pinfo.setInfo(`NTP Version ${version}, ${MODES[mode]}`);
    if (mode !== 6 && mode !== 7 && tvb.has(1, 2)) {
      tree.add(node, f.stratum, tvb, 1, 1, tvb.u8(1));
      tree.add(node, f.ppoll, tvb, 2, 1, (tvb.u8(2) << 24) >> 24);
    }
  },
};

dissectorTable('udp.port').add(123, ntp);
