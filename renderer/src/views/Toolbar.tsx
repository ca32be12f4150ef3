import { useState, type ReactNode } from 'react';
import type { Speed } from '../../../native-bridge/protocol/index.js';
import type { TimeFormat } from '../lib/time.js';
import { runLabel } from '../lib/run-label.js';
import { useUi, useUiStore } from '../store/react.js';
import { DisplayFilter } from './DisplayFilter.js';
import { ColoringControls } from './ColoringRules.js';
import { FollowButtons } from './FollowStream.js';
import { StatsButton } from './StatsWindow.js';

/** A one-line text box of the toolbar (paths, filters: no spell check). */
function TextInput(props: {
  testId: string;
  label: string;
  title?: string;
  placeholder: string;
  disabled?: boolean;
  value: string;
  onChange: (value: string) => void;
}): ReactNode {
  return (
    <input
      type="text"
      data-testid={props.testId}
      aria-label={props.label}
      title={props.title}
      placeholder={props.placeholder}
      spellCheck={false}
      disabled={props.disabled}
      value={props.value}
      onChange={(e) => props.onChange(e.target.value)}
    />
  );
}

/** A path on the host and a button: serve mode's Open and Save (the browser cannot see the host's files). */
function PathForm(props: {
  id: 'open' | 'save';
  label: string;
  placeholder: string;
  button: string;
  disabled?: boolean;
  onSubmit: (path: string) => void;
}): ReactNode {
  const [path, setPath] = useState('');
  return (
    <form
      className="group"
      onSubmit={(e) => {
        e.preventDefault();
        props.onSubmit(path);
      }}
    >
      <TextInput testId={`${props.id}-path-input`} label={props.label} placeholder={props.placeholder} value={path} onChange={setPath} />
      <button type="submit" data-testid={`${props.id}-path-submit`} disabled={props.disabled}>
        {props.button}
      </button>
    </form>
  );
}

function OpenControls(): ReactNode {
  const desktop = useUi((s) => s.desktop);
  const open = useUi((s) => s.open);
  const openDialog = useUi((s) => s.openDialog);
  if (desktop) {
    return (
      <div className="group">
        <button type="button" data-testid="open-button" onClick={openDialog}>
          Open…
        </button>
      </div>
    );
  }
  return (
    <PathForm id="open" label="Capture file path on the host" placeholder="/path/on/host/capture.pcapng" button="Open" onSubmit={open} />
  );
}

/** Serve mode: save the run (a replay, or what was captured) to a path on the host (Electron: File ▸ Save As). */
function SaveControls(): ReactNode {
  const desktop = useUi((s) => s.desktop);
  const save = useUi((s) => s.save);
  const hasRun = useUi((s) => s.run !== undefined);
  if (desktop) return null;
  return (
    <PathForm
      id="save"
      label="Save the packets to this path on the host (.pcap or .pcapng)"
      placeholder="save as /path/out.pcapng"
      button="Save"
      disabled={!hasRun}
      onSubmit={save}
    />
  );
}

function ReplayControls(): ReactNode {
  const runState = useUi((s) => s.runState);
  const kind = useUi((s) => s.run?.source.kind);
  const speed = useUi((s) => s.speed);
  const read = useUi((s) => (s.stats !== undefined && s.stats.runId === s.run?.runId ? (s.stats.fileBytesRead ?? 0) : 0));
  const size = useUi((s) => s.stats?.fileSize ?? s.run?.source.size ?? 0);
  const { pause, resume, replay, stop, setSpeed } = useUiStore().getState();
  const isReplay = kind === 'replay';
  const active = runState === 'running' || runState === 'paused';
  const percent = size > 0 ? Math.min(100, (read / size) * 100) : 0;
  return (
    <div className="group">
      <button type="button" data-testid="replay-toggle" disabled={!isReplay || !active} onClick={runState === 'paused' ? resume : pause}>
        {runState === 'paused' ? 'Resume' : 'Pause'}
      </button>
      <button
        type="button"
        data-testid="replay-stop"
        disabled={!isReplay || !active}
        onClick={stop}
        title="Stop the replay here (the packets so far stay)"
      >
        Stop
      </button>
      <button type="button" data-testid="replay-restart" disabled={!isReplay} onClick={replay} title="Replay the file again from the start">
        Replay
      </button>
      <select
        data-testid="replay-speed"
        aria-label="Replay speed"
        value={String(speed)}
        onChange={(e) => setSpeed((e.target.value === 'max' ? 'max' : Number(e.target.value)) as Speed)}
      >
        <option value="1">1×</option>
        <option value="10">10×</option>
        <option value="max">max</option>
        {speed !== 'max' && speed !== 1 && speed !== 10 ? <option value={String(speed)}>{speed}×</option> : null}
      </select>
      <progress
        data-testid="replay-progress"
        max={size || 1}
        value={read}
        data-percent={percent.toFixed(1)}
        title={`${percent.toFixed(1)} % of the file read`}
      />
    </div>
  );
}

function CaptureControls(): ReactNode {
  const capture = useUi((s) => s.capture);
  const interfaces = useUi((s) => s.interfaces);
  const running = useUi((s) => s.run?.source.kind === 'capture' && (s.runState === 'running' || s.runState === 'paused'));
  const starting = useUi((s) => s.starting);
  const { captureStart, captureStop } = useUiStore().getState();
  const [iface, setIface] = useState('');
  const [filter, setFilter] = useState('');
  const [file, setFile] = useState('');
  const ownTraffic = useUi((s) => s.ownTraffic);
  const [own, setOwn] = useState(false);
  /** Interfaces captured beside the chosen one (one capture, one pcapng with an IDB each). */
  const [also, setAlso] = useState<string[]>([]);
  const chosen = iface || interfaces.find((i) => i.up && !i.loopback)?.name || interfaces[0]?.name || '';
  // libpcap's "any" already holds every interface: nothing goes beside it.
  const others = chosen === 'any' ? [] : interfaces.filter((i) => i.name !== chosen && i.name !== 'any');
  const extra = also.filter((n) => others.some((i) => i.name === n));
  const off = !capture.available;
  return (
    <div className="group" title={off ? capture.reason : undefined}>
      <select
        data-testid="capture-iface"
        aria-label="Capture interface"
        disabled={off || running}
        value={chosen}
        onChange={(e) => setIface(e.target.value)}
      >
        {interfaces.length === 0 ? <option value="">no interfaces</option> : null}
        {interfaces.map((i) => (
          <option key={i.name} value={i.name}>
            {i.name}
            {i.description ? ` (${i.description})` : ''}
            {i.up ? '' : ' [down]'}
          </option>
        ))}
      </select>
      {others.length > 0 ? (
        <details className="also" data-testid="capture-also">
          <summary title="Capture on more interfaces at once">{extra.length > 0 ? `+ ${extra.join(', ')}` : '+'}</summary>
          <div className="also-list">
            {others.map((i) => (
              <label key={i.name}>
                <input
                  type="checkbox"
                  data-testid={`capture-also-${i.name}`}
                  disabled={off || running}
                  checked={extra.includes(i.name)}
                  onChange={(e) => setAlso(e.target.checked ? [...extra, i.name] : extra.filter((n) => n !== i.name))}
                />
                {i.name}
                {i.up ? '' : ' [down]'}
              </label>
            ))}
          </div>
        </details>
      ) : null}
      <TextInput
        testId="capture-filter"
        label="Capture filter"
        placeholder="capture filter (BPF)"
        disabled={off || running}
        value={filter}
        onChange={setFilter}
      />
      <TextInput
        testId="capture-file"
        label="Capture file"
        title="A .pcapng path on the host: the capture is written there as it arrives. Empty: a temporary file (Save keeps it)."
        placeholder="write to .pcapng (optional)"
        disabled={off || running}
        value={file}
        onChange={setFile}
      />
      <button
        type="button"
        data-testid="capture-start"
        disabled={off || running || starting || chosen === ''}
        onClick={() => captureStart([chosen, ...extra], filter, file, own)}
      >
        {starting ? 'Starting…' : 'Start'}
      </button>
      <button type="button" data-testid="capture-stop" disabled={off || !running} onClick={captureStop}>
        Stop
      </button>
      {ownTraffic !== undefined && !off ? (
        <label
          data-testid="capture-own"
          title={`Serve mode: this page talks to Wirepool over ${ownTraffic}. Captures leave that traffic out (it would grow with what the page shows); tick to capture it too.`}
        >
          <input type="checkbox" disabled={running} checked={own} onChange={(e) => setOwn(e.target.checked)} />
          {own ? 'with' : 'without'} this page's own traffic ({ownTraffic})
        </label>
      ) : null}
      {off ? (
        <span className="reason" data-testid="capture-unavailable">
          Capture unavailable: {capture.reason ?? 'not supported here'}
        </span>
      ) : null}
    </div>
  );
}

function ViewControls(): ReactNode {
  const timeFormat = useUi((s) => s.timeFormat);
  const follow = useUi((s) => s.follow);
  const { setTimeFormat, setFollow } = useUiStore().getState();
  return (
    <div className="group">
      <label>
        Time{' '}
        <select data-testid="time-format" value={timeFormat} onChange={(e) => setTimeFormat(e.target.value as TimeFormat)}>
          <option value="absolute">absolute (UTC)</option>
          <option value="relative">since first packet</option>
          <option value="delta">since previous</option>
        </select>
      </label>
      <label>
        <input type="checkbox" data-testid="follow-toggle" checked={follow} onChange={(e) => setFollow(e.target.checked)} /> Follow
      </label>
    </div>
  );
}

export function Toolbar(): ReactNode {
  return (
    <header className="toolbar" data-testid="toolbar">
      <div className="row">
        <OpenControls />
        <ReplayControls />
        <CaptureControls />
        <SaveControls />
        <ViewControls />
        <ColoringControls />
        <StatsButton />
      </div>
      <div className="row">
        <DisplayFilter />
        <FollowButtons />
      </div>
    </header>
  );
}

/** "Packets: N · Displayed: M (x %)", as Wireshark's status bar, and how far a filter has got. */
export function StatusBar(): ReactNode {
  const view = useUi((s) => s.view);
  const runState = useUi((s) => s.runState);
  const source = useUi((s) => s.run?.source);
  const connected = useUi((s) => s.connected);
  const saved = useUi((s) => s.saved);
  const packets = view?.packets ?? 0;
  const displayed = view?.displayed ?? 0;
  const filtering = view?.filter !== undefined && view.scanned < view.packets;
  return (
    <footer className="status-bar">
      <span>{connected ? 'connected' : 'connecting…'}</span>
      <span data-testid="run-label">{runLabel(source, runState)}</span>
      <span data-testid="packet-status">
        Packets: <span data-testid="packet-count">{packets}</span>
        {' · '}Displayed: <span data-testid="displayed-count">{displayed}</span>
        {packets > 0 ? ` (${((displayed / packets) * 100).toFixed(1)} %)` : ''}
      </span>
      {view?.filter !== undefined ? (
        <span data-testid="filter-status">
          filter “{view.filter}”{filtering ? ` — filtering ${view.scanned} of ${view.packets}…` : ''}
        </span>
      ) : null}
      <span data-testid="run-state">{runState ?? 'idle'}</span>
      {saved ? (
        <span data-testid="save-notice">
          saved to {saved.path} ({saved.format})
        </span>
      ) : null}
    </footer>
  );
}
