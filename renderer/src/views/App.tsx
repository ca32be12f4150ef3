import type { ReactNode } from 'react';
import { useUi } from '../store/react.js';
import { ColoringRulesDialog } from './ColoringRules.js';
import { ErrorBanner } from './ErrorBanner.js';
import { FindBar } from './FindBar.js';
import { FollowDialog } from './FollowStream.js';
import { PacketDetail } from './PacketDetail.js';
import { PacketList } from './PacketList.js';
import { PoolView } from './PoolView.js';
import { StatsWindow } from './StatsWindow.js';
import { StatusBar, Toolbar } from './Toolbar.js';

export function App({ transport }: { transport: string }): ReactNode {
  const connected = useUi((s) => s.connected);
  return (
    <div className="app" data-testid="app" data-transport={transport} data-connected={connected}>
      <Toolbar />
      <ErrorBanner />
      <FindBar />
      <main className="panes">
        <div className="packets">
          <PacketList />
          <PacketDetail />
        </div>
        <PoolView />
      </main>
      <FollowDialog />
      <StatsWindow />
      <ColoringRulesDialog />
      <StatusBar />
    </div>
  );
}
