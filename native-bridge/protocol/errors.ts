import { WirepoolError } from '../common/errors.js';

/**
 * A message from the UI (or a frame on the wire) that breaks the protocol. `code` is one of
 * PROTOCOL_*; `where` is the offending field path (`rows.count`), so the reply can name it.
 */
export class ProtocolError extends WirepoolError {
  readonly where: string;
  /** The id of the request the bad message was, when it had a readable one. */
  requestId: number | undefined;
  /** The operation it asked for, when it named a known one (an error reply names its operation). */
  op: string | undefined;

  constructor(code: ProtocolErrorCode, where: string, message: string) {
    super(code, `${where}: ${message}`, { hint: 'the UI and the host speak protocol ops.ts; update the UI if they differ' });
    this.name = 'ProtocolError';
    this.where = where;
  }
}

export type ProtocolErrorCode =
  | 'PROTOCOL_NOT_OBJECT'
  | 'PROTOCOL_UNKNOWN_TYPE'
  | 'PROTOCOL_MISSING_FIELD'
  | 'PROTOCOL_UNKNOWN_FIELD'
  | 'PROTOCOL_BAD_TYPE'
  | 'PROTOCOL_OUT_OF_RANGE'
  | 'PROTOCOL_TOO_LONG'
  | 'PROTOCOL_BAD_JSON'
  | 'PROTOCOL_BAD_FRAME';
