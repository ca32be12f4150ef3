import { useEffect, type ReactNode } from 'react';
import { STREAM_FORMATS, type StreamFormat, type StreamProtocol, streamFile, streamProtocols } from '../lib/stream.js';
import { useUi, useUiStore } from '../store/react.js';

const NO_PROTOCOLS: StreamProtocol[] = [];

/** The TCP/UDP streams the selected packet can be followed in (none until its detail is here). */
export function useStreamProtocols(): StreamProtocol[] {
  const number = useUi((s) => s.selectedNumber);
  const detail = useUi((s) => s.detail);
  if (number === undefined || detail === undefined || detail.number !== number) return NO_PROTOCOLS;
  return streamProtocols(detail.nodes);
}

const LABEL: Record<StreamProtocol, string> = { tcp: 'Follow TCP stream', udp: 'Follow UDP stream' };

/** The toolbar's Follow TCP/UDP stream buttons, for the selected packet (Wireshark's Analyze ▸ Follow). */
export function FollowButtons(): ReactNode {
  const can = useStreamProtocols();
  const followStream = useUi((s) => s.followStream);
  return (
    <div className="group">
      {(['tcp', 'udp'] as const).map((p) => (
        <button key={p} type="button" data-testid={`follow-${p}-button`} disabled={!can.includes(p)} onClick={() => followStream(p)}>
          {LABEL[p]}
        </button>
      ))}
    </div>
  );
}

/** Hands the user a file: a download (serve mode; Electron asks where to save it). */
function download(name: string, type: string, bytes: Uint8Array): void {
  const url = URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/**
 * Follow TCP/UDP stream: the conversation as `wirepool follow` prints it, the client's chunks
 * red and the server's blue (Wireshark's colours), as ASCII, a hex dump or raw bytes; previous
 * and next stream; Save as…; Close or Escape. While it is open the list shows the stream (its display filter).
 */
export function FollowDialog(): ReactNode {
  const d = useUi((s) => s.stream);
  const { showStream, setStreamFormat, closeStream } = useUiStore().getState();
  const open = d !== undefined;
  // Escape closes the panel, as a dialog's.
  useEffect(() => {
    if (!open) return;
    const key = (e: KeyboardEvent): void => {
      if (e.key === 'Escape') closeStream();
    };
    document.addEventListener('keydown', key);
    return () => document.removeEventListener('keydown', key);
  }, [open, closeStream]);
  if (d === undefined) return null;
  const r = d.result;
  const shown = r !== undefined && r.stream === d.stream && r.format === d.format && r.protocol === d.protocol ? r : undefined;
  const proto = d.protocol.toUpperCase();
  return (
    <section
      className="follow-dialog"
      role="dialog"
      aria-label={`Follow ${proto} stream`}
      data-testid="follow-dialog"
      data-loading={d.loading}
      data-stream={shown?.stream ?? ''}
      data-format={shown?.format ?? ''}
    >
      <header>
        <strong>
          Follow {proto} stream {d.stream ?? '…'}
        </strong>
        {shown ? <code data-testid="follow-filter">{shown.filter}</code> : null}
        <span className="legend">
          <span className="client">client</span> · <span className="server">server</span>
        </span>
        <button type="button" data-testid="follow-close" onClick={closeStream}>
          Close
        </button>
      </header>
      <pre className={`follow-text${d.loading ? ' loading' : ''}`} data-testid="follow-text">
        {shown === undefined
          ? `Following the ${proto} stream in the engine…`
          : shown.parts.map((p, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: parts never move; each result replaces them all
              <span key={i} className={p.node === 0 ? 'client' : p.node === 1 ? 'server' : undefined}>
                {p.text}
              </span>
            ))}
      </pre>
      {shown?.truncated !== undefined ? (
        <p className="follow-note" data-testid="follow-truncated">
          The stream is longer: truncated at {shown.truncated} bytes.
        </p>
      ) : null}
      <footer>
        <label>
          Show as{' '}
          <select data-testid="follow-format" value={d.format} onChange={(e) => setStreamFormat(e.target.value as StreamFormat)}>
            {STREAM_FORMATS.map((f) => (
              <option key={f.format} value={f.format}>
                {f.label}
              </option>
            ))}
          </select>
        </label>
        <span className="group">
          Stream
          <button
            type="button"
            data-testid="follow-prev"
            disabled={d.stream === undefined || d.stream === 0}
            onClick={() => showStream((d.stream ?? 0) - 1)}
          >
            ◀
          </button>
          <span data-testid="follow-stream">{d.stream ?? '…'}</span>
          <button
            type="button"
            data-testid="follow-next"
            disabled={d.stream === undefined || r === undefined || d.stream >= r.streams - 1}
            onClick={() => showStream((d.stream ?? 0) + 1)}
          >
            ▶
          </button>
          {r !== undefined ? <span className="hint">of {r.streams}</span> : null}
        </span>
        <button
          type="button"
          data-testid="follow-save"
          disabled={shown === undefined}
          onClick={() => {
            if (shown === undefined) return;
            const f = streamFile(shown);
            download(f.name, f.type, f.bytes);
          }}
        >
          Save as…
        </button>
      </footer>
    </section>
  );
}
