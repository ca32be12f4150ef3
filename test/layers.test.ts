import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from './helpers/corpus.js';

// The layering rules live in .dependency-cruiser.cjs (imports) and biome.json (Node globals in
// runtime-free code); `npm run lint` applies them to the tree. These tests prove that each rule
// bites: a small tree with one violation of each must be refused by name, and the same tree
// without them must pass.

const DEPCRUISE = path.join(ROOT, 'node_modules/.bin/depcruise');
const BIOME = path.join(ROOT, 'node_modules/.bin/biome');

interface Violation {
  rule: { name: string };
  from: string;
  to: string;
}

function cruise(cwd: string, dirs: string[]): { violations: Violation[]; cruised: number } {
  const run = spawnSync(DEPCRUISE, ['--config', path.join(ROOT, '.dependency-cruiser.cjs'), '--output-type', 'json', ...dirs], {
    cwd,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const out = JSON.parse(run.stdout) as { summary: { violations: Violation[]; totalCruised: number } };
  return { violations: out.summary.violations, cruised: out.summary.totalCruised };
}

/** A tree shaped like the project's, each file given as path → source. */
function tree(dir: string, files: Record<string, string>): void {
  writeFileSync(
    path.join(dir, 'tsconfig.json'),
    JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', jsx: 'react-jsx' } }),
  );
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
}

const CLEAN: Record<string, string> = {
  'native-bridge/common/errors.ts': 'export class WirepoolError extends Error {}\n',
  'native-bridge/common/index.ts': "export * from './errors.js';\n",
  'native-bridge/pool/tier.ts': "import { WirepoolError } from '../common/errors.js';\nexport const tier = WirepoolError;\n",
  'native-bridge/pool/index.ts': "export * from './tier.js';\n",
  'native-bridge/engine/run.ts':
    "import { readFileSync } from 'node:fs';\nimport { tier } from '../pool/index.js';\nexport const run = [readFileSync, tier];\n",
  'native-bridge/engine/index.ts': "export * from './run.js';\n",
  'renderer/src/App.tsx':
    "import { useState } from 'react';\nimport { tier } from '../../native-bridge/pool/index.js';\nexport const App = () => <p>{String(useState(tier))}</p>;\n",
  'electron/preload.cts': "import { ipcRenderer } from 'electron';\nexport const p = ipcRenderer;\n",
  'cli/main.ts': "import { run } from '../native-bridge/engine/index.js';\nexport const main = run;\n",
};

/** One violation of each rule, by the rule's name. */
const VIOLATIONS: Record<string, Record<string, string>> = {
  'runtime-free-imports-node': { 'native-bridge/pool/clock.ts': "import { hrtime } from 'node:process';\nexport const c = hrtime;\n" },
  'runtime-free-imports-runtime-stage': {
    'native-bridge/pool/uses-engine.ts': "import { run } from '../engine/index.js';\nexport const u = run;\n",
  },
  'stage-private-import': { 'native-bridge/engine/peek.ts': "import { tier } from '../pool/tier.js';\nexport const p = tier;\n" },
  'app-reaches-stage-insides': { 'cli/peek.ts': "import { run } from '../native-bridge/engine/run.js';\nexport const p = run;\n" },
  'engine-imports-app': { 'native-bridge/engine/ui.ts': "import { main } from '../../cli/main.js';\nexport const u = main;\n" },
  'renderer-imports-runtime': {
    'renderer/src/views/Bad.tsx':
      "import { run } from '../../../native-bridge/engine/index.js';\nexport const Bad = () => <p>{String(run)}</p>;\n",
  },
  'no-circular': {
    'native-bridge/pool/a.ts': "import { b } from './b.js';\nexport const a = () => b;\n",
    'native-bridge/pool/b.ts': "import { a } from './a.js';\nexport const b = () => a;\n",
  },
  'not-resolvable': { 'native-bridge/pool/typo.ts': "import { tier } from './teir.js';\nexport const t = tier;\n" },
};

describe('layering (dependency-cruiser)', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'wirepool-layers-'));
    symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('passes the project tree and reads all of it', () => {
    const { violations, cruised } = cruise(ROOT, ['native-bridge', 'cli', 'electron', 'renderer/src']);
    expect(violations).toEqual([]);
    expect(cruised).toBeGreaterThan(200);
  });

  it('passes a tree that keeps the rules', () => {
    const clean = path.join(dir, 'clean');
    mkdirSync(clean);
    tree(clean, CLEAN);
    const { violations, cruised } = cruise(clean, ['native-bridge', 'cli', 'electron', 'renderer/src']);
    expect(violations).toEqual([]);
    expect(cruised).toBeGreaterThanOrEqual(Object.keys(CLEAN).length - 1); // all but the preload (.cts: see biome.json)
  });

  it.each(Object.keys(VIOLATIONS))('refuses a tree that breaks %s', (rule) => {
    const bad = path.join(dir, rule);
    mkdirSync(bad);
    tree(bad, { ...CLEAN, ...VIOLATIONS[rule] });
    const { violations } = cruise(bad, ['native-bridge', 'cli', 'electron', 'renderer/src']);
    expect(violations.map((v) => v.rule.name)).toContain(rule);
    // Each bad tree breaks only its own rule (a circle is reported once per file in it).
    expect(new Set(violations.map((v) => v.rule.name))).toEqual(new Set([rule]));
  });
});

describe('Node globals in runtime-free code, the preload (Biome)', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'wirepool-globals-'));
    copyFileSync(path.join(ROOT, 'biome.json'), path.join(dir, 'biome.json'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** Lints one file at a project path with the project's Biome settings. */
  const lint = (file: string, text = 'export const b = Buffer.from([1]);\nexport const p = process.pid;\n') => {
    tree(dir, { [file]: text });
    return spawnSync(BIOME, ['lint', '--vcs-enabled=false', '--reporter=json', file], { cwd: dir, encoding: 'utf8' });
  };
  const rules = (out: string) => (JSON.parse(out) as { diagnostics: { category: string }[] }).diagnostics.map((d) => d.category);

  it.each(['native-bridge/pool/x.ts', 'native-bridge/dissect/protocols/x.ts', 'renderer/src/views/x.tsx'])(
    '%s may not use Buffer or process',
    (file) => {
      const run = lint(file);
      expect(run.status).not.toBe(0);
      expect(rules(run.stdout)).toEqual(['lint/style/noRestrictedGlobals', 'lint/style/noRestrictedGlobals']);
    },
  );

  it('Node code may', () => {
    const run = lint('native-bridge/engine/x.ts');
    expect(rules(run.stdout)).toEqual([]);
    expect(run.status).toBe(0);
  });

  it('the preload imports electron and nothing else', () => {
    const good = "import { ipcRenderer } from 'electron';\nexport const p = ipcRenderer;\n";
    expect(rules(lint('electron/preload.cts', good).stdout)).toEqual([]);
    for (const other of ["'node:fs'", "'../native-bridge/pool/index.js'", "'ws'"]) {
      const run = lint('electron/preload.cts', `${good}import * as x from ${other};\nexport const q = x;\n`);
      expect(rules(run.stdout)).toEqual(['lint/style/noRestrictedImports']);
    }
  });
});

describe('the lint command', () => {
  it('is what npm test runs', () => {
    const pkg = JSON.parse(
      execFileSync('node', ['-p', 'JSON.stringify(require("./package.json").scripts)'], { cwd: ROOT, encoding: 'utf8' }),
    ) as Record<string, string>;
    expect(pkg.test).toContain('npm run lint');
    expect(pkg.lint).toContain('depcruise --config .dependency-cruiser.cjs');
    expect(pkg.lint).toContain('biome ci');
  });
});
