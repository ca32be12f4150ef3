// npm's postinstall for Wirepool itself: fetch the Electron runtime, or say why not and go on.
//
// electron's own install script aborts the whole `npm ci` when its download fails (no network,
// a proxy, a blocked site), so package.json's allowScripts does not run it; this runs it instead
// and turns a failure into a message. Without the runtime everything but the desktop window
// works, and `npm start` opens the same UI in a browser (serve mode).
// Plain JavaScript: it runs before the build.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/** A download that has said nothing for this long is given up (a network that drops packets). */
const TIMEOUT_MS = 10 * 60_000;

const require = createRequire(import.meta.url);
let dir;
try {
  dir = path.dirname(require.resolve('electron/package.json'));
} catch {
  process.exit(0); // installed without dev dependencies: no desktop app to set up
}
const script = path.join(dir, 'install.js');
if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD || !existsSync(script)) process.exit(0);

const { version } = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
const run = spawnSync(process.execPath, [script], {
  cwd: dir,
  encoding: 'utf8',
  timeout: TIMEOUT_MS,
  stdio: ['ignore', 'inherit', 'pipe'],
});
if (run.status === 0) process.exit(0);

const why =
  run.error?.code === 'ETIMEDOUT'
    ? `no answer in ${TIMEOUT_MS / 60_000} minutes`
    : ((run.stderr ?? '').split('\n').find((l) => /error/i.test(l)) ?? `exit status ${run.status}`).trim();
process.stderr.write(
  [
    `wirepool: the desktop runtime (Electron ${version}) could not be downloaded: ${why}.`,
    'wirepool: the install goes on without it; `npm start` will open the browser UI instead.',
    'wirepool: to get the desktop app, run `npm run desktop:install` where the download works',
    '          (ELECTRON_MIRROR=<url> names a mirror; ELECTRON_SKIP_BINARY_DOWNLOAD=1 skips this step).',
    '',
  ].join('\n'),
);
