import { Fragment, useEffect, useRef, useState, type ReactNode } from 'react';
import {
  COMMAND_MENUS,
  COMMANDS,
  type CommandMenu,
  type CommandName,
  type CommandSpec,
  acceleratorText,
  menuCommands,
} from '../../../native-bridge/protocol/index.js';
import { IS_MAC } from './commands.js';

interface MenuBarProps {
  run(name: CommandName): void;
  enabled(name: CommandName): boolean;
  /** Whether a toggle or choice is on (a check mark beside it). */
  checked(name: CommandName): boolean;
}

/** One menu's items: sections split by a rule, submenus (Time Display Format, Theme) as labelled groups. */
function MenuItems({ menu, run, enabled, checked, close }: MenuBarProps & { menu: CommandMenu; close(): void }): ReactNode {
  let lastSub: string | undefined;
  return menuCommands(menu).map((name, i) => {
    const c: CommandSpec = COMMANDS[name];
    const sub = c.submenu !== lastSub && c.submenu !== undefined ? c.submenu : undefined;
    const rule = i > 0 && (c.section === true || (c.submenu !== lastSub && (c.submenu !== undefined || lastSub !== undefined)));
    lastSub = c.submenu;
    const keys = c.accelerator !== undefined && c.browserKeys !== false ? acceleratorText(c.accelerator, IS_MAC) : '';
    const choose = (): void => {
      close();
      run(name);
    };
    return (
      <Fragment key={name}>
        {rule ? <hr /> : null}
        {sub === undefined ? null : <div className="menu-heading">{sub}</div>}
        <button
          type="button"
          // A checked item is a checkbox item (a toggle, a choice made); aria-checked goes with that role only.
          {...(checked(name) ? { role: 'menuitemcheckbox', 'aria-checked': true } : { role: 'menuitem' })}
          data-testid={`command-${name}`}
          className={c.submenu === undefined ? undefined : 'in-submenu'}
          disabled={!enabled(name)}
          onClick={choose}
        >
          <span className="check">{checked(name) ? '✓' : ''}</span>
          <span className="label">{c.label}</span>
          <span className="keys">{keys}</span>
        </button>
      </Fragment>
    );
  });
}

/**
 * The desktop menus in a browser (serve mode has no window menu): Edit, View, Go, Capture,
 * Analyze and Statistics with the commands Electron's menu shows (protocol/commands.ts), and the
 * keys that reach a page.
 */
export function MenuBar(props: MenuBarProps): ReactNode {
  const [open, setOpen] = useState<CommandMenu | undefined>(undefined);
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (open === undefined) return;
    const away = (e: MouseEvent): void => {
      if (!ref.current?.contains(e.target as Node)) setOpen(undefined);
    };
    const key = (e: KeyboardEvent): void => {
      if (e.key === 'Escape') setOpen(undefined);
    };
    document.addEventListener('mousedown', away);
    document.addEventListener('keydown', key);
    return () => {
      document.removeEventListener('mousedown', away);
      document.removeEventListener('keydown', key);
    };
  }, [open]);
  return (
    <div ref={ref} className="menu-bar" role="menubar" data-testid="menu-bar">
      {COMMAND_MENUS.map((menu) => (
        <div key={menu} className="menu-top">
          <button
            type="button"
            role="menuitem"
            aria-haspopup="menu"
            aria-expanded={open === menu}
            data-testid={`menu-${menu}`}
            onClick={() => setOpen(open === menu ? undefined : menu)}
            // Moving along the bar with a menu open opens the one under the pointer, as a menu bar does.
            onMouseEnter={() => open !== undefined && open !== menu && setOpen(menu)}
          >
            {menu}
          </button>
          {open === menu ? (
            <div className="menu-drop" role="menu" data-testid={`menu-${menu}-items`}>
              <MenuItems {...props} menu={menu} close={() => setOpen(undefined)} />
            </div>
          ) : null}
        </div>
      ))}
    </div>
  );
}
