/**
 * Starts the application in #root once the session is known (see startSession in app.tsx). A
 * first screen the server rendered in the same language is hydrated; anything else is replaced.
 */
import { StrictMode } from 'react';
import { createRoot, hydrateRoot } from 'react-dom/client';
import { App, firstStart } from './app.js';
import './styles.css';

const root = document.getElementById('root');
if (root && firstStart) {
  // Not a top-level await: that would make the bundler split the modules the lazy pages share.
  void firstStart.then((start) => {
    const app = (
      <StrictMode>
        <App start={start} />
      </StrictMode>
    );
    if (start.phase.kind === 'in' && root.dataset.rendered === start.lang) {
      // After the next paint (a timeout from inside the frame's callback runs once it has been
      // painted), so that the server's HTML is on the screen before hydration takes the thread.
      requestAnimationFrame(() =>
        setTimeout(() =>
          hydrateRoot(root, app, {
            // React renders afresh where the server's HTML differs (another time zone's times).
            onRecoverableError: (error) =>
              console.warn('Utfall: first screen rendered anew:', error),
          }),
        ),
      );
    } else {
      root.replaceChildren();
      createRoot(root).render(app);
    }
  });
}
