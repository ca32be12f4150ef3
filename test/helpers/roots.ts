import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { FolderRule } from '../../native-bridge/host/index.js';
import { CORPUS, ROOT } from './corpus.js';

/**
 * The folders a test server lets its pages read and write (`wirepool serve --root`): the repo
 * (samples, fixtures), the shared corpus and the temp folder the tests write in.
 */
export function testRoots(): FolderRule {
  return new FolderRule([ROOT, tmpdir(), ...(existsSync(CORPUS) ? [CORPUS] : [])]);
}
