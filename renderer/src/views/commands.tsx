import { createContext, useContext, useEffect, useRef, useSyncExternalStore, type ReactNode } from 'react';
import type { CommandName } from '../../../native-bridge/protocol/index.js';
import { type CommandHandler, CommandRegistry, commandForPress } from '../lib/commands.js';

// Without a provider (a view rendered on its own in a test) the commands go to a registry of
// their own, which nothing runs.
const Commands = createContext<CommandRegistry>(new CommandRegistry());

export function CommandsProvider({ registry, children }: { registry: CommandRegistry; children: ReactNode }): ReactNode {
  return <Commands.Provider value={registry}>{children}</Commands.Provider>;
}

export function useCommands(): CommandRegistry {
  return useContext(Commands);
}

/**
 * Carries out command `name` with `handler` while the component is mounted. The handler may
 * change every render (it closes over the component's state): the latest one runs.
 */
export function useCommand(name: CommandName, handler: CommandHandler): void {
  const registry = useCommands();
  const latest = useRef(handler);
  latest.current = handler;
  useEffect(
    () =>
      registry.register(name, {
        run: () => latest.current.run(),
        enabled: () => latest.current.enabled?.() ?? true,
        checked: () => latest.current.checked?.() ?? false,
      }),
    [registry, name],
  );
}

/** Re-renders when handlers come and go (the menu bar). */
export function useCommandsVersion(registry: CommandRegistry): number {
  const version = useRef(0);
  return useSyncExternalStore(
    (l) =>
      registry.subscribe(() => {
        version.current++;
        l();
      }),
    () => version.current,
  );
}

/** On a Mac the keys are Cmd's (CmdOrCtrl). */
export const IS_MAC = typeof navigator !== 'undefined' && /Mac/.test(navigator.platform);

/**
 * The commands' keys, anywhere on the page, in a browser. In Electron the application menu owns
 * the accelerators (and sends the command), so the page leaves them alone.
 */
export function useCommandKeys(enabled: boolean): void {
  const registry = useCommands();
  useEffect(() => {
    if (!enabled) return;
    const onKey = (e: KeyboardEvent): void => {
      const t = e.target as HTMLElement | null;
      const editable = t !== null && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName));
      const name = commandForPress(e, { editable }, e.defaultPrevented, IS_MAC);
      if (name !== undefined && registry.run(name)) e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [registry, enabled]);
}
