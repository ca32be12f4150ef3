import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import { type MenuActions, menuTemplate } from '../../electron/menu.js';
import { COMMAND_NAMES, COMMANDS, type CommandName } from '../../native-bridge/protocol/index.js';

const calls: string[] = [];
const actions: MenuActions = {
  open: () => calls.push('open'),
  openRecent: (f) => calls.push(`recent ${f}`),
  clearRecent: () => calls.push('clear'),
  saveAs: () => calls.push('saveAs'),
  recent: () => ['/c/one.pcapng'],
  command: (name) => calls.push(`command ${name}`),
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
      expect(roles(edit).slice(0, 8)).toEqual(['undo', 'redo', 'separator', 'cut', 'copy', 'paste', 'separator', 'selectAll']);
    }
  });

  it('offers the DevTools toggle only when DevTools are enabled', () => {
    const view = (devTools: boolean) => roles(submenu(menuTemplate(actions, { platform: 'linux', devTools }), '&View'));
    expect(view(true)).toContain('toggleDevTools');
    expect(view(false)).not.toContain('toggleDevTools');
    // Reloading the page drops the session: only with DevTools, and not on Ctrl+R (the app's replay).
    expect(view(false)).not.toContain('reload');
    expect(view(false).slice(-6)).toEqual(['separator', 'resetZoom', 'zoomIn', 'zoomOut', 'separator', 'togglefullscreen']);
    const reload = submenu(menuTemplate(actions, { platform: 'linux', devTools: true }), '&View').find((i) => i.role === 'reload');
    expect(reload?.accelerator).toBe('F5');
  });

  it("has the app menu on macOS only, then File, Edit, View and Wireshark's Go, Capture, Analyze, Statistics", () => {
    const menus = ['&File', '&Edit', '&View', '&Go', '&Capture', '&Analyze', '&Statistics'];
    expect(menuTemplate(actions, { platform: 'darwin', devTools: false }).map((i) => i.role ?? i.label)).toEqual(['appMenu', ...menus]);
    expect(menuTemplate(actions, { platform: 'linux', devTools: false }).map((i) => i.role ?? i.label)).toEqual(menus);
  });

  it('shows every command once, in its menu, with its accelerator; choosing one sends it to the page', () => {
    const found = new Map<string, MenuItemConstructorOptions>();
    const walk = (items: MenuItemConstructorOptions[]) => {
      for (const i of items) {
        if (Array.isArray(i.submenu)) walk(i.submenu);
        else if (i.id !== undefined) {
          expect(found.has(i.id)).toBe(false);
          found.set(i.id, i);
        }
      }
    };
    const template = menuTemplate(actions, { platform: 'linux', devTools: true });
    walk(template);
    expect([...found.keys()].sort()).toEqual([...COMMAND_NAMES].sort());
    calls.length = 0;
    for (const name of COMMAND_NAMES) {
      const item = found.get(name)!;
      const spec: { label: string; accelerator?: string; menu: string } = COMMANDS[name];
      expect(item.label).toBe(spec.label);
      expect(item.accelerator).toBe(spec.accelerator);
      // In the menu the table names (a top-level item's label without its & mnemonic).
      const menu = template.find((m) => m.label?.replace('&', '') === spec.menu);
      expect(JSON.stringify(menu?.submenu, (k, v) => (k === 'click' ? undefined : v))).toContain(`"id":"${name}"`);
      (item.click as () => void)();
    }
    expect(calls).toEqual(COMMAND_NAMES.map((n: CommandName) => `command ${n}`));
  });

  it('gives no two items the same keys (a menu accelerator reaches one item only)', () => {
    const keys: string[] = [];
    const walk = (items: MenuItemConstructorOptions[]) => {
      for (const i of items) {
        if (Array.isArray(i.submenu)) walk(i.submenu);
        if (typeof i.accelerator === 'string') keys.push(i.accelerator);
      }
    };
    walk(menuTemplate(actions, { platform: 'linux', devTools: true }));
    expect(keys.length).toBeGreaterThan(20);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('File items call their actions; Open Recent lists the files', () => {
    calls.length = 0;
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
