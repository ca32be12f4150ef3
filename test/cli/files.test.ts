/**
 * The CLI's -w never wipes its input, writes atomically, never through a symlink; `serve --root`
 * refuses system folders; the folder rule's defaults hold what a newcomer's first command opens.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, linkSync, mkdtempSync, readFileSync, readdirSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { serveRoots } from '../../cli/commands/serve.js';
import { openCapture } from '../../native-bridge/formats/index.js';
import { FolderRule } from '../../native-bridge/host/index.js';
import { ROOT, readAll } from '../helpers/corpus.js';
import { SAMPLE } from '../helpers/engine.js';

function wirepool(cwd: string, ...args: string[]) {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'bin/wirepool'), ...args], { cwd, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const tmp = realpathSync(mkdtempSync(path.join(tmpdir(), 'wirepool-cli-files-')));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const sampleBytes = readFileSync(SAMPLE);
const OLD = Buffer.from('an old file\n');

describe('-w never destroys a file', () => {
  it('read X -w X (or a hard link to X, or ./X) is refused and X stays byte-identical', () => {
    const x = path.join(tmp, 'x.pcapng');
    copyFileSync(SAMPLE, x);
    linkSync(x, path.join(tmp, 'x-link.pcapng'));
    for (const out of [x, path.join(tmp, 'x-link.pcapng'), 'x.pcapng', `../${path.basename(tmp)}/x.pcapng`]) {
      const r = wirepool(tmp, 'read', 'x.pcapng', '-w', out);
      expect(r.code, r.stderr).toBe(1);
      expect(r.stderr).toContain('it is the file being read');
    }
    expect(readFileSync(x)).toEqual(sampleBytes);
    expect(readdirSync(tmp).filter((f) => f.startsWith('.'))).toEqual([]); // no temporary file left
  });

  it('replaces an existing OUT whole (as tcpdump does), relative to the working directory', () => {
    const out = path.join(tmp, 'out.pcap');
    writeFileSync(out, OLD);
    const r = wirepool(tmp, 'read', SAMPLE, '-Y', 'tcp', '-w', 'out.pcap');
    expect(r.code, r.stderr).toBe(0);
    const back = readAll(openCapture(out));
    expect(back.error).toBeUndefined();
    expect(back.frames.length).toBeGreaterThan(0);
  });

  it('a failure part-way (a pcap of two link types) leaves OUT as it was', () => {
    const out = path.join(tmp, 'mixed.pcap');
    writeFileSync(out, OLD);
    const r = wirepool(tmp, 'read', path.join(ROOT, 'test/fixtures/multi-section.pcapng'), '-w', out);
    expect(r.code).not.toBe(0);
    expect(readFileSync(out)).toEqual(OLD);
  });

  it('never through a symlink; generate -w too', () => {
    const target = path.join(tmp, 'target.pcapng');
    writeFileSync(target, OLD);
    symlinkSync(target, path.join(tmp, 'via.pcapng'));
    const r = wirepool(tmp, 'read', SAMPLE, '-w', 'via.pcapng');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('symbolic link');
    const g = wirepool(tmp, 'generate', '--packets', '10', '-w', 'via.pcapng');
    expect(g.code).toBe(1);
    expect(readFileSync(target)).toEqual(OLD);
  });

  it('a named pipe as input is refused at once', () => {
    const fifo = path.join(tmp, 'in.pcap');
    spawnSync('mkfifo', [fifo]);
    const r = spawnSync(process.execPath, [path.join(ROOT, 'bin/wirepool'), 'read', fifo], { encoding: 'utf8', timeout: 10_000 });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`${fifo} is a named pipe, not a capture file`);
  });
});

describe('serve --root', () => {
  it('refuses a system folder, one inside it, or one holding it (/)', () => {
    for (const root of ['/', '/etc', '/usr/lib', '/proc']) {
      expect(() => new FolderRule([root]), root).toThrow(expect.objectContaining({ code: 'FILE_OUTSIDE_ROOTS' }));
    }
    const r = wirepool(tmp, 'serve', '--root', '/etc', '--port', '0');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('system folder');
  });

  it("defaults: home, the temp folder, the bundled samples and FILE's folder; --root replaces the defaults but keeps FILE's", async () => {
    const rule = serveRoots(undefined, SAMPLE);
    for (const dir of [homedir(), tmpdir(), path.join(ROOT, 'samples')]) expect(rule.roots).toContain(realpathSync(dir));
    expect(await rule.check('read', SAMPLE)).toBe(realpathSync(SAMPLE)); // the README's first command opens it
    const mine = serveRoots([tmp], path.join(ROOT, 'test/fixtures/simple-packets.pcapng'));
    expect(mine.roots).toEqual([tmp, path.join(ROOT, 'test/fixtures')]);
    await expect(mine.check('read', SAMPLE)).rejects.toMatchObject({ code: 'FILE_OUTSIDE_ROOTS' });
  });
});
