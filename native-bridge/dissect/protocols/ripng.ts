import type { Dissector } from '../core/dissector.js';
import { beginProtocol } from '../core/dispatch.js';
import { fieldTable } from '../core/fields.js';
import { dissectorTable } from '../core/tables.js';

/**
 * RIP for IPv6 (RFC 2080, UDP 521): command and version, Info as Wireshark's
 * (` Command Request, Version 1`); route entries are not decoded.
 */
const P = fieldTable.register('ripng', 'RIPng', [
  { abbrev: 'ripng.cmd', name: 'Command', type: 'uint', bits: 8, strings: { 1: 'Request', 2: 'Response' } },
  { abbrev: 'ripng.version', name: 'Version', type: 'uint', bits: 8 },
]);
const f = P.f;

const ripng: Dissector = {
  name: 'ripng',
  dissect(tvb, pinfo, tree, parent) {
    pinfo.protocol = 'RIPng';
    const node = beginProtocol(P, tvb, pinfo, tree, parent);
    const cmd = tvb.u8(0);
    tree.add(node, f.cmd, tvb, 0, 1, cmd);
    const version = tvb.u8(1);
    tree.add(node, f.version, tvb, 1, 1, version);
    pinfo.setInfo(` Command ${cmd === 1 ? 'Request' : cmd === 2 ? 'Response' : 'Unknown'}, Version ${version}`);
  },
};

dissectorTable('udp.port').add(521, ripng);
