import type { PlainConversation, PlainEndpoint, TableType } from '../../../native-bridge/protocol/index.js';

/** A share as Wireshark's hierarchy shows it: percent with two decimals ("12.50"); 0 of 0 is "0.00". */
export function percent(part: number, whole: number): string {
  return (whole === 0 ? 0 : (part * 100) / whole).toFixed(2);
}

/** A column of a conversation or endpoint table: its title and a row's value (numbers sort as numbers). */
export interface Column<Row> {
  key: string;
  title: string;
  value(row: Row): string | number | undefined;
  /** What the cell shows, when not the value as it is. */
  text?(row: Row): string;
}

const hasPorts = (type: TableType): boolean => type === 'tcp' || type === 'udp';

/** Wireshark's Conversations columns; ports and the stream only for TCP and UDP. */
export function conversationColumns(type: TableType): Column<PlainConversation>[] {
  const ports = hasPorts(type);
  const all: (Column<PlainConversation> | false)[] = [
    { key: 'addressA', title: 'Address A', value: (r) => r.addressA },
    ports && { key: 'portA', title: 'Port A', value: (r) => r.portA },
    { key: 'addressB', title: 'Address B', value: (r) => r.addressB },
    ports && { key: 'portB', title: 'Port B', value: (r) => r.portB },
    ports && { key: 'stream', title: 'Stream', value: (r) => r.stream },
    { key: 'frames', title: 'Packets', value: (r) => r.frames },
    { key: 'bytes', title: 'Bytes', value: (r) => r.bytes },
    { key: 'framesAToB', title: 'Packets A → B', value: (r) => r.framesAToB },
    { key: 'bytesAToB', title: 'Bytes A → B', value: (r) => r.bytesAToB },
    { key: 'framesBToA', title: 'Packets B → A', value: (r) => r.framesBToA },
    { key: 'bytesBToA', title: 'Bytes B → A', value: (r) => r.bytesBToA },
    { key: 'relStart', title: 'Rel Start', value: (r) => Number(r.relStart), text: (r) => r.relStart },
    { key: 'duration', title: 'Duration', value: (r) => Number(r.duration), text: (r) => r.duration },
  ];
  return all.filter((c) => c !== false);
}

/** Wireshark's Endpoints columns; the port only for TCP and UDP. */
export function endpointColumns(type: TableType): Column<PlainEndpoint>[] {
  const all: (Column<PlainEndpoint> | false)[] = [
    { key: 'address', title: 'Address', value: (r) => r.address },
    hasPorts(type) && { key: 'port', title: 'Port', value: (r) => r.port },
    { key: 'packets', title: 'Packets', value: (r) => r.packets },
    { key: 'bytes', title: 'Bytes', value: (r) => r.bytes },
    { key: 'txPackets', title: 'Tx Packets', value: (r) => r.txPackets },
    { key: 'txBytes', title: 'Tx Bytes', value: (r) => r.txBytes },
    { key: 'rxPackets', title: 'Rx Packets', value: (r) => r.rxPackets },
    { key: 'rxBytes', title: 'Rx Bytes', value: (r) => r.rxBytes },
  ];
  return all.filter((c) => c !== false);
}

export interface SortOrder {
  key: string;
  descending: boolean;
}

function compare(a: string | number | undefined, b: string | number | undefined): number {
  if (a === b) return 0;
  if (a === undefined) return -1;
  if (b === undefined) return 1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a).localeCompare(String(b), 'en', { numeric: true });
}

/** The rows sorted by one column (a stable sort: ties keep the engine's order); no order keeps the engine's. */
export function sortRows<Row>(rows: readonly Row[], columns: readonly Column<Row>[], order: SortOrder | undefined): Row[] {
  const column = order === undefined ? undefined : columns.find((c) => c.key === order.key);
  if (column === undefined || order === undefined) return [...rows];
  const sign = order.descending ? -1 : 1;
  return [...rows].sort((a, b) => sign * compare(column.value(a), column.value(b)));
}

/** The next order after a click on column `key`: ascending first, then descending; numbers start descending (most first). */
export function nextOrder(order: SortOrder | undefined, key: string, numeric: boolean): SortOrder {
  if (order?.key === key) return { key, descending: !order.descending };
  return { key, descending: numeric };
}
