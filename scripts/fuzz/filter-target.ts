import type { ProtoTree } from '../../native-bridge/dissect/index.js';
import { compileFilter, FilterError } from '../../native-bridge/filter/index.js';
import { filterInput } from './filter-inputs.js';
import { Random } from './random.js';
import { count, type FuzzOptions, type FuzzReport, loop, newReport, shorten } from './target.js';

export interface FilterFuzzOptions extends FuzzOptions {
  /** Valid filters to mutate (the conformance cases). */
  seeds: readonly string[];
  /** Dissected packets each compiled filter is matched against. */
  trees: readonly ProtoTree[];
  /** The longest chain (terms, masks, members, "!") an input may have. */
  longChains: number;
}

/**
 * Time allowed per character of the filter on top of the limit: a chain of 100 000 terms is
 * megabytes of text and takes seconds to lex, parse and compile, linearly; what this target
 * looks for is time that grows faster than the text.
 */
const MS_PER_CHARACTER = 0.005;

/**
 * The filter target: each input either compiles or throws a FilterError whose column lies in
 * the filter (never another exception); a compiled filter matches every packet without
 * throwing; compiling and matching one input stays under the time limit (plus MS_PER_CHARACTER).
 */
export function fuzzFilters(o: FilterFuzzOptions): FuzzReport {
  const report = newReport('filter', o);
  return loop(report, o, (i) => {
    const text = filterInput(Random.forIteration(o.seed, i), o.seeds, o.longChains);
    const start = performance.now();
    try {
      const filter = compileFilter(text);
      count(report, 'compiled');
      let matched = 0;
      for (const tree of o.trees) if (filter.matches(tree)) matched++;
      if (matched > 0) count(report, 'matched some');
    } catch (e) {
      if (e instanceof FilterError) {
        count(report, e.code);
        if (!(e.column >= 1 && e.column <= text.length + 1 && e.length >= 1))
          report.findings.push({
            iteration: i,
            kind: 'exception',
            detail: `FilterError column ${e.column} outside the filter`,
            input: shorten(text),
          });
      } else {
        const detail = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
        report.findings.push({ iteration: i, kind: 'exception', detail, input: shorten(text) });
      }
    }
    const ms = performance.now() - start;
    if (ms > report.maxMs) {
      report.maxMs = ms;
      report.slowest = shorten(text, 80);
    }
    if (ms > o.limitMs + text.length * MS_PER_CHARACTER)
      report.findings.push({ iteration: i, kind: 'slow', detail: `${ms.toFixed(0)} ms`, input: shorten(text) });
  });
}
