import type { Dissector } from '../core/dissector.js';
import { beginProtocol } from '../core/dispatch.js';
import { fieldTable } from '../core/fields.js';
import { dissectorTable } from '../core/tables.js';

/**
 * REdis Serialization Protocol (TCP 6379): which way a segment goes. Info starts as Wireshark's
 * (`Request:` towards the server, `Response:` from it); the values are not decoded.
 */
const P = fieldTable.register('resp', 'REdis Serialization Protocol', []);

const REDIS_PORT = 6379;

const resp: Dissector = {
  name: 'resp',
  dissect(tvb, pinfo, tree, parent) {
    pinfo.protocol = 'RESP';
    beginProtocol(P, tvb, pinfo, tree, parent);
    pinfo.setInfo(pinfo.dstPort === REDIS_PORT ? 'Request:' : 'Response:');
  },
};

dissectorTable('tcp.port').add(REDIS_PORT, resp);
