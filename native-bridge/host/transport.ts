/**
 * How AppHost reaches one UI. Two adapters: Electron's MessagePortMain (electron/) and a
 * WebSocket (cli/serve/); tests use a worker_threads MessageChannel. All three build on
 * EndpointTransport, which validates what comes in.
 */
import type { ClientMessage, HostMessage, ProtocolError } from '../protocol/index.js';

export interface HostTransport {
  /**
   * True when send() copies what it is given before it returns (a socket write, a structured
   * clone): AppHost then hands it the engine's buffer and gives the buffer back right after.
   * False when send() transfers its transfer list: AppHost then sends a copy of the used bytes.
   */
  readonly copies: boolean;
  send(message: HostMessage, transfer?: ArrayBuffer[]): void;
  /** Each message from the UI, already decoded and validated, or why it is invalid. */
  onMessage(handler: (message: ClientMessage | ProtocolError) => void): void;
  onClose(handler: () => void): void;
  /** Bytes queued but not yet sent (a socket's send buffer), for backpressure; 0 if unknown. */
  backlog(): number;
  /**
   * Stops taking messages from the UI until resume() (a socket stops reading, so a client that
   * sends faster than it is answered waits in TCP instead of in our memory). A transport whose
   * UI is trusted and in-process (Electron's port, a test's channel) may ignore it.
   */
  pause(): void;
  resume(): void;
  /** Ends the connection because of the UI's conduct (`reason` in the close frame, when the transport has one). */
  abort(reason: string): void;
  close(): void;
}
