import { chmodSync, cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ROOT } from './corpus.js';

/**
 * A copy of what the CLI runs, as an installation would have it: bin/, dist/, package.json and
 * the runtime dependencies (package.json's dependencies and optionalDependencies, and theirs)
 * from node_modules, without symlinks, in a new folder under the system's temporary folder that
 * every user can read. For running bin/wirepool as another user (nobody), who cannot be
 * assumed to reach the checkout: a clone in a `mktemp -d` folder (mode 700) is out of reach.
 * Returns the copy's root; the caller removes it.
 */
export function installedCopy(): string {
  const to = mkdtempSync(path.join(tmpdir(), 'wirepool-installed-'));
  chmodSync(to, 0o755);
  for (let dir = path.dirname(to); ; dir = path.dirname(dir)) {
    if ((statSync(dir).mode & 0o001) === 0)
      throw new Error(`${dir} is not searchable by other users, so a copy in ${to} is not either: set TMPDIR to a folder they can reach`);
    if (path.dirname(dir) === dir) break;
  }
  const copy = (rel: string) => cpSync(path.join(ROOT, rel), path.join(to, rel), { recursive: true, dereference: true });
  for (const rel of ['bin', 'dist', 'package.json']) copy(rel);
  const wanted = [...runtimeDependencies(ROOT)];
  const copied = new Set<string>();
  while (wanted.length > 0) {
    const name = wanted.pop()!;
    const dir = path.join(ROOT, 'node_modules', name);
    if (copied.has(name) || !existsSync(dir)) continue; // an optional dependency that is not installed
    copied.add(name);
    copy(path.join('node_modules', name));
    wanted.push(...runtimeDependencies(dir));
  }
  readableByAll(to);
  return to;
}

function runtimeDependencies(dir: string): string[] {
  const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as {
    dependencies?: Record<string, string>;
    optionalDependencies?: Record<string, string>;
  };
  return [...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.optionalDependencies ?? {})];
}

/** Folders 755, files readable by all (whatever the umask was when the checkout was made). */
function readableByAll(p: string): void {
  const st = statSync(p);
  if (st.isDirectory()) {
    chmodSync(p, 0o755);
    for (const name of readdirSync(p)) readableByAll(path.join(p, name));
  } else {
    chmodSync(p, (st.mode & 0o777) | 0o444 | ((st.mode & 0o100) !== 0 ? 0o111 : 0));
  }
}
