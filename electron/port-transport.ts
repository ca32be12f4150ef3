import type { MessagePortMain } from 'electron';
import { PortTransport } from '../native-bridge/host/index.js';
import type { HostMessage } from '../native-bridge/protocol/index.js';

/**
 * Electron's MessagePortMain as AppHost's transport: how it posts and hears, no more. It
 * transfers only ports, so postMessage structured-clones a batch (the one copy Electron makes on
 * the way to the renderer) before it returns, and AppHost gives the engine's buffer back right
 * after. Everything else (a sparse batch cut to its used bytes, the backlog the renderer's
 * acknowledgements keep) is PortTransport's, tested over Node's MessageChannel.
 */
export class MessagePortMainTransport extends PortTransport<MessagePortMain> {
  readonly copies = true;

  protected post(message: HostMessage): void {
    this.endpoint.postMessage(message);
  }

  protected listen(receive: (read: () => unknown) => void): void {
    this.endpoint.on('message', (e) => receive(() => e.data));
    this.endpoint.start();
  }
}
