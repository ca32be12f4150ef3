import type { ReactNode } from 'react';
import type { PlainHierarchyNode } from '../../../native-bridge/protocol/index.js';
import { percent } from '../lib/stats-table.js';
import { StatsProgress } from './StatsProgress.js';
import { useStats } from './use-stats.js';

interface Line {
  node: PlainHierarchyNode;
  depth: number;
}

/** The tree as rows, parents before children (depth first, in the engine's first-seen order). */
function lines(nodes: readonly PlainHierarchyNode[], depth = 0, out: Line[] = []): Line[] {
  for (const node of nodes) {
    out.push({ node, depth });
    lines(node.children, depth + 1, out);
  }
  return out;
}

/** Protocol hierarchy: each protocol on the frames' paths, with its share of packets and bytes. */
export function StatsHierarchy(): ReactNode {
  const { result, error } = useStats({ kind: 'hierarchy' });
  if (error !== undefined) return <div className="stats-error">{error.message}</div>;
  if (result === undefined || result.stats.kind !== 'hierarchy') return <div className="stats-wait">Counting…</div>;
  const { frames, bytes, children } = result.stats;
  return (
    <>
      <StatsProgress result={result} />
      <table className="stats-table" data-testid="hierarchy-table">
        <thead>
          <tr>
            <th>Protocol</th>
            <th>Percent packets</th>
            <th>Packets</th>
            <th>Percent bytes</th>
            <th>Bytes</th>
          </tr>
        </thead>
        <tbody>
          {lines(children).map(({ node, depth }, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: the rows are the tree in order; a node has no id of its own
            <tr key={i} data-testid="hierarchy-row" data-depth={depth}>
              <td className="protocol" style={{ paddingLeft: `${depth * 14 + 4}px` }}>
                {node.protocol}
              </td>
              <td className="num">{percent(node.frames, frames)}</td>
              <td className="num">{node.frames}</td>
              <td className="num">{percent(node.bytes, bytes)}</td>
              <td className="num">{node.bytes}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
