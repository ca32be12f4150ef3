import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { CommandRegistry } from './lib/commands.js';
import { createUiStore } from './store/ui-store.js';
import { StoreProvider } from './store/react.js';
import { connect } from './transport/index.js';
import { App } from './views/App.js';
import { CommandsProvider } from './views/commands.js';
import { applyPrefs } from './views/prefs.js';
import './styles.css';

// The kept theme and pane sizes, before anything is drawn.
applyPrefs();
const rootElement = document.getElementById('root')!;
const root = createRoot(rootElement);

// Serve mode pages carry ?token=; in Electron the preload hands over a port. A page opened
// any other way waits for a port that never comes: say how to open it properly.
const hint = setTimeout(() => {
  rootElement.textContent =
    'Waiting for the Wirepool host… Open this page with the URL `wirepool serve` prints (it carries ?token=), or start the desktop app.';
}, 3000);

void connect(window).then((transport) => {
  clearTimeout(hint);
  const commands = new CommandRegistry();
  const store = createUiStore({
    send: (m) => transport.send(m),
    confirm: (message) => window.confirm(message),
    onCommand: (command) => commands.run(command),
  });
  transport.subscribe((m) => store.getState().receive(m));
  store.getState().hello();
  root.render(
    <StrictMode>
      <StoreProvider store={store}>
        <CommandsProvider registry={commands}>
          <App transport={transport.kind} />
        </CommandsProvider>
      </StoreProvider>
    </StrictMode>,
  );
});
