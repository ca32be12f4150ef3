/** The app host: the UI protocol on top of the engine, for Electron's main process and serve mode. */
export { AppHost, type AppHostOptions } from './app-host.js';
export type { Engine, EngineBatch, EngineFactory, EngineListener } from './engine-contract.js';
export type { HostTransport } from './transport.js';
export { EndpointTransport, type Endpoint } from './endpoint-transport.js';
export { HostError, errorInfo } from './errors.js';
export { PathMeter, type PathStats } from './path-meter.js';
export { PortTransport } from './port-transport.js';
export { InFlight, messageBytes } from './in-flight.js';
export { NodePortTransport } from './node-port-transport.js';
export { startEngineThread } from './start-engine.js';
export { resolveStatic, contentType } from './static-files.js';
export { FolderRule, ROOT_OPTION_HINT, SYSTEM_FOLDERS, isInside, type PathRule } from './folder-rule.js';
