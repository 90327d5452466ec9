#!/usr/bin/env node
// The CLI entry: a thin shim so that `npx salesops` runs the compiled CLI.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { constants } from 'node:os';

const entry = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write(
    'error: salesops is not built yet\n  fix: run `npm run build` (npm ci and npm start build it too)\n',
  );
  process.exit(1);
}

/**
 * `import` of a large export runs in a second Node process, started by this one with what only a process's start
 * can set:
 * - MALLOC_MMAP_THRESHOLD_=131072. glibc's malloc keeps freed blocks under its mmap threshold for reuse, and raises
 *   the threshold (up to 32 MB) each time a larger mmapped block is freed, so the typed arrays a million-opportunity
 *   import frees batch after batch stayed resident: RSS climbed about 150 MB through the write. With a fixed
 *   128 KiB threshold large blocks go back to the system when freed (RSS after the write's first collection:
 *   842-937 MB with it, 833-983 MB without). glibc reads the variable only at start; other allocators ignore it.
 * - --expose-gc, so that the store collects the assembly's garbage before its write (src/store/write-batch.ts).
 * One more Node start (about 0.1 CPU s) on a command that takes seconds to minutes. A threshold already set (by
 * the user, or by this launcher) means no restart; macOS and Windows are not restarted. Not `serve`: it handles
 * SIGINT itself, and a terminal's Ctrl-C would reach it twice (from the terminal, and forwarded).
 */
const MMAP_THRESHOLD = 'MALLOC_MMAP_THRESHOLD_';
const LARGE_ALLOCATION_COMMANDS = new Set(['import']);

/** The command's name: the first argument that is not a global option (`-w, --workspace <folder>`). */
function commandName(args) {
  for (let at = 0; at < args.length; at++) {
    if (args[at] === '-w' || args[at] === '--workspace') at++;
    else if (!args[at].startsWith('-')) return args[at];
  }
  return undefined;
}

const restart =
  process.platform === 'linux' &&
  process.env[MMAP_THRESHOLD] === undefined &&
  LARGE_ALLOCATION_COMMANDS.has(commandName(process.argv.slice(2)));

if (restart) {
  const child = spawn(process.execPath, [...process.execArgv, '--expose-gc', ...process.argv.slice(1)], {
    stdio: 'inherit',
    env: { ...process.env, [MMAP_THRESHOLD]: '131072' },
  });
  // A signal sent to this process alone (a supervisor's SIGTERM) goes on to the CLI. One from the terminal reaches
  // both, so the CLI gets it twice: harmless for these commands, which install no handler of their own.
  const forwarded = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  const forward = (signal) => child.kill(signal);
  for (const signal of forwarded) process.on(signal, forward);
  child.on('exit', (code, signal) => {
    for (const name of forwarded) process.off(name, forward);
    if (signal === null) {
      process.exitCode = code ?? 1;
      return;
    }
    // Ends as the CLI did, so that a shell or supervisor sees the same signal (or 128 + its number).
    process.kill(process.pid, signal);
    process.exit(128 + (constants.signals[signal] ?? 0));
  });
  child.on('error', (error) => {
    process.stderr.write(`error: cannot start salesops: ${error.message}\n`);
    process.exitCode = 1;
  });
} else {
  const { main } = await import(entry.href);
  process.exitCode = await main(process.argv);
}
