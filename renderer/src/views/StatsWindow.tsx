import type { ReactNode } from 'react';
import { useUi } from '../store/react.js';
import { STATS_TABS, type StatsTab } from '../store/ui-store.js';
import { StatsExpert } from './StatsExpert.js';
import { StatsHierarchy } from './StatsHierarchy.js';
import { StatsIo } from './StatsIo.js';
import { StatsTables } from './StatsTable.js';

/** Wireshark's Statistics windows in one panel: a tab each, counted by the engine over the run's packets. */
export function StatsWindow(): ReactNode {
  const open = useUi((s) => s.statsOpen);
  const setOpen = useUi((s) => s.setStatsOpen);
  const hasRun = useUi((s) => s.run !== undefined);
  const tab = useUi((s) => s.statsTab);
  if (!open) return null;
  return (
    <section className="stats-window" data-testid="stats-window" aria-label="Statistics">
      <header>
        <div className="stats-tabs" role="tablist">
          {(Object.keys(STATS_TABS) as StatsTab[]).map((t) => (
            <button
              key={t}
              type="button"
              role="tab"
              aria-selected={t === tab}
              data-testid={`stats-tab-${t}`}
              onClick={() => setOpen(true, t)}
            >
              {STATS_TABS[t]}
            </button>
          ))}
        </div>
        <button type="button" data-testid="stats-close" onClick={() => setOpen(false)}>
          Close
        </button>
      </header>
      <div className="stats-body">
        {!hasRun ? (
          <div className="stats-wait">Open a file or start a capture: the statistics count its packets.</div>
        ) : tab === 'hierarchy' ? (
          <StatsHierarchy />
        ) : tab === 'io' ? (
          <StatsIo />
        ) : tab === 'expert' ? (
          <StatsExpert />
        ) : (
          <StatsTables key={tab} kind={tab} />
        )}
      </div>
    </section>
  );
}

/** The toolbar's Statistics button: opens the window (or closes it). */
export function StatsButton(): ReactNode {
  const open = useUi((s) => s.statsOpen);
  const setOpen = useUi((s) => s.setStatsOpen);
  return (
    <button type="button" data-testid="stats-button" aria-pressed={open} onClick={() => setOpen(!open)}>
      Statistics
    </button>
  );
}
