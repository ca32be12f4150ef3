import type { Dissector } from '../core/dissector.js';
import { beginProtocol } from '../core/dispatch.js';
import { fieldTable } from '../core/fields.js';
import { dissectorTable } from '../core/tables.js';

/**
 * Time Synchronization Protocol of BSD's timed (UDP 525): message type, version, sequence and
 * the sender's name. Info is the type's name (`loop`).
 */
const TYPES = [
  'any',
  'adjtime',
  'ack',
  'master request',
  'master ack',
  'set time',
  'master up',
  'slave up',
  'election',
  'accept',
  'refuse',
  'conflict',
  'resolve',
  'quit',
  'date',
  'date request',
  'date ack',
  'trace on',
  'trace off',
  'msite',
  'msite request',
  'test',
  'set date',
  'set date request',
  'loop',
];
const P = fieldTable.register('tsp', 'Time Synchronization Protocol', [
  { abbrev: 'tsp.type', name: 'Type', type: 'uint', bits: 8, strings: { ...TYPES } },
  { abbrev: 'tsp.version', name: 'Version', type: 'uint', bits: 8 },
  { abbrev: 'tsp.sequence', name: 'Sequence', type: 'uint', bits: 16 },
  { abbrev: 'tsp.hopcnt', name: 'Hop Count', type: 'uint', bits: 8 },
  { abbrev: 'tsp.name', name: 'Machine Name', type: 'string' },
]);
const f = P.f;

/** Where the sender's name starts (after type, version, sequence and the time or hop count). */
const NAME_OFFSET = 12;

const tsp: Dissector = {
  name: 'tsp',
  dissect(tvb, pinfo, tree, parent) {
    pinfo.protocol = 'TSP';
    const node = beginProtocol(P, tvb, pinfo, tree, parent);
    const type = tvb.u8(0);
    tree.add(node, f.type, tvb, 0, 1, type);
    pinfo.setInfo(TYPES[type] ?? `Unknown message type (${type})`);
    tree.add(node, f.version, tvb, 1, 1, tvb.u8(1));
    tree.add(node, f.sequence, tvb, 2, 2, tvb.u16(2));
    if (type === 24) tree.add(node, f.hopcnt, tvb, 4, 1, tvb.u8(4));
    // TShark then reads the sender's name, NUL-terminated at offset 12: a message that ends
    // before its terminator is short (cut by the capture) or malformed.
    if (tvb.bytes.indexOf(0, NAME_OFFSET) < 0) tvb.check(Math.max(NAME_OFFSET, tvb.length), 1);
  },
};

dissectorTable('udp.port').add(525, tsp);
