import type { ReactNode } from 'react';
import { useUi } from '../store/react.js';
import { errorTitle } from './error-title.js';

/** Every error the host or the renderer reported: a plain title, what happened and how to fix it; each dismissable. */
export function ErrorBanner(): ReactNode {
  const errors = useUi((s) => s.errors);
  const dismiss = useUi((s) => s.dismissError);
  if (errors.length === 0) return null;
  return (
    <div className="errors" role="alert">
      {errors.map((e) => (
        <div key={e.id} className="error-banner" data-testid="error-banner" data-code={e.code}>
          <div className="error-body">
            <strong data-testid="error-title">{errorTitle(e.about)}</strong>
            <span data-testid="error-message">{e.message}</span>
            {e.hint ? <span data-testid="error-hint">{e.hint}</span> : null}
          </div>
          <code className="error-code" title="error code">
            {e.code}
          </code>
          <button type="button" data-testid="error-dismiss" aria-label="Dismiss" onClick={() => dismiss(e.id)}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
