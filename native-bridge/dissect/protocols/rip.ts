import type { Dissector } from '../core/dissector.js';
import { beginProtocol } from '../core/dispatch.js';
import { fieldTable } from '../core/fields.js';
import { dissectorTable } from '../core/tables.js';

/**
 * Routing Information Protocol, versions 1 and 2 (RFC 1058, RFC 2453; UDP 520): command and
 * version. The Protocol column names the version (`RIPv2`), Info the command. Route entries are
 * not decoded.
 */
const COMMANDS: Record<number, string> = { 1: 'Request', 2: 'Response', 3: 'Traceon', 4: 'Traceoff', 5: 'Vendor specific (Sun)' };
const P = fieldTable.register('rip', 'Routing Information Protocol', [
  { abbrev: 'rip.command', name: 'Command', type: 'uint', bits: 8, strings: COMMANDS },
  { abbrev: 'rip.version', name: 'Version', type: 'uint', bits: 8 },
  { abbrev: 'rip.routing_domain', name: 'Routing Domain', type: 'uint', bits: 16 },
]);
const f = P.f;

const rip: Dissector = {
  name: 'rip',
  dissect(tvb, pinfo, tree, parent) {
    const command = tvb.u8(0);
    const version = tvb.u8(1);
    pinfo.protocol = version === 1 || version === 2 ? `RIPv${version}` : 'RIP';
    const node = beginProtocol(P, tvb, pinfo, tree, parent);
    tree.add(node, f.command, tvb, 0, 1, command);
    tree.add(node, f.version, tvb, 1, 1, version);
    pinfo.setInfo(COMMANDS[command] ?? `Unknown command (${command})`);
    if (version === 2) tree.add(node, f.routing_domain, tvb, 2, 2, tvb.u16(2));
  },
};

dissectorTable('udp.port').add(520, rip);
