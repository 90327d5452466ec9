/**
 * The thread that reads one part of a history file (see history-parts.ts): reads it, posts its progress now
 * and then, and posts the result with its typed arrays moved, not copied.
 * @module
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openCsv } from '../readers/csv-reader.js';
import {
  readHistoryPart,
  transferables,
  type HistoryPartInput,
  type HistoryPartMessage,
} from './history-parts.js';

/** Bytes read between two progress messages. */
const PROGRESS_BYTES = 16 << 20;

const port = parentPort!;
// A thread started before its part was known (spareHistoryThreads) is given it as its first message.
const input =
  (workerData as HistoryPartInput | null) ??
  (await new Promise<HistoryPartInput>((resolve) => port.once('message', resolve)));
const post = (message: HistoryPartMessage, transfer: ArrayBuffer[] = []) =>
  port.postMessage(message, transfer);

try {
  const table = await openCsv(input.path, {
    encoding: input.encoding,
    delimiter: input.delimiter,
    extraCells: 'keep',
  });
  let reported = 0;
  const result = await readHistoryPart(input, table, (bytesRead) => {
    if (bytesRead - reported < PROGRESS_BYTES) return;
    reported = bytesRead;
    post({ kind: 'progress', bytesRead });
  });
  post({ kind: 'done', result }, transferables(result));
} catch (error) {
  const failure = error instanceof Error ? error : new Error(String(error));
  post({ kind: 'failed', message: failure.message, stack: failure.stack });
}
