import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES } from '../helpers/corpus.js';
import { followStreamsPcap } from './streams.js';

const WRITE = process.env.WIREPOOL_WRITE_FIXTURES === '1';

describe('follow fixture', () => {
  it('follow-streams.pcap is what its builder makes', () => {
    const file = path.join(FIXTURES, 'stats/follow-streams.pcap');
    const bytes = followStreamsPcap();
    if (WRITE) writeFileSync(file, bytes);
    expect(existsSync(file), `${file} is missing: run with WIREPOOL_WRITE_FIXTURES=1`).toBe(true);
    expect(Buffer.from(bytes).equals(readFileSync(file)), 'follow-streams.pcap no longer matches test/follow/streams.ts').toBe(true);
  });
});
