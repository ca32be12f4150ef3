import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers.js';

// House rules 1 and 4 for the renderer: it runs in a browser (Electron's sandboxed renderer or
// any page), so it imports no Node module, nothing of the hosts (electron/, cli/), and reaches
// native-bridge stages only through their index.ts.

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name: string) => {
    const p = path.join(dir, name);
    return statSync(p).isDirectory() ? sources(p) : /\.tsx?$/.test(p) ? [p] : [];
  });
}

function imports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [
    ...text.matchAll(/^\s*(?:import|export)\b[^'"]*?from\s+['"]([^'"]+)['"]/gm),
    ...text.matchAll(/^\s*import\s+['"]([^'"]+)['"]/gm),
    ...text.matchAll(/import\(\s*['"]([^'"]+)['"]\s*\)/g),
  ].map((m) => m[1]!);
}

const PACKAGES = new Set(['react', 'react-dom', 'react-dom/client', 'zustand', 'zustand/vanilla', 'recharts', '@tanstack/react-virtual']);

describe('renderer layering', () => {
  const dir = path.join(ROOT, 'renderer/src');
  const files = sources(dir);

  it('finds the sources it checks', () => {
    expect(files.length).toBeGreaterThan(15);
  });

  it('imports only browser packages, its own files and native-bridge index files', () => {
    const bad: string[] = [];
    for (const f of files) {
      for (const i of imports(f)) {
        const where = `${path.relative(ROOT, f)} imports ${i}`;
        if (!i.startsWith('.')) {
          if (!PACKAGES.has(i)) bad.push(where);
          continue;
        }
        const target = path.relative(ROOT, path.resolve(path.dirname(f), i)).split(path.sep);
        if (target[0] === 'renderer') continue;
        if (target[0] !== 'native-bridge' || target.length !== 3 || target[2] !== 'index.js') bad.push(where);
      }
    }
    expect(bad).toEqual([]);
  });
});
