import { describe, expect, it } from 'vitest';
import { fieldTable } from '../../native-bridge/dissect/index.js';
import { checkAgainstTshark, frameDecoder } from './app-layer.js';

const BR = 'test/fixtures/dissect/http-brotli.pcap';

describe('HTTP bodies with Content-Encoding: br against TShark 4.0 (test/fixtures/dissect/http-brotli.tsv)', () => {
  it('decodes the brotli bodies a real server sent: JSON values and columns as TShark', () =>
    checkAgainstTshark('http-brotli.tsv', BR, frameDecoder, { stack: true }));

  it('shows the decoded sizes TShark shows (tshark -V: 5837 -> 46880 bytes, 600 lines)', () => {
    const d = frameDecoder(BR).get(8)!;
    const item = d.tree.find(fieldTable.get('http.content_encoded_entity')!)[0]!;
    expect(d.tree.texts[item]).toBe('Content-encoded entity body (br): 5837 bytes -> 46880 bytes');
    expect(d.tree.extraSources.map((s) => s.name)).toContain('Uncompressed entity body');
    const text = d.tree.texts.find((t) => t?.startsWith('Line-based text data'));
    expect(text).toBe('Line-based text data: text/plain (600 lines)');
  });
});
