/**
 * Validation of every message the UI sends (house rule 5): the renderer is untrusted input.
 * Derived from `OPS`: a request names a known operation and its arguments pass that
 * operation's field checks (an acknowledgement, ACK_FIELDS); a field of the wrong type, out of range, too long, missing or
 * unknown is a ProtocolError naming the field. Runtime-free.
 */
import { ProtocolError } from './errors.js';
import { ACK_FIELDS, OPS, OP_NAMES, type ClientMessage, type OpName } from './ops.js';
import { describe, fail, int, parseFields } from './schema.js';

export const MAX_REQUEST_ID = 2 ** 53 - 1;
const requestId = int(0, MAX_REQUEST_ID);

/** The request id of a message that failed validation, when it had a readable one (its error reply goes there). */
export function requestIdOf(data: unknown): number | undefined {
  const id = (data as { id?: unknown } | null)?.id;
  return typeof id === 'number' && Number.isSafeInteger(id) && id >= 0 ? id : undefined;
}

/** The operation a message that failed validation asked for, when it named a known one (its error reply names it). */
export function opOf(data: unknown): OpName | undefined {
  const op = (data as { op?: unknown } | null)?.op;
  return typeof op === 'string' && Object.hasOwn(OPS, op) ? (op as OpName) : undefined;
}

/**
 * Checks a message from the UI (already JSON-decoded or structured-cloned) and returns it
 * typed, with no extra properties. Throws ProtocolError (PROTOCOL_*) naming the bad field.
 */
export function parseClientMessage(data: unknown): ClientMessage {
  if (typeof data !== 'object' || data === null || Array.isArray(data))
    fail('PROTOCOL_NOT_OBJECT', 'message', `expected an object, got ${describe(data)}`);
  const m = data as Record<string, unknown>;
  if (m.type === 'ack') {
    const { type: _, ...fields } = m;
    return { type: 'ack', ...parseFields(ACK_FIELDS, fields, 'ack') };
  }
  if (m.type !== 'request') fail('PROTOCOL_UNKNOWN_TYPE', 'message.type', `expected "request" or "ack", got ${describe(m.type)}`);
  for (const key of Object.keys(m)) {
    if (key !== 'type' && key !== 'id' && key !== 'op' && key !== 'args')
      fail('PROTOCOL_UNKNOWN_FIELD', `message.${key.slice(0, 40)}`, 'not a field of a request');
  }
  if (m.id === undefined) fail('PROTOCOL_MISSING_FIELD', 'request.id', 'required');
  const id = requestId(m.id, 'request.id');
  const name = m.op;
  if (typeof name !== 'string') fail('PROTOCOL_MISSING_FIELD', 'request.op', `missing or not a string (${describe(name)})`);
  if (!Object.hasOwn(OPS, name))
    fail('PROTOCOL_UNKNOWN_TYPE', 'request.op', `unknown operation "${name.slice(0, 40)}"; known: ${OP_NAMES.join(', ')}`);
  const op = name as OpName;
  const args = parseFields(OPS[op].args, m.args ?? {}, op);
  return { type: 'request', id, op, args } as ClientMessage;
}

/**
 * What a transport hands its host for each incoming message: the validated message, or the
 * ProtocolError saying what is wrong with it (with the request id and operation, when it had
 * them, so the error can answer that request); anything else is a bug and propagates.
 */
export function validated(raw: () => unknown): ClientMessage | ProtocolError {
  let data: unknown;
  try {
    data = raw();
    return parseClientMessage(data);
  } catch (e) {
    if (e instanceof ProtocolError) {
      e.requestId = requestIdOf(data);
      e.op = opOf(data);
      return e;
    }
    throw e;
  }
}
