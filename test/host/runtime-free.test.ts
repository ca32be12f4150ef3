import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/corpus.js';

// The renderer imports native-bridge/protocol: it must not reach Node (house rule 4).
describe('native-bridge/protocol is runtime-free', () => {
  const dir = path.join(ROOT, 'native-bridge/protocol');
  const files = readdirSync(dir).filter((f) => f.endsWith('.ts'));

  it('imports only relative modules, and no Node globals such as Buffer', () => {
    expect(files.length).toBeGreaterThanOrEqual(4);
    const bad: string[] = [];
    for (const f of files) {
      const text = readFileSync(path.join(dir, f), 'utf8');
      for (const m of text.matchAll(/^\s*(?:import|export)\b[^'"]*?from\s+['"]([^'"]+)['"]/gm))
        if (!m[1]!.startsWith('.')) bad.push(`${f} imports ${m[1]}`);
      if (/\bBuffer\.|\bprocess\./.test(text)) bad.push(`${f} uses a Node global`);
    }
    expect(bad).toEqual([]);
  });
});
