/**
 * Replay speed, one rule for every place that takes one (the UI protocol, the engine, the
 * CLI's `--speed`, inject): a multiple of the recorded timing, or `'max'`, as fast as possible.
 * 'max' is always the string `'max'` (never 0 or Infinity), so a speed reads the same wherever
 * it travels: in a message, on a command line, in an options object.
 */
export type Speed = number | 'max';

/** The largest multiple of the recorded timing; faster than that is 'max'. */
export const MAX_SPEED = 1_000_000;

/** What a valid speed is, in words: the end of every "bad speed" message. */
export const SPEED_RULE = `a multiple of the recorded timing (a number > 0, at most ${MAX_SPEED}) or "max"`;

/** Whether `v` is a valid speed: 'max', or a number in (0, MAX_SPEED] (NaN and Infinity are not). */
export function isSpeed(v: unknown): v is Speed {
  return v === 'max' || (typeof v === 'number' && v > 0 && v <= MAX_SPEED);
}

/**
 * A speed as a person types it: "max", "2", "0.5", or with a times sign, "10x". `undefined`
 * when the text is not a valid speed (the caller says so with SPEED_RULE).
 */
export function parseSpeed(text: string): Speed | undefined {
  if (text === 'max') return 'max';
  const bare = text.trim().replace(/x$/i, '');
  if (bare === '') return undefined;
  const n = Number(bare);
  return isSpeed(n) ? n : undefined;
}

/**
 * Returns `speed` if it is valid, else throws the error `make` builds from the one message and
 * hint every stage gives (each with its own error class and code).
 */
export function checkSpeed<E extends Error>(speed: unknown, make: (message: string, hint: string) => E): Speed {
  if (isSpeed(speed)) return speed;
  throw make(`speed ${typeof speed === 'string' ? `"${speed}"` : String(speed)} is invalid`, `give ${SPEED_RULE}`);
}
