import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DissectSession, dissectFrame } from '../../native-bridge/dissect/index.js';
import { openCapture } from '../../native-bridge/formats/index.js';
import { ProtocolHierarchy, hierarchyText } from '../../native-bridge/stats/index.js';
import { CAPTURES, FIXTURES, ORACLE } from '../helpers/corpus.js';

/**
 * `stats --hierarchy` against TShark's stored `-z io,phs` (test/fixtures/stats/phs, made by its
 * regenerate.sh) on corpus captures whose protocol stacks agree with TShark on every frame and
 * whose hierarchies used to differ: TShark's hierarchy walks the tree's top-level items, so it
 * also counts where a node is (an extension header inside IPv6's), whether a node exists at
 * all (none when the header reads fail first), text items (Juniper's header), and the
 * malformed, short and unreassembled marks that show where a decoder's reads and checks stop,
 * protocols added only to a tree someone reads (NFLOG), and frames TShark's frame tap takes for
 * an error packet's (a capture cut inside an ICMP error's quoted datagram).
 */
const DIR = path.join(FIXTURES, 'stats/phs');
const NAMES = readdirSync(DIR)
  .filter((f) => f.endsWith('.txt'))
  .map((f) => f.slice(0, -'.txt'.length))
  .sort();

function read(name: string): { phs: string; stacks: string[] } {
  const reader = openCapture(path.join(CAPTURES, name));
  const session = new DissectSession();
  const hierarchy = new ProtocolHierarchy();
  const stacks: string[] = [];
  try {
    for (let f = reader.next(); f !== undefined; f = reader.next()) {
      const d = dissectFrame(f, f.data.bytes, session);
      hierarchy.add(d, f);
      stacks.push(d.pinfo.protocols.join(':'));
    }
  } finally {
    reader.close();
    session.close();
  }
  return { phs: [...hierarchyText(hierarchy.snapshot())].join('\n').trim(), stacks };
}

describe('io,phs on corpus captures whose stacks agree with TShark', () => {
  it('has the fixtures', () => {
    expect(NAMES.length).toBeGreaterThanOrEqual(162);
  });

  for (const name of NAMES) {
    it(name, () => {
      const { phs, stacks } = read(name);
      const oracle = readFileSync(path.join(ORACLE, `${name}.tsv`), 'utf8')
        .split('\n')
        .filter((l) => l.length > 0)
        .map((l) => l.split('\t')[5] ?? '');
      expect(stacks).toEqual(oracle);
      expect(phs).toBe(readFileSync(path.join(DIR, `${name}.txt`), 'utf8').trim());
    });
  }
});
