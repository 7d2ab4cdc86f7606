/** Starts the application in #root once the session is known (see startSession in app.tsx). */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App, firstPhase } from './app.js';
import './styles.css';

const root = document.getElementById('root');
if (root) {
  // Not a top-level await: that would make the bundler split the modules the lazy pages share.
  void firstPhase.then((initial) =>
    createRoot(root).render(
      <StrictMode>
        <App initial={initial} />
      </StrictMode>,
    ),
  );
}
