import type { ErrorInfo, Followed, OpArgs, OpResult } from '../../../native-bridge/protocol/index.js';
import type { StreamFormat, StreamProtocol } from '../lib/stream.js';
import type { ErrorAbout } from './error-about.js';

/** The Follow Stream dialog: which stream, in which format, and what the engine answered. */
export interface StreamDialog {
  protocol: StreamProtocol;
  /** The stream index (undefined until the engine found the selected packet's). */
  stream: number | undefined;
  format: StreamFormat;
  /** A request is on its way. */
  loading: boolean;
  result: Followed | undefined;
  /** The display filter applied when the dialog opened: applied again when it closes. */
  previousFilter: string;
}

export interface StreamActions {
  /** Follows the selected packet's TCP or UDP stream: opens the dialog and applies the stream's filter to the list. */
  followStream(protocol: StreamProtocol): void;
  /** Shows stream `index` of the same protocol (the dialog's previous/next). */
  showStream(index: number): void;
  setStreamFormat(format: StreamFormat): void;
  /** Closes the dialog and applies the display filter of before again. */
  closeStream(): void;
}

/** What the slice reads of the whole store (ui-store.ts's state and actions have it). */
interface StoreView {
  run: { runId: number } | undefined;
  selectedNumber: number | undefined;
  view: { filter?: string } | undefined;
  stream: StreamDialog | undefined;
  setFilterText(text: string): void;
  applyFilter(): void;
}

interface Deps {
  get(): StoreView;
  set(partial: { stream: StreamDialog | undefined }): void;
  request(op: 'follow', args: OpArgs<'follow'>): Promise<OpResult<'follow'>>;
  pushError(about: ErrorAbout, error: ErrorInfo): void;
}

/** The dialog's actions over the store (a slice: its state is `stream`). */
export function streamActions({ get, set, request, pushError }: Deps): StreamActions {
  /** The answer wanted: a newer request (another stream, format) supersedes one on its way. */
  let ticket = 0;

  const applyFilter = (text: string): void => {
    get().setFilterText(text);
    get().applyFilter();
  };

  const ask = (dialog: StreamDialog, where: { stream: number } | { packet: number }): void => {
    const run = get().run;
    if (run === undefined) return;
    const mine = ++ticket;
    set({ stream: { ...dialog, loading: true } });
    request('follow', { runId: run.runId, protocol: dialog.protocol, format: dialog.format, ...where }).then(
      (r) => {
        const d = get().stream;
        if (mine !== ticket || d === undefined) return;
        set({ stream: { ...d, stream: r.stream, loading: false, result: r } });
        if (get().view?.filter !== r.filter) applyFilter(r.filter);
      },
      (e: ErrorInfo) => {
        const d = get().stream;
        if (mine !== ticket || d === undefined) return;
        set({ stream: { ...d, loading: false } });
        if (e.code !== 'FOLLOW_CANCELLED') pushError('follow', e);
      },
    );
  };

  return {
    followStream(protocol) {
      const number = get().selectedNumber;
      if (get().run === undefined || number === undefined) {
        pushError('ui', { code: 'UI_NO_PACKET', message: `select a ${protocol.toUpperCase()} packet to follow its stream first` });
        return;
      }
      const open = get().stream;
      const dialog: StreamDialog = {
        protocol,
        stream: undefined,
        format: open?.format ?? 'ascii',
        loading: true,
        result: undefined,
        previousFilter: open?.previousFilter ?? get().view?.filter ?? '',
      };
      ask(dialog, { packet: number });
    },
    showStream(index) {
      const d = get().stream;
      const streams = d?.result?.streams ?? 0;
      if (d === undefined || index < 0 || index >= streams || index === d.stream) return;
      ask({ ...d, stream: index }, { stream: index });
    },
    setStreamFormat(format) {
      const d = get().stream;
      if (d === undefined || d.format === format) return;
      if (d.stream === undefined) set({ stream: { ...d, format } });
      else ask({ ...d, format }, { stream: d.stream });
    },
    closeStream() {
      const d = get().stream;
      if (d === undefined) return;
      ticket++;
      set({ stream: undefined });
      if (get().run !== undefined && (get().view?.filter ?? '') !== d.previousFilter) applyFilter(d.previousFilter);
      else get().setFilterText(d.previousFilter);
    },
  };
}
