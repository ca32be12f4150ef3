import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { APP_NAME, userDataDir } from '../../electron/identity.js';
import { ROOT } from '../helpers/corpus.js';

const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { main?: string; productName?: string; version: string };
const builder = readFileSync(path.join(ROOT, 'electron-builder.yml'), 'utf8');
/** A top-level or indented `key: value` of electron-builder.yml (no YAML parser in the dependencies). */
const yamlValue = (key: string): string | undefined => new RegExp(`^\\s*${key}:\\s*(\\S+)\\s*$`, 'm').exec(builder)?.[1];

describe('electron: one identity in development and packaged', () => {
  it('package.json points Electron at the compiled main process, so `electron .` runs the app with its name and version', () => {
    expect(pkg.main).toBe('dist/electron/main.js');
    // electron/tsconfig.json compiles electron/main.ts to dist/electron/main.js.
    const tsconfig = JSON.parse(readFileSync(path.join(ROOT, 'electron/tsconfig.json'), 'utf8')) as {
      compilerOptions: { outDir: string; rootDir: string };
    };
    const { outDir, rootDir } = tsconfig.compilerOptions;
    const source = path.relative(path.join(ROOT, 'electron', rootDir), path.join(ROOT, 'electron/main.ts'));
    const out = path.join(ROOT, 'electron', outDir, source.replace(/\.ts$/, '.js'));
    expect(path.relative(ROOT, out)).toBe(pkg.main);
  });

  it('the name agrees across package.json, electron-builder.yml and the app', () => {
    expect(pkg.productName).toBe(APP_NAME);
    expect(yamlValue('productName')).toBe(APP_NAME);
    const main = yamlValue('main');
    if (main !== undefined) expect(main).toBe(pkg.main);
  });

  it('user data lives in a folder named after the app', () => {
    expect(userDataDir('/home/ana/.config')).toBe(path.join('/home/ana/.config', 'Wirepool'));
  });

  it('main.ts sets the name and the user-data folder before anything uses that folder (source)', () => {
    const src = readFileSync(path.join(ROOT, 'electron/main.ts'), 'utf8');
    const at = (s: string) => {
      const i = src.indexOf(s);
      expect(i, s).toBeGreaterThan(-1);
      return i;
    };
    const named = Math.max(at('app.setName(APP_NAME);'), at("app.setPath('userData', userDataDir(app.getPath('appData')));"));
    expect(named).toBeLessThan(at('app.requestSingleInstanceLock()'));
    expect(named).toBeLessThan(at("new RecentFiles(app.getPath('userData'))"));
    expect(src.slice(0, named)).not.toMatch(/getPath\('userData'\)|requestSingleInstanceLock/);
  });
});
