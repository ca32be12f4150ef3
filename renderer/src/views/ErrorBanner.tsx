import type { ReactNode } from 'react';
import { useUi } from '../store/react.js';

const ABOUT: Record<string, string> = {
  open: 'Opening the file failed',
  openDialog: 'Opening the file failed',
  replay: 'Replay failed',
  captureStart: 'Capture failed',
  captureStop: 'Stopping the capture failed',
  interfaces: 'Listing interfaces failed',
  rows: 'Reading the packet list failed',
  packet: 'Reading the packet failed',
  filter: 'Filtering failed',
  save: 'Saving failed',
  host: 'Connection problem',
  ui: 'Cannot do that',
};

/** Every error the host or the renderer reported, readable, each dismissable. */
export function ErrorBanner(): ReactNode {
  const errors = useUi((s) => s.errors);
  const dismiss = useUi((s) => s.dismissError);
  if (errors.length === 0) return null;
  return (
    <div className="errors" role="alert">
      {errors.map((e) => (
        <div key={e.id} className="error-banner" data-testid="error-banner" data-code={e.code}>
          <strong>{ABOUT[e.about] ?? 'Error'}:</strong>{' '}
          <span data-testid="error-message">
            {e.message}
            {e.hint ? ` — ${e.hint}` : ''}
          </span>{' '}
          <code className="error-code">{e.code}</code>
          <button type="button" data-testid="error-dismiss" aria-label="Dismiss" onClick={() => dismiss(e.id)}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
