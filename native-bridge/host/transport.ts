/**
 * How AppHost reaches one UI. Two adapters: Electron's MessagePortMain (electron/) and a
 * WebSocket (cli/serve/); tests and the app-path bench use a worker_threads MessageChannel. All
 * three build on EndpointTransport, which validates what comes in; the two ports on
 * PortTransport, which counts what the UI has not acknowledged.
 */
import type { HostMessage, ProtocolError, Request } from '../protocol/index.js';

export interface HostTransport {
  /**
   * True when send() copies what it is given before it returns (a socket write, a structured
   * clone): AppHost then hands it the engine's buffer and gives the buffer back right after.
   * False when send() transfers its transfer list: AppHost then sends a copy of the used bytes.
   */
  readonly copies: boolean;
  send(message: HostMessage, transfer?: ArrayBuffer[]): void;
  /**
   * Each request from the UI, already decoded and validated, or why a message is invalid. The
   * transport's own messages (a port's acknowledgements) stay with the transport.
   */
  onMessage(handler: (message: Request | ProtocolError) => void): void;
  onClose(handler: () => void): void;
  /**
   * Bytes sent and not yet taken by the UI, for backpressure: a socket's send buffer, or what a
   * port posted and the UI has not acknowledged.
   */
  backlog(): number;
  /**
   * Stops taking messages from the UI until resume() (a socket stops reading, so a client that
   * sends faster than it is answered waits in TCP instead of in our memory). A port cannot stop
   * its UI's messages and ignores it: its UI is the app's own, and the requests it sends meanwhile
   * wait in AppHost (small; their replies wait for the backlog to drain).
   */
  pause(): void;
  resume(): void;
  /** Ends the connection because of the UI's conduct (`reason` in the close frame, when the transport has one). */
  abort(reason: string): void;
  close(): void;
}
