/** The application menu: File (Open, Open Recent, Save As, Quit) and View. */
import { Menu, type MenuItemConstructorOptions } from 'electron';
import path from 'node:path';

export interface MenuActions {
  open(): void;
  openRecent(file: string): void;
  clearRecent(): void;
  saveAs(): void;
  recent(): readonly string[];
}

export function buildMenu(actions: MenuActions): Menu {
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
  const template: MenuItemConstructorOptions[] = [
    ...(process.platform === 'darwin' ? [{ role: 'appMenu' } as MenuItemConstructorOptions] : []),
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
      label: '&View',
      submenu: [
        { role: 'reload' },
        { role: 'toggleDevTools' },
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
  ];
  return Menu.buildFromTemplate(template);
}
