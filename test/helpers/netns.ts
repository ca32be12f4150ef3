/**
 * A network namespace a test creates and deletes: traffic in it never leaves the machine or
 * meets anything else on it. Needs root and `ip`.
 */
import { execFileSync, spawnSync } from 'node:child_process';

export interface TestNamespace {
  name: string;
  /** Whether the namespace was made (false: no root, no `ip`, or `when` was false). */
  ready: boolean;
  /** Runs `ip ARGS…` (throws on failure). */
  ip(...args: string[]): void;
  /** `ip` arguments that run `cmd` inside the namespace. */
  inNs(...cmd: string[]): string[];
  /** Deletes the namespace (and whatever interfaces live in it). */
  remove(): void;
}

/** Makes the namespace `prefix-<pid>` now, if `when` (e.g. capture is available). */
export function testNamespace(prefix: string, when = true): TestNamespace {
  const name = `${prefix}-${process.pid}`;
  const ip = (...args: string[]): void => {
    execFileSync('ip', args, { stdio: 'ignore' });
  };
  let ready = false;
  if (when) {
    try {
      ip('netns', 'add', name);
      ready = true;
    } catch {
      ready = false;
    }
  }
  return {
    name,
    ready,
    ip,
    inNs: (...cmd) => ['netns', 'exec', name, ...cmd],
    remove: () => {
      if (ready) spawnSync('ip', ['netns', 'del', name]);
    },
  };
}
