export { ReplayEngine, DEFAULT_CHUNK_SIZE, type ReplayOptions, type ReplayStats, type ReplaySummary } from './replay.js';
