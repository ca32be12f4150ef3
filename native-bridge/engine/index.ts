export { ReplayEngine, type ReplayOptions, type ReplayStats, type ReplaySummary } from './replay.js';
