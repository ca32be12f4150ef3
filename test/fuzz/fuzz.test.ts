import { describe, expect, it } from 'vitest';
import { linkTypes } from '../../native-bridge/dissect/index.js';
import { fuzzDissect } from '../../scripts/fuzz/dissect-target.js';
import { fuzzFilters } from '../../scripts/fuzz/filter-target.js';
import { captureSeeds, CORPUS_SEEDS, filterSeeds, seedTrees } from '../../scripts/fuzz/seeds.js';
import { CAPTURES, ROOT } from '../helpers/corpus.js';

/**
 * The fuzz targets with a fixed seed and a count that runs in a few seconds. A longer run with
 * any seed: `node dist/scripts/fuzz.js filter|dissect --seed N --minutes M` (README, Tests).
 */
const seeds = captureSeeds(ROOT, CAPTURES);
/** Generous: the machine running the suite may be busy; a real blow-up is seconds, not tens of ms. */
const LIMIT_MS = 2000;

describe('fuzzing', () => {
  it('has the seed captures and conformance filters it expects', () => {
    expect(seeds.length).toBeGreaterThanOrEqual(CORPUS_SEEDS.length);
    expect(seeds.every((s) => s.frames.length > 0)).toBe(true);
    expect(filterSeeds(ROOT).length).toBeGreaterThan(100);
    expect(linkTypes()).toEqual(expect.arrayContaining([1, 101, 105, 113, 127, 228, 229]));
  });

  it('filter target: every input compiles or fails with a FilterError, matches without throwing, in bounded time', () => {
    const report = fuzzFilters({
      seed: 20261207,
      iterations: 1500,
      limitMs: LIMIT_MS,
      seeds: filterSeeds(ROOT),
      trees: seedTrees(seeds),
      longChains: 5000,
    });
    expect(report.findings).toEqual([]);
    // The inputs reach every outcome, not only syntax errors.
    expect(report.counts).toMatchObject({
      compiled: expect.any(Number),
      'matched some': expect.any(Number),
      FILTER_SYNTAX: expect.any(Number),
      FILTER_TYPE: expect.any(Number),
      FILTER_UNKNOWN_FIELD: expect.any(Number),
    });
  });

  it('dissect target: mutated and random frames never throw or mark an internal error, in bounded time; revisits agree', () => {
    const report = fuzzDissect({ seed: 20261207, iterations: 4000, limitMs: LIMIT_MS, seeds, linkTypes: linkTypes() });
    expect(report.findings).toEqual([]);
    expect(report.counts.frames).toBeGreaterThan(10_000);
    expect(report.counts.revisits).toBeGreaterThan(1000);
    expect(report.counts.malformed).toBeGreaterThan(100);
  });
});
