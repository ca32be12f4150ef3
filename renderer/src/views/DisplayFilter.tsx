import type { KeyboardEvent, ReactNode } from 'react';
import { useUi } from '../store/react.js';

/**
 * The display-filter box: compiled as you type (checkFilter, the same compiler the engine
 * runs), red with the error and its column when it does not compile; Enter or Apply filters
 * the run's packets in the engine (no new run: the list shows what passes).
 */
export function DisplayFilter(): ReactNode {
  const text = useUi((s) => s.filterText);
  const error = useUi((s) => s.filterError);
  const applied = useUi((s) => s.view?.filter ?? '');
  const setText = useUi((s) => s.setFilterText);
  const apply = useUi((s) => s.applyFilter);
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>): void => {
    if (e.key === 'Enter') apply();
  };
  const state = text.trim() === '' ? 'empty' : error !== undefined ? 'invalid' : 'valid';
  return (
    <div className={`display-filter ${state}`}>
      <input
        type="text"
        data-testid="display-filter"
        placeholder="Display filter, e.g. tcp.port == 443 && ip.addr == 10.0.0.0/8"
        aria-label="Display filter"
        aria-invalid={error !== undefined}
        spellCheck={false}
        value={text}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={onKeyDown}
      />
      <button
        type="button"
        data-testid="display-filter-apply"
        disabled={error !== undefined}
        onClick={apply}
        title={applied ? `Applied: ${applied}` : 'No filter applied'}
      >
        Apply
      </button>
      {error !== undefined ? (
        <div className="filter-error" role="alert" data-testid="display-filter-error" data-column={error.column}>
          <code className="caret">{`${text}\n${' '.repeat(error.column - 1)}^${'~'.repeat(Math.max(0, error.length - 1))}`}</code>
          <span>{`column ${error.column}: ${error.message}`}</span>
        </div>
      ) : null}
    </div>
  );
}
