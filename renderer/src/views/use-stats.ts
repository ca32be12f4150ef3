import { useEffect, useState } from 'react';
import type { ErrorInfo, OpArgs, StatsResult } from '../../../native-bridge/protocol/index.js';
import { useUi } from '../store/react.js';

/** While the run is live, the window asks again this often. */
export const STATS_REFRESH_MS = 1000;

export interface StatsAnswer {
  result: StatsResult | undefined;
  error: ErrorInfo | undefined;
}

/**
 * One statistic of the current run, kept up to date: asked again at once while the engine is
 * still counting (`scanned < packets`: a big file answers in slices, the window shows how far it
 * got), every STATS_REFRESH_MS while the run is live, and once more when it ends.
 */
export function useStats(args: Omit<OpArgs<'stats'>, 'runId'>): StatsAnswer {
  const runId = useUi((s) => s.run?.runId);
  const live = useUi((s) => s.runState === 'running' || s.runState === 'paused');
  const requestStats = useUi((s) => s.requestStats);
  const [answer, setAnswer] = useState<StatsAnswer>({ result: undefined, error: undefined });
  const { kind, type, intervalNs, filter } = args;
  useEffect(() => {
    if (runId === undefined) return;
    let gone = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const ask = (): void => {
      requestStats({
        runId,
        kind,
        ...(type !== undefined ? { type } : {}),
        ...(intervalNs !== undefined ? { intervalNs } : {}),
        ...(filter !== undefined ? { filter } : {}),
      }).then(
        (result) => {
          if (gone) return;
          setAnswer({ result, error: undefined });
          if (result.scanned < result.packets) ask();
          else if (live) timer = setTimeout(ask, STATS_REFRESH_MS);
        },
        (error: ErrorInfo) => {
          // A stale run: the next run's statistics are asked for when it is announced.
          if (!gone && error.code !== 'ENGINE_STALE_RUN') setAnswer({ result: undefined, error });
        },
      );
    };
    ask();
    return () => {
      gone = true;
      clearTimeout(timer);
    };
  }, [runId, live, kind, type, intervalNs, filter, requestStats]);
  return answer;
}
