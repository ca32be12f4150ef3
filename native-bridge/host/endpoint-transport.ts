import { type Ack, type HostMessage, ProtocolError, type Request, validated } from '../protocol/index.js';
import type { HostTransport } from './transport.js';

/** What a transport's endpoint offers alike: a worker_threads MessagePort, Electron's MessagePortMain, a ws WebSocket. */
export interface Endpoint {
  on(event: 'close', listener: () => void): unknown;
  close(): void;
}

/**
 * The part of a HostTransport that is the same over every endpoint: each incoming message is
 * validated (a ProtocolError goes to the handler as the answer to give; anything else is a bug
 * and propagates), requests go to the handler and acknowledgements to `acknowledged`, the
 * endpoint's close event and close() pass through, and there is no send queue to report. An
 * adapter says how it sends and how it hears a message; a port adds its acknowledged backlog
 * (PortTransport), a socket its send buffer.
 */
export abstract class EndpointTransport<E extends Endpoint> implements HostTransport {
  abstract readonly copies: boolean;
  protected readonly endpoint: E;

  constructor(endpoint: E) {
    this.endpoint = endpoint;
  }

  abstract send(message: HostMessage, transfer?: ArrayBuffer[]): void;

  /** Calls `receive` for each incoming message with a function that reads it (JSON-decoded or cloned; throwing a ProtocolError when unreadable). */
  protected abstract listen(receive: (read: () => unknown) => void): void;

  onMessage(handler: (message: Request | ProtocolError) => void): void {
    this.listen((read) => {
      const m = validated(read);
      if (m instanceof ProtocolError || m.type === 'request') {
        handler(m);
        return;
      }
      try {
        this.acknowledged(m);
      } catch (e) {
        if (!(e instanceof ProtocolError)) throw e;
        handler(e);
      }
    });
  }

  /**
   * The UI has read `ack.read` messages (a port's flow control; throws a ProtocolError for a
   * count that cannot be). A socket needs none (its send buffer is the backlog): ignored.
   */
  protected acknowledged(_ack: Ack): void {}

  onClose(handler: () => void): void {
    this.endpoint.on('close', handler);
  }

  backlog(): number {
    return 0;
  }

  /** In-process endpoints (a port) are not flow-controlled: their UI is this app's own. */
  pause(): void {}

  resume(): void {}

  abort(_reason: string): void {
    this.close();
  }

  close(): void {
    this.endpoint.close();
  }
}
