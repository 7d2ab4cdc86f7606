#!/usr/bin/env -S node --max-semi-space-size=2
// The CLI runs from the compiled build (npm install builds it through "prepare"; npm start and
// npm run build rebuild what changed, scripts/build.mjs).
// A small young generation keeps a streamed 1M-line import well under 300 MB: the parser makes
// short-lived strings by the million, and V8's default semi-spaces would hold 100 MB of them.
import { fileURLToPath } from 'node:url';

const entry = new URL('../dist/cli/main.js', import.meta.url);
const { main } = await import(entry.href).catch((error) => {
  // Installed without its scripts (npm ci --ignore-scripts), or dist/ removed; the messages are
  // in dist/ too, so this one is in English.
  if (
    error?.code === 'ERR_MODULE_NOT_FOUND' &&
    String(error.message).includes(fileURLToPath(entry))
  ) {
    process.stderr.write('Utfall is not built: run `npm run build` first (npm install does it).\n');
    process.exit(1);
  }
  throw error;
});

process.exitCode = await main(process.argv.slice(2));
