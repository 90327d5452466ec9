#!/usr/bin/env node
// The CLI entry: a thin shim so that `npx salesops` runs the compiled CLI.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { constants } from 'node:os';
import { largeAllocationStart } from './large-allocation.js';

const entry = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write(
    'error: salesops is not built yet\n  fix: run `npm run build` (npm ci and npm start build it too)\n',
  );
  process.exit(1);
}

/**
 * `import` of a large export runs in a second Node process, started by this one with what only a process's start
 * can set (glibc's mmap threshold and --expose-gc: bin/large-allocation.js says why, and when not). One more Node
 * start (about 0.1 CPU s) on a command that takes seconds to minutes. Not `serve`: it handles SIGINT itself, and a
 * terminal's Ctrl-C would reach it twice (from the terminal, and forwarded).
 */
const LARGE_ALLOCATION_COMMANDS = new Set(['import']);

/** The command's name: the first argument that is not a global option (`-w, --workspace <folder>`). */
function commandName(args) {
  for (let at = 0; at < args.length; at++) {
    if (args[at] === '-w' || args[at] === '--workspace') at++;
    else if (!args[at].startsWith('-')) return args[at];
  }
  return undefined;
}

const restart = LARGE_ALLOCATION_COMMANDS.has(commandName(process.argv.slice(2)))
  ? largeAllocationStart(process.platform, process.env)
  : null;

if (restart) {
  const child = spawn(
    process.execPath,
    [...process.execArgv, ...restart.execArgv, ...process.argv.slice(1)],
    { stdio: 'inherit', env: restart.env },
  );
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
