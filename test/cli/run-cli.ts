/**
 * Runs the salesops CLI in-process, as a user would from a shell, capturing stdout, stderr and the exit code.
 * @module
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import type { IsoDate } from '../../src/domain/dates.js';

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface CliOptions {
  readonly cwd: string;
  readonly env?: Record<string, string | undefined>;
  /** The day the command believes it is (tests never read the clock). */
  readonly today?: string;
  /** How the user ran salesops (io.program): `npx salesops` under npm; the default is the installed `salesops`. */
  readonly program?: string;
}

export async function runCli(args: readonly string[], options: CliOptions): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await main(['node', 'salesops', ...args], {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    env: options.env ?? {},
    cwd: options.cwd,
    today: () => (options.today ?? '2026-11-27') as IsoDate,
    ...(options.program === undefined ? {} : { program: options.program }),
  });
  return { code, stdout, stderr };
}

/**
 * Problems as the CLI prints them (src/cli/problem-text.ts) with their wrapped lines joined again (a line four or
 * more spaces in continues the one before it): for wording whose line breaks move with the machine's paths (a
 * fixture's, a temporary folder's).
 */
export const unwrappedProblems = (text: string): string => text.replace(/\n {4,}/g, ' ');

/** A fresh temporary folder, and a function that removes it. */
export function scratchFolder(): { path: string; remove: () => void } {
  const path = mkdtempSync(join(tmpdir(), 'salesops-cli-'));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}
