/**
 * `node dist/bench/list-sort.js [FILE]`: the packet list's sort in the engine worker over a
 * large capture (default the 1 M-packet bench capture, bench/data/small-mixed.pcap): the file is
 * opened and replayed into the worker's store, then the view is sorted by each column in turn
 * while a `packet` request goes to the worker every 50 ms, as a user clicking rows would. It
 * prints, per column, the time from the `sort` request to the sorted view and to its first 256
 * rows, and the slowest answer to a `packet` request during the sort (the worker's
 * responsiveness). SORT_COLUMN=info sorts by that column only.
 */
import { existsSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { EngineThread } from '../native-bridge/engine/index.js';
import { SORT_COLUMNS, type EngineEvent, type ViewState } from '../native-bridge/protocol/index.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const file = process.argv[2] ?? `${root}bench/data/small-mixed.pcap`;
if (!existsSync(file)) {
  console.error(`${file} is missing: run \`node dist/bench/make-captures.js bench/data/\` first, or name a capture`);
  process.exit(1);
}

let view: ViewState | undefined;
let done = false;
const engine = await EngineThread.start({
  event: (e) => {
    const ev = e as EngineEvent;
    if (ev.type === 'view') view = ev.view;
    if (ev.type === 'done') done = true;
  },
});
const until = async (cond: () => boolean): Promise<void> => {
  while (!cond()) await new Promise((r) => setTimeout(r, 5));
};

const t0 = performance.now();
const { runId } = await engine.request('open', { path: file });
await until(() => done && view?.packets !== undefined && view.runId === runId);
await until(() => view?.packets === view?.displayed);
console.log(
  `${file}: ${view!.packets.toLocaleString('en-US')} packets in the store after ${((performance.now() - t0) / 1000).toFixed(1)} s`,
);
console.log('| column | order | sorted view (s) | first 256 rows (s) | packet answers during the sort | slowest answer (ms) |');
console.log('| --- | --- | ---: | ---: | ---: | ---: |');

for (const column of SORT_COLUMNS.filter(
  (c) => c !== 'number' && (process.env.SORT_COLUMN === undefined || c === process.env.SORT_COLUMN),
)) {
  const before = view!.viewId;
  const start = performance.now();
  await engine.request('sort', { runId, column, order: 'asc' });
  // A user clicking rows meanwhile: one packet request every 50 ms, each timed.
  let slowest = 0;
  let answers = 0;
  let sorting = true;
  const clicks = (async () => {
    for (let n = 1; sorting; n += 7919) {
      const t = performance.now();
      const p = await engine.request('packet', { runId, number: (n % view!.packets) + 1 });
      engine.giveBack(p.buffer, runId, 'view');
      slowest = Math.max(slowest, performance.now() - t);
      answers++;
      await new Promise((r) => setTimeout(r, 50));
    }
  })();
  await until(() => view!.viewId > before && view!.sort?.column === column);
  const sorted = performance.now() - start;
  sorting = false;
  await clicks;
  const r = await engine.request('rows', { runId, viewId: view!.viewId, first: 0, count: 256 });
  engine.giveBack(r.buffer, runId, 'view');
  const firstRows = performance.now() - start;
  console.log(
    `| ${column} | asc | ${(sorted / 1000).toFixed(2)} | ${(firstRows / 1000).toFixed(2)} | ${answers} | ${slowest.toFixed(1)} |`,
  );
}
await engine.close();
