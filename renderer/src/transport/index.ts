import { ElectronTransport, waitForElectronPort } from './electron.js';
import type { Transport } from './types.js';
import { WebSocketTransport, webSocketUrl } from './websocket.js';

export type { Transport } from './types.js';
export { ElectronTransport, waitForElectronPort, PORT_MESSAGE } from './electron.js';
export { WebSocketTransport, webSocketUrl } from './websocket.js';

/** Serve mode when the page URL carries ?token=, else Electron (the preload's port). */
export async function connect(win: Window = window): Promise<Transport> {
  const url = webSocketUrl(win.location);
  if (url !== undefined) return new WebSocketTransport(url);
  return new ElectronTransport(await waitForElectronPort(win));
}
