import type { Dissector } from '../core/dissector.js';
import { beginProtocol } from '../core/dispatch.js';
import { fieldTable } from '../core/fields.js';
import { dissectorTable } from '../core/tables.js';

/**
 * Telnet (RFC 854, TCP 23): the segment's bytes as Telnet data; Info is Wireshark's
 * `Telnet Data ...`. Option negotiation (IAC sequences) is not decoded.
 */
const P = fieldTable.register('telnet', 'Telnet', [{ abbrev: 'telnet.data', name: 'Data', type: 'string' }]);

const telnet: Dissector = {
  name: 'telnet',
  dissect(tvb, pinfo, tree, parent) {
    pinfo.protocol = 'TELNET';
    beginProtocol(P, tvb, pinfo, tree, parent);
    pinfo.setInfo('Telnet Data ...');
  },
};

dissectorTable('tcp.port').add(23, telnet);
