/**
 * Field checks that carry their type: a message's fields are declared once as checks, and
 * both its TypeScript type (`Infer`) and its validation (`parseFields`) come from that one
 * declaration. Runtime-free (the renderer imports it through ops.ts).
 */
import { MAX_SPEED, SPEED_RULE, isSpeed, type Speed } from '../common/index.js';
import { ProtocolError, type ProtocolErrorCode } from './errors.js';

/** Checks one field's value; returns it typed or throws a ProtocolError naming `where`. */
export type Check<T> = (value: unknown, where: string) => T;
/** A field that may be left out. */
export interface Optional<T> {
  readonly optional: Check<T>;
}
export type FieldCheck = Check<unknown> | Optional<unknown>;
export type FieldChecks = Readonly<Record<string, FieldCheck>>;

type RequiredKeys<F> = { [K in keyof F]: F[K] extends Optional<unknown> ? never : K }[keyof F];
type OptionalKeys<F> = { [K in keyof F]: F[K] extends Optional<unknown> ? K : never }[keyof F];
type Flat<T> = { [K in keyof T]: T[K] };

/** The object type a set of field checks accepts. */
export type Infer<F extends FieldChecks> = Flat<
  { [K in RequiredKeys<F>]: F[K] extends Check<infer T> ? T : never } & {
    [K in OptionalKeys<F>]?: F[K] extends Optional<infer T> ? T : never;
  }
>;

export function fail(code: ProtocolErrorCode, where: string, message: string): never {
  throw new ProtocolError(code, where, message);
}

export function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return typeof v === 'string' ? 'a string' : typeof v === 'object' ? 'an object' : `${typeof v} ${String(v)}`;
}

export const opt = <T>(check: Check<T>): Optional<T> => ({ optional: check });

export const str =
  (max: number, allowEmpty = false): Check<string> =>
  (v, where) => {
    if (typeof v !== 'string') fail('PROTOCOL_BAD_TYPE', where, `expected a string, got ${describe(v)}`);
    if (v.length > max) fail('PROTOCOL_TOO_LONG', where, `${v.length} characters, at most ${max} allowed`);
    if (!allowEmpty && v.length === 0) fail('PROTOCOL_OUT_OF_RANGE', where, 'must not be empty');
    if (v.includes('\0')) fail('PROTOCOL_OUT_OF_RANGE', where, 'contains a NUL character');
    return v;
  };

export const int =
  (min: number, max: number): Check<number> =>
  (v, where) => {
    if (typeof v !== 'number' || !Number.isInteger(v)) fail('PROTOCOL_BAD_TYPE', where, `expected a whole number, got ${describe(v)}`);
    if (v < min || v > max) fail('PROTOCOL_OUT_OF_RANGE', where, `${v} is outside ${min}..${max}`);
    return v;
  };

/** An array of `min`..`max` items, each checked by `item`. */
export const list =
  <T>(item: Check<T>, min: number, max: number): Check<T[]> =>
  (v, where) => {
    if (!Array.isArray(v)) fail('PROTOCOL_BAD_TYPE', where, `expected an array, got ${describe(v)}`);
    if (v.length < min || v.length > max) fail('PROTOCOL_OUT_OF_RANGE', where, `${v.length} items, ${min}..${max} allowed`);
    return v.map((x, i) => item(x, `${where}[${i}]`));
  };

export const bool: Check<boolean> = (v, where) => {
  if (typeof v !== 'boolean') fail('PROTOCOL_BAD_TYPE', where, `expected true or false, got ${describe(v)}`);
  return v;
};

/** What a path field names: a file the host reads, or one it writes. */
export type PathUse = 'read' | 'write';
/** A path on the host's machine; `use` lets a host apply its folder rule to every such field (serve's `--root`). */
export interface PathCheck extends Check<string> {
  readonly use: PathUse;
}
export const hostPath = (max: number, use: PathUse): PathCheck => Object.assign(str(max), { use });

/** The path fields of a set of checks, and what each names. */
export function pathFields(fields: FieldChecks): [string, PathUse][] {
  const out: [string, PathUse][] = [];
  for (const [key, c] of Object.entries(fields)) {
    const check = typeof c === 'function' ? c : c.optional;
    const use = (check as Partial<PathCheck>).use;
    if (use !== undefined) out.push([key, use]);
  }
  return out;
}

export const speed: Check<Speed> = (v, where) => {
  if (isSpeed(v)) return v;
  if (typeof v !== 'number' || !Number.isFinite(v)) fail('PROTOCOL_BAD_TYPE', where, `expected ${SPEED_RULE}, got ${describe(v)}`);
  fail('PROTOCOL_OUT_OF_RANGE', where, `${v} is outside (0, ${MAX_SPEED}]: give ${SPEED_RULE}`);
};

export const oneOf =
  <const T extends string>(...values: T[]): Check<T> =>
  (v, where) => {
    if (typeof v !== 'string' || !(values as string[]).includes(v))
      fail('PROTOCOL_BAD_TYPE', where, `expected one of ${values.map((x) => `"${x}"`).join(', ')}, got ${describe(v)}`);
    return v as T;
  };

/**
 * Checks an object against field checks: every required field present, no unknown field, each
 * value checked; returns a fresh object with just those fields.
 */
export function parseFields<F extends FieldChecks>(fields: F, value: unknown, where: string): Infer<F> {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    fail('PROTOCOL_BAD_TYPE', where, `expected an object, got ${describe(value)}`);
  const m = value as Record<string, unknown>;
  for (const key of Object.keys(m)) {
    if (!Object.hasOwn(fields, key)) fail('PROTOCOL_UNKNOWN_FIELD', `${where}.${key.slice(0, 40)}`, 'not a field of this message');
  }
  const out: Record<string, unknown> = {};
  for (const [key, c] of Object.entries(fields)) {
    const present = Object.hasOwn(m, key) && m[key] !== undefined;
    if (typeof c === 'function') {
      if (!present) fail('PROTOCOL_MISSING_FIELD', `${where}.${key}`, 'required');
      out[key] = c(m[key], `${where}.${key}`);
    } else if (present) {
      out[key] = c.optional(m[key], `${where}.${key}`);
    }
  }
  return out as Infer<F>;
}
