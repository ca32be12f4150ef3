/**
 * The engine as AppHost uses it: the methods of EngineThread (native-bridge/engine/thread.ts,
 * the engine's worker thread), declared structurally so AppHost depends on the behaviour.
 * start-engine.ts checks that EngineThread satisfies it.
 */
import type { EngineListener, PoolName } from '../engine/index.js';
import type { EngineOp, OpArgs, OpResult } from '../protocol/index.js';

export type { EngineBatch, EngineListener } from '../engine/index.js';

export interface Engine {
  /** Carries out one of the UI's engine operations; a result's buffer is the caller's until giveBack. */
  request<K extends EngineOp>(op: K, args: OpArgs<K>): Promise<OpResult<K>>;
  giveBack(buffer: ArrayBuffer, runId: number, pool?: PoolName): void;
  captureAvailable(): { available: boolean; reason?: string };
  close(): Promise<void>;
}

/** Starts an engine that reports to `listener` (EngineThread.start in the apps). */
export type EngineFactory = (listener: EngineListener) => Promise<Engine>;
