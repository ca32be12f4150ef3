/**
 * Only regular files are read, and a written file never destroys another: OutputFile's checks
 * (relative, symlink, not regular, the input, exists) and its temporary file renamed into place.
 */
import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  closeSync,
  constants,
  linkSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { OutputFile, fileId, openCapture, openRegular, writeOutput } from '../../native-bridge/formats/index.js';

const tmp = mkdtempSync(path.join(tmpdir(), 'wirepool-files-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
let n = 0;
/** A fresh folder for one test. */
const folder = (): string => {
  const d = path.join(tmp, `t${n++}`);
  mkdirSync(d);
  return d;
};
const OLD = Buffer.from('the old file, which must survive\n');

function writeNew(file: string, bytes: Buffer, overwrite: boolean, protect = [] as ReturnType<typeof fileId>[]): void {
  writeOutput(file, { overwrite, protect }, (t) => {
    writeFileSync(t.fd, bytes);
  });
}

describe('only regular files are opened for reading', () => {
  it('a named pipe is refused without blocking, by name', () => {
    const fifo = path.join(folder(), 'pipe.pcap');
    execFileSync('mkfifo', [fifo]);
    // Held open read-write, so a regression that opens the pipe does not hang the test: it reads instead.
    const keep = openSync(fifo, constants.O_RDWR | constants.O_NONBLOCK);
    try {
      expect(() => openRegular(fifo)).toThrow(
        expect.objectContaining({ code: 'FILE_NOT_REGULAR', message: expect.stringContaining('is a named pipe, not a capture file') }),
      );
      expect(() => openCapture(fifo)).toThrow(expect.objectContaining({ code: 'FILE_NOT_REGULAR' }));
    } finally {
      closeSync(keep);
    }
  });

  it('a device and a directory are refused; a regular file opens with its device and inode', () => {
    expect(() => openRegular('/dev/zero')).toThrow(
      expect.objectContaining({
        code: 'FILE_NOT_REGULAR',
        message: '/dev/zero is a character device, not a capture file; give the path of a regular pcap or pcapng file',
      }),
    );
    const dir = folder();
    expect(() => openRegular(dir)).toThrow(
      expect.objectContaining({ code: 'FILE_NOT_REGULAR', message: expect.stringContaining('is a directory') }),
    );
    const f = path.join(dir, 'x.bin');
    writeFileSync(f, OLD);
    const r = openRegular(f);
    closeSync(r.fd);
    expect(r.size).toBe(OLD.length);
    expect(r.id).toEqual(fileId(statSync(f)));
  });
});

describe('OutputFile: nothing lost, nothing overwritten unasked', () => {
  it('writes a new file in place, and leaves no temporary file', () => {
    const dir = folder();
    const f = path.join(dir, 'new.pcap');
    writeNew(f, Buffer.from('new'), false);
    expect(readFileSync(f, 'utf8')).toBe('new');
    expect(readdirSync(dir)).toEqual(['new.pcap']);
  });

  it('an existing file: FILE_EXISTS without overwrite (byte-identical after), replaced with it (mode kept)', () => {
    const dir = folder();
    const f = path.join(dir, 'old.pcap');
    writeFileSync(f, OLD);
    chmodSync(f, 0o640);
    expect(() => writeNew(f, Buffer.from('new'), false)).toThrow(
      expect.objectContaining({ code: 'FILE_EXISTS', message: expect.stringContaining(`${f} exists already`) }),
    );
    expect(readFileSync(f)).toEqual(OLD);
    expect(readdirSync(dir)).toEqual(['old.pcap']);
    writeNew(f, Buffer.from('new'), true);
    expect(readFileSync(f, 'utf8')).toBe('new');
    expect(statSync(f).mode & 0o777).toBe(0o640);
    expect(readdirSync(dir)).toEqual(['old.pcap']);
  });

  it('a write that fails part-way leaves the old file whole and removes the temporary file', () => {
    const dir = folder();
    const f = path.join(dir, 'old.pcap');
    writeFileSync(f, OLD);
    expect(() =>
      writeOutput(f, { overwrite: true }, (t) => {
        writeFileSync(t.fd, Buffer.alloc(100_000, 1));
        throw new Error('disk full, say');
      }),
    ).toThrow('disk full, say');
    expect(readFileSync(f)).toEqual(OLD);
    expect(readdirSync(dir)).toEqual(['old.pcap']);
  });

  it('never the file being read, whatever its name (a hard link; .. in the path): FILE_SAME_AS_INPUT', () => {
    const dir = folder();
    const input = path.join(dir, 'in.pcap');
    writeFileSync(input, OLD);
    const r = openRegular(input);
    closeSync(r.fd);
    linkSync(input, path.join(dir, 'alias.pcap'));
    for (const name of [input, path.join(dir, 'alias.pcap'), path.join(dir, '..', path.basename(dir), 'in.pcap')]) {
      expect(() => writeNew(name, Buffer.from('x'), true, [r.id])).toThrow(expect.objectContaining({ code: 'FILE_SAME_AS_INPUT' }));
    }
    expect(readFileSync(input)).toEqual(OLD);
    expect(readdirSync(dir).sort()).toEqual(['alias.pcap', 'in.pcap']);
  });

  it('never through a symlink, never onto a directory or a pipe, never a relative path or a missing folder', () => {
    const dir = folder();
    const target = path.join(dir, 'target.pcap');
    writeFileSync(target, OLD);
    symlinkSync(target, path.join(dir, 'link.pcap'));
    symlinkSync(path.join(dir, 'nowhere.pcap'), path.join(dir, 'dangling.pcap'));
    expect(() => writeNew(path.join(dir, 'link.pcap'), Buffer.from('x'), true)).toThrow(expect.objectContaining({ code: 'FILE_SYMLINK' }));
    expect(() => writeNew(path.join(dir, 'dangling.pcap'), Buffer.from('x'), true)).toThrow(
      expect.objectContaining({ code: 'FILE_SYMLINK' }),
    );
    expect(readFileSync(target)).toEqual(OLD);
    mkdirSync(path.join(dir, 'sub.pcap'));
    expect(() => writeNew(path.join(dir, 'sub.pcap'), Buffer.from('x'), true)).toThrow(
      expect.objectContaining({ code: 'FILE_NOT_REGULAR' }),
    );
    execFileSync('mkfifo', [path.join(dir, 'pipe.pcap')]);
    expect(() => writeNew(path.join(dir, 'pipe.pcap'), Buffer.from('x'), true)).toThrow(
      expect.objectContaining({ code: 'FILE_NOT_REGULAR', message: expect.stringContaining('a named pipe') }),
    );
    expect(() => writeNew('out.pcap', Buffer.from('x'), true)).toThrow(expect.objectContaining({ code: 'FILE_RELATIVE' }));
    expect(() => writeNew(path.join(dir, 'no', 'out.pcap'), Buffer.from('x'), true)).toThrow(
      expect.objectContaining({ code: 'FILE_NO_FOLDER' }),
    );
    expect(readdirSync(dir).sort()).toEqual(['dangling.pcap', 'link.pcap', 'pipe.pcap', 'sub.pcap', 'target.pcap']);
    expect(readdirSync(path.join(dir, 'sub.pcap'))).toEqual([]);
  });

  it('a name taken while the file was written is not overwritten (the hard link fails), and the temp file goes', () => {
    const dir = folder();
    const f = path.join(dir, 'late.pcap');
    const out = OutputFile.create(f, { overwrite: false });
    writeFileSync(out.fd, Buffer.from('new'));
    writeFileSync(f, OLD); // someone else got there first
    expect(() => out.commit()).toThrow(expect.objectContaining({ code: 'FILE_EXISTS' }));
    expect(readFileSync(f)).toEqual(OLD);
    expect(readdirSync(dir)).toEqual(['late.pcap']);
  });

  it('a spool (inPlace) writes a new file under its own name; replacing one waits for commit', () => {
    const dir = folder();
    const fresh = OutputFile.create(path.join(dir, 'a.pcapng'), { overwrite: false, inPlace: true });
    expect(fresh.writing).toBe(path.join(dir, 'a.pcapng'));
    fresh.commit();
    const f = path.join(dir, 'b.pcapng');
    writeFileSync(f, OLD);
    const out = OutputFile.create(f, { overwrite: true, inPlace: true });
    writeFileSync(out.fd, Buffer.from('captured'));
    expect(out.writing).not.toBe(f);
    expect(readFileSync(f)).toEqual(OLD); // still the old one while the capture runs
    out.commit();
    expect(readFileSync(f, 'utf8')).toBe('captured');
    expect(readdirSync(dir).sort()).toEqual(['a.pcapng', 'b.pcapng']);
  });
});
