import type { Dissector } from '../core/dissector.js';
import { beginProtocol } from '../core/dispatch.js';
import { fieldTable } from '../core/fields.js';
import { formatText } from '../core/format.js';
import { dissectorTable } from '../core/tables.js';

/**
 * Secure Shell (RFC 4253, TCP 22): the side (the server has port 22) and the protocol
 * version banner (`Client: Protocol (SSH-2.0-OpenSSH_7.8)`); binary packets are shown by
 * length only (key exchange is not followed).
 */
const P = fieldTable.register('ssh', 'SSH Protocol', [{ abbrev: 'ssh.protocol', name: 'Protocol', type: 'string' }]);

const SSH_PORT = 22;
/** `SSH-` */
const BANNER = 0x5353482d;

const ssh: Dissector = {
  name: 'ssh',
  dissect(tvb, pinfo, tree, parent) {
    pinfo.protocol = 'SSH';
    const node = beginProtocol(P, tvb, pinfo, tree, parent);
    const side = pinfo.srcPort === SSH_PORT ? 'Server' : 'Client';
    if (tvb.has(0, 4) && tvb.u32(0) === BANNER) {
      let end = 0;
      while (end < tvb.length && tvb.bytes[end] !== 0x0d && tvb.bytes[end] !== 0x0a) end++;
      const banner = formatText(tvb.bytes, 0, end);
      tree.add(node, P.f.protocol, tvb, 0, end, banner);
      pinfo.setInfo(`${side}: Protocol (${banner})`);
      return;
    }
    pinfo.setInfo(`${side}: Encrypted packet (len=${tvb.length})`);
  },
};

dissectorTable('tcp.port').add(SSH_PORT, ssh);
