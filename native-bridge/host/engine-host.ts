import { EngineHost } from '../engine/index.js';
import type { EngineFactory } from './engine.js';

/** The real engine for the apps: EngineHost, one worker thread per connected UI. */
export const startEngineHost: EngineFactory = (listener) => EngineHost.start(listener);
