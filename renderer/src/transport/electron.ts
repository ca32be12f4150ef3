import type { Ack, HostMessage, Request } from '../../../native-bridge/protocol/index.js';
import { Listeners, type Transport } from './types.js';

/** The name of the window message the preload uses to hand the page its port. */
export const PORT_MESSAGE = 'wirepool:port';

/**
 * Waits for the port Electron's preload forwards with `window.postMessage('wirepool:port', '*', [port])`.
 * Only a message from this window itself (the preload runs in it) with a port counts.
 */
export function waitForElectronPort(win: Window = window): Promise<MessagePort> {
  return new Promise((resolve) => {
    const onMessage = (e: MessageEvent): void => {
      if (e.data !== PORT_MESSAGE || (e.source !== win && e.source !== null) || e.ports.length === 0) return;
      win.removeEventListener('message', onMessage);
      resolve(e.ports[0]!);
    };
    win.addEventListener('message', onMessage);
  });
}

/**
 * The MessagePort transport. Messages are structured clones: a batch's ArrayBuffer arrives as
 * the renderer's own (Electron copied it once on the way from the main process).
 *
 * Every message from the host is acknowledged once it has been handled (protocol `Ack`: how many
 * have been read so far), a damaged one too: the host counts what it posted and this page has not
 * acknowledged as its backlog, and holds rows, packets and stats while that is past its
 * high-water mark, as serve mode does for a socket the page does not read. A page whose thread
 * is busy so falls behind by a bounded amount, not by a queue that grows as long as it is busy.
 */
export class ElectronTransport implements Transport {
  readonly kind = 'electron';
  readonly #port: MessagePort;
  readonly #listeners = new Listeners();
  /** Host messages handled since the port opened (Ack.read). */
  #read = 0;

  constructor(port: MessagePort) {
    this.#port = port;
    port.onmessage = (e: MessageEvent) => {
      try {
        const msg = e.data as HostMessage;
        if (typeof msg !== 'object' || msg === null || typeof msg.type !== 'string') {
          this.#listeners.error('PROTOCOL_NOT_OBJECT', 'the host sent a message that is not a protocol message');
          return;
        }
        this.#listeners.emit(msg);
      } finally {
        this.#ack();
      }
    };
    port.onmessageerror = () => {
      try {
        this.#listeners.error('PROTOCOL_BAD_FRAME', 'a message from the host could not be read');
      } finally {
        this.#ack();
      }
    };
    port.start();
  }

  send(msg: Request): void {
    this.#port.postMessage(msg);
  }

  subscribe(listener: (msg: HostMessage) => void): () => void {
    return this.#listeners.add(listener);
  }

  close(): void {
    this.#port.close();
  }

  #ack(): void {
    const ack: Ack = { type: 'ack', read: ++this.#read };
    this.#port.postMessage(ack);
  }
}
