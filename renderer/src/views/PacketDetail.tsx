import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { Dissection } from '../../../native-bridge/dissect/index.js';
import { dissectPacket } from '../lib/dissect.js';
import { ancestry, nodeAt, sourceBytes } from '../lib/tree.js';
import { useUi, useUiStore } from '../store/react.js';
import { DetailTree } from './DetailTree.js';
import { HexPane } from './HexPane.js';
import { frameMeta } from './PacketList.js';

/** The selected packet: detail tree and hex pane, linked both ways through `selectedField`. */
export function PacketDetail(): ReactNode {
  const selected = useUi((s) => s.selected);
  const runId = useUi((s) => s.run?.runId);
  if (selected === undefined) {
    return (
      <div className="packet-detail empty">
        <div className="detail-tree" data-testid="detail-tree" role="tree" />
        <div className="hex-pane" data-testid="hex-pane" />
        <p className="hint">Select a packet to see its fields and bytes.</p>
      </div>
    );
  }
  return <SelectedPacket key={`${runId}:${selected}`} row={selected} />;
}

function SelectedPacket({ row }: { row: number }): ReactNode {
  const store = useUiStore();
  const data = store.data;
  const dataVersion = useUi((s) => s.dataVersion);
  const selectedField = useUi((s) => s.selectedField);
  const bytes = data.cache.data(row);
  const has = bytes !== undefined;

  // Dissected once per selection (and again only if the bytes had to be fetched first).
  const dissection: Dissection | undefined = useMemo(
    () => (has ? dissectPacket(frameMeta(data, row), data.cache.data(row)!) : undefined),
    [row, has, data],
  );
  // biome-ignore lint/correctness/useExhaustiveDependencies: dataVersion changes when bytes arrive or are let go, so the row is fetched again if it was dropped
  useEffect(() => {
    if (!has) store.getState().ensureRows(row, row + 1);
  }, [has, row, dataVersion, store]);

  const expandedFields = useUi((s) => s.expandedFields);
  const [shownSource, setShownSource] = useState(0);
  const expanded = useMemo(() => {
    const open = new Set<number>();
    if (dissection !== undefined) {
      const t = dissection.tree;
      for (let i = 0; i < t.size; i++) if (expandedFields.has(t.fields[i]!.abbrev)) open.add(i);
    }
    return open;
  }, [dissection, expandedFields]);

  const selectNode = useCallback(
    (node: number | undefined) => {
      store.getState().selectField(node);
      if (node === undefined || dissection === undefined) return;
      const tree = dissection.tree;
      setShownSource(tree.sources[node]!);
      // A field selected from the hex pane is made visible: its ancestors open.
      store.getState().expandFields(
        ancestry(tree, node)
          .slice(1)
          .map((a) => tree.fields[a]!.abbrev),
        true,
      );
    },
    [store, dissection],
  );
  const toggle = useCallback(
    (node: number) => {
      if (dissection === undefined) return;
      store.getState().expandFields([dissection.tree.fields[node]!.abbrev], !expanded.has(node));
    },
    [store, dissection, expanded],
  );

  if (dissection === undefined) {
    return (
      <div className="packet-detail">
        <div className="detail-tree" data-testid="detail-tree" role="tree">
          <p className="hint">Fetching packet {data.index.number[row]} from the host…</p>
        </div>
        <div className="hex-pane" data-testid="hex-pane" />
      </div>
    );
  }
  const tree = dissection.tree;
  const field = selectedField !== undefined && selectedField < tree.size ? selectedField : undefined;
  const source = field !== undefined ? tree.sources[field]! : shownSource;
  const start = field !== undefined ? tree.starts[field]! : 0;
  const end = field !== undefined ? start + tree.lengths[field]! : 0;
  const onByte = (offset: number): void => {
    const node = nodeAt(tree, source, offset);
    if (node !== undefined) selectNode(node);
  };
  return (
    <div className="packet-detail">
      <DetailTree tree={tree} selected={field} expanded={expanded} onSelect={selectNode} onToggle={toggle} />
      <div className="hex-wrap">
        {tree.extraSources.length > 0 ? (
          <div className="hex-sources" role="tablist">
            {['Frame', ...tree.extraSources.map((s) => s.name)].map((name, i) => (
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
                {name}
              </button>
            ))}
          </div>
        ) : null}
        <HexPane bytes={sourceBytes(tree, source)} start={start} end={end} onByte={onByte} />
      </div>
    </div>
  );
}
