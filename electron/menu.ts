/**
 * The application menu's template: the macOS app menu, File (Open, Open Recent, Save As, Quit),
 * then Edit, View, Go, Capture, Analyze and Statistics, whose items are the app's commands
 * (protocol/commands.ts: labels, accelerators, order) sent to the page, which carries them out.
 * Only a type comes from electron (main.ts builds the menu), so the template is unit-tested as data.
 */
import type { MenuItemConstructorOptions } from 'electron';
import path from 'node:path';
import { COMMANDS, type CommandMenu, type CommandName, type CommandSpec, menuCommands } from '../native-bridge/protocol/index.js';

export interface MenuActions {
  open(): void;
  openRecent(file: string): void;
  clearRecent(): void;
  saveAs(): void;
  recent(): readonly string[];
  /** A command item was chosen: the page carries it out. */
  command(name: CommandName): void;
}

export interface MenuOptions {
  platform: NodeJS.Platform;
  /** Offer View ▸ Toggle Developer Tools (devtools.ts decides). */
  devTools: boolean;
}

const DEV_ITEMS: MenuItemConstructorOptions[] = [{ type: 'separator' }, { role: 'reload', accelerator: 'F5' }, { role: 'toggleDevTools' }];

/** Menu `menu`'s command items, in the table's order: separators before sections, submenus grouped. */
export function commandItems(menu: CommandMenu, command: (name: CommandName) => void): MenuItemConstructorOptions[] {
  const items: MenuItemConstructorOptions[] = [];
  const subs = new Map<string, MenuItemConstructorOptions[]>();
  for (const name of menuCommands(menu)) {
    const c: CommandSpec = COMMANDS[name];
    const item: MenuItemConstructorOptions = {
      id: name,
      label: c.label,
      ...(c.accelerator === undefined ? {} : { accelerator: c.accelerator }),
      click: () => command(name),
    };
    if (c.submenu !== undefined) {
      let sub = subs.get(c.submenu);
      if (sub === undefined) {
        sub = [];
        subs.set(c.submenu, sub);
        if (c.section && items.length > 0) items.push({ type: 'separator' });
        items.push({ label: c.submenu, submenu: sub });
      }
      sub.push(item);
      continue;
    }
    if (c.section && items.length > 0) items.push({ type: 'separator' });
    items.push(item);
  }
  return items;
}

export function menuTemplate(actions: MenuActions, options: MenuOptions): MenuItemConstructorOptions[] {
  const recent = actions.recent();
  const recentItems: MenuItemConstructorOptions[] =
    recent.length === 0
      ? [{ label: 'No Recent Files', enabled: false }]
      : [
          ...recent.map(
            (f, i): MenuItemConstructorOptions => ({
              label: `${i + 1}  ${path.basename(f)}`,
              sublabel: f,
              click: () => actions.openRecent(f),
            }),
          ),
          { type: 'separator' },
          { label: 'Clear Recent', click: () => actions.clearRecent() },
        ];
  return [
    ...(options.platform === 'darwin' ? [{ role: 'appMenu' } as MenuItemConstructorOptions] : []),
    {
      label: '&File',
      submenu: [
        { label: '&Open…', accelerator: 'CmdOrCtrl+O', click: () => actions.open() },
        { label: 'Open &Recent', submenu: recentItems },
        { type: 'separator' },
        { label: 'Save &As…', accelerator: 'CmdOrCtrl+Shift+S', click: () => actions.saveAs() },
        { type: 'separator' },
        { role: 'quit' },
      ],
    },
    {
      // On macOS, Cmd+C/V/X/A/Z reach a text field (the filter box) only through menu items with
      // these roles (electron#3787); elsewhere they give the same keys a visible home.
      label: '&Edit',
      submenu: [
        { role: 'undo' },
        { role: 'redo' },
        { type: 'separator' },
        { role: 'cut' },
        { role: 'copy' },
        { role: 'paste' },
        { type: 'separator' },
        { role: 'selectAll' },
        { type: 'separator' },
        ...commandItems('Edit', actions.command),
      ],
    },
    {
      label: '&View',
      submenu: [
        ...commandItems('View', actions.command),
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
        // Reloading the page starts a new session (the run is lost): a developer's tool, on F5
        // (Ctrl+R is Wireshark's Reload, the app's replay).
        ...(options.devTools ? DEV_ITEMS : []),
      ],
    },
    { label: '&Go', submenu: commandItems('Go', actions.command) },
    { label: '&Capture', submenu: commandItems('Capture', actions.command) },
    { label: '&Analyze', submenu: commandItems('Analyze', actions.command) },
    { label: '&Statistics', submenu: commandItems('Statistics', actions.command) },
  ];
}
