import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli, scratchFolder } from './run-cli.js';

let scratch: ReturnType<typeof scratchFolder>;
beforeEach(() => {
  scratch = scratchFolder();
});
afterEach(() => scratch.remove());

const doc = readFileSync(new URL('../../docs/demo-data.md', import.meta.url), 'utf8').replace(/\s+/g, ' ');

describe('docs/demo-data.md quotes what `salesops demo` prints', () => {
  it.each([
    ['--opportunities', '0'],
    ['--reps', '2'],
    ['--reps', '200000'],
  ])('%s %s', async (flag, value) => {
    await runCli(['init'], { cwd: scratch.path });
    const run = await runCli(['demo', flag, value], { cwd: scratch.path });
    expect(run.code).toBe(2);
    const message = /^error: (.*)$/m.exec(run.stderr)?.[1] ?? '';
    expect(message).toMatch(new RegExp(`^${flag} must be a whole number`));
    expect(doc).toContain(`\`${message}\``);
  });
});
