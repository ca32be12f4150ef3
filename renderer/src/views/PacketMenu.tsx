import { useState, type ReactNode } from 'react';
import { combineFilter, FILTER_HOWS, hexStream } from '../lib/filter-actions.js';
import { useUi, useUiStore } from '../store/react.js';
import { copyText } from './clipboard.js';
import { ContextMenu, type MenuItem } from './ContextMenu.js';
import { useStreamProtocols } from './FollowStream.js';

type Store = ReturnType<typeof useUiStore>;

/** Puts a prepared filter in the box without applying it, and the cursor there (Wireshark's Prepare as Filter). */
export function prepare(store: Store, text: string): void {
  store.getState().setFilterText(text);
  document.querySelector<HTMLInputElement>('[data-testid="display-filter"]')?.focus();
}

/** Apply as Filter ▸ … and Prepare as Filter ▸ … for a field's filter (disabled without one). */
function filterMenus(store: Store, filter: string | undefined): MenuItem[] {
  const variants = (kind: 'apply' | 'prepare'): MenuItem[] =>
    FILTER_HOWS.map(({ how, label }) => ({
      id: `${kind}-${how}`,
      label,
      run: () => {
        if (filter === undefined) return;
        const text = combineFilter(store.getState().filterText, filter, how);
        if (kind === 'apply') store.getState().filterBy(text);
        else prepare(store, text);
      },
    }));
  const off = filter === undefined;
  return [
    { id: 'apply', label: 'Apply as Filter', disabled: off, items: variants('apply') },
    { id: 'prepare', label: 'Prepare as Filter', disabled: off, items: variants('prepare') },
  ];
}

/** The selected detail field of the shown packet: its node and what the menu offers for it. */
export function useSelectedField(): { node: number; filter: string | undefined; value: string; bytes: Uint8Array } | undefined {
  const detail = useUi((s) => s.detail);
  const number = useUi((s) => s.selectedNumber);
  const node = useUi((s) => s.selectedField);
  if (detail === undefined || node === undefined || detail.number !== number || node >= detail.nodes.length) return undefined;
  const n = detail.nodes[node]!;
  const a = detail.actions[node];
  const src = detail.sources[n.source]?.bytes ?? new Uint8Array(0);
  return { node, filter: a?.filter, value: a?.value ?? '', bytes: src.subarray(n.start, n.start + n.length) };
}

/** The row's cells as the list shows them (whatever its columns are), tab-separated. */
function rowSummary(row: number): string {
  const el = document.querySelector(`[data-testid="packet-list"] [data-row="${row}"]`);
  return el === null ? '' : [...el.children].map((c) => c.textContent ?? '').join('\t');
}

const FOLLOW: { id: string; label: string; protocol: 'tcp' | 'udp' }[] = [
  { id: 'follow-tcp', label: 'Follow TCP stream', protocol: 'tcp' },
  { id: 'follow-udp', label: 'Follow UDP stream', protocol: 'udp' },
];

/** Follow TCP/UDP stream of the selected packet (top-level entries, as they were before the menu grew). */
function followItems(store: Store, can: readonly string[]): MenuItem[] {
  return FOLLOW.map((f) => ({
    id: f.id,
    label: f.label,
    disabled: !can.includes(f.protocol),
    run: () => store.getState().followStream(f.protocol),
  }));
}

/**
 * The packet list's context menu for the row right-clicked (it is selected): Apply and Prepare
 * as Filter with the selected detail field (not offered without one), Copy (the row's summary,
 * the field as a filter, the packet's bytes as a hex stream), Follow TCP/UDP stream.
 */
export function PacketMenu({ x, y, row, onClose }: { x: number; y: number; row: number; onClose(): void }): ReactNode {
  const store = useUiStore();
  const can = useStreamProtocols();
  const field = useSelectedField();
  const detail = useUi((s) => s.detail);
  const number = useUi((s) => s.selectedNumber);
  // Read when the menu opens: the row may scroll out of the (virtualized) list meanwhile.
  const [summary] = useState(() => rowSummary(row));
  const frame = detail !== undefined && detail.number === number ? detail.sources[0]?.bytes : undefined;
  const items: MenuItem[] = [
    ...filterMenus(store, field?.filter),
    {
      id: 'copy',
      label: 'Copy',
      items: [
        { id: 'copy-summary', label: 'Summary as Text', disabled: summary === '', run: () => void copyText(summary) },
        { id: 'copy-filter', label: '…as Filter', disabled: field?.filter === undefined, run: () => void copyText(field?.filter ?? '') },
        {
          id: 'copy-hex',
          label: 'Bytes as Hex Stream',
          disabled: frame === undefined,
          run: () => frame && void copyText(hexStream(frame)),
        },
      ],
    },
    ...followItems(store, can),
  ];
  return <ContextMenu x={x} y={y} items={items} onClose={onClose} testId="packet-menu" />;
}

/**
 * A detail field's context menu (the field right-clicked is selected): Apply and Prepare as
 * Filter, Copy (its value, as a filter, its bytes as a hex stream), Follow TCP/UDP stream.
 */
export function FieldMenu({ x, y, onClose }: { x: number; y: number; onClose(): void }): ReactNode {
  const store = useUiStore();
  const can = useStreamProtocols();
  const field = useSelectedField();
  const items: MenuItem[] = [
    ...filterMenus(store, field?.filter),
    {
      id: 'copy',
      label: 'Copy',
      items: [
        { id: 'copy-value', label: 'Value', disabled: field === undefined, run: () => void copyText(field?.value ?? '') },
        { id: 'copy-filter', label: '…as Filter', disabled: field?.filter === undefined, run: () => void copyText(field?.filter ?? '') },
        {
          id: 'copy-hex',
          label: 'Bytes as Hex Stream',
          disabled: field === undefined || field.bytes.length === 0,
          run: () => field && void copyText(hexStream(field.bytes)),
        },
      ],
    },
    ...followItems(store, can),
  ];
  return <ContextMenu x={x} y={y} items={items} onClose={onClose} testId="field-menu" />;
}
