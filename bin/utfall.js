#!/usr/bin/env node
// The CLI runs from the compiled build (npm install builds it through "prepare").
import { main } from '../dist/cli/main.js';

process.exitCode = await main(process.argv.slice(2));
