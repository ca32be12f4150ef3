import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { devToolsEnabled } from '../../electron/devtools.js';
import { ROOT } from '../helpers/corpus.js';

describe('electron: DevTools only in development', () => {
  it('on when not packaged, off when packaged; WIREPOOL_DEVTOOLS=1 or 0 overrides', () => {
    expect(devToolsEnabled(false, {})).toBe(true);
    expect(devToolsEnabled(true, {})).toBe(false);
    expect(devToolsEnabled(true, { WIREPOOL_DEVTOOLS: '1' })).toBe(true);
    expect(devToolsEnabled(false, { WIREPOOL_DEVTOOLS: '0' })).toBe(false);
    // Anything else is no request.
    expect(devToolsEnabled(true, { WIREPOOL_DEVTOOLS: 'yes' })).toBe(false);
  });

  it('the decision reaches the window (webPreferences.devTools) and the menu (source)', () => {
    const read = (f: string) => readFileSync(path.join(ROOT, 'electron', f), 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
    expect(read('security.ts')).toMatch(
      /export function webPreferences\(preload: string, devTools: boolean\): WebPreferences \{\s*return \{\s*preload,\s*devTools,/,
    );
    const main = read('main.ts');
    expect(main).toMatch(/const devTools = devToolsEnabled\(app\.isPackaged, process\.env\);/);
    expect(main).toMatch(/webPreferences: webPreferences\(PRELOAD, devTools\)/);
    expect(main).toMatch(/menuTemplate\(actions, \{ platform: process\.platform, devTools \}\)/);
  });
});
