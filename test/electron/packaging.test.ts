/**
 * electron-builder.yml drives the packages it should: checked with electron-builder itself,
 * offline and without the Electron runtime. Its own loader and JSON-schema validation read the
 * file; its deb target runs for real on an empty prepackaged app, up to fpm, which is replaced
 * by a recorder (CUSTOM_FPM_PATH, electron-builder's switch for another fpm) that keeps the
 * arguments and the desktop entry, MIME definition and post-install script it is handed. What
 * electron-builder makes only on macOS or Windows (Info.plist, the NSIS script) is checked as
 * the configuration those generators read.
 */
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Configuration, FileAssociation } from 'electron-builder';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HELPER_NAME } from '../../native-bridge/capture/index.js';
import { ROOT } from '../helpers/corpus.js';

/** The capture formats the app opens and their MIME types, as shared-mime-info names them. */
const CAPTURE_TYPES: Record<string, string> = {
  pcapng: 'application/x-pcapng',
  pcap: 'application/vnd.tcpdump.pcap',
  cap: 'application/vnd.tcpdump.pcap',
};
const SYSTEM_MIME = '/usr/share/mime/packages/freedesktop.org.xml';

const require = createRequire(import.meta.url);
const builder = require('electron-builder') as typeof import('electron-builder');
/** app-builder-lib (electron-builder's engine) and its internals, as electron-builder loads them. */
const fromLib = createRequire(createRequire(require.resolve('electron-builder')).resolve('app-builder-lib/package.json'));
const configModule = fromLib('./out/util/config/config.js') as typeof import('app-builder-lib/out/util/config/config.js');
const { minimatch } = fromLib('minimatch') as { minimatch: (file: string, pattern: string, o: { dot: boolean }) => boolean };
const { FuseV1Options } = fromLib('@electron/fuses') as typeof import('@electron/fuses');
const FpmTarget = (fromLib('./out/targets/FpmTarget.js') as { default: { prototype: unknown } }).default;
const { PlatformPackager } = fromLib('./out/platformPackager.js') as { PlatformPackager: { prototype: unknown } };
/** electron-builder's own deb/rpm dependency list: what Electron needs to start. */
const defaultDepends = (target: string) => (FpmTarget.prototype as { getDefaultDepends(t: string): string[] }).getDefaultDepends(target);
/** The @electron/fuses configuration electron-builder flips into the packaged executable. */
const fuseConfig = (fuses: unknown) =>
  (PlatformPackager.prototype as { generateFuseConfig(f: unknown): Promise<Record<string, unknown>> }).generateFuseConfig(fuses);

const silentLogger = { isEnabled: false, add() {} } as unknown as Parameters<typeof configModule.validateConfiguration>[1];

let config: Configuration;

/** What electron-builder handed fpm for the deb. */
interface FpmRecord {
  args: string[];
  /** Files it installs under /usr/share (desktop entry, MIME XML) and the scripts, by destination or flag. */
  files: Record<string, string>;
}
let deb: FpmRecord;
const tmp = mkdtempSync(path.join(tmpdir(), 'wirepool-packaging-'));

/** Runs electron-builder's deb target on an empty app with a recorder for fpm, and returns the record. */
async function recordDeb(): Promise<FpmRecord> {
  const record = path.join(tmp, 'fpm.json');
  const recorder = path.join(tmp, 'fpm');
  writeFileSync(
    recorder,
    `#!${process.execPath}
// Stands in for fpm: keeps what electron-builder asks of it (and the files it names, which
// electron-builder deletes afterwards). Builds nothing.
const fs = require('node:fs');
const args = process.argv.slice(2);
const files = {};
args.forEach((a, i) => {
  if (a === '--after-install' || a === '--after-remove') files[a] = fs.readFileSync(args[i + 1], 'utf8');
  const m = /^(.+)=(\\/usr\\/share\\/.+\\.(?:desktop|xml))$/.exec(a);
  if (m) files[m[2]] = fs.readFileSync(m[1], 'utf8');
});
fs.writeFileSync(${JSON.stringify(record)}, JSON.stringify({ args, files }));
`,
  );
  chmodSync(recorder, 0o755);
  const app = path.join(tmp, 'linux-unpacked');
  mkdirSync(path.join(app, 'resources'), { recursive: true });
  const saved = process.env.CUSTOM_FPM_PATH;
  process.env.CUSTOM_FPM_PATH = recorder;
  try {
    await builder.build({
      projectDir: ROOT,
      targets: builder.Platform.LINUX.createTarget('deb', builder.Arch.x64),
      prepackaged: app,
      config: { directories: { output: path.join(tmp, 'release') }, publish: null },
    });
  } finally {
    if (saved === undefined) delete process.env.CUSTOM_FPM_PATH;
    else process.env.CUSTOM_FPM_PATH = saved;
  }
  if (!existsSync(record)) throw new Error(`electron-builder never ran fpm (${recorder}): see its log above`);
  return JSON.parse(readFileSync(record, 'utf8')) as FpmRecord;
}

/** Every value of `flag` in fpm's arguments (`-d a -d b` → [a, b]). */
const values = (args: readonly string[], flag: string) => args.flatMap((a, i) => (a === flag ? [args[i + 1]!] : []));

/** The extensions of a list of file associations. */
const extensions = (list: FileAssociation | FileAssociation[] | null | undefined) => [list ?? []].flat().flatMap((a) => [a.ext].flat());

beforeAll(async () => {
  config = await configModule.getConfig(ROOT, null, null);
  deb = await recordDeb();
}, 120_000);

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('electron-builder.yml', () => {
  it("passes electron-builder's own validation (its JSON schema), which rejects a wrong one", async () => {
    await expect(configModule.validateConfiguration(config, silentLogger)).resolves.toBeUndefined();
    const wrong = { ...config, electronFuses: { ...config.electronFuses, runAsNode: 'no' } } as unknown as Configuration;
    await expect(configModule.validateConfiguration(wrong, silentLogger)).rejects.toThrow(/electronFuses/);
  });

  it("gives the deb the maintainer (package.json's author with e-mail) and homepage fpm requires", () => {
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
      author?: { name?: string; email?: string };
      homepage?: string;
    };
    expect(pkg.author?.email).toMatch(/^[^@\s]+@[^@\s]+\.[a-z]+$/);
    expect(pkg.homepage).toMatch(/^https:\/\//);
    expect(values(deb.args, '--maintainer')).toEqual([`${pkg.author!.name} <${pkg.author!.email}>`]);
    expect(values(deb.args, '--url')).toEqual([pkg.homepage]);
    expect(values(deb.args, '-t')).toEqual(['deb']);
  });

  it("the deb depends on electron-builder's default list (what Electron needs to start), libpcap, setcap and the MIME database", () => {
    const depends = values(deb.args, '-d');
    expect(defaultDepends('deb')).toContain('libgtk-3-0');
    expect(depends).toEqual(expect.arrayContaining(defaultDepends('deb')));
    expect(depends).toEqual(expect.arrayContaining(['libpcap0.8', 'libcap2-bin', 'shared-mime-info']));
    // Every Linux package target fpm builds keeps electron-builder's defaults too.
    for (const target of ['rpm', 'pacman'] as const) {
      const own = config[target]?.depends;
      if (own != null) expect(own).toEqual(expect.arrayContaining(defaultDepends(target)));
    }
  });

  it('the desktop entry runs the app with the files it is given (%U) and claims every capture type', () => {
    const entry = deb.files['/usr/share/applications/wirepool-desktop.desktop'];
    expect(entry, `fpm was given no desktop entry: ${deb.args.join(' ')}`).toBeDefined();
    const line = (key: string) => new RegExp(`^${key}=(.*)$`, 'm').exec(entry!)?.[1];
    expect(line('Exec')).toBe('/opt/Wirepool/wirepool-desktop %U');
    expect(line('MimeType')?.split(';').filter(Boolean).sort()).toEqual([...new Set(Object.values(CAPTURE_TYPES))].sort());
    expect(line('Categories')).toBe('Network;');
    expect(line('StartupWMClass')).toBe('wirepool-desktop');
  });

  it('the deb defines application/x-pcapng for *.pcapng; *.pcap and *.cap are left to shared-mime-info', () => {
    const xml = deb.files['/usr/share/mime/packages/wirepool-desktop.xml'];
    expect(xml, 'fpm was given no MIME definition').toBeDefined();
    const types = [...xml!.matchAll(/<mime-type type="([^"]+)">\s*<glob pattern="([^"]+)"\/>/g)].map((m) => [m[1], m[2]]);
    expect(types).toEqual([['application/x-pcapng', '*.pcapng']]);
  });

  it.skipIf(!existsSync(SYSTEM_MIME))(
    "shared-mime-info names *.pcap and *.cap application/vnd.tcpdump.pcap (the desktop entry's claim)",
    () => {
      const system = readFileSync(SYSTEM_MIME, 'utf8');
      const pcap = /<mime-type type="application\/vnd\.tcpdump\.pcap">([\s\S]*?)<\/mime-type>/.exec(system)?.[1] ?? '';
      for (const [ext, type] of Object.entries(CAPTURE_TYPES)) {
        if (type === 'application/vnd.tcpdump.pcap') expect(pcap).toContain(`<glob pattern="*.${ext}"/>`);
      }
    },
  );

  it("the deb's post-install is electron-builder's own, then the capture helper's capabilities, at the helper's packaged path", () => {
    const template = readFileSync(fromLib.resolve('./templates/linux/after-install.tpl'), 'utf8');
    const ours = readFileSync(path.join(ROOT, 'build/linux/after-install.sh'), 'utf8');
    // Every line of electron-builder's template, in its order: an electron-builder upgrade that
    // changes its template fails here until build/linux/after-install.sh takes the change.
    const lines = ours.split('\n');
    let at = 0;
    for (const l of template.split('\n').filter((t) => t.trim() !== '' && !t.startsWith('#!'))) {
      const found = lines.indexOf(l, at);
      expect(found, `build/linux/after-install.sh lacks (or reorders) the template's line: ${l}`).toBeGreaterThanOrEqual(0);
      at = found + 1;
    }
    const postinst = deb.files['--after-install']!;
    expect(postinst).toContain("update-alternatives --install '/usr/bin/wirepool-desktop'");
    // The helper sits where helper-path.ts looks in a packaged app: cap's build/Release, unpacked.
    expect(postinst).toContain(`helper='/opt/Wirepool/resources/app.asar.unpacked/node_modules/cap/build/Release/${HELPER_NAME}'`);
    expect(postinst).toMatch(/setcap cap_net_raw,cap_net_admin=eip "\$helper"/);
  });

  it('macOS: Info.plist document types for every capture extension, as a viewer, with its MIME type', () => {
    // Written in extendInfo (electron-builder's fileAssociations carry no MIME types on macOS).
    const types =
      (config.mac?.extendInfo as { CFBundleDocumentTypes?: Record<string, unknown>[] } | undefined)?.CFBundleDocumentTypes ?? [];
    const claimed = types.flatMap((t) => (t.CFBundleTypeExtensions as string[]).map((ext) => [ext, t.CFBundleTypeMIMETypes] as const));
    expect(claimed.map(([ext]) => ext).sort()).toEqual(Object.keys(CAPTURE_TYPES).sort());
    for (const [ext, mime] of claimed) expect(mime).toEqual([CAPTURE_TYPES[ext]]);
    for (const t of types) {
      expect(t.CFBundleTypeRole).toBe('Viewer');
      expect(t.CFBundleTypeName).toMatch(/packet capture$/);
    }
    expect(config.mac?.fileAssociations, 'electron-builder would add a second, MIME-less entry per type').toBeUndefined();
    expect(config.fileAssociations, 'top-level associations would be added to every system').toBeUndefined();
  });

  it('Windows: a per-machine installer registers every capture extension under a Wirepool ProgID, with its MIME type', () => {
    expect(config.nsis?.perMachine).toBe(true);
    const win = config.win?.fileAssociations;
    expect(extensions(win).sort()).toEqual(Object.keys(CAPTURE_TYPES).sort());
    for (const a of [win].flat()) {
      expect(a?.name).toMatch(/^Wirepool\.[a-z]+$/);
      expect(a?.description).toMatch(/packet capture$/);
    }
    const include = readFileSync(path.join(ROOT, config.nsis!.include!), 'utf8');
    const contentTypes = Object.fromEntries(
      [...include.matchAll(/WriteRegStr SHELL_CONTEXT "Software\\Classes\\\.(\w+)" "Content Type" "([^"]+)"/g)].map((m) => [m[1], m[2]]),
    );
    expect(contentTypes).toEqual(CAPTURE_TYPES);
  });

  it('Linux: every capture extension has a type the desktop entry claims', () => {
    const claimed = [...(config.linux?.mimeTypes ?? []), ...[config.linux?.fileAssociations ?? []].flat().map((a) => a.mimeType)];
    for (const type of Object.values(CAPTURE_TYPES)) expect(claimed).toContain(type);
  });

  it('flips the fuses: no running as Node, no NODE_OPTIONS or --inspect, cookies encrypted, only an intact app.asar, no file:// privileges', async () => {
    const fuses = await fuseConfig(config.electronFuses);
    expect(fuses).toMatchObject({
      [FuseV1Options.RunAsNode]: false,
      [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
      [FuseV1Options.EnableNodeCliInspectArguments]: false,
      [FuseV1Options.EnableCookieEncryption]: true,
      [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
      [FuseV1Options.OnlyLoadAppFromAsar]: true,
      [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
    });
    expect(config.asar).not.toBe(false);
  });

  it('unpacks only the capture binding and helper: the engine and its worker stay in app.asar (under its integrity check)', () => {
    const unpacked = (file: string) => [config.asarUnpack ?? []].flat().some((p) => minimatch(file, p, { dot: true }));
    expect(unpacked('node_modules/cap/build/Release/cap.node')).toBe(true);
    expect(unpacked(`node_modules/cap/build/Release/${HELPER_NAME}`)).toBe(true);
    for (const f of [
      'dist/native-bridge/engine/worker.js',
      'dist/native-bridge/engine/thread.js',
      'dist/electron/main.js',
      'dist/renderer/index.html',
    ])
      expect(unpacked(f), f).toBe(false);
  });
});
