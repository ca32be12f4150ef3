import { type ReactNode, useState } from 'react';
import { TABLE_TITLES, TABLE_TYPES, type PlainStats, type TableType } from '../../../native-bridge/protocol/index.js';
import { conversationFilter, endpointFilter } from '../lib/stats-filter.js';
import { type Column, type SortOrder, conversationColumns, endpointColumns, nextOrder, sortRows } from '../lib/stats-table.js';
import { useUi } from '../store/react.js';
import { StatsProgress } from './StatsProgress.js';
import { useStats } from './use-stats.js';

type TableKind = 'conversations' | 'endpoints';

function Rows<Row>(props: { rows: readonly Row[]; columns: readonly Column<Row>[]; filterOf: (row: Row) => string }): ReactNode {
  const filterBy = useUi((s) => s.filterBy);
  const [order, setOrder] = useState<SortOrder | undefined>(undefined);
  const { columns } = props;
  const rows = sortRows(props.rows, columns, order);
  const numeric = (c: Column<Row>): boolean => props.rows.length > 0 && typeof c.value(props.rows[0]!) === 'number';
  return (
    <table className="stats-table" data-testid="stats-table">
      <thead>
        <tr>
          {columns.map((c) => (
            <th
              key={c.key}
              data-testid={`stats-sort-${c.key}`}
              aria-sort={order?.key !== c.key ? 'none' : order.descending ? 'descending' : 'ascending'}
              onClick={() => setOrder(nextOrder(order, c.key, numeric(c)))}
            >
              {c.title}
              {order?.key === c.key ? (order.descending ? ' ▼' : ' ▲') : ''}
            </th>
          ))}
          <th />
        </tr>
      </thead>
      <tbody>
        {rows.map((r, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: rows have no id of their own; the table is redrawn as a whole
          <tr key={i} data-testid="stats-row">
            {columns.map((c) => (
              <td key={c.key} data-key={c.key} className={typeof c.value(r) === 'number' ? 'num' : undefined}>
                {c.text?.(r) ?? c.value(r) ?? ''}
              </td>
            ))}
            <td>
              <button type="button" data-testid="stats-apply" title={props.filterOf(r)} onClick={() => filterBy(props.filterOf(r))}>
                Apply as filter
              </button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Table({ kind, type }: { kind: TableKind; type: TableType }): ReactNode {
  const { result, error } = useStats({ kind, type });
  if (error !== undefined) return <div className="stats-error">{error.message}</div>;
  const stats: PlainStats | undefined = result?.stats;
  if (result === undefined || stats === undefined) return <div className="stats-wait">Counting…</div>;
  return (
    <>
      <StatsProgress result={result} />
      {stats.kind === 'conversations' && stats.type === type ? (
        <Rows rows={stats.rows} columns={conversationColumns(type)} filterOf={(r) => conversationFilter(type, r)} />
      ) : stats.kind === 'endpoints' && stats.type === type ? (
        <Rows rows={stats.rows} columns={endpointColumns(type)} filterOf={(r) => endpointFilter(type, r)} />
      ) : (
        <div className="stats-wait">Counting…</div>
      )}
    </>
  );
}

/** Conversations or endpoints: a tab per table type (Ethernet, IPv4, IPv6, TCP, UDP). */
export function StatsTables({ kind }: { kind: TableKind }): ReactNode {
  const [type, setType] = useState<TableType>('ip');
  return (
    <div className="stats-tables">
      <div className="stats-tabs" role="tablist">
        {TABLE_TYPES.map((t) => (
          <button key={t} type="button" role="tab" aria-selected={t === type} data-testid={`stats-type-${t}`} onClick={() => setType(t)}>
            {TABLE_TITLES[t]}
          </button>
        ))}
      </div>
      <Table key={`${kind}-${type}`} kind={kind} type={type} />
    </div>
  );
}
