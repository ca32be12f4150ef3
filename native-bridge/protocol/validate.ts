/**
 * Validation of every message the UI sends (house rule 5): the renderer is untrusted input.
 * Each message type lists its fields; a field of the wrong type, out of range, too long,
 * missing or unknown is a ProtocolError naming the field. Runtime-free.
 */
import { MAX_SPEED, SPEED_RULE, isSpeed, type Speed } from '../common/index.js';
import { ProtocolError } from './errors.js';
import type { ClientMessage } from './messages.js';

/** A path on the host's machine (PATH_MAX on Linux is 4096). */
export const MAX_PATH = 4096;
/** Display and capture filters. */
export const MAX_FILTER = 4096;
/** Interface names (Windows NPF names are long GUID paths). */
export const MAX_IFACE = 256;
/** Packets one fetch may ask for. */
export const MAX_FETCH = 100_000;
const MAX_U32 = 0xffff_ffff;

type Fields = Record<string, unknown>;
type Check = (value: unknown, where: string) => unknown;

function fail(code: ConstructorParameters<typeof ProtocolError>[0], where: string, message: string): never {
  throw new ProtocolError(code, where, message);
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return typeof v === 'string' ? `a string` : typeof v === 'object' ? 'an object' : `${typeof v} ${String(v)}`;
}

const str =
  (max: number, allowEmpty = false): Check =>
  (v, where) => {
    if (typeof v !== 'string') fail('PROTOCOL_BAD_TYPE', where, `expected a string, got ${describe(v)}`);
    if (v.length > max) fail('PROTOCOL_TOO_LONG', where, `${v.length} characters, at most ${max} allowed`);
    if (!allowEmpty && v.length === 0) fail('PROTOCOL_OUT_OF_RANGE', where, 'must not be empty');
    if (v.includes('\0')) fail('PROTOCOL_OUT_OF_RANGE', where, 'contains a NUL character');
    return v;
  };

const int =
  (min: number, max: number): Check =>
  (v, where) => {
    if (typeof v !== 'number' || !Number.isInteger(v)) fail('PROTOCOL_BAD_TYPE', where, `expected a whole number, got ${describe(v)}`);
    if (v < min || v > max) fail('PROTOCOL_OUT_OF_RANGE', where, `${v} is outside ${min}..${max}`);
    return v;
  };

const speed: Check = (v, where): Speed => {
  if (isSpeed(v)) return v;
  if (typeof v !== 'number' || !Number.isFinite(v)) fail('PROTOCOL_BAD_TYPE', where, `expected ${SPEED_RULE}, got ${describe(v)}`);
  fail('PROTOCOL_OUT_OF_RANGE', where, `${v} is outside (0, ${MAX_SPEED}]: give ${SPEED_RULE}`);
};

const oneOf =
  <T extends string>(...values: T[]): Check =>
  (v, where) => {
    if (typeof v !== 'string' || !(values as string[]).includes(v))
      fail('PROTOCOL_BAD_TYPE', where, `expected one of ${values.map((x) => `"${x}"`).join(', ')}, got ${describe(v)}`);
    return v;
  };

interface Shape {
  required: Record<string, Check>;
  optional: Record<string, Check>;
}
const shape = (required: Record<string, Check> = {}, optional: Record<string, Check> = {}): Shape => ({ required, optional });

/** One entry per ClientMessage type; the compiler checks the list is complete. */
const SHAPES: Record<ClientMessage['type'], Shape> = {
  hello: shape(),
  open: shape({ path: str(MAX_PATH) }, { speed, filter: str(MAX_FILTER, true) }),
  openDialog: shape(),
  replay: shape({ speed }, { filter: str(MAX_FILTER, true) }),
  pause: shape(),
  resume: shape(),
  stop: shape(),
  speed: shape({ speed }),
  fetch: shape({ runId: int(0, MAX_U32), first: int(0, MAX_U32), count: int(1, MAX_FETCH) }),
  interfaces: shape(),
  captureStart: shape({ iface: str(MAX_IFACE) }, { filter: str(MAX_FILTER, true), file: str(MAX_PATH) }),
  captureStop: shape(),
  save: shape({ path: str(MAX_PATH), format: oneOf('pcap', 'pcapng') }),
};

export const CLIENT_MESSAGE_TYPES = Object.keys(SHAPES) as ClientMessage['type'][];

/**
 * Checks a message from the UI (already JSON-decoded or structured-cloned) and returns it
 * typed, with no extra properties. Throws ProtocolError (PROTOCOL_*) naming the bad field.
 */
export function parseClientMessage(data: unknown): ClientMessage {
  if (typeof data !== 'object' || data === null || Array.isArray(data))
    fail('PROTOCOL_NOT_OBJECT', 'message', `expected an object, got ${describe(data)}`);
  const m = data as Fields;
  const type = m.type;
  if (typeof type !== 'string') fail('PROTOCOL_MISSING_FIELD', 'message.type', `missing or not a string (${describe(type)})`);
  if (!Object.hasOwn(SHAPES, type))
    fail('PROTOCOL_UNKNOWN_TYPE', 'message.type', `unknown message type "${type.slice(0, 40)}"; known: ${CLIENT_MESSAGE_TYPES.join(', ')}`);
  const s = SHAPES[type as ClientMessage['type']];
  const out: Fields = { type };
  for (const key of Object.keys(m)) {
    if (key !== 'type' && !Object.hasOwn(s.required, key) && !Object.hasOwn(s.optional, key))
      fail('PROTOCOL_UNKNOWN_FIELD', `${type}.${key.slice(0, 40)}`, 'not a field of this message');
  }
  for (const [key, check] of Object.entries(s.required)) {
    if (!Object.hasOwn(m, key) || m[key] === undefined) fail('PROTOCOL_MISSING_FIELD', `${type}.${key}`, 'required');
    out[key] = check(m[key], `${type}.${key}`);
  }
  for (const [key, check] of Object.entries(s.optional)) {
    if (Object.hasOwn(m, key) && m[key] !== undefined) out[key] = check(m[key], `${type}.${key}`);
  }
  return out as ClientMessage;
}

/**
 * What a transport hands its host for each incoming message: the validated message, or the
 * ProtocolError saying what is wrong with it (the host answers that; anything else is a bug and
 * propagates).
 */
export function validated(parse: () => ClientMessage): ClientMessage | ProtocolError {
  try {
    return parse();
  } catch (e) {
    if (e instanceof ProtocolError) return e;
    throw e;
  }
}
