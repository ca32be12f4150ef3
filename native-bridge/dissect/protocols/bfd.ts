import type { Dissector } from '../core/dissector.js';
import { beginProtocol } from '../core/dispatch.js';
import { fieldTable } from '../core/fields.js';
import { dissectorTable } from '../core/tables.js';

/**
 * Bidirectional Forwarding Detection control packets (RFC 5880; UDP 3784 single hop, 4784
 * multihop). Info is Wireshark's: `Diag: No Diagnostic, State: Down, Flags: 0x04`.
 */
const DIAGS: Record<number, string> = {
  0: 'No Diagnostic',
  1: 'Control Detection Time Expired',
  2: 'Echo Function Failed',
  3: 'Neighbor Signaled Session Down',
  4: 'Forwarding Plane Reset',
  5: 'Path Down',
  6: 'Concatenated Path Down',
  7: 'Administratively Down',
  8: 'Reverse Concatenated Path Down',
};
const STATES = ['AdminDown', 'Down', 'Init', 'Up'];
const P = fieldTable.register('bfd', 'BFD Control message', [
  { abbrev: 'bfd.version', name: 'Protocol Version', type: 'uint', bits: 8 },
  { abbrev: 'bfd.diag', name: 'Diagnostic Code', type: 'uint', base: 'hex', bits: 8, strings: DIAGS },
  {
    abbrev: 'bfd.sta',
    name: 'Session State',
    type: 'uint',
    base: 'hex',
    bits: 8,
    strings: { 0: 'AdminDown', 1: 'Down', 2: 'Init', 3: 'Up' },
  },
  { abbrev: 'bfd.flags', name: 'Message Flags', type: 'uint', base: 'hex', bits: 8 },
  { abbrev: 'bfd.detect_time_multiplier', name: 'Detect Time Multiplier', type: 'uint', bits: 8 },
  { abbrev: 'bfd.message_length', name: 'Message Length', type: 'uint', bits: 8 },
  { abbrev: 'bfd.my_discriminator', name: 'My Discriminator', type: 'uint', base: 'hex', bits: 32 },
  { abbrev: 'bfd.your_discriminator', name: 'Your Discriminator', type: 'uint', base: 'hex', bits: 32 },
  { abbrev: 'bfd.desired_min_tx_interval', name: 'Desired Min TX Interval', type: 'uint', bits: 32 },
  { abbrev: 'bfd.required_min_rx_interval', name: 'Required Min RX Interval', type: 'uint', bits: 32 },
  { abbrev: 'bfd.required_min_echo_interval', name: 'Required Min Echo Interval', type: 'uint', bits: 32 },
]);
const f = P.f;

const bfd: Dissector = {
  name: 'bfd',
  dissect(tvb, pinfo, tree, parent) {
    pinfo.protocol = 'BFD Control';
    const node = beginProtocol(P, tvb, pinfo, tree, parent);
    const b0 = tvb.u8(0);
    const b1 = tvb.u8(1);
    const diag = b0 & 0x1f;
    const state = b1 >> 6;
    const flags = b1 & 0x3f;
    tree.add(node, f.version, tvb, 0, 1, b0 >> 5);
    tree.add(node, f.diag, tvb, 0, 1, diag);
    tree.add(node, f.sta, tvb, 1, 1, state);
    tree.add(node, f.flags, tvb, 1, 1, flags);
    pinfo.setInfo(`Diag: ${DIAGS[diag] ?? 'Unknown'}, State: ${STATES[state]}, Flags: 0x${flags.toString(16).padStart(2, '0')}`);
    tree.add(node, f.detect_time_multiplier, tvb, 2, 1, tvb.u8(2));
    tree.add(node, f.message_length, tvb, 3, 1, tvb.u8(3));
    tree.add(node, f.my_discriminator, tvb, 4, 4, tvb.u32(4));
    tree.add(node, f.your_discriminator, tvb, 8, 4, tvb.u32(8));
    tree.add(node, f.desired_min_tx_interval, tvb, 12, 4, tvb.u32(12));
    tree.add(node, f.required_min_rx_interval, tvb, 16, 4, tvb.u32(16));
    tree.add(node, f.required_min_echo_interval, tvb, 20, 4, tvb.u32(20));
  },
};

dissectorTable('udp.port').add(3784, bfd);
dissectorTable('udp.port').add(4784, bfd);
dissectorTable('udp.port').add(6784, bfd); // BFD on LAG member links (RFC 7130)
dissectorTable('udp.port').add(7784, bfd); // seamless BFD (RFC 7881)
