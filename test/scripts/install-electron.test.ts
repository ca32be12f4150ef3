import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/corpus.js';

// npm's postinstall for Wirepool: a failed Electron download must not fail `npm ci` (a newcomer
// without access to Electron's download site still gets a working install and the browser UI).
describe('scripts/install-electron.mjs', () => {
  const installed = existsSync(path.join(ROOT, 'node_modules/electron/path.txt'));
  const run = (env: Record<string, string>) =>
    spawnSync(process.execPath, ['scripts/install-electron.mjs'], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 60_000,
      env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '', ...env },
    });

  it('goes on with a clear message when the download fails', () => {
    // A mirror on a closed local port: the download fails at once, as with no network.
    const r = run({ ELECTRON_MIRROR: 'http://127.0.0.1:9/', electron_config_cache: path.join(ROOT, 'node_modules/.cache/no-electron') });
    expect(r.status).toBe(0);
    if (installed) {
      expect(r.stderr).toBe(''); // already there: nothing to download
    } else {
      expect(r.stderr).toMatch(/the desktop runtime \(Electron \d+\.\d+\.\d+\) could not be downloaded: .*ECONNREFUSED/);
      expect(r.stderr).toMatch(/`npm start` will open the browser UI instead/);
      expect(r.stderr).toMatch(/npm run desktop:install/);
    }
  });

  it('does nothing when told to skip the download', () => {
    const r = run({ ELECTRON_SKIP_BINARY_DOWNLOAD: '1', ELECTRON_MIRROR: 'http://127.0.0.1:9/' });
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
  });
});
