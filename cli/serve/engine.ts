import type { Engine, EngineFactory } from '../../native-bridge/host/index.js';

interface EngineHostModule {
  EngineHost: { start(listener: Parameters<EngineFactory>[0], options?: object): Promise<Engine> };
}

/** The real engine: EngineHost (a worker thread per connected UI). */
export const realEngine: EngineFactory = async (listener) => {
  // Resolved at run time while native-bridge/engine/host.ts is being written (helper CAPTURE).
  const spec = '../../native-bridge/engine/host.js';
  const mod = (await import(spec)) as EngineHostModule;
  return mod.EngineHost.start(listener);
};
