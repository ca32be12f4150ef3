import { useEffect, useRef, useState, type ReactNode } from 'react';

/** One entry of a context menu: an action, or a submenu (`items`). */
export interface MenuItem {
  /** Its test id is `menu-<id>`. */
  id: string;
  label: string;
  disabled?: boolean;
  run?(): void;
  items?: MenuItem[];
}

/**
 * A context menu at (x, y): entries run their action and close the menu; a submenu opens on
 * hover or click (Wireshark's ▸ entries). Escape or a click elsewhere closes it.
 */
export function ContextMenu({
  x,
  y,
  items,
  onClose,
  testId,
}: {
  x: number;
  y: number;
  items: MenuItem[];
  onClose(): void;
  testId: string;
}): ReactNode {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const away = (e: MouseEvent): void => {
      if (!ref.current?.contains(e.target as Node)) onClose();
    };
    const key = (e: KeyboardEvent): void => {
      if (e.key === 'Escape') onClose();
    };
    document.addEventListener('mousedown', away);
    document.addEventListener('keydown', key);
    return () => {
      document.removeEventListener('mousedown', away);
      document.removeEventListener('keydown', key);
    };
  }, [onClose]);
  return (
    <div ref={ref} className="context-menu" role="menu" data-testid={testId} style={{ left: x, top: y }}>
      <MenuList items={items} onClose={onClose} />
    </div>
  );
}

function MenuList({ items, onClose }: { items: MenuItem[]; onClose(): void }): ReactNode {
  const [open, setOpen] = useState<string | undefined>(undefined);
  return items.map((item) =>
    item.items === undefined ? (
      <button
        key={item.id}
        type="button"
        role="menuitem"
        data-testid={`menu-${item.id}`}
        disabled={item.disabled}
        onMouseEnter={() => setOpen(undefined)}
        onClick={() => {
          onClose();
          item.run?.();
        }}
      >
        {item.label}
      </button>
    ) : (
      <div key={item.id} className="submenu-host">
        <button
          type="button"
          role="menuitem"
          aria-haspopup="menu"
          aria-expanded={open === item.id}
          data-testid={`menu-${item.id}`}
          disabled={item.disabled}
          onMouseEnter={() => setOpen(item.id)}
          onClick={() => setOpen(item.id)}
        >
          {item.label} <span className="submenu-arrow">▸</span>
        </button>
        {open === item.id ? (
          <div className="context-menu submenu" role="menu">
            <MenuList items={item.items} onClose={onClose} />
          </div>
        ) : null}
      </div>
    ),
  );
}
