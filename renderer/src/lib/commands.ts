/**
 * Who carries out each of the app's commands (protocol/commands.ts) in this page: the part of
 * the UI that owns what the command changes registers a handler for it (the store's actions for
 * most, a view for what it keeps itself: the detail tree's open nodes, the capture's chosen
 * interfaces). The menu bar, Electron's menu (a `command` message) and the keys all run a
 * command through here, so each is carried out one way. No React: the views bind it
 * (views/commands.tsx).
 */
import { type CommandName, type KeyPress, commandForKey } from '../../../native-bridge/protocol/index.js';

export interface CommandHandler {
  run(): void;
  /** Whether it can be carried out now (default: yes); the menus grey it out otherwise. */
  enabled?(): boolean;
  /** A toggle's or a choice's state (the menus show a check). */
  checked?(): boolean;
}

export class CommandRegistry {
  readonly #handlers = new Map<CommandName, CommandHandler>();
  readonly #listeners = new Set<() => void>();

  /** Makes `handler` carry out `name` until the returned function is called. */
  register(name: CommandName, handler: CommandHandler): () => void {
    this.#handlers.set(name, handler);
    this.#changed();
    return () => {
      if (this.#handlers.get(name) !== handler) return;
      this.#handlers.delete(name);
      this.#changed();
    };
  }

  has(name: CommandName): boolean {
    return this.#handlers.has(name);
  }

  enabled(name: CommandName): boolean {
    const h = this.#handlers.get(name);
    return h !== undefined && (h.enabled?.() ?? true);
  }

  checked(name: CommandName): boolean {
    return this.#handlers.get(name)?.checked?.() ?? false;
  }

  /** Carries out `name` if it can be now; false when it cannot (no handler, or disabled). */
  run(name: CommandName): boolean {
    const h = this.#handlers.get(name);
    if (h === undefined || !(h.enabled?.() ?? true)) return false;
    h.run();
    return true;
  }

  /** Called when the set of handlers changes (a menu showing them re-renders). */
  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #changed(): void {
    for (const l of this.#listeners) l();
  }
}

const EDITING_KEYS = new Set(['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown', 'Home', 'End']);

/** What a key press's target is, as far as the commands care. */
export interface KeyTarget {
  /** A text field (input, textarea, select, contenteditable): its own keys move the caret. */
  editable: boolean;
}

/**
 * The command a key press asks for in a browser, if the page should take it: not a key a text
 * field uses itself (Ctrl+Left moves the caret a word, Shift+Right selects), and not one a
 * focused part of the page already handled (`handled`: its default was prevented).
 */
export function commandForPress(
  e: KeyPress & { code?: string },
  target: KeyTarget,
  handled: boolean,
  mac: boolean,
): CommandName | undefined {
  if (handled) return undefined;
  if (target.editable && EDITING_KEYS.has(e.key)) return undefined;
  return commandForKey(e, mac);
}
