/**
 * Progress bars for long work: drawn on stderr when it is a terminal, silent in pipes and tests.
 * @module
 */
import cliProgress from 'cli-progress';
import type { OutputStream } from './io.js';

export interface Progress {
  update(done: number): void;
  stop(): void;
}

export function startProgress(stream: OutputStream, label: string, total: number): Progress {
  if (!stream.isTTY) return { update: () => undefined, stop: () => undefined };
  const bar = new cliProgress.SingleBar(
    {
      stream: stream as NodeJS.WritableStream,
      format: `${label} [{bar}] {percentage}% | {value}/{total} | {duration_formatted}`,
      hideCursor: true,
      clearOnComplete: true,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0);
  return { update: (done) => bar.update(done), stop: () => bar.stop() };
}
