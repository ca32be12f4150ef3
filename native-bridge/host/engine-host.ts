import type { Engine, EngineFactory, EngineListener } from './engine.js';

interface EngineHostModule {
  EngineHost: { start(listener: EngineListener, options?: object): Promise<Engine> };
}

/** The real engine for the apps: EngineHost, one worker thread per connected UI. */
export const startEngineHost: EngineFactory = async (listener) => {
  // Resolved at run time while native-bridge/engine/host.ts is being written (helper CAPTURE).
  const spec = '../engine/host.js';
  const mod = (await import(spec)) as EngineHostModule;
  return mod.EngineHost.start(listener);
};
