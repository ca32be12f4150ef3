import { EngineThread } from '../engine/index.js';
import type { EngineFactory } from './engine-contract.js';

/** Starts the real engine for the apps: an EngineThread, one worker thread per connected UI. */
export const startEngineThread: EngineFactory = (listener) => EngineThread.start(listener);
