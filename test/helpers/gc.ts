import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

setFlagsFromString('--expose-gc');
/** A real V8 full collection, available without starting node with --expose-gc. */
export const forceGc = runInNewContext('gc') as () => void;

/** Collects until `done()` holds (finalizers run asynchronously), or gives up after `rounds`. */
export async function gcUntil(done: () => boolean, rounds = 50): Promise<boolean> {
  for (let i = 0; i < rounds && !done(); i++) {
    forceGc();
    await new Promise((r) => setTimeout(r, 10));
  }
  return done();
}
