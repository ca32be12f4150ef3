import { describe, expect, it } from 'vitest';
import { READY_ENV, READY_LINE, takeReadyReport } from '../../electron/ready-signal.js';

describe('electron: telling npm start the window is up', () => {
  it('writes the line once when the launcher asked, and takes the request out of the environment', () => {
    const env: NodeJS.ProcessEnv = { [READY_ENV]: '1', HOME: '/h' };
    const out: string[] = [];
    const report = takeReadyReport(env, (l) => out.push(l));
    expect(env).toEqual({ HOME: '/h' });
    report();
    report();
    expect(out).toEqual([`${READY_LINE}\n`]);
  });

  it('writes nothing when launched otherwise (a packaged app, `npx electron .`)', () => {
    const out: string[] = [];
    takeReadyReport({}, (l) => out.push(l))();
    takeReadyReport({ [READY_ENV]: '0' }, (l) => out.push(l))();
    expect(out).toEqual([]);
  });
});
