import { checkFilter } from '../../../native-bridge/filter/index.js';
import {
  type ErrorInfo,
  type FindKind,
  type FindScope,
  type OpArgs,
  type OpResult,
  parseFindHex,
} from '../../../native-bridge/protocol/index.js';

/** The find bar (Ctrl-F): what to look for, and how the last search went. */
export interface FindBar {
  kind: FindKind;
  scope: FindScope;
  caseSensitive: boolean;
  text: string;
  /** A search is on its way; `progress` once it has answered part-way (a long one). */
  busy: boolean;
  progress: { examined: number; total: number } | undefined;
  /** How the last search ended: the row found, nothing, or what is wrong with the input. */
  outcome:
    | { kind: 'found'; row: number; number: number; wrapped: boolean }
    | { kind: 'none' }
    | { kind: 'error'; message: string }
    | undefined;
}

export interface FindActions {
  openFind(): void;
  closeFind(): void;
  setFind(change: Partial<Pick<FindBar, 'kind' | 'scope' | 'caseSensitive' | 'text'>>): void;
  /** Finds the next row (the previous one, `backward`) after the selected one that matches, wrapping around. */
  findNext(backward?: boolean): void;
}

/** What the slice reads of the whole store (ui-store.ts's state and actions have it). */
interface StoreView {
  run: { runId: number } | undefined;
  view: { viewId: number } | undefined;
  selected: number | undefined;
  find: FindBar | undefined;
  /** Selects a row of the list and scrolls it into sight (ui-store's). */
  revealRow(row: number): void;
}

interface Deps {
  get(): StoreView;
  set(partial: { find: FindBar | undefined }): void;
  request(op: 'find', args: OpArgs<'find'>): Promise<OpResult<'find'>>;
}

export const NEW_FIND: FindBar = {
  kind: 'filter',
  scope: 'bytes',
  caseSensitive: false,
  text: '',
  busy: false,
  progress: undefined,
  outcome: undefined,
};

/** What is wrong with the input before anything is asked of the engine (the same rules the engine applies). */
export function findInputError(f: Pick<FindBar, 'kind' | 'text'>): string | undefined {
  if (f.text.trim() === '') return f.kind === 'filter' ? 'type a display filter to find, such as tcp.flags.syn == 1' : 'type what to find';
  if (f.kind === 'filter') {
    const e = checkFilter(f.text);
    return e === undefined ? undefined : `column ${e.column}: ${e.reason}${e.hint ? ` (${e.hint})` : ''}`;
  }
  if (f.kind === 'hex') {
    const b = parseFindHex(f.text);
    return typeof b === 'string' ? b : undefined;
  }
  return undefined;
}

/** The find bar's actions over the store (a slice: its state is `find`). */
export function findActions({ get, set, request }: Deps): FindActions {
  /** The search wanted: a newer one (or closing the bar) supersedes one on its way. */
  let ticket = 0;
  const update = (change: Partial<FindBar>): void => {
    const f = get().find;
    if (f !== undefined) set({ find: { ...f, ...change } });
  };
  return {
    openFind: () => set({ find: get().find ?? NEW_FIND }),
    closeFind() {
      ticket++;
      set({ find: undefined });
    },
    setFind: (change) => update({ ...change, outcome: undefined }),
    findNext(backward = false) {
      const f = get().find;
      const { run, view, selected } = get();
      if (f === undefined) return;
      const bad = findInputError(f);
      if (bad !== undefined || run === undefined || view === undefined) {
        update({ outcome: { kind: 'error', message: bad ?? 'open a capture file first: there are no packets to search' } });
        return;
      }
      const mine = ++ticket;
      const args: OpArgs<'find'> = {
        runId: run.runId,
        viewId: view.viewId,
        kind: f.kind,
        text: f.text,
        ...(f.kind === 'string' ? { scope: f.scope, caseSensitive: f.caseSensitive } : {}),
        ...(backward ? { backward } : {}),
        ...(selected !== undefined ? { origin: selected } : {}),
      };
      update({ busy: true, progress: undefined, outcome: undefined });
      const ask = (examined: number): void => {
        request('find', { ...args, ...(examined > 0 ? { examined } : {}) }).then(
          (r) => {
            if (mine !== ticket) return;
            if (!r.done) {
              update({ progress: { examined: r.examined, total: r.total } });
              ask(r.examined);
              return;
            }
            if (r.row === undefined || r.number === undefined) {
              update({ busy: false, progress: undefined, outcome: { kind: 'none' } });
              return;
            }
            get().revealRow(r.row);
            update({
              busy: false,
              progress: undefined,
              outcome: { kind: 'found', row: r.row, number: r.number, wrapped: r.wrapped === true },
            });
          },
          (e: ErrorInfo) => {
            if (mine !== ticket) return;
            update({ busy: false, progress: undefined, outcome: { kind: 'error', message: e.hint ? `${e.message}` : e.message } });
          },
        );
      };
      ask(0);
    },
  };
}
