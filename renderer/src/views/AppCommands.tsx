import type { ReactNode } from 'react';
import type { CommandName } from '../../../native-bridge/protocol/index.js';
import { TIME_FORMATS, type TimeFormat } from '../lib/time.js';
import type { ThemeChoice } from '../lib/theme.js';
import { useUi, useUiStore } from '../store/react.js';
import type { StatsTab } from '../store/ui-store.js';
import { combineFilter } from '../lib/filter-actions.js';
import { useCommand } from './commands.js';
import { useStreamProtocols } from './FollowStream.js';
import { prepare, useSelectedField } from './PacketMenu.js';
import { setPoolCollapsed, setTheme, usePoolCollapsed, useTheme } from './prefs.js';

const TIME_COMMANDS: Record<TimeFormat, CommandName> = {
  absolute: 'timeDateTime',
  time: 'timeOfDay',
  epoch: 'timeEpoch',
  relative: 'timeRelative',
  delta: 'timeDelta',
  deltaDisplayed: 'timeDeltaDisplayed',
};
const THEME_COMMANDS: Record<ThemeChoice, CommandName> = { system: 'themeSystem', light: 'themeLight', dark: 'themeDark' };
const STATS_COMMANDS: Record<StatsTab, CommandName> = {
  hierarchy: 'protocolHierarchy',
  conversations: 'conversations',
  endpoints: 'endpoints',
  io: 'ioGraph',
  expert: 'expertInfo',
};

/** One command of a choice (a time format, a theme, a statistics tab): a component, so a list of them can each register. */
function Choice({ name, run, checked }: { name: CommandName; run(): void; checked(): boolean }): null {
  useCommand(name, { run, checked });
  return null;
}

/**
 * The commands the store's actions carry out (Go, Edit's find, marks and time references, View's
 * time formats, coloring, theme and pool panel, Analyze's filters and Follow, the Statistics
 * windows). Views register the
 * ones they own (the detail tree's Expand All, the capture's Start, the filter box).
 */
export function AppCommands(): ReactNode {
  const store = useUiStore();
  const s = store.getState;
  const hasRows = useUi((st) => st.rows > 0);
  const hasRun = useUi((st) => st.run !== undefined);
  const selected = useUi((st) => st.selectedNumber !== undefined);
  const marks = useUi((st) => st.marks);
  const replayable = useUi((st) => st.run?.source.kind === 'replay' && !st.starting);
  const follow = useStreamProtocols();
  const poolCollapsed = usePoolCollapsed();
  const theme = useTheme();

  useCommand('goToPacket', { run: () => s().setGoTo(true), enabled: () => hasRun });
  useCommand('nextPacket', { run: () => s().revealRow((s().selected ?? -1) + 1), enabled: () => hasRows });
  useCommand('previousPacket', { run: () => s().revealRow(Math.max(0, (s().selected ?? 1) - 1)), enabled: () => hasRows });
  useCommand('firstPacket', { run: () => s().revealRow(0), enabled: () => hasRows });
  useCommand('lastPacket', { run: () => s().revealRow(s().rows - 1), enabled: () => hasRows });
  useCommand('markPacket', { run: () => s().toggleFlag('mark'), enabled: () => selected });
  useCommand('unmarkAll', { run: () => s().clearFlags('mark'), enabled: () => marks > 0 });
  useCommand('nextMark', { run: () => s().nextMark(false), enabled: () => marks > 0 });
  useCommand('previousMark', { run: () => s().nextMark(true), enabled: () => marks > 0 });
  useCommand('timeReference', { run: () => s().toggleFlag('ref'), enabled: () => selected });
  useCommand('replay', { run: () => s().replay(), enabled: () => replayable });
  useCommand('followTcp', { run: () => s().followStream('tcp'), enabled: () => follow.includes('tcp') });
  useCommand('followUdp', { run: () => s().followStream('udp'), enabled: () => follow.includes('udp') });
  const findOpen = useUi((st) => st.find !== undefined && st.find.text !== '');
  const colorize = useUi((st) => st.coloring.enabled);
  const field = useSelectedField();
  useCommand('findNext', { run: () => s().findNext(false), enabled: () => findOpen });
  useCommand('findPrevious', { run: () => s().findNext(true), enabled: () => findOpen });
  useCommand('colorize', { run: () => s().setColorize(!colorize), checked: () => colorize });
  useCommand('coloringRules', { run: () => s().setColoringOpen(true) });
  useCommand('applyAsFilter', {
    run: () => field?.filter !== undefined && s().filterBy(combineFilter(s().filterText, field.filter, 'selected')),
    enabled: () => field?.filter !== undefined,
  });
  useCommand('prepareAsFilter', {
    run: () => field?.filter !== undefined && prepare(store, combineFilter(s().filterText, field.filter, 'selected')),
    enabled: () => field?.filter !== undefined,
  });
  useCommand('togglePoolPanel', { run: () => setPoolCollapsed(!poolCollapsed), checked: () => !poolCollapsed });
  return (
    <>
      {TIME_FORMATS.map(({ format }) => (
        <Choice key={format} name={TIME_COMMANDS[format]} run={() => s().setTimeFormat(format)} checked={() => s().timeFormat === format} />
      ))}
      {(Object.keys(THEME_COMMANDS) as ThemeChoice[]).map((c) => (
        <Choice key={c} name={THEME_COMMANDS[c]} run={() => setTheme(c)} checked={() => theme === c} />
      ))}
      {(Object.keys(STATS_COMMANDS) as StatsTab[]).map((t) => (
        <Choice
          key={t}
          name={STATS_COMMANDS[t]}
          run={() => s().setStatsOpen(true, t)}
          checked={() => s().statsOpen && s().statsTab === t}
        />
      ))}
    </>
  );
}
