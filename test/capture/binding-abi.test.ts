/**
 * The built cap.node is a Node-API module: it exports napi_register_module_v1 and no
 * node_register_module_v<N> (the symbol of a module built against one Node ABI). That is what
 * lets Electron, whose ABI differs from Node's, load the same binary without a rebuild.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
function addonPath(): string | undefined {
  try {
    const p = path.join(path.dirname(require.resolve('cap')), '..', 'build', 'Release', 'cap.node');
    return existsSync(p) ? p : undefined;
  } catch {
    return undefined;
  }
}
const addon = addonPath();
const nm = spawnSync('nm', ['--version']).status === 0;

describe.skipIf(addon === undefined || !nm || process.platform === 'win32')('cap.node ABI', () => {
  it('exports napi_register_module_v1 and no node_register_module_v<N>', () => {
    const r = spawnSync('nm', process.platform === 'darwin' ? ['-gU', addon!] : ['-D', '--defined-only', addon!], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const symbols = r.stdout.split('\n').map((l) => l.trim().split(/\s+/).pop()!.replace(/^_/, ''));
    expect(symbols).toContain('napi_register_module_v1');
    expect(symbols.filter((s) => /^node_register_module_v\d+$/.test(s))).toEqual([]);
  });

  it('loads, and says it may be used in worker threads', () => {
    expect((require('cap') as { workerThreads?: boolean }).workerThreads).toBe(true);
  });
});
