import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { packetMeta } from '../../native-bridge/common/index.js';
import { DissectSession, dissectFrame, shownTree } from '../../native-bridge/dissect/index.js';
import { nodeActions } from '../../native-bridge/engine/node-actions.js';
import { openCapture } from '../../native-bridge/formats/index.js';
import { BufferPool } from '../../native-bridge/pool/index.js';
import { CAPTURES, ROOT } from '../helpers/corpus.js';

const FILES = [
  path.join(ROOT, 'samples/sample.pcapng'),
  ...['tcp_rst_data.pcap', 'dns_tcp.pcap', 'dhcp-rfc4388.pcap', 'pim-packet-assortment.pcap', 'vxlan.pcap'].map((n) =>
    path.join(CAPTURES, n),
  ),
];

describe("the detail tree's context menu: one action per shown node, the node's own", () => {
  it('gives every node the tree shows its filter and value, in the same order (expert items and hidden fields included)', () => {
    let nodes = 0;
    for (const file of FILES) {
      const session = new DissectSession(new BufferPool(), { revisits: false });
      const reader = openCapture(file);
      try {
        let n = 0;
        for (let f = reader.next(); f !== undefined; f = reader.next()) {
          const { tree } = dissectFrame(packetMeta(f, ++n), f.data.bytes, session);
          const shown = shownTree(tree);
          const actions = nodeActions(tree);
          expect(actions.length, `${path.basename(file)} frame ${n}`).toBe(shown.length);
          shown.forEach((node, i) => {
            const filter = actions[i]!.filter;
            // A node's filter names the node's own field (`tcp.srcport == 80`, `tcp`).
            if (filter !== undefined)
              expect(filter === node.abbrev || filter.startsWith(`${node.abbrev} `), `${node.abbrev}: ${filter}`).toBe(true);
            nodes++;
          });
        }
      } finally {
        reader.close();
        session.close();
      }
    }
    expect(nodes).toBeGreaterThan(5000);
  });
});
