import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers/corpus.js';

// House rules 1 and 4: each stage is reached only through its index.ts, and code that must
// run in any runtime (the renderer reads batches; the pool may run in a browser worker)
// imports nothing Node-specific.
const STAGES = [
  'common',
  'pool',
  'formats',
  'capture',
  'dissect',
  'filter',
  'stats',
  'follow',
  'batch',
  'engine',
  'protocol',
  'host',
  'craft',
  'generate',
  'inject',
];
// The renderer imports these (it reads batches, dissects the packets it shows and checks the
// display filter as the user types), so they must run in a browser too.
const RUNTIME_FREE = ['common', 'pool', 'batch', 'dissect', 'filter', 'protocol', 'craft'].map((d) => `native-bridge/${d}`);

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    return statSync(p).isDirectory() ? sources(p) : /\.(ts|tsx|cts)$/.test(p) ? [p] : [];
  });
}

function imports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [
    ...text.matchAll(/^\s*(?:import|export)\b[^'"]*?from\s+['"]([^'"]+)['"]/gm),
    ...text.matchAll(/import\(\s*['"]([^'"]+)['"]\s*\)/g),
  ].map((m) => m[1]!);
}

describe('layering', () => {
  const files = sources(path.join(ROOT, 'native-bridge'));

  it('finds the sources it checks', () => {
    expect(files.length).toBeGreaterThan(20);
  });

  it('runtime-free stages import no Node modules', () => {
    const bad = files
      .filter((f) => RUNTIME_FREE.some((d) => f.startsWith(path.join(ROOT, d) + path.sep)))
      .flatMap((f) =>
        imports(f)
          .filter((i) => i.startsWith('node:') || !i.startsWith('.'))
          .map((i) => `${path.relative(ROOT, f)} imports ${i}`),
      );
    expect(bad).toEqual([]);
  });

  it('runtime-free stages reach no Node module through anything they import, however indirectly', () => {
    // What the renderer bundles is the import closure, not just the files' own imports.
    const seen = new Set<string>();
    const bad: string[] = [];
    const visit = (file: string, via: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      for (const i of imports(file)) {
        if (i.startsWith('node:')) bad.push(`${via} → ${path.relative(ROOT, file)} imports ${i}`);
        else if (i.startsWith('.')) visit(path.resolve(path.dirname(file), i).replace(/\.js$/, '.ts'), via);
      }
    };
    for (const f of files.filter((f) => RUNTIME_FREE.some((d) => f.startsWith(path.join(ROOT, d) + path.sep))))
      visit(f, path.relative(ROOT, f));
    expect(bad).toEqual([]);
  });

  it('a stage reaches another stage only through its index.ts (common/errors.js excepted)', () => {
    const bad: string[] = [];
    for (const f of files) {
      const own = path.relative(path.join(ROOT, 'native-bridge'), f).split(path.sep)[0]!;
      for (const i of imports(f)) {
        if (!i.startsWith('.')) continue;
        const target = path.relative(path.join(ROOT, 'native-bridge'), path.resolve(path.dirname(f), i)).split(path.sep);
        const stage = target[0]!;
        if (stage === own || !STAGES.includes(stage)) continue;
        if (target[1] !== 'index.js' && !(stage === 'common' && target[1] === 'errors.js'))
          bad.push(`${path.relative(ROOT, f)} imports ${i}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('native-bridge never imports the CLI or the apps', () => {
    const bad = files.flatMap((f) =>
      imports(f)
        .filter((i) => /(^|\/)(cli|electron|renderer)\//.test(i))
        .map((i) => `${path.relative(ROOT, f)} imports ${i}`),
    );
    expect(bad).toEqual([]);
  });
});

describe('the renderer and the preload', () => {
  const renderer = existsSync(path.join(ROOT, 'renderer/src')) ? sources(path.join(ROOT, 'renderer/src')) : [];

  it('the renderer imports no Node module and only the runtime-free native-bridge stages', () => {
    expect(renderer.length).toBeGreaterThan(5);
    const bad = renderer.flatMap((f) =>
      imports(f)
        .filter((i) => {
          if (i.startsWith('node:') || i === 'electron') return true;
          if (!i.startsWith('.')) return false; // npm packages are bundled by Vite
          const target = path.relative(ROOT, path.resolve(path.dirname(f), i));
          return !target.startsWith(`renderer${path.sep}`) && !RUNTIME_FREE.some((d) => target.startsWith(d + path.sep));
        })
        .map((i) => `${path.relative(ROOT, f)} imports ${i}`),
    );
    expect(bad).toEqual([]);
  });

  it('the preload imports electron and nothing else', () => {
    const preload = ['electron/preload.cts', 'electron/preload.ts'].map((p) => path.join(ROOT, p)).filter((p) => existsSync(p));
    expect(preload.length).toBe(1);
    const text = readFileSync(preload[0]!, 'utf8');
    const required = [...text.matchAll(/require\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1]);
    expect([...imports(preload[0]!), ...required].filter((i) => i !== 'electron')).toEqual([]);
  });
});
