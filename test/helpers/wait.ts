/**
 * Waiting on conditions instead of sleeping for a guessed time: on a busy machine (CPU load,
 * other captures, a browser) every step takes longer, and a sleep that was long enough alone
 * is not. The deadline of a wait only bounds a hang; it says nothing about speed.
 */

/**
 * Resolves once `cond()` holds (looked at every `everyMs`), with true; or with false once
 * `timeoutMs` have passed. For waits the test asserts on afterwards, so that a failure shows
 * what was wrong (a count, a length) rather than only that a wait timed out.
 */
export async function until(cond: () => boolean, timeoutMs = 20_000, everyMs = 10): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() >= deadline) return false;
    await new Promise((r) => setTimeout(r, everyMs));
  }
  return true;
}

/**
 * Resolves with 'met' once `cond()` holds, or with what `bound` resolves to if that comes
 * first (then it stops looking): "this happened before that".
 */
export function before<T>(cond: () => boolean, bound: Promise<T>, everyMs = 10): Promise<'met' | T> {
  return new Promise((resolve, reject) => {
    let over = false;
    const look = (): void => {
      if (over) return;
      if (cond()) {
        over = true;
        resolve('met');
      } else setTimeout(look, everyMs);
    };
    bound.then(
      (v) => {
        if (over) return;
        over = true;
        resolve(v);
      },
      (e: unknown) => {
        over = true;
        reject(e);
      },
    );
    look();
  });
}
