/**
 * What AppHost needs of the engine: the EngineHost contract (native-bridge/engine/host.ts,
 * the engine's worker-thread handle). Declared structurally here so AppHost depends on the
 * behaviour, and its tests can drive it without a worker thread.
 */
import type { ErrorInfo, InterfaceInfo, RunStats, SourceInfo, Speed } from '../protocol/index.js';

export interface EngineBatch {
  runId: number;
  buffer: ArrayBuffer;
  usedBytes: number;
  first: number;
  count: number;
  refetch: boolean;
  last: boolean;
}

export interface EngineListener {
  /** The listener owns b.buffer until it calls giveBack(b.buffer). */
  batch(b: EngineBatch): void;
  stats(s: RunStats): void;
  run(runId: number, source: SourceInfo): void;
  done(s: RunStats, error?: ErrorInfo): void;
}

export interface Engine {
  replay(file: string, opts: { speed: Speed; filter?: string }): number;
  capture(opts: { iface: string; filter?: string; snaplen?: number; bufferSize?: number; file?: string }): number;
  pause(): void;
  resume(): void;
  stop(): void;
  setSpeed(speed: Speed): void;
  fetch(runId: number, first: number, count: number): void;
  giveBack(buffer: ArrayBuffer): void;
  interfaces(): Promise<InterfaceInfo[]>;
  captureAvailable(): { available: boolean; reason?: string };
  save(path: string, format: 'pcap' | 'pcapng'): Promise<void>;
  close(): Promise<void>;
}

/** Starts an engine that reports to `listener` (EngineHost.start in the apps). */
export type EngineFactory = (listener: EngineListener) => Promise<Engine>;
