export { ReplayEngine, DEFAULT_CHUNK_SIZE, type ReplayOptions, type ReplayStats, type ReplaySummary } from './replay.js';
export { EngineThread, type EngineBatch, type EngineListener, type EngineOptions } from './thread.js';
export { DEFAULT_MEMORY_BUDGET, type PoolName } from './worker-protocol.js';
