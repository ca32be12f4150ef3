import { memo, useEffect, useMemo, useRef, type KeyboardEvent, type ReactNode } from 'react';
import type { DetailNode } from '../../../native-bridge/protocol/index.js';
import { childrenOf } from '../lib/tree.js';

interface Props {
  nodes: readonly DetailNode[];
  selected: number | undefined;
  expanded: ReadonlySet<number>;
  onSelect(node: number): void;
  onToggle(node: number): void;
  /**
   * Opens or closes the subtrees of `node` and everything under it (undefined: the whole tree):
   * Wireshark's Expand Subtrees (Shift+Right), Collapse Subtrees (Shift+Left), Expand All
   * (Ctrl+Right), Collapse All (Ctrl+Left).
   */
  onExpand?(node: number | undefined, open: boolean): void;
  /** Right click on a node (it is selected first): the context menu opens at the pointer. */
  onMenu?(node: number, x: number, y: number): void;
}

/** The packet's detail tree, as the engine dissected it: one line per field, protocols collapsible. */
export const DetailTree = memo(function DetailTree({ nodes, selected, expanded, onSelect, onToggle, onExpand, onMenu }: Props): ReactNode {
  const children = useMemo(() => childrenOf(nodes), [nodes]);
  const selectedRef = useRef<HTMLDivElement>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when the selection moves, to scroll the new node into view
  useEffect(() => {
    selectedRef.current?.scrollIntoView?.({ block: 'nearest' });
  }, [selected]);

  // The visible nodes in order, for keyboard navigation.
  const visible = useMemo(() => {
    const out: number[] = [];
    const walk = (p: number): void => {
      for (const c of children.get(p) ?? []) {
        out.push(c);
        if (expanded.has(c)) walk(c);
      }
    };
    walk(-1);
    return out;
  }, [children, expanded]);

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>): void => {
    const at = selected === undefined ? -1 : visible.indexOf(selected);
    let next: number | undefined;
    if ((e.key === 'ArrowRight' || e.key === 'ArrowLeft') && (e.ctrlKey || e.metaKey || e.shiftKey) && onExpand !== undefined) {
      e.preventDefault();
      onExpand(e.shiftKey ? selected : undefined, e.key === 'ArrowRight');
      return;
    }
    if (e.key === 'ArrowDown') next = visible[Math.min(visible.length - 1, at + 1)];
    else if (e.key === 'ArrowUp') next = visible[Math.max(0, at - 1)];
    else if ((e.key === 'ArrowRight' || e.key === 'ArrowLeft' || e.key === 'Enter') && selected !== undefined) {
      const open = expanded.has(selected);
      if (children.has(selected) && (e.key === 'Enter' || open === (e.key === 'ArrowLeft'))) onToggle(selected);
      else if (e.key === 'ArrowLeft' && nodes[selected]!.parent >= 0) next = nodes[selected]!.parent;
    } else return;
    e.preventDefault();
    if (next !== undefined) onSelect(next);
  };

  const render = (parent: number, depth: number): ReactNode[] =>
    (children.get(parent) ?? []).map((i) => {
      const kids = children.has(i);
      const open = kids && expanded.has(i);
      const isSel = i === selected;
      const n = nodes[i]!;
      return (
        <div key={i} role="none">
          {/* biome-ignore lint/a11y/useFocusableInteractive lint/a11y/useKeyWithClickEvents: the tree (role=tree) is the one focus stop and takes the keys for its items (WAI-ARIA tree pattern) */}
          <div
            ref={isSel ? selectedRef : undefined}
            role="treeitem"
            data-testid="detail-node"
            data-node={i}
            data-field={n.abbrev}
            data-generated={n.generated}
            data-expert={n.expert}
            aria-expanded={kids ? open : undefined}
            aria-selected={isSel}
            aria-level={depth + 1}
            className={`detail-node${isSel ? ' selected' : ''}${n.generated ? ' generated' : ''}${n.expert ? ` expert-${n.expert}` : ''}`}
            style={{ paddingLeft: 4 + depth * 16 }}
            onClick={() => onSelect(i)}
            onDoubleClick={() => kids && onToggle(i)}
            onContextMenu={(e) => {
              if (onMenu === undefined) return;
              e.preventDefault();
              onSelect(i);
              onMenu(i, e.clientX, e.clientY);
            }}
          >
            {/* biome-ignore lint/a11y/noStaticElementInteractions lint/a11y/useKeyWithClickEvents: a mouse shortcut; the keyboard folds with Left/Right on the tree */}
            <span
              className="twisty"
              data-testid={kids ? 'detail-toggle' : undefined}
              onClick={(e) => {
                e.stopPropagation();
                if (kids) onToggle(i);
              }}
            >
              {kids ? (open ? '▾' : '▸') : ''}
            </span>
            {n.label}
          </div>
          {/* biome-ignore lint/a11y/useSemanticElements: an ARIA tree's subtree is role=group by the pattern, not a fieldset */}
          {open ? <div role="group">{render(i, depth + 1)}</div> : null}
        </div>
      );
    });

  return (
    <div className="detail-tree" data-testid="detail-tree" role="tree" tabIndex={0} onKeyDown={onKeyDown}>
      {render(-1, 0)}
    </div>
  );
});
