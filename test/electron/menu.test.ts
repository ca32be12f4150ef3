import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import { type MenuActions, menuTemplate } from '../../electron/menu.js';

const calls: string[] = [];
const actions: MenuActions = {
  open: () => calls.push('open'),
  openRecent: (f) => calls.push(`recent ${f}`),
  clearRecent: () => calls.push('clear'),
  saveAs: () => calls.push('saveAs'),
  recent: () => ['/c/one.pcapng'],
};

const submenu = (t: MenuItemConstructorOptions[], label: string): MenuItemConstructorOptions[] => {
  const m = t.find((i) => i.label === label)?.submenu;
  if (!Array.isArray(m)) throw new Error(`no ${label} menu`);
  return m;
};
const roles = (items: MenuItemConstructorOptions[]) => items.map((i) => i.role ?? i.type ?? i.label);

describe('electron: the application menu', () => {
  it('has an Edit menu with the roles that make Cmd+Z/C/V/X/A reach text fields on macOS (electron#3787), on every platform', () => {
    for (const platform of ['darwin', 'linux', 'win32'] as const) {
      const edit = submenu(menuTemplate(actions, { platform, devTools: false }), '&Edit');
      expect(roles(edit)).toEqual(['undo', 'redo', 'separator', 'cut', 'copy', 'paste', 'separator', 'selectAll']);
    }
  });

  it('offers the DevTools toggle only when DevTools are enabled', () => {
    const view = (devTools: boolean) => roles(submenu(menuTemplate(actions, { platform: 'linux', devTools }), '&View'));
    expect(view(true)).toContain('toggleDevTools');
    expect(view(false)).not.toContain('toggleDevTools');
    expect(view(false)).toEqual(['reload', 'separator', 'resetZoom', 'zoomIn', 'zoomOut', 'separator', 'togglefullscreen']);
  });

  it('has the app menu on macOS only, then File, Edit, View', () => {
    expect(menuTemplate(actions, { platform: 'darwin', devTools: false }).map((i) => i.role ?? i.label)).toEqual([
      'appMenu',
      '&File',
      '&Edit',
      '&View',
    ]);
    expect(menuTemplate(actions, { platform: 'linux', devTools: false }).map((i) => i.role ?? i.label)).toEqual([
      '&File',
      '&Edit',
      '&View',
    ]);
  });

  it('File items call their actions; Open Recent lists the files', () => {
    const file = submenu(menuTemplate(actions, { platform: 'linux', devTools: false }), '&File');
    const click = (i: MenuItemConstructorOptions | undefined) => (i?.click as (() => void) | undefined)?.();
    click(file.find((i) => i.label === '&Open…'));
    click(file.find((i) => i.label === 'Save &As…'));
    const recent = submenu(file, 'Open &Recent');
    expect(recent[0]).toMatchObject({ label: '1  one.pcapng', sublabel: '/c/one.pcapng' });
    click(recent[0]);
    click(recent.find((i) => i.label === 'Clear Recent'));
    expect(calls).toEqual(['open', 'saveAs', 'recent /c/one.pcapng', 'clear']);
    const none = submenu(
      submenu(menuTemplate({ ...actions, recent: () => [] }, { platform: 'linux', devTools: false }), '&File'),
      'Open &Recent',
    );
    expect(none).toEqual([{ label: 'No Recent Files', enabled: false }]);
  });
});
