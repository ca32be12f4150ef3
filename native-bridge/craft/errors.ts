import { WirepoolError } from '../common/errors.js';

export type BuildErrorCode = 'BUILD_NO_ROOM' | 'BUILD_BAD_SPEC' | 'BUILD_TOO_LARGE' | 'BUILD_BAD_REWRITE';

/**
 * A packet could not be built or rewritten. `needed` and `available` are set for
 * BUILD_NO_ROOM (bytes the packet takes, bytes left in the target from the offset).
 */
export class BuildError extends WirepoolError {
  declare readonly code: BuildErrorCode;
  readonly needed: number;
  readonly available: number;

  constructor(code: BuildErrorCode, message: string, hint: string, sizes?: { needed: number; available: number }) {
    super(code, message, { hint });
    this.name = 'BuildError';
    this.needed = sizes?.needed ?? 0;
    this.available = sizes?.available ?? 0;
  }
}

/** The target cannot take the packet at that offset; thrown before anything is written. */
export function noRoom(what: string, needed: number, target: Uint8Array, offset: number): BuildError {
  const available = offset >= 0 && offset <= target.length ? target.length - offset : 0;
  const where =
    offset >= 0 && offset <= target.length
      ? `at offset ${offset} of a ${target.length}-byte buffer`
      : `at offset ${offset}, outside a ${target.length}-byte buffer`;
  return new BuildError(
    'BUILD_NO_ROOM',
    `${what} needs ${needed} bytes but only ${available} are available ${where}`,
    `acquire at least ${needed} bytes (pool.acquire(${needed})) or start at a lower offset; nothing was written`,
    { needed, available },
  );
}

export function badSpec(field: string, value: unknown, expected: string): BuildError {
  return new BuildError(
    'BUILD_BAD_SPEC',
    `${field} = ${JSON.stringify(value) ?? String(value)} is not valid: expected ${expected}`,
    `fix ${field} in the packet spec`,
  );
}
