import { useCallback, useMemo, useState, type ReactNode } from 'react';
import { ancestry, childrenOf, nodeAt, sourceBytes } from '../lib/tree.js';
import { COMMANDS, acceleratorText } from '../../../native-bridge/protocol/index.js';
import { useUi, useUiStore } from '../store/react.js';
import { IS_MAC, useCommand, useCommands, useCommandsVersion } from './commands.js';
import type { Detail } from '../store/ui-store.js';
import { DetailTree } from './DetailTree.js';
import { HexPane } from './HexPane.js';
import { Splitter } from './Splitter.js';
import { FieldMenu } from './PacketMenu.js';

/** The tree's tools above it: the View commands they run, their test ids and texts. */
const TREE_TOOLS = [
  ['expandAll', 'detail-expand-all', 'Expand all'],
  ['collapseAll', 'detail-collapse-all', 'Collapse all'],
  ['expandSubtrees', 'detail-expand-subtrees', 'Expand subtrees'],
] as const;

/** The selected packet, as the engine dissected it: detail tree and hex pane, linked both ways through `selectedField`. */
export function PacketDetail(): ReactNode {
  const selected = useUi((s) => s.selectedNumber);
  const detail = useUi((s) => s.detail);
  if (selected === undefined && detail === undefined) {
    return (
      <div className="packet-detail empty">
        <div className="detail-tree" data-testid="detail-tree" role="tree" />
        <div className="hex-pane" data-testid="hex-pane" />
        <p className="hint">Select a packet to see its fields and bytes.</p>
      </div>
    );
  }
  if (detail === undefined || (selected !== undefined && detail.number !== selected)) {
    return (
      <div className="packet-detail">
        <div className="detail-tree" data-testid="detail-tree" role="tree">
          <p className="hint">Dissecting packet {selected} in the engine…</p>
        </div>
        <div className="hex-pane" data-testid="hex-pane" />
      </div>
    );
  }
  return <SelectedPacket key={detail.number} detail={detail} />;
}

function SelectedPacket({ detail }: { detail: Detail }): ReactNode {
  const store = useUiStore();
  const selectedField = useUi((s) => s.selectedField);
  const expandedFields = useUi((s) => s.expandedFields);
  const [shownSource, setShownSource] = useState(0);
  const [menu, setMenu] = useState<{ x: number; y: number } | undefined>(undefined);
  const closeMenu = useCallback(() => setMenu(undefined), []);
  const openMenu = useCallback((_node: number, x: number, y: number) => setMenu({ x, y }), []);
  const nodes = detail.nodes;
  const expanded = useMemo(() => {
    const open = new Set<number>();
    nodes.forEach((n, i) => {
      if (expandedFields.has(n.abbrev)) open.add(i);
    });
    return open;
  }, [nodes, expandedFields]);

  const selectNode = useCallback(
    (node: number | undefined) => {
      store.getState().selectField(node);
      if (node === undefined) return;
      setShownSource(nodes[node]!.source);
      // A field selected from the hex pane is made visible: its ancestors open.
      store.getState().expandFields(
        ancestry(nodes, node)
          .slice(1)
          .map((a) => nodes[a]!.abbrev),
        true,
      );
    },
    [store, nodes],
  );
  const toggle = useCallback(
    (node: number) => store.getState().expandFields([nodes[node]!.abbrev], !expanded.has(node)),
    [store, nodes, expanded],
  );

  // Nodes with children, by field: what Expand/Collapse All and Subtrees open or close.
  const children = useMemo(() => childrenOf(nodes), [nodes]);
  const expandUnder = useCallback(
    (node: number | undefined, open: boolean) => {
      const fields: string[] = [];
      const walk = (p: number): void => {
        if (p >= 0 && children.has(p)) fields.push(nodes[p]!.abbrev);
        for (const c of children.get(p) ?? []) walk(c);
      };
      walk(node ?? -1);
      store.getState().expandFields(fields, open);
    },
    [store, nodes, children],
  );

  const field = selectedField !== undefined && selectedField < nodes.length ? nodes[selectedField] : undefined;
  const commands = useCommands();
  // The tools are enabled once their commands are registered (an effect after the first render).
  useCommandsVersion(commands);
  useCommand('expandAll', { run: () => expandUnder(undefined, true) });
  useCommand('collapseAll', { run: () => expandUnder(undefined, false) });
  useCommand('expandSubtrees', {
    run: () => selectedField !== undefined && expandUnder(selectedField, true),
    enabled: () => field !== undefined,
  });
  const source = field !== undefined ? field.source : shownSource;
  const start = field !== undefined ? field.start : 0;
  const end = field !== undefined ? field.start + field.length : 0;
  const onByte = (offset: number): void => {
    const node = nodeAt(nodes, source, offset);
    if (node !== undefined) selectNode(node);
  };
  return (
    <div className="packet-detail">
      <div className="detail-pane">
        <div className="detail-tools" role="toolbar" aria-label="Detail tree">
          {TREE_TOOLS.map(([name, testId, text]) => (
            <button
              key={name}
              type="button"
              className="detail-tool"
              data-testid={testId}
              title={`${COMMANDS[name].label} (${acceleratorText(COMMANDS[name].accelerator, IS_MAC)})`}
              disabled={!commands.enabled(name)}
              onClick={() => commands.run(name)}
            >
              {text}
            </button>
          ))}
        </div>
        <DetailTree
          nodes={nodes}
          selected={field !== undefined ? selectedField : undefined}
          expanded={expanded}
          onSelect={selectNode}
          onToggle={toggle}
          onExpand={expandUnder}
          onMenu={openMenu}
        />
        {menu !== undefined ? <FieldMenu x={menu.x} y={menu.y} onClose={closeMenu} /> : null}
      </div>
      <Splitter pane="hex" target=".hex-wrap" grows="left" label="Resize the hex pane" />
      <div className="hex-wrap">
        {detail.sources.length > 1 ? (
          <div className="hex-sources" role="tablist">
            {detail.sources.map((s, i) => (
              <button
                type="button"
                // biome-ignore lint/suspicious/noArrayIndexKey: the tabs are the frame's data sources in a fixed order; names may repeat
                key={i}
                role="tab"
                aria-selected={i === source}
                onClick={() => {
                  store.getState().selectField(undefined);
                  setShownSource(i);
                }}
                data-testid="hex-source"
              >
                {`${s.name} (${s.bytes.length} bytes)`}
              </button>
            ))}
          </div>
        ) : null}
        <HexPane bytes={sourceBytes(detail, source)} start={start} end={end} onByte={onByte} />
      </div>
    </div>
  );
}
