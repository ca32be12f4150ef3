import type { ReactNode, UIEvent } from 'react';
import { useUi } from '../store/react.js';
import { AppCommands } from './AppCommands.js';
import { useCommandKeys, useCommands, useCommandsVersion } from './commands.js';
import { ErrorBanner } from './ErrorBanner.js';
import { MenuBar } from './MenuBar.js';
import { ColoringRulesDialog } from './ColoringRules.js';
import { FindBar } from './FindBar.js';
import { FollowDialog } from './FollowStream.js';
import { PacketDetail } from './PacketDetail.js';
import { PacketList } from './PacketList.js';
import { PoolPanel } from './PoolView.js';
import { usePoolCollapsed } from './prefs.js';
import { Splitter } from './Splitter.js';
import { StatsWindow } from './StatsWindow.js';
import { StatusBar, Toolbar } from './Toolbar.js';

/**
 * The packet list scrolls sideways when its columns need more room than the pane has (Info
 * keeps a useful width); its header, outside the scrolled box, moves along with it.
 */
function syncHeader(e: UIEvent<HTMLElement>): void {
  const list = e.target as HTMLElement;
  if (!list.classList?.contains('packet-list')) return;
  const header = list.parentElement?.querySelector<HTMLElement>(':scope > .packet-header');
  if (header) header.style.transform = list.scrollLeft === 0 ? '' : `translateX(${-list.scrollLeft}px)`;
}

/** The desktop menus in a browser (Electron has its own), from the app's commands. */
function PageMenus(): ReactNode {
  const registry = useCommands();
  useCommandsVersion(registry);
  return (
    <MenuBar run={(name) => registry.run(name)} enabled={(name) => registry.enabled(name)} checked={(name) => registry.checked(name)} />
  );
}

export function App({ transport }: { transport: string }): ReactNode {
  const connected = useUi((s) => s.connected);
  const desktop = useUi((s) => s.desktop);
  const poolCollapsed = usePoolCollapsed();
  useCommandKeys(connected && !desktop);
  return (
    <div className="app" data-testid="app" data-transport={transport} data-connected={connected}>
      <AppCommands />
      {desktop ? null : <PageMenus />}
      <Toolbar />
      <ErrorBanner />
      <FindBar />
      <main className="panes" data-pool={poolCollapsed ? 'collapsed' : 'open'}>
        <div className="packets" onScrollCapture={syncHeader}>
          <div className="list-pane" data-testid="list-pane">
            <PacketList />
          </div>
          <Splitter pane="list" target=".list-pane" grows="down" label="Resize the packet list" />
          <PacketDetail />
        </div>
        {poolCollapsed ? null : <Splitter pane="pool" target=".pool-view" grows="left" label="Resize the pool panel" />}
        <PoolPanel />
      </main>
      <FollowDialog />
      <StatsWindow />
      <ColoringRulesDialog />
      <StatusBar />
    </div>
  );
}
