#!/usr/bin/env node
// The CLI entry: a thin shim so that `npx salesops` runs the compiled CLI.
import { existsSync } from 'node:fs';

const entry = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write(
    'error: salesops is not built yet\n  fix: run `npm run build` (npm ci and npm start build it too)\n',
  );
  process.exit(1);
}
const { main } = await import(entry.href);
process.exitCode = await main(process.argv);
