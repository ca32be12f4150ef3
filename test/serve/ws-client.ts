import WebSocket from 'ws';
import { decodeHostFrame, type HostMessage, type OpName, type OpResult } from '../../native-bridge/protocol/index.js';
import { until } from '../helpers/wait.js';

export { wsUrl } from '../../scripts/serve-process.js';

export type ReplyMessage = Extract<HostMessage, { type: 'reply' }>;

/** A page's end of the socket: every host message decoded (binary frames too), requests by id. */
export class WsClient {
  readonly got: HostMessage[] = [];
  /** How each message came: a binary frame or text. */
  readonly binary: boolean[] = [];
  #id = 0;

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data: ArrayBuffer | Buffer, isBinary) => {
      this.got.push(decodeHostFrame(isBinary ? (data as ArrayBuffer) : data.toString()));
      this.binary.push(isBinary);
    });
  }

  static async connect(url: string): Promise<WsClient> {
    const ws = new WebSocket(url);
    ws.binaryType = 'arraybuffer';
    const c = new WsClient(ws);
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    return c;
  }

  /** Sends a request; returns its id. */
  send(op: OpName, args: object = {}): number {
    const id = ++this.#id;
    this.ws.send(JSON.stringify({ type: 'request', id, op, args }));
    return id;
  }

  reply(id: number): ReplyMessage | undefined {
    return this.got.find((m): m is ReplyMessage => m.type === 'reply' && m.id === id);
  }

  async ask(op: OpName, args: object = {}, timeoutMs = 30_000): Promise<ReplyMessage> {
    const id = this.send(op, args);
    await until(() => this.reply(id) !== undefined, timeoutMs);
    const r = this.reply(id);
    if (r === undefined) throw new Error(`no reply to ${op}: got ${this.got.map((m) => m.type).join(',')}`);
    return r;
  }

  async result<K extends OpName>(op: K, args: object = {}): Promise<OpResult<K>> {
    const r = await this.ask(op, args);
    if ('error' in r) throw new Error(`${op}: ${JSON.stringify(r.error)}`);
    return r.result as OpResult<K>;
  }

  of<T extends HostMessage['type']>(type: T): Extract<HostMessage, { type: T }>[] {
    return this.got.filter((m): m is Extract<HostMessage, { type: T }> => m.type === type);
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.ws.once('close', () => resolve());
      this.ws.close();
    });
  }
}
