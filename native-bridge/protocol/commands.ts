/**
 * The app's commands: what a menu item or its keys ask the UI to do (Go to Packet, Find, the
 * Statistics windows…). One table: Electron's application menu is built from it (its labels,
 * accelerators and order) and sends the chosen command to the page as a `command` event; in a
 * browser (`wirepool serve`) the page shows the same menus in a bar of its own and answers the
 * same keys. The UI carries each command out with the store's actions (renderer/src/commands.ts).
 * Runtime-free: electron/ and the renderer both import it.
 *
 * Accelerators are Electron's syntax (`CmdOrCtrl+Shift+N`) and Wireshark's keys where it has
 * them. `browserKeys: false`: the key is a browser's own (Ctrl+T opens a tab, Ctrl+N a window):
 * a page never sees it, so in a browser only the menu offers the command.
 */

/** The menus, in the menu bar's order (File and Edit are Electron's own: open, save, the clipboard). */
export const COMMAND_MENUS = ['Edit', 'View', 'Go', 'Capture', 'Analyze', 'Statistics'] as const;
export type CommandMenu = (typeof COMMAND_MENUS)[number];

export interface CommandSpec {
  readonly menu: CommandMenu;
  readonly label: string;
  readonly accelerator?: string;
  /** False when a browser keeps the accelerator for itself (the page never sees it). */
  readonly browserKeys?: false;
  /** A separator comes before this item. */
  readonly section?: true;
  /** A submenu the item is shown in (View ▸ Time Display Format ▸ …). */
  readonly submenu?: string;
}

const spec = <const T extends Record<string, CommandSpec>>(t: T): T => t;

export const COMMANDS = spec({
  // Edit (after Electron's clipboard items)
  findPacket: { menu: 'Edit', label: 'Find Packet…', accelerator: 'CmdOrCtrl+F', section: true },
  findNext: { menu: 'Edit', label: 'Find Next', accelerator: 'CmdOrCtrl+N', browserKeys: false },
  findPrevious: { menu: 'Edit', label: 'Find Previous', accelerator: 'CmdOrCtrl+B' },
  markPacket: { menu: 'Edit', label: 'Mark/Unmark Packet', accelerator: 'CmdOrCtrl+M', section: true },
  unmarkAll: { menu: 'Edit', label: 'Unmark All Displayed', accelerator: 'CmdOrCtrl+Alt+M' },
  nextMark: { menu: 'Edit', label: 'Next Mark', accelerator: 'CmdOrCtrl+Shift+N', browserKeys: false },
  previousMark: { menu: 'Edit', label: 'Previous Mark', accelerator: 'CmdOrCtrl+Shift+B' },
  timeReference: { menu: 'Edit', label: 'Set/Unset Time Reference', accelerator: 'CmdOrCtrl+T', browserKeys: false, section: true },
  // View
  timeDateTime: { menu: 'View', submenu: 'Time Display Format', label: 'Date and Time of Day', accelerator: 'CmdOrCtrl+Alt+1' },
  timeOfDay: { menu: 'View', submenu: 'Time Display Format', label: 'Time of Day', accelerator: 'CmdOrCtrl+Alt+2' },
  timeEpoch: { menu: 'View', submenu: 'Time Display Format', label: 'Seconds Since Epoch', accelerator: 'CmdOrCtrl+Alt+3' },
  timeRelative: {
    menu: 'View',
    submenu: 'Time Display Format',
    label: 'Seconds Since Beginning of Capture',
    accelerator: 'CmdOrCtrl+Alt+4',
  },
  timeDelta: {
    menu: 'View',
    submenu: 'Time Display Format',
    label: 'Seconds Since Previous Captured Packet',
    accelerator: 'CmdOrCtrl+Alt+5',
  },
  timeDeltaDisplayed: {
    menu: 'View',
    submenu: 'Time Display Format',
    label: 'Seconds Since Previous Displayed Packet',
    accelerator: 'CmdOrCtrl+Alt+6',
  },
  colorize: { menu: 'View', label: 'Colorize Packet List', section: true },
  coloringRules: { menu: 'View', label: 'Coloring Rules…' },
  expandSubtrees: { menu: 'View', label: 'Expand Subtrees', accelerator: 'Shift+Right', section: true },
  expandAll: { menu: 'View', label: 'Expand All', accelerator: 'CmdOrCtrl+Right' },
  collapseAll: { menu: 'View', label: 'Collapse All', accelerator: 'CmdOrCtrl+Left' },
  togglePoolPanel: { menu: 'View', label: 'Pool Panel', section: true },
  themeSystem: { menu: 'View', submenu: 'Theme', label: 'Follow the System' },
  themeLight: { menu: 'View', submenu: 'Theme', label: 'Light' },
  themeDark: { menu: 'View', submenu: 'Theme', label: 'Dark' },
  // Go
  goToPacket: { menu: 'Go', label: 'Go to Packet…', accelerator: 'CmdOrCtrl+G' },
  nextPacket: { menu: 'Go', label: 'Next Packet', accelerator: 'CmdOrCtrl+Down', section: true },
  previousPacket: { menu: 'Go', label: 'Previous Packet', accelerator: 'CmdOrCtrl+Up' },
  firstPacket: { menu: 'Go', label: 'First Packet', accelerator: 'CmdOrCtrl+Home' },
  lastPacket: { menu: 'Go', label: 'Last Packet', accelerator: 'CmdOrCtrl+End' },
  // Capture
  captureStart: { menu: 'Capture', label: 'Start', accelerator: 'CmdOrCtrl+E' },
  captureStop: { menu: 'Capture', label: 'Stop', accelerator: 'CmdOrCtrl+Shift+E' },
  // In a browser Ctrl+R reloads the page (a new session): the page leaves it to the browser.
  replay: { menu: 'Capture', label: 'Replay the File Again', accelerator: 'CmdOrCtrl+R', browserKeys: false, section: true },
  // Analyze
  displayFilter: { menu: 'Analyze', label: 'Display Filter', accelerator: 'CmdOrCtrl+/' },
  applyAsFilter: { menu: 'Analyze', label: 'Apply as Filter: Selected Field', section: true },
  prepareAsFilter: { menu: 'Analyze', label: 'Prepare as Filter: Selected Field' },
  followTcp: { menu: 'Analyze', label: 'Follow TCP Stream', accelerator: 'CmdOrCtrl+Alt+Shift+T', section: true },
  followUdp: { menu: 'Analyze', label: 'Follow UDP Stream', accelerator: 'CmdOrCtrl+Alt+Shift+U' },
  expertInfo: { menu: 'Analyze', label: 'Expert Information', section: true },
  // Statistics
  protocolHierarchy: { menu: 'Statistics', label: 'Protocol Hierarchy' },
  conversations: { menu: 'Statistics', label: 'Conversations' },
  endpoints: { menu: 'Statistics', label: 'Endpoints' },
  ioGraph: { menu: 'Statistics', label: 'I/O Graph' },
});

export type CommandName = keyof typeof COMMANDS;
export const COMMAND_NAMES = Object.keys(COMMANDS) as CommandName[];
export const isCommandName = (s: string): s is CommandName => Object.hasOwn(COMMANDS, s);

/** The commands of `menu`, in the table's order. */
export const menuCommands = (menu: CommandMenu): CommandName[] => COMMAND_NAMES.filter((n) => COMMANDS[n].menu === menu);

/** A key press as the accelerators see it. */
export interface KeyPress {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
}

// Electron's key names for the keys the table uses, as KeyboardEvent.key gives them.
const KEY_NAMES: Record<string, string> = { Down: 'ArrowDown', Up: 'ArrowUp', Left: 'ArrowLeft', Right: 'ArrowRight' };

/**
 * Whether key press `e` is accelerator `acc` (CmdOrCtrl is Cmd on macOS, Ctrl elsewhere). With
 * Alt, `KeyboardEvent.key` may be a composed character (macOS: Alt+1 gives ¡), so digits and
 * letters are compared by `code` when one is given.
 */
export function matchesAccelerator(acc: string, e: KeyPress & { code?: string }, mac: boolean): boolean {
  const parts = acc.split('+');
  const key = parts.pop()!;
  const mods = new Set(parts);
  const ctrl = mods.has('Ctrl') || (!mac && mods.has('CmdOrCtrl'));
  const meta = mods.has('Cmd') || (mac && mods.has('CmdOrCtrl'));
  if (e.ctrlKey !== ctrl || e.metaKey !== meta || e.altKey !== mods.has('Alt') || e.shiftKey !== mods.has('Shift')) return false;
  const want = KEY_NAMES[key] ?? key;
  if (e.key.toLowerCase() === want.toLowerCase()) return true;
  if (e.code === undefined) return false;
  if (/^[0-9]$/.test(key)) return e.code === `Digit${key}`;
  if (/^[A-Z]$/.test(key)) return e.code === `Key${key}`;
  return key === '/' && e.code === 'Slash';
}

/** The command key press `e` asks for in a browser, if any. */
export function commandForKey(e: KeyPress & { code?: string }, mac: boolean): CommandName | undefined {
  for (const name of COMMAND_NAMES) {
    const c: CommandSpec = COMMANDS[name];
    if (c.accelerator !== undefined && c.browserKeys !== false && matchesAccelerator(c.accelerator, e, mac)) return name;
  }
  return undefined;
}

/** An accelerator as a menu shows it in a browser (`Ctrl+Shift+N`, `⌘G` on a Mac). */
export function acceleratorText(acc: string, mac: boolean): string {
  const text = acc.replace('CmdOrCtrl', mac ? 'Cmd' : 'Ctrl');
  return mac ? text.replace('Cmd+', '⌘').replace('Alt+', '⌥').replace('Shift+', '⇧').replace('Ctrl+', '⌃') : text;
}
