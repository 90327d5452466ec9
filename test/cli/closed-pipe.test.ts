import { spawn } from 'node:child_process';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { exitQuietlyWhenReaderCloses } from '../../src/cli/io.js';

describe('output to a reader that closes early (salesops ... | head)', () => {
  it('exits 0 quietly on EPIPE and rethrows any other stream error', () => {
    const stream = new PassThrough();
    const exits: number[] = [];
    exitQuietlyWhenReaderCloses(stream, (code) => exits.push(code));
    stream.emit('error', Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
    expect(exits).toEqual([0]);
    expect(() => stream.emit('error', Object.assign(new Error('disk full'), { code: 'ENOSPC' }))).toThrow(
      'disk full',
    );
    expect(exits).toEqual([0]);
  });

  it('a real CLI process whose stdout is closed after the first bytes ends with exit code 0 and no stack', async () => {
    // `metrics list` in every format, repeated, writes more than a pipe holds, so later writes meet the closed pipe.
    const script = [
      "const { main } = await import('./src/cli/main.ts');",
      'let code = 0;',
      "for (let i = 0; i < 200 && code === 0; i++) code = await main(['node', 'salesops', 'metrics', 'list', '--format', 'json']);",
      'process.exitCode = code;',
    ].join('\n');
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).not.toMatch(/EPIPE|at /);
    expect(code).toBe(0);
  }, 60_000);
});
