import type { ReactNode } from 'react';
import type { StatsResult } from '../../../native-bridge/protocol/index.js';

/** How far the engine has counted, while it has not counted every packet. */
export function StatsProgress({ result }: { result: StatsResult }): ReactNode {
  if (result.scanned >= result.packets) return null;
  return (
    <div className="stats-progress" data-testid="stats-progress">
      Counting… <progress max={result.packets} value={result.scanned} /> {result.scanned} of {result.packets} packets
    </div>
  );
}
