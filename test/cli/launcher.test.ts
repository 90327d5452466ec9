/**
 * bin/salesops.js, the launcher: it restarts the CLI of a large-allocation command (`import`) with glibc's mmap
 * threshold set, forwarding arguments, standard streams, the exit code and signals. Run against a copy of bin/
 * beside a stand-in dist/cli/main.js that reports what it was given, so that no build is needed.
 */
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { largeAllocationStart } from '../../bin/large-allocation.js';
import { scratchFolder } from './run-cli.js';

const BIN = join(import.meta.dirname, '..', '..', 'bin');
const scratch = scratchFolder();
afterAll(() => scratch.remove());

const launcher = join(scratch.path, 'bin', 'salesops.js');
mkdirSync(join(scratch.path, 'dist', 'cli'), { recursive: true });
cpSync(BIN, join(scratch.path, 'bin'), { recursive: true });
// The stand-in CLI: reports its arguments, the variable and its process, echoes standard input when asked,
// waits for a signal and says which came when asked, and exits with the code `--exit` gives.
writeFileSync(join(scratch.path, 'package.json'), '{ "type": "module" }\n');
writeFileSync(
  join(scratch.path, 'dist', 'cli', 'main.js'),
  `export async function main(argv) {
  const args = argv.slice(2);
  const gc = typeof globalThis.gc === 'function';
  process.stdout.write(JSON.stringify({ args, threshold: process.env.MALLOC_MMAP_THRESHOLD_ ?? null, gc, pid: process.pid }) + '\\n');
  if (args.includes('--echo')) for await (const chunk of process.stdin) process.stdout.write(chunk);
  if (args.includes('--wait')) {
    // Says which signal reached it, then ends by that signal as it would have without the listener.
    for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'])
      process.once(signal, () => {
        process.stdout.write('got ' + signal + '\\n');
        process.kill(process.pid, signal);
      });
    process.stderr.write('waiting\\n');
    await new Promise(() => setInterval(() => undefined, 1000));
  }
  const exit = args.indexOf('--exit');
  return exit < 0 ? 0 : Number(args[exit + 1]);
}
`,
);

interface Run {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly launcherPid: number;
}

function launch(
  args: readonly string[],
  options: { env?: Record<string, string>; input?: string; signal?: NodeJS.Signals } = {},
): Promise<Run> {
  const env = { ...process.env, ...options.env };
  if (options.env?.MALLOC_MMAP_THRESHOLD_ === undefined) delete env.MALLOC_MMAP_THRESHOLD_;
  const child = spawn(process.execPath, [launcher, ...args], { env, stdio: 'pipe' });
  let [stdout, stderr, signalled] = ['', '', false];
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    // Signalled once the CLI is waiting, so that the signal meets it and not the launcher's start.
    if (options.signal && !signalled && stderr.includes('waiting')) signalled = child.kill(options.signal);
  });
  child.stdin.end(options.input ?? '');
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr, launcherPid: child.pid! }));
  });
}

const report = (run: Run) =>
  JSON.parse(run.stdout.split('\n')[0]!) as {
    args: string[];
    threshold: string | null;
    gc: boolean;
    pid: number;
  };

describe.runIf(process.platform === 'linux')('the launcher (bin/salesops.js) on Linux', () => {
  it('restarts `import` with MALLOC_MMAP_THRESHOLD_ and --expose-gc, forwarding arguments and exit code', async () => {
    const run = await launch(['import', 'a file.csv', '--source', 'salesforce', '--exit', '2']);
    expect(run.code).toBe(2);
    const cli = report(run);
    expect(cli).toMatchObject({
      args: ['import', 'a file.csv', '--source', 'salesforce', '--exit', '2'],
      threshold: '131072',
      gc: true,
    });
    expect(cli.pid).not.toBe(run.launcherPid);
  });

  it('finds the command after the global --workspace option, and keeps exit codes 0 and 1', async () => {
    for (const [args, code] of [
      [['-w', 'import', 'import', '--exit', '0'], 0],
      [['--workspace=ws', 'import', '--exit', '1'], 1],
    ] as const) {
      const run = await launch(args);
      expect(run.code).toBe(code);
      expect(report(run)).toMatchObject({ args, threshold: '131072' });
    }
  });

  it('runs every other command in its own process, and keeps a threshold the user set', async () => {
    const status = await launch(['status', '--exit', '1']);
    expect(status.code).toBe(1);
    expect(report(status)).toMatchObject({ threshold: null, gc: false, pid: status.launcherPid });
    const own = await launch(['import', 'x.csv'], { env: { MALLOC_MMAP_THRESHOLD_: '65536' } });
    expect(report(own)).toMatchObject({ threshold: '65536', pid: own.launcherPid });
  });

  it('passes standard input through to the restarted CLI', async () => {
    const run = await launch(['import', '--echo'], { input: 'Id,Name\n006A,Acme\n' });
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n').slice(1).join('\n')).toBe('Id,Name\n006A,Acme\n');
  });

  it('forwards a signal sent to it alone, and ends by the signal that ended the CLI', async () => {
    for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) {
      const run = await launch(['import', '--wait'], { signal });
      expect(report(run).pid).not.toBe(run.launcherPid);
      expect(run.stdout.split('\n')[1]).toBe(`got ${signal}`);
      expect(run).toMatchObject({ code: null, signal });
    }
  });
});

describe('the launcher without a build', () => {
  it('says how to build salesops and exits 1', async () => {
    const bare = scratchFolder();
    try {
      writeFileSync(join(bare.path, 'package.json'), '{ "type": "module" }\n');
      cpSync(BIN, join(bare.path, 'bin'), { recursive: true });
      const child = spawn(process.execPath, [join(bare.path, 'bin', 'salesops.js'), 'import'], {
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
      expect(code).toBe(1);
      expect(stderr).toContain('fix: run `npm run build`');
    } finally {
      bare.remove();
    }
  });
});

describe('largeAllocationStart (bin/large-allocation.js), shared by the launcher and the import bench', () => {
  it("on Linux adds --expose-gc and glibc's 128 KiB mmap threshold to the environment, keeping the rest", () => {
    const env = { PATH: '/usr/bin', SALESOPS_USER: 'ana' };
    expect(largeAllocationStart('linux', env)).toEqual({
      execArgv: ['--expose-gc'],
      env: { PATH: '/usr/bin', SALESOPS_USER: 'ana', MALLOC_MMAP_THRESHOLD_: '131072' },
    });
    expect(env).toEqual({ PATH: '/usr/bin', SALESOPS_USER: 'ana' });
  });

  it('starts the process as it is elsewhere, or where a threshold is set already', () => {
    expect(largeAllocationStart('darwin', {})).toBeNull();
    expect(largeAllocationStart('win32', {})).toBeNull();
    expect(largeAllocationStart('linux', { MALLOC_MMAP_THRESHOLD_: '65536' })).toBeNull();
  });
});
