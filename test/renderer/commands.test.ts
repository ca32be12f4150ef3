import { describe, expect, it } from 'vitest';
import { CommandRegistry, commandForPress } from '../../renderer/src/lib/commands.js';

const press = (key: string, mods: { ctrlKey?: boolean; shiftKey?: boolean; altKey?: boolean; code?: string } = {}) => ({
  key,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  shiftKey: false,
  ...mods,
});

describe('the page carries out each command one way', () => {
  it('runs the handler registered last, only while it is enabled; says when nothing ran', () => {
    const r = new CommandRegistry();
    const ran: string[] = [];
    let changes = 0;
    r.subscribe(() => changes++);
    expect(r.run('goToPacket')).toBe(false);
    const off = r.register('goToPacket', { run: () => ran.push('a') });
    let ok = false;
    r.register('markPacket', { run: () => ran.push('mark'), enabled: () => ok, checked: () => ok });
    expect(r.run('goToPacket')).toBe(true);
    expect(r.enabled('markPacket')).toBe(false);
    expect(r.run('markPacket')).toBe(false);
    ok = true;
    expect(r.checked('markPacket')).toBe(true);
    expect(r.run('markPacket')).toBe(true);
    // A view that mounts again replaces the handler; the old one's cleanup does not remove the new.
    r.register('goToPacket', { run: () => ran.push('b') });
    off();
    expect(r.run('goToPacket')).toBe(true);
    expect(ran).toEqual(['a', 'mark', 'b']);
    expect(changes).toBe(3);
  });

  it('leaves a text field its own keys (Ctrl+Left moves the caret a word) and keys a focused part handled', () => {
    expect(commandForPress(press('ArrowRight', { ctrlKey: true }), { editable: false }, false, false)).toBe('expandAll');
    expect(commandForPress(press('ArrowRight', { ctrlKey: true }), { editable: true }, false, false)).toBeUndefined();
    expect(commandForPress(press('ArrowDown', { ctrlKey: true }), { editable: true }, false, false)).toBeUndefined();
    expect(commandForPress(press('g', { ctrlKey: true }), { editable: true }, false, false)).toBe('goToPacket');
    expect(commandForPress(press('g', { ctrlKey: true }), { editable: false }, true, false)).toBeUndefined();
  });
});
