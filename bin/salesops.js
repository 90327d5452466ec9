#!/usr/bin/env node
// The CLI entry: a thin shim so that `npx salesops` runs the compiled CLI.
import { main } from '../dist/cli/main.js';

process.exitCode = await main(process.argv);
