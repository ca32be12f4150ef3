/** What a fuzz target reports: counts, the slowest input, and every input that broke a rule. */

export interface Finding {
  /** The iteration that made the input: `--seed S --from I --iterations 1` replays it. */
  iteration: number;
  /** What went wrong: an exception, an internal error mark, a slow input, a revisit that differs. */
  kind: 'exception' | 'internal-error' | 'slow' | 'revisit-differs';
  detail: string;
  /** The input, shortened for a log line. */
  input: string;
}

export interface FuzzReport {
  target: string;
  seed: number;
  from: number;
  iterations: number;
  /** Per-kind tallies of the inputs' outcomes (compiled, rejected, frames, …). */
  counts: Record<string, number>;
  /** The slowest single input (a filter: compile and match; a frame: one dissection), ms. */
  maxMs: number;
  slowest: string;
  findings: Finding[];
  elapsedMs: number;
}

export interface FuzzOptions {
  seed: number;
  /** First iteration number (to replay one finding). */
  from?: number;
  iterations: number;
  /** Stop early after this many ms (a timed run); the report says how many iterations ran. */
  budgetMs?: number;
  /** An input slower than this is a finding. */
  limitMs: number;
  /** Called after each iteration, for progress. */
  progress?: (report: FuzzReport) => void;
}

export function newReport(target: string, o: FuzzOptions): FuzzReport {
  return { target, seed: o.seed, from: o.from ?? 0, iterations: 0, counts: {}, maxMs: 0, slowest: '', findings: [], elapsedMs: 0 };
}

export function count(r: FuzzReport, key: string, n = 1): void {
  r.counts[key] = (r.counts[key] ?? 0) + n;
}

/** An input shortened to `max` characters for a log line, with its length. */
export function shorten(text: string, max = 160): string {
  const flat = JSON.stringify(text);
  return flat.length <= max ? flat : `${flat.slice(0, max)}… (${text.length} characters)`;
}

/** Runs `one(i)` for each iteration until the count or the time budget is reached. */
export function loop(report: FuzzReport, o: FuzzOptions, one: (i: number) => void): FuzzReport {
  const start = performance.now();
  const from = o.from ?? 0;
  for (let i = from; i < from + o.iterations; i++) {
    one(i);
    report.iterations++;
    report.elapsedMs = performance.now() - start;
    o.progress?.(report);
    if (o.budgetMs !== undefined && report.elapsedMs > o.budgetMs) break;
  }
  return report;
}
