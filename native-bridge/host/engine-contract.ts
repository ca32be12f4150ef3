/**
 * The engine as AppHost uses it: the methods of EngineThread (native-bridge/engine/thread.ts,
 * the engine's worker thread), declared structurally so AppHost depends on the behaviour and its
 * tests can drive it without a worker thread. start-engine.ts checks that EngineThread
 * satisfies it.
 */
import type { EngineListener } from '../engine/index.js';
import type { InterfaceInfo, Speed } from '../protocol/index.js';

export type { EngineBatch, EngineListener } from '../engine/index.js';

export interface Engine {
  replay(file: string, opts: { speed: Speed; filter?: string }): number;
  capture(opts: { iface: string; filter?: string; snaplen?: number; bufferSize?: number; file?: string }): number;
  pause(): void;
  resume(): void;
  /**
   * Holds the run back while the UI's transport is backed up (or lets go): a replay waits, a
   * capture drops and counts (`dropped`), as when batches exceed the memory budget. Unlike
   * pause, the run's state stays `running`.
   */
  hold(on: boolean): void;
  stop(): void;
  setSpeed(speed: Speed): void;
  fetch(runId: number, first: number, count: number): void;
  giveBack(buffer: ArrayBuffer): void;
  interfaces(): Promise<InterfaceInfo[]>;
  captureAvailable(): { available: boolean; reason?: string };
  save(path: string, format: 'pcap' | 'pcapng'): Promise<void>;
  close(): Promise<void>;
}

/** Starts an engine that reports to `listener` (EngineThread.start in the apps). */
export type EngineFactory = (listener: EngineListener) => Promise<Engine>;
