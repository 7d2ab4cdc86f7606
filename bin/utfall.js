#!/usr/bin/env -S node --max-semi-space-size=2
// The CLI runs from the compiled build (npm install builds it through "prepare").
// A small young generation keeps a streamed 1M-line import well under 300 MB: the parser makes
// short-lived strings by the million, and V8's default semi-spaces would hold 100 MB of them.
import { main } from '../dist/cli/main.js';

process.exitCode = await main(process.argv.slice(2));
