/**
 * Electron's main process: one window, its menu, and an AppHost per page load. The engine runs
 * in a worker thread of this process (EngineThread); batches come here by transfer and go on to
 * the renderer over a MessageChannelMain port (Electron's one copy), then back to the pool.
 *
 *   engine worker ──transfer──▶ main (AppHost) ──MessagePortMain (clone)──▶ renderer
 *                 ◀─giveBack───
 */
import { BrowserWindow, MessageChannelMain, Menu, app, dialog } from 'electron';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppHost, startEngineThread } from '../native-bridge/host/index.js';
import type { CommandName } from '../native-bridge/protocol/index.js';
import { registerAppScheme, serveRenderer } from './app-protocol.js';
import { fileFromArgv } from './argv.js';
import { devToolsEnabled } from './devtools.js';
import { APP_NAME, userDataDir } from './identity.js';
import { menuTemplate } from './menu.js';
import { MessagePortMainTransport } from './port-transport.js';
import { takeReadyReport } from './ready-signal.js';
import { RecentFiles } from './recent.js';
import { APP_ORIGIN, guardNavigation, hardenApp, webPreferences } from './security.js';

// First, before anything reads the user-data folder (the single-instance lock below, Open
// Recent): the same name and folder in development (`electron .`) as in a packaged build.
app.setName(APP_NAME);
app.setPath('userData', userDataDir(app.getPath('appData')));

const here = path.dirname(fileURLToPath(import.meta.url));
const RENDERER_ROOT = path.join(here, '..', 'renderer');
const PRELOAD = path.join(here, 'preload.cjs');
const CAPTURE_FILTERS = [
  { name: 'Captures', extensions: ['pcapng', 'pcap', 'cap', 'ntar'] },
  { name: 'All files', extensions: ['*'] },
];

const devTools = devToolsEnabled(app.isPackaged, process.env);
/** Tells `npm start` the window is up (a no-op unless it asked: see ready-signal.ts). */
const reportReady = takeReadyReport(process.env, (line) => process.stderr.write(line));

let window: BrowserWindow | undefined;
let host: AppHost | undefined;
let pendingFile = fileFromCommandLine(process.argv, process.cwd());
let recent: RecentFiles;

registerAppScheme();
if (!app.requestSingleInstanceLock()) app.quit();

/**
 * Asks before discarding a live capture that was not saved (it lives in a temporary spool that
 * the next run removes), as Wireshark does. True when there is none, or the user says discard.
 */
function mayDiscardCapture(what: string): boolean {
  const c = host?.unsavedCapture();
  if (c === undefined || window === undefined) return true;
  const choice = dialog.showMessageBoxSync(window, {
    type: 'warning',
    buttons: ['Discard', 'Cancel'],
    defaultId: 1,
    cancelId: 1,
    message: `The capture on ${c.iface} (${c.packets} packets) has not been saved.`,
    detail: `${what} discards it. To keep it, cancel and use File ▸ Save As.`,
  });
  return choice === 0;
}

/**
 * The file a command line names, as an absolute path (relative to `cwd`, the folder of the
 * process that was launched). One it refuses (a URL of another scheme or machine, from the
 * desktop entry's %U) is shown in an error box and dropped.
 */
function fileFromCommandLine(argv: readonly string[], cwd: string): string | undefined {
  const arg = fileFromArgv(argv, { packaged: app.isPackaged, cwd, platform: process.platform });
  if (arg === undefined || 'path' in arg) return arg?.path;
  const { what, hint } = arg.refused;
  const show = (): void => dialog.showErrorBox('Wirepool cannot open this file', `${what}.${hint ? `\n\nTo open it: ${hint}.` : ''}`);
  if (app.isReady()) show();
  else void app.whenReady().then(show);
  return undefined;
}

/** A file to open in the window: now if a page is connected, else when the next one says hello. */
function openFile(file: string): void {
  if (!mayDiscardCapture('Opening another file')) return;
  recent.add(file);
  app.addRecentDocument(file);
  refreshMenu();
  if (host) void host.open(file);
  else pendingFile = file;
}

async function showOpenDialog(): Promise<string | undefined> {
  if (!window) return undefined;
  const r = await dialog.showOpenDialog(window, { properties: ['openFile'], filters: CAPTURE_FILTERS });
  const file = r.canceled ? undefined : r.filePaths[0];
  if (file !== undefined) {
    recent.add(file);
    refreshMenu();
  }
  return file;
}

async function saveAs(): Promise<void> {
  if (!window || !host) return;
  const r = await dialog.showSaveDialog(window, {
    filters: [
      { name: 'pcapng', extensions: ['pcapng'] },
      { name: 'pcap', extensions: ['pcap'] },
    ],
  });
  if (r.canceled || r.filePath === undefined) return;
  try {
    // The native dialog asked before choosing an existing file: it may be replaced (atomically).
    await host.save(r.filePath, r.filePath.endsWith('.pcap') ? 'pcap' : 'pcapng', true);
  } catch (e) {
    dialog.showErrorBox('Save As failed', (e as Error).message);
  }
}

function refreshMenu(): void {
  const actions = {
    open: () => void showOpenDialog().then((f) => (f === undefined ? undefined : openFile(f))),
    openRecent: (f: string) => openFile(f),
    clearRecent: () => {
      recent.clear();
      app.clearRecentDocuments();
      refreshMenu();
    },
    saveAs: () => void saveAs(),
    recent: () => recent.list(),
    // The page carries the command out; with no page connected there is nothing to act on.
    command: (name: CommandName) => host?.command(name),
  };
  Menu.setApplicationMenu(Menu.buildFromTemplate(menuTemplate(actions, { platform: process.platform, devTools })));
}

/** Each page load gets a fresh channel and AppHost (a reload drops the old session). */
function connectPage(win: BrowserWindow): void {
  void host?.close();
  const { port1, port2 } = new MessageChannelMain();
  const file = pendingFile;
  pendingFile = undefined;
  host = new AppHost(new MessagePortMainTransport(port1), {
    engine: startEngineThread,
    version: app.getVersion(),
    desktop: true,
    openDialog: showOpenDialog,
    ...(file === undefined ? {} : { openOnWelcome: file }),
  });
  win.webContents.postMessage('wirepool:port', null, [port2]);
}

function createWindow(): void {
  const win = new BrowserWindow({
    width: 1400,
    height: 900,
    title: 'Wirepool',
    show: false,
    webPreferences: webPreferences(PRELOAD, devTools),
  });
  guardNavigation(win.webContents, openFile);
  win.webContents.on('did-finish-load', () => connectPage(win));
  win.once('ready-to-show', () => {
    win.show();
    reportReady();
  });
  win.on('close', (event) => {
    if (!mayDiscardCapture('Closing the window')) event.preventDefault();
  });
  win.on('closed', () => {
    void host?.close();
    host = undefined;
    window = undefined;
  });
  void win.loadURL(`${APP_ORIGIN}/index.html`);
  window = win;
}

// A second launch hands its command line to this window; its relative paths are relative to
// the folder it was launched in, not this one's.
app.on('second-instance', (_e, argv, workingDirectory) => {
  const file = fileFromCommandLine(argv, workingDirectory);
  if (file !== undefined) openFile(file);
  if (window?.isMinimized()) window.restore();
  window?.focus();
});

// macOS: a file dropped on the dock icon or opened from Finder.
app.on('open-file', (event, file) => {
  event.preventDefault();
  if (app.isReady()) openFile(file);
  else pendingFile = file;
});

app.on('window-all-closed', () => app.quit());

void app.whenReady().then(() => {
  recent = new RecentFiles(app.getPath('userData'));
  if (pendingFile !== undefined) recent.add(pendingFile);
  hardenApp();
  serveRenderer(RENDERER_ROOT);
  refreshMenu();
  createWindow();
});
