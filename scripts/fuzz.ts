/**
 * Runs a fuzz target from the command line, longer than the test suite's fixed run:
 *
 *   node dist/scripts/fuzz.js filter  [--seed N] [--iterations N] [--minutes M] [--from I] [--limit-ms MS]
 *   node dist/scripts/fuzz.js dissect [--seed N] [--iterations N] [--minutes M] [--from I] [--limit-ms MS]
 *
 * Inputs come from a seeded PRNG, one generator per iteration, so a finding printed as
 * `iteration I` is replayed alone with `--seed S --from I --iterations 1`. Exits 1 when
 * something was found. The same targets run in `vitest run` (test/fuzz/) with a fixed seed.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { linkTypes } from '../native-bridge/dissect/index.js';
import { fuzzDissect } from './fuzz/dissect-target.js';
import { fuzzFilters } from './fuzz/filter-target.js';
import { captureSeeds, defaultPaths, filterSeeds, seedTrees } from './fuzz/seeds.js';
import type { FuzzReport } from './fuzz/target.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    seed: { type: 'string', default: '1' },
    iterations: { type: 'string', default: '1000000000' },
    minutes: { type: 'string' },
    from: { type: 'string', default: '0' },
    'limit-ms': { type: 'string', default: '1000' },
    'long-chains': { type: 'string', default: '100000' },
  },
});

const target = positionals[0];
if (target !== 'filter' && target !== 'dissect') {
  process.stderr.write(
    'usage: node dist/scripts/fuzz.js filter|dissect [--seed N] [--iterations N] [--minutes M] [--from I] [--limit-ms MS]\n',
  );
  process.exit(2);
}

const { root, corpus } = defaultPaths(path.dirname(fileURLToPath(import.meta.url)));
const seeds = captureSeeds(root, corpus);
let lastPrint = performance.now();
const common = {
  seed: Number(values.seed),
  from: Number(values.from),
  iterations: Number(values.iterations),
  limitMs: Number(values['limit-ms']),
  ...(values.minutes === undefined ? {} : { budgetMs: Number(values.minutes) * 60_000 }),
  progress(r: FuzzReport) {
    if (performance.now() - lastPrint < 10_000) return;
    lastPrint = performance.now();
    process.stderr.write(`${r.target}: ${r.iterations} iterations, ${r.findings.length} findings, slowest ${r.maxMs.toFixed(1)} ms\n`);
  },
};

const report =
  target === 'filter'
    ? fuzzFilters({ ...common, seeds: filterSeeds(root), trees: seedTrees(seeds), longChains: Number(values['long-chains']) })
    : fuzzDissect({ ...common, seeds, linkTypes: linkTypes() });

const { findings, ...summary } = report;
process.stdout.write(
  `${target}: seed ${summary.seed}, iterations ${summary.from}..${summary.from + summary.iterations - 1} (${summary.iterations}) in ${(summary.elapsedMs / 1000).toFixed(1)} s\n` +
    `  outcomes: ${Object.entries(summary.counts)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}\n` +
    `  slowest input: ${summary.maxMs.toFixed(1)} ms, ${summary.slowest}\n` +
    `  findings: ${findings.length}\n`,
);
for (const f of findings.slice(0, 50)) process.stdout.write(`  iteration ${f.iteration}: ${f.kind}: ${f.detail}\n    input: ${f.input}\n`);
process.exitCode = findings.length > 0 ? 1 : 0;
