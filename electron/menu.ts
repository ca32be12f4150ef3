/**
 * The application menu's template: the macOS app menu, File (Open, Open Recent, Save As, Quit),
 * Edit and View. Only a type comes from electron (main.ts builds the menu), so the template is
 * unit-tested as data.
 */
import type { MenuItemConstructorOptions } from 'electron';
import path from 'node:path';

export interface MenuActions {
  open(): void;
  openRecent(file: string): void;
  clearRecent(): void;
  saveAs(): void;
  recent(): readonly string[];
}

export interface MenuOptions {
  platform: NodeJS.Platform;
  /** Offer View ▸ Toggle Developer Tools (devtools.ts decides). */
  devTools: boolean;
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
      ],
    },
    {
      label: '&View',
      submenu: [
        { role: 'reload' },
        ...(options.devTools ? [{ role: 'toggleDevTools' } as MenuItemConstructorOptions] : []),
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
  ];
}
