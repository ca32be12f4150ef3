/**
 * The engine as the tests drive it: what `wirepool read` prints for a file (the oracle for rows
 * and filters), an EngineThread whose events are recorded, and the rows of a view decoded the
 * way the UI decodes them.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { BatchView } from '../../native-bridge/batch/index.js';
import { EngineThread, type EngineBatch, type EngineOptions } from '../../native-bridge/engine/index.js';
import {
  ROW_SEPARATOR,
  type EngineEvent,
  type ErrorInfo,
  type Notice,
  type RunStats,
  type SourceInfo,
  type ViewState,
} from '../../native-bridge/protocol/index.js';
import { ROOT } from './corpus.js';
import { until } from './wait.js';

export const SAMPLE = path.join(ROOT, 'samples/sample.pcapng');
const WIREPOOL = path.join(ROOT, 'bin/wirepool');

/** A row as the list shows it: frame number, source, destination, protocol, info. */
export type Row = [number, string, string, string, string];

/** `wirepool read FILE [-Y FILTER]`'s rows: number and the summary columns (7–10). */
export function readRows(file: string, filter?: string): Row[] {
  const out = execFileSync(process.execPath, [WIREPOOL, 'read', file, ...(filter === undefined ? [] : ['-Y', filter])], {
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  });
  return out
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => {
      const c = l.split('\t');
      return [Number(c[0]), c[6]!, c[7]!, c[8]!, c[9]!];
    });
}

/** The rows of a `rows` reply's batch: each entry's frame number and its summary columns. */
export function decodeRows(buffer: ArrayBuffer): Row[] {
  if (buffer.byteLength === 0) return [];
  const v = new BatchView(buffer);
  const text = new TextDecoder();
  return Array.from({ length: v.count }, (_, i) => {
    const cols = text.decode(v.data(i)).split(String.fromCharCode(ROW_SEPARATOR));
    if (cols.length !== 4) throw new Error(`row ${i}: ${cols.length} columns`);
    return [v.packet(i).number, ...cols] as Row;
  });
}

/** Every row of a run's view, asked `count` at a time (each reply given back). */
export async function allRows(engine: EngineThread, runId: number, viewId: number, total: number, count = 500): Promise<Row[]> {
  const rows: Row[] = [];
  while (rows.length < total) {
    const r = await engine.request('rows', { runId, viewId, first: rows.length, count });
    if (r.count === 0) throw new Error(`rows from ${rows.length}: none, of ${total}`);
    const got = decodeRows(r.buffer);
    if (got.length !== r.count || r.first !== rows.length) throw new Error(`rows from ${rows.length}: ${got.length} of ${r.count}`);
    rows.push(...got);
    engine.giveBack(r.buffer, runId, 'view');
  }
  return rows;
}

export type Event = EngineEvent | Notice;
export type Done = { stats: RunStats; error?: ErrorInfo };

/** An EngineThread that records every event; delivered batches are given back at once unless `keep`. */
export class EngineRecorder {
  readonly events: Event[] = [];
  readonly batches: EngineBatch[] = [];
  engine!: EngineThread;
  keep = false;

  static async start(options?: EngineOptions): Promise<EngineRecorder> {
    const r = new EngineRecorder();
    r.engine = await EngineThread.start(
      {
        event: (e) => r.events.push(e),
        batch: (b) => {
          r.batches.push(b);
          if (!r.keep) r.engine.giveBack(b.buffer, b.runId);
        },
      },
      options,
    );
    return r;
  }

  of<T extends Event['type']>(type: T): Extract<Event, { type: T }>[] {
    return this.events.filter((e): e is Extract<Event, { type: T }> => e.type === type);
  }

  runEvent(runId: number): { source: SourceInfo } | undefined {
    return this.of('run').find((e) => e.runId === runId);
  }

  stats(runId: number): RunStats[] {
    return this.of('stats')
      .map((e) => e.stats)
      .filter((s) => s.runId === runId);
  }

  views(runId: number): ViewState[] {
    return this.of('view')
      .map((e) => e.view)
      .filter((v) => v.runId === runId);
  }

  doneOf(runId: number): Done | undefined {
    const d = this.of('done').find((e) => e.stats.runId === runId);
    return d === undefined ? undefined : d.error ? { stats: d.stats, error: d.error } : { stats: d.stats };
  }

  /** The run's `done`; fails the test (with what did come) if it never does. */
  async done(runId: number, timeoutMs = 60_000): Promise<Done> {
    await until(() => this.doneOf(runId) !== undefined, timeoutMs);
    const d = this.doneOf(runId);
    if (d === undefined) throw new Error(`run ${runId} sent no done: ${this.events.map((e) => e.type).join(',')}`);
    return d;
  }

  /** The latest view of the run once `cond` holds for it. */
  async view(runId: number, cond: (v: ViewState) => boolean, timeoutMs = 60_000): Promise<ViewState> {
    await until(() => {
      const v = this.views(runId).at(-1);
      return v !== undefined && cond(v);
    }, timeoutMs);
    const v = this.views(runId).at(-1);
    if (v === undefined || !cond(v)) throw new Error(`run ${runId}: no such view; the last was ${JSON.stringify(v)}`);
    return v;
  }

  /** Every row of the view, asked `count` at a time (each reply given back). */
  rows(runId: number, viewId: number, total: number, count = 500): Promise<Row[]> {
    return allRows(this.engine, runId, viewId, total, count);
  }

  close(): Promise<void> {
    return this.engine.close();
  }
}

/** Buffers out of a pool (in use, or away at another thread), over all tiers and oversize. */
export function held(p: RunStats['pool'] | undefined): { outstanding: number; away: number } {
  if (p === undefined) return { outstanding: 0, away: 0 };
  return {
    outstanding: p.tiers.reduce((n, t) => n + t.outstanding, 0) + p.oversize.outstanding,
    away: p.tiers.reduce((n, t) => n + t.away, 0),
  };
}
