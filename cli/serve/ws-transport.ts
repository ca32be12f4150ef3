import type { WebSocket } from 'ws';
import { EndpointTransport } from '../../native-bridge/host/index.js';
import { encodeHostMessage, readClientFrame, type HostMessage } from '../../native-bridge/protocol/index.js';

/** How long a closing handshake may take before the socket is cut. */
const ABORT_GRACE_MS = 1000;

/**
 * A WebSocket as AppHost's transport. Sending copies (the frame is built from the batch's used
 * bytes), so AppHost gives the engine's buffer back as soon as send() returns.
 */
export class WebSocketTransport extends EndpointTransport<WebSocket> {
  readonly copies = true;

  send(message: HostMessage): void {
    if (this.endpoint.readyState !== this.endpoint.OPEN) return;
    const frame = encodeHostMessage(message);
    this.endpoint.send(frame, { binary: typeof frame !== 'string' });
  }

  protected listen(receive: (read: () => unknown) => void): void {
    this.endpoint.on('message', (data, isBinary) => {
      receive(() => readClientFrame(isBinary ? new Uint8Array(0) : data.toString()));
    });
  }

  /** The socket's send buffer, for AppHost's backpressure. */
  override backlog(): number {
    return this.endpoint.bufferedAmount;
  }

  /** Stops reading the socket: the client's further messages wait in its own TCP buffers. */
  override pause(): void {
    if (this.endpoint.readyState === this.endpoint.OPEN) this.endpoint.pause();
  }

  override resume(): void {
    if (this.endpoint.readyState === this.endpoint.OPEN) this.endpoint.resume();
  }

  /** Closes with 1008 (policy violation) and a reason; a client that does not read its socket is cut off after ABORT_GRACE_MS. */
  override abort(reason: string): void {
    if (this.endpoint.readyState !== this.endpoint.OPEN) return;
    this.endpoint.close(1008, reason.slice(0, 120));
    setTimeout(() => this.endpoint.terminate(), ABORT_GRACE_MS).unref();
  }
}
