import { describe, expect, it } from 'vitest';
import {
  COMMAND_NAMES,
  COMMANDS,
  acceleratorText,
  commandForKey,
  isCommandName,
  type KeyPress,
  matchesAccelerator,
} from '../../native-bridge/protocol/index.js';

const key = (k: string, mods: Partial<KeyPress> & { code?: string } = {}) => ({
  key: k,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  shiftKey: false,
  ...mods,
});

describe('the app commands (one table for the menu and the keys)', () => {
  it("maps Wireshark's keys to their commands, Ctrl on Linux and Windows, Cmd on macOS", () => {
    expect(commandForKey(key('g', { ctrlKey: true }), false)).toBe('goToPacket');
    expect(commandForKey(key('g', { metaKey: true }), true)).toBe('goToPacket');
    expect(commandForKey(key('g', { metaKey: true }), false)).toBeUndefined();
    expect(commandForKey(key('f', { ctrlKey: true }), false)).toBe('findPacket');
    expect(commandForKey(key('M', { ctrlKey: true, shiftKey: false, code: 'KeyM' }), false)).toBe('markPacket');
    expect(commandForKey(key('ArrowRight', { ctrlKey: true }), false)).toBe('expandAll');
    expect(commandForKey(key('ArrowRight', { shiftKey: true }), false)).toBe('expandSubtrees');
    expect(commandForKey(key('ArrowDown', { ctrlKey: true }), false)).toBe('nextPacket');
    expect(commandForKey(key('/', { ctrlKey: true, code: 'Slash' }), false)).toBe('displayFilter');
    // Alt+digit composes a character on a Mac keyboard: the code still says which key.
    expect(commandForKey(key('¡', { metaKey: true, altKey: true, code: 'Digit1' }), true)).toBe('timeDateTime');
    expect(commandForKey(key('T', { ctrlKey: true, altKey: true, shiftKey: true, code: 'KeyT' }), false)).toBe('followTcp');
    // A modifier too many or too few is another key.
    expect(commandForKey(key('g', { ctrlKey: true, shiftKey: true }), false)).toBeUndefined();
    expect(commandForKey(key('g'), false)).toBeUndefined();
  });

  it("leaves a browser's own keys to the browser (Ctrl+T, Ctrl+N, Ctrl+R): the menu offers those commands", () => {
    expect(matchesAccelerator(COMMANDS.timeReference.accelerator, key('t', { ctrlKey: true }), false)).toBe(true);
    expect(commandForKey(key('t', { ctrlKey: true }), false)).toBeUndefined();
    expect(commandForKey(key('n', { ctrlKey: true }), false)).toBeUndefined();
    expect(commandForKey(key('r', { ctrlKey: true }), false)).toBeUndefined();
  });

  it('gives every accelerator to one command only and shows it as the platform writes it', () => {
    const accs = COMMAND_NAMES.map((n) => (COMMANDS[n] as { accelerator?: string }).accelerator).filter((a) => a !== undefined);
    expect(new Set(accs).size).toBe(accs.length);
    expect(acceleratorText('CmdOrCtrl+Shift+N', false)).toBe('Ctrl+Shift+N');
    expect(acceleratorText('CmdOrCtrl+G', true)).toBe('⌘G');
    expect(isCommandName('goToPacket')).toBe(true);
    expect(isCommandName('toString')).toBe(false);
  });
});
