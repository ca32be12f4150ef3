import { useState, type ReactNode } from 'react';
import type { Speed } from '../../../native-bridge/protocol/index.js';
import { TIME_FORMATS, type TimeFormat } from '../lib/time.js';
import { runLabel } from '../lib/run-label.js';
import { THEME_CHOICES, type ThemeChoice } from '../lib/theme.js';
import { useUi, useUiStore } from '../store/react.js';
import { useCommand } from './commands.js';
import { DisplayFilter } from './DisplayFilter.js';
import { ColoringControls } from './ColoringRules.js';
import { FollowButtons } from './FollowStream.js';
import {
  LogoIcon,
  MoonIcon,
  OpenIcon,
  PanelIcon,
  PauseIcon,
  PlayIcon,
  RecordIcon,
  ReplayIcon,
  SaveIcon,
  StopIcon,
  SunIcon,
  SystemIcon,
} from './icons.js';
import { setPoolCollapsed, setTheme, usePoolCollapsed, useTheme } from './prefs.js';
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
  icon: ReactNode;
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
      <button type="submit" className="btn" data-testid={`${props.id}-path-submit`} disabled={props.disabled}>
        {props.icon}
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
        <button type="button" className="btn" data-testid="open-button" onClick={openDialog}>
          <OpenIcon />
          Open…
        </button>
      </div>
    );
  }
  return (
    <PathForm
      id="open"
      label="Capture file path on the host"
      placeholder="/path/on/host/capture.pcapng"
      button="Open"
      icon={<OpenIcon />}
      onSubmit={open}
    />
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
      icon={<SaveIcon />}
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
      <button
        type="button"
        className="btn icon-only"
        data-testid="replay-toggle"
        disabled={!isReplay || !active}
        onClick={runState === 'paused' ? resume : pause}
        title={runState === 'paused' ? 'Resume the replay' : 'Pause the replay'}
      >
        {runState === 'paused' ? <PlayIcon /> : <PauseIcon />}
        <span className="sr-only">{runState === 'paused' ? 'Resume' : 'Pause'}</span>
      </button>
      <button
        type="button"
        className="btn icon-only"
        data-testid="replay-stop"
        disabled={!isReplay || !active}
        onClick={stop}
        title="Stop the replay here (the packets so far stay)"
      >
        <StopIcon />
        <span className="sr-only">Stop</span>
      </button>
      <button
        type="button"
        className="btn icon-only"
        data-testid="replay-restart"
        disabled={!isReplay}
        onClick={replay}
        title="Replay the file again from the start"
      >
        <ReplayIcon />
        <span className="sr-only">Replay</span>
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
  const start = (): void => captureStart([chosen, ...extra], filter, file, own);
  useCommand('captureStart', { run: start, enabled: () => !(off || running || starting || chosen === '') });
  useCommand('captureStop', { run: captureStop, enabled: () => running });
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
        className="btn capture-start"
        data-testid="capture-start"
        disabled={off || running || starting || chosen === ''}
        onClick={start}
        title="Start capturing on the chosen interfaces"
      >
        <RecordIcon />
        {starting ? 'Starting…' : 'Start'}
      </button>
      <button
        type="button"
        className="btn"
        data-testid="capture-stop"
        disabled={off || !running}
        onClick={captureStop}
        title="Stop the capture"
      >
        <StopIcon />
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
          {TIME_FORMATS.map((f) => (
            <option key={f.format} value={f.format} title={f.label}>
              {f.short}
            </option>
          ))}
        </select>
      </label>
      <label className="check" title="Keep the newest packet in view">
        <input type="checkbox" data-testid="follow-toggle" checked={follow} onChange={(e) => setFollow(e.target.checked)} /> Follow
      </label>
    </div>
  );
}

const THEME_ICONS: Record<ThemeChoice, [ReactNode, string]> = {
  system: [<SystemIcon key="s" />, 'Theme as the system’s'],
  light: [<SunIcon key="l" />, 'Light theme'],
  dark: [<MoonIcon key="d" />, 'Dark theme'],
};

/** View ▸ Theme: the system's (the default), light or dark, kept for the next visit. */
function ThemeToggle(): ReactNode {
  const theme = useTheme();
  return (
    <fieldset className="segmented" data-testid="theme-toggle" data-theme={theme}>
      <legend>Theme</legend>
      {THEME_CHOICES.map((c) => (
        <label key={c} title={THEME_ICONS[c][1]}>
          <input
            type="radio"
            name="theme"
            value={c}
            data-testid={`theme-${c}`}
            checked={theme === c}
            onChange={() => setTheme(c)}
            aria-label={THEME_ICONS[c][1]}
          />
          {THEME_ICONS[c][0]}
        </label>
      ))}
    </fieldset>
  );
}

/** View ▸ Pool panel: shown beside the packets, or collapsed to a strip with the hit rate. */
function PoolToggle(): ReactNode {
  const collapsed = usePoolCollapsed();
  return (
    <button
      type="button"
      className="btn icon-only"
      data-testid="pool-toggle"
      aria-pressed={!collapsed}
      title={collapsed ? 'Show the pool panel' : 'Collapse the pool panel'}
      onClick={() => setPoolCollapsed(!collapsed)}
    >
      <PanelIcon />
      <span className="sr-only">Pool panel</span>
    </button>
  );
}

export function Toolbar(): ReactNode {
  return (
    <header className="toolbar" data-testid="toolbar">
      <div className="row">
        <div className="brand" title="Wirepool">
          <LogoIcon />
          <span>Wirepool</span>
        </div>
        <div className="section file">
          <OpenControls />
          <SaveControls />
        </div>
        <div className="section replay">
          <ReplayControls />
        </div>
        <div className="section capture">
          <CaptureControls />
        </div>
      </div>
      <div className="row">
        <DisplayFilter />
        <div className="section analyze">
          <FollowButtons />
          <StatsButton />
        </div>
        <div className="section view">
          <ViewControls />
          <ColoringControls />
          <ThemeToggle />
          <PoolToggle />
        </div>
      </div>
    </header>
  );
}

/** "Packets: N · Displayed: M (x %)", as Wireshark's status bar, and how far a filter has got. */
export function StatusBar(): ReactNode {
  // Which run the bar is about (tests tell a new run from the last one by it).
  const runId = useUi((s) => s.run?.runId);
  const view = useUi((s) => s.view);
  const runState = useUi((s) => s.runState);
  const source = useUi((s) => s.run?.source);
  const connected = useUi((s) => s.connected);
  const saved = useUi((s) => s.saved);
  const packets = view?.packets ?? 0;
  const displayed = view?.displayed ?? 0;
  const filtering = view?.filter !== undefined && view.scanned < view.packets;
  const marks = useUi((s) => s.marks);
  const refs = useUi((s) => s.refs);
  return (
    <footer className="status-bar" data-testid="status-bar" data-run-id={runId}>
      <span className={`conn${connected ? ' on' : ''}`}>{connected ? 'connected' : 'connecting…'}</span>
      <span className="run" data-testid="run-label" title={source?.name}>
        {runLabel(source, runState)}
      </span>
      <span data-testid="packet-status">
        Packets: <span data-testid="packet-count">{packets}</span>
        {' · '}Displayed: <span data-testid="displayed-count">{displayed}</span>
        {packets > 0 ? ` (${((displayed / packets) * 100).toFixed(1)} %)` : ''}
      </span>
      {marks > 0 || refs > 0 ? (
        <span data-testid="mark-count">
          Marked: {marks}
          {refs > 0 ? ` · Refs: ${refs}` : ''}
        </span>
      ) : null}
      {view?.filter !== undefined ? (
        <span data-testid="filter-status">
          filter “{view.filter}”{filtering ? ` — filtering ${view.scanned} of ${view.packets}…` : ''}
        </span>
      ) : null}
      {saved ? (
        <span className="saved" data-testid="save-notice">
          saved to {saved.path} ({saved.format})
        </span>
      ) : null}
      <span className={`state ${runState ?? 'idle'}`} data-testid="run-state">
        {runState ?? 'idle'}
      </span>
    </footer>
  );
}
