import type { Dissector } from '../core/dissector.js';
import { beginProtocol, callData } from '../core/dispatch.js';
import { fieldTable } from '../core/fields.js';
import { dissectorTable } from '../core/tables.js';
import { esp } from './esp.js';
import { isakmp } from './isakmp.js';

/**
 * UDP encapsulation of IPsec (RFC 3948, UDP 4500): four zero bytes (the non-ESP marker) put
 * IKE after them, a single 0xff byte is a NAT keepalive, anything else is ESP.
 */
const P = fieldTable.register('udpencap', 'UDP Encapsulation of IPsec Packets', [
  { abbrev: 'udpencap.nat_keepalive', name: 'NAT-keepalive packet', type: 'none' },
  { abbrev: 'udpencap.non_esp_marker', name: 'Non-ESP Marker', type: 'none' },
]);
const f = P.f;

const udpencap: Dissector = {
  name: 'udpencap',
  dissect(tvb, pinfo, tree, parent) {
    pinfo.protocol = 'UDPENCAP';
    if (tvb.length === 1 && tvb.u8(0) === 0xff) {
      const node = beginProtocol(P, tvb, pinfo, tree, parent);
      tree.add(node, f.nat_keepalive, tvb, 0, 1);
      pinfo.setInfo('NAT-keepalive');
      return;
    }
    if (tvb.has(0, 4) && tvb.u32(0) === 0) {
      const node = beginProtocol(P, tvb, pinfo, tree, parent, 4);
      tree.add(node, f.non_esp_marker, tvb, 0, 4);
      const ike = tvb.sub(4);
      if (isakmp.dissect(ike, pinfo, tree, parent) === false) callData(ike, pinfo, tree, parent);
      return;
    }
    beginProtocol(P, tvb, pinfo, tree, parent, 0);
    esp.dissect(tvb, pinfo, tree, parent);
  },
};

dissectorTable('udp.port').add(4500, udpencap);
