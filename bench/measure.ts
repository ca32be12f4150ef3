import { PerformanceObserver, performance } from 'node:perf_hooks';

/** GC activity seen while `fn` runs: PerformanceObserver 'gc' entries (count, total ms). */
export async function withGcStats<T>(fn: () => Promise<T>): Promise<{ result: T; gcCount: number; gcMs: number; seconds: number }> {
  let gcCount = 0;
  let gcMs = 0;
  const obs = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      gcCount++;
      gcMs += e.duration;
    }
  });
  obs.observe({ entryTypes: ['gc'] });
  const t0 = performance.now();
  const result = await fn();
  const seconds = (performance.now() - t0) / 1000;
  // GC entries are delivered asynchronously; give the observer a turn before reading.
  await new Promise((r) => setTimeout(r, 50));
  obs.disconnect();
  return { result, gcCount, gcMs, seconds };
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}
