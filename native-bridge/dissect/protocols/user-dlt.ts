import type { Dissector } from '../core/dissector.js';
import { beginProtocol, callData } from '../core/dispatch.js';
import { fieldTable } from '../core/fields.js';
import { dissectorTable } from '../core/tables.js';
import { dissectPktap } from './pktap.js';

/**
 * The private link types LINKTYPE_USER0..15 (147-162): TShark hands them to its "DLT User"
 * table, where only LINKTYPE_USER2 has a protocol by default (Apple's PKTAP); the others show
 * as `user_dlt` and `data`, and so they do here.
 */
const P = fieldTable.register('user_dlt', 'DLT User', []);

const LINKTYPE_USER0 = 147;
const LINKTYPE_USER15 = 162;

const LINKTYPE_USER2 = 149;

function userDlt(linkType: number): Dissector {
  return {
    name: 'user_dlt',
    dissect(tvb, pinfo, tree, parent) {
      beginProtocol(P, tvb, pinfo, tree, parent, 0);
      if (linkType === LINKTYPE_USER2) dissectPktap(tvb, pinfo, tree, parent);
      else callData(tvb, pinfo, tree, parent);
    },
  };
}

for (let t = LINKTYPE_USER0; t <= LINKTYPE_USER15; t++) dissectorTable('link_type').add(t, userDlt(t));
