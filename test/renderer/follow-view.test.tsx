// @vitest-environment jsdom
/**
 * The Follow Stream views in jsdom: a right click on a TCP row opens the context menu, its
 * Follow TCP stream opens the panel with the engine's text, client and server parts apart, and
 * the list filtered to the stream; a cut stream says so; Close puts the list back.
 */
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { StoreProvider } from '../../renderer/src/store/react.js';
import { createUiStore } from '../../renderer/src/store/ui-store.js';
import { App } from '../../renderer/src/views/App.js';
import { engineFollow } from './engine-follow.js';
import { FakeHost } from './fake-host.js';
import { SAMPLE, tick } from './helpers.js';

// jsdom does no layout: give elements a viewport so the list renders rows (as views.test.tsx).
const saved = Object.getOwnPropertyDescriptor(HTMLElement.prototype, 'clientHeight');
beforeAll(() => {
  Object.defineProperty(HTMLElement.prototype, 'clientHeight', { configurable: true, get: () => 440 });
  HTMLElement.prototype.scrollTo ??= () => {};
  HTMLElement.prototype.scrollIntoView ??= () => {};
});
afterAll(() => {
  if (saved) Object.defineProperty(HTMLElement.prototype, 'clientHeight', saved);
});
afterEach(cleanup);

/** Answers every request but `follow` (the test answers those with the engine's own) until the UI asks nothing more. */
async function settle(host: FakeHost): Promise<void> {
  for (let round = 0; round < 100; round++) {
    let answered = 0;
    await act(async () => {
      for (const r of host.waiting()) {
        if (r.op === 'follow') continue;
        host.answer(r);
        answered++;
      }
      await tick();
    });
    if (answered === 0) return;
  }
  throw new Error('the UI kept asking');
}

async function openSample() {
  const host = new FakeHost();
  const store = createUiStore({ send: host.send, flushMs: 0 });
  host.connect((m) => store.getState().receive(m));
  render(
    <StoreProvider store={store}>
      <App transport="websocket" />
    </StoreProvider>,
  );
  act(() => {
    store.getState().hello();
    store.getState().open(SAMPLE);
  });
  await settle(host);
  act(() => store.getState().setFollow(false));
  const list = screen.getByTestId('packet-list');
  act(() => {
    list.scrollTop = 0;
    fireEvent.scroll(list);
  });
  await settle(host);
  return { host, store };
}

/** Answers the waiting follow request with what the engine answers (optionally with a limit). */
async function answerFollow(host: FakeHost, limit?: number): Promise<void> {
  const req = host.waiting('follow')[0]!;
  const result = await engineFollow({ ...req.args, ...(limit !== undefined ? { limit } : {}) });
  await act(async () => {
    host.reply(req, result);
    await tick();
  });
  await settle(host);
}

const row = (n: number) => screen.getAllByTestId('packet-row').find((r) => r.getAttribute('data-number') === String(n))!;

describe('Follow Stream views', () => {
  it('right click on a TCP row ▸ Follow TCP stream: the panel shows the stream, client and server apart; the list shows only it', async () => {
    const { host, store } = await openSample();
    expect(screen.getByTestId<HTMLButtonElement>('follow-tcp-button').disabled).toBe(true);
    fireEvent.contextMenu(row(8), { clientX: 40, clientY: 60 });
    await settle(host);
    const tcp = screen.getByTestId<HTMLButtonElement>('menu-follow-tcp');
    expect(tcp.disabled).toBe(false);
    expect(screen.getByTestId<HTMLButtonElement>('menu-follow-udp').disabled).toBe(true);
    expect(screen.getByTestId<HTMLButtonElement>('follow-tcp-button').disabled).toBe(false);
    fireEvent.click(tcp);
    expect(screen.queryByTestId('packet-menu')).toBeNull();
    expect(screen.getByTestId('follow-text').textContent).toBe('Following the TCP stream in the engine…');
    await answerFollow(host);

    const expected = await engineFollow({ runId: host.runId, protocol: 'tcp', stream: 0, format: 'ascii' });
    const text = screen.getByTestId('follow-text');
    expect(text.textContent).toBe(expected.parts.map((p) => p.text).join(''));
    expect(text.querySelectorAll('.client').length).toBe(expected.parts.filter((p) => p.node === 0).length);
    expect(text.querySelectorAll('.server').length).toBe(expected.parts.filter((p) => p.node === 1).length);
    expect(screen.getByTestId('follow-filter').textContent).toBe('tcp.stream eq 0');
    expect(screen.queryByTestId('follow-truncated')).toBeNull();
    expect(store.getState().view?.filter).toBe('tcp.stream eq 0');
    expect(screen.getByTestId<HTMLButtonElement>('follow-prev').disabled).toBe(true);
    expect(screen.getByTestId<HTMLButtonElement>('follow-next').disabled).toBe(false);

    fireEvent.click(screen.getByTestId('follow-close'));
    await settle(host);
    expect(screen.queryByTestId('follow-dialog')).toBeNull();
    expect(store.getState().view?.filter).toBeUndefined();
  });

  it('a stream cut at the limit says so; Escape closes the panel', async () => {
    const { host } = await openSample();
    fireEvent.contextMenu(row(8), { clientX: 40, clientY: 60 });
    await settle(host);
    fireEvent.click(screen.getByTestId('menu-follow-tcp'));
    await answerFollow(host, 100);
    expect(screen.getByTestId('follow-truncated').textContent).toBe('The stream is longer: truncated at 100 bytes.');
    // Escape closes the panel, as Close does.
    fireEvent.keyDown(document, { key: 'Escape' });
    await settle(host);
    expect(screen.queryByTestId('follow-dialog')).toBeNull();
  });
});
