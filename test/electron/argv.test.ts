import { describe, expect, it } from 'vitest';
import { type ArgvContext, type FileArg, fileFromArgv, resolveFileArg } from '../../electron/argv.js';

const linux = (cwd = '/home/ana/work'): ArgvContext => ({ packaged: true, cwd, platform: 'linux' });
const dev = (cwd = '/home/ana/work'): ArgvContext => ({ packaged: false, cwd, platform: 'linux' });
const windows: ArgvContext = { packaged: true, cwd: 'C:\\Users\\ana\\Captures', platform: 'win32' };

function refused(arg: FileArg | undefined): { code: string; what: string; hint: string | undefined } {
  if (arg === undefined || !('refused' in arg)) throw new Error(`expected a refusal, got ${JSON.stringify(arg)}`);
  return { code: arg.refused.code, what: arg.refused.what, hint: arg.refused.hint };
}

describe('electron: the file on the command line', () => {
  it('takes the last operand, packaged or not, skipping switches and (in development) the app path', () => {
    expect(fileFromArgv(['/opt/Wirepool/wirepool-desktop', '/c/a.pcapng'], linux())).toEqual({ path: '/c/a.pcapng' });
    expect(fileFromArgv(['/usr/bin/electron', '.', '--enable-logging', '/c/b.pcap'], dev())).toEqual({ path: '/c/b.pcap' });
    // Chromium's switches may come before the app path.
    expect(fileFromArgv(['/usr/bin/electron', '--no-sandbox', '.', '/c/b.pcap'], dev())).toEqual({ path: '/c/b.pcap' });
    expect(fileFromArgv(['/usr/bin/electron', '.'], dev())).toBeUndefined();
    expect(fileFromArgv(['/usr/bin/electron', '--no-sandbox', '.'], dev())).toBeUndefined();
    expect(fileFromArgv(['/opt/Wirepool/wirepool-desktop', '--no-sandbox'], linux())).toBeUndefined();
  });

  it('resolves a relative path against the launching process folder, not this one (a second instance run elsewhere)', () => {
    expect(fileFromArgv(['/opt/Wirepool/wirepool-desktop', 'x.pcapng'], linux('/srv/captures'))).toEqual({
      path: '/srv/captures/x.pcapng',
    });
    expect(fileFromArgv(['/opt/Wirepool/wirepool-desktop', '../y.pcap'], linux('/srv/captures/today'))).toEqual({
      path: '/srv/captures/y.pcap',
    });
    expect(fileFromArgv(['/usr/bin/electron', '.', 'sub/z.pcap'], dev('/tmp/t'))).toEqual({ path: '/tmp/t/sub/z.pcap' });
    expect(fileFromArgv(['C:\\Program Files\\Wirepool\\Wirepool.exe', 'x.pcapng'], windows)).toEqual({
      path: 'C:\\Users\\ana\\Captures\\x.pcapng',
    });
    // A Windows drive path is a path, not a URL with the scheme "c".
    expect(fileFromArgv(['Wirepool.exe', 'D:\\caps\\x.pcap'], windows)).toEqual({ path: 'D:\\caps\\x.pcap' });
  });

  it("turns the desktop entry's file:// URLs (%U) into paths, percent-decoded", () => {
    expect(resolveFileArg('file:///home/ana/My%20Captures/dns%2Bhttp.pcapng', linux())).toEqual({
      path: '/home/ana/My Captures/dns+http.pcapng',
    });
    expect(resolveFileArg('file:///tmp/%E2%82%AC.pcap', linux())).toEqual({ path: '/tmp/€.pcap' });
    expect(resolveFileArg('file://localhost/tmp/x.pcap', linux())).toEqual({ path: '/tmp/x.pcap' });
    expect(resolveFileArg('FILE:///tmp/x.pcap', linux())).toEqual({ path: '/tmp/x.pcap' });
    expect(resolveFileArg('file:///C:/Users/ana/a%20b.pcapng', windows)).toEqual({ path: 'C:\\Users\\ana\\a b.pcapng' });
    // The URL is not resolved against the folder.
    expect(fileFromArgv(['/opt/Wirepool/wirepool-desktop', 'file:///srv/x.pcap'], linux('/elsewhere'))).toEqual({ path: '/srv/x.pcap' });
  });

  it('refuses other schemes, saying Wirepool opens local files only', () => {
    expect(refused(resolveFileArg('https://example.com/x.pcap', linux()))).toEqual({
      code: 'ARG_NOT_LOCAL_FILE',
      what: '"https://example.com/x.pcap" is a https: URL; Wirepool opens local files only',
      hint: 'download or copy the capture to this machine and open that file',
    });
    expect(refused(resolveFileArg('sftp://host/home/a/x.pcap', linux())).code).toBe('ARG_NOT_LOCAL_FILE');
    expect(refused(resolveFileArg('smb://nas/share/x.pcap', windows)).code).toBe('ARG_NOT_LOCAL_FILE');
  });

  it('refuses a file URL on another machine, also where Windows would make it a UNC path', () => {
    const r = refused(resolveFileArg('file://nas/share/x.pcap', linux()));
    expect(r.code).toBe('ARG_NOT_LOCAL_FILE');
    expect(r.what).toBe('"file://nas/share/x.pcap" names a file on another machine (host "nas"); Wirepool opens local files only');
    expect(r.hint).toMatch(/mounted/);
    expect(refused(resolveFileArg('file://nas/share/x.pcap', windows)).code).toBe('ARG_NOT_LOCAL_FILE');
  });

  it('refuses a file URL that does not decode to a usable path', () => {
    expect(refused(resolveFileArg('file:///tmp/a%2Fb.pcap', linux()))).toMatchObject({
      code: 'ARG_BAD_FILE_URL',
      what: expect.stringMatching(/encoded \//),
    });
    expect(refused(resolveFileArg('file:///tmp/a%00b.pcap', linux()))).toMatchObject({
      code: 'ARG_BAD_FILE_URL',
      what: expect.stringMatching(/NUL/),
    });
    expect(refused(resolveFileArg('http://[bad', linux()))).toMatchObject({
      code: 'ARG_BAD_FILE_URL',
      what: '"http://[bad" is not a valid URL',
    });
  });

  it('a file name with a colon but no // is a path, not a URL', () => {
    expect(resolveFileArg('run:2.pcap', linux('/c'))).toEqual({ path: '/c/run:2.pcap' });
  });
});
