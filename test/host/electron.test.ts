import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RecentFiles } from '../../electron/recent.js';
import { ROOT } from '../helpers/corpus.js';

// The Electron runtime is not installed here: these test the parts of electron/ that do not
// import it, and read the security-critical files as text (the electron module is never faked).
// The command line, the menu, DevTools and the app's identity: test/electron/.

describe('electron: Open Recent', () => {
  it('keeps ten files, newest first, without duplicates, across restarts', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'wirepool-recent-'));
    const r = new RecentFiles(dir);
    for (let i = 0; i < 12; i++) r.add(`/c/${i}.pcap`);
    r.add('/c/5.pcap');
    expect(r.list()[0]).toBe('/c/5.pcap');
    expect(r.list()).toHaveLength(10);
    expect(new Set(r.list()).size).toBe(10);
    expect(new RecentFiles(dir).list()).toEqual(r.list());
    r.clear();
    expect(new RecentFiles(dir).list()).toEqual([]);
  });

  it('ignores a damaged list', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'wirepool-recent-'));
    writeFileSync(path.join(dir, 'recent-files.json'), '{"oops": [1,');
    expect(new RecentFiles(dir).list()).toEqual([]);
    writeFileSync(path.join(dir, 'recent-files.json'), JSON.stringify(['/a.pcap', 7, null]));
    expect(new RecentFiles(dir).list()).toEqual(['/a.pcap']);
  });
});

describe('electron: security settings (source)', () => {
  const read = (f: string) => readFileSync(path.join(ROOT, 'electron', f), 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');

  it('the preload forwards the port and nothing else', () => {
    const src = read('preload.cts');
    expect(src).not.toMatch(/contextBridge|exposeInMainWorld|webUtils|require\(['"](?!electron)/);
    expect(src.match(/electron\.\w+/g)).toEqual(['electron.ipcRenderer']);
    expect(src).toMatch(/ipcRenderer\.on\(PORT_MESSAGE/);
    expect(src).toMatch(/window\.postMessage\(PORT_MESSAGE, '\*', event\.ports\)/);
  });

  it('the window is sandboxed, isolated and Node-free, with a CSP without eval', () => {
    const src = read('security.ts');
    for (const s of ['contextIsolation: true', 'sandbox: true', 'nodeIntegration: false', 'webSecurity: true', 'webviewTag: false'])
      expect(src).toContain(s);
    expect(src).toContain('"default-src \'self\'"');
    expect(src).not.toMatch(/unsafe-eval/);
    expect(src).toMatch(/setPermissionRequestHandler\(\(_wc, _permission, callback\) => callback\(false\)\)/);
    expect(src).toMatch(/setWindowOpenHandler\(\(\) => \(\{ action: 'deny' \}\)\)/);
    expect(read('main.ts')).toMatch(/webPreferences: webPreferences\(PRELOAD, devTools\)/);
  });
});
