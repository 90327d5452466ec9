/**
 * A history file read in parts on worker threads must give what reading it whole gives: the same problems at the
 * same lines, the same counts and notes, the same records written. Each case imports the same files twice, once
 * in parts (parallelFromBytes 0) and once on the main thread, into two fresh stores, and compares everything.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Random } from '../../src/demo/random.js';
import type { ImportResult } from '../../src/ingest/index.js';
import { historyShares, spareHistoryThreads } from '../../src/ingest/import/history-parts.js';
import { HistoryRows } from '../../src/ingest/import/history-rows.js';
import { ACCOUNT, HISTORY_COLUMNS, oppId, OWNER, q, writeOneRepOrg } from './data-loader-export.js';
import { importSalesforce } from './import-helpers.js';

const OPPORTUNITIES = 240;
const STAGES = ['Qualification', 'Discovery', 'Proposal', 'Negotiation', 'Closed Won'] as const;
const CURRENCIES = ['USD', 'USD', 'EUR', 'JPY', 'KWD'] as const;

interface HistoryLine {
  id?: string;
  opportunity: string;
  at: string;
  stage: string;
  amount: string;
  close: string;
  category?: string;
}

const historyLine = (row: HistoryLine) =>
  q([
    row.id ?? '0085e0000000001AAA',
    row.opportunity,
    OWNER,
    row.at,
    row.stage,
    row.amount,
    row.close,
    10,
    row.category ?? 'Pipeline',
    'false',
  ]);

/**
 * The Data Loader files of a small org, with defects in the history on both sides of its middle: amounts that
 * only the opportunity's currency can judge (`12.5` yen, `1.2345` dinars), amounts in a form that is not a plain
 * decimal, an empty amount, unknown stages, an unknown opportunity, a bad time stamp, a short row, a blank row,
 * and a value that holds a line break.
 */
function writeExport(dir: string, history: (rows: string[]) => void = () => undefined): string[] {
  const random = new Random(7);
  const draw = () => random.next();
  const org = writeOneRepOrg(dir);
  const opportunities = [
    q([
      'Id',
      'AccountId',
      'Name',
      'StageName',
      'Amount',
      'CloseDate',
      'IsClosed',
      'IsWon',
      'CurrencyIsoCode',
      'OwnerId',
      'CreatedDate',
    ]),
  ];
  const rows: string[] = [];
  for (let n = 1; n <= OPPORTUNITIES; n++) {
    const currency = CURRENCIES[n % CURRENCIES.length]!;
    const won = n % 3 === 0;
    opportunities.push(
      q([
        oppId(n),
        ACCOUNT,
        `Deal ${n}`,
        won ? (n === 6 ? 'Closed - Signed' : 'Closed Won') : 'Proposal',
        `${1000 + n}.00`,
        '2026-03-31',
        won ? 'true' : 'false',
        won ? 'true' : 'false',
        currency,
        OWNER,
        '2025-10-01T09:00:00.000Z',
      ]),
    );
    for (let step = 0; step < 5; step++) {
      const day = String(1 + step * 5 + (n % 4)).padStart(2, '0');
      rows.push(
        historyLine({
          opportunity: oppId(n),
          at: `2025-11-${day}T10:${String(n % 60).padStart(2, '0')}:00.000Z`,
          stage: STAGES[step]!,
          amount: `${1000 + Math.floor(draw() * 9000)}.${Math.floor(draw() * 10)}`,
          close: '2026-03-31',
        }),
      );
    }
  }
  const defects = (at: number, n: number) => {
    const base = {
      opportunity: oppId(n),
      at: '2025-12-01T10:00:00.000Z',
      stage: 'Proposal',
      close: '2026-03-31',
    };
    rows.splice(
      at,
      0,
      historyLine({ ...base, opportunity: oppId(3), amount: '12.5' }), // JPY has no minor units
      historyLine({ ...base, opportunity: oppId(4), amount: '1.2345' }), // KWD has three
      historyLine({ ...base, opportunity: oppId(4), amount: '1.234' }),
      historyLine({ ...base, amount: '$1,234.50' }),
      historyLine({ ...base, amount: 'twelve' }),
      historyLine({ ...base, amount: '' }),
      historyLine({ ...base, amount: 'N/A' }),
      historyLine({ ...base, amount: '-0.0' }),
      historyLine({ ...base, stage: 'Limbo', amount: '10.0' }),
      historyLine({ ...base, opportunity: '0065e0000009999AAA', amount: '10.0' }),
      historyLine({ ...base, opportunity: '', amount: '10.0' }),
      historyLine({ ...base, at: 'yesterday', amount: 'twelve' }),
      historyLine({ ...base, close: '', amount: 'twelve' }), // read whole, only the amount is reported
      historyLine({ ...base, id: 'line\nbreak', amount: '11.0' }),
      q(['0085e0000000001AAA', oppId(n)]),
      ',,,,,,,,,',
    );
  };
  defects(Math.floor(rows.length * 0.75), 201);
  defects(Math.floor(rows.length * 0.25), 11);
  history(rows);
  writeFileSync(join(dir, 'Opportunity.csv'), `${opportunities.join('\n')}\n`);
  writeFileSync(join(dir, 'OpportunityHistory.csv'), `${q(HISTORY_COLUMNS)}\n${rows.join('\n')}\n`);
  return [...org, ...['Opportunity.csv', 'OpportunityHistory.csv'].map((file) => join(dir, file))];
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'salesops-parts-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

let databases = 0;

interface ReadOptions {
  readonly skipInvalid: boolean;
  /** Threads the parts are read on, the main thread's included (default: the cores there are). */
  readonly threads?: number;
}

/** Imports `files` into a fresh store (in parts or whole): the result, every stored row, the history's progress. */
async function run(files: string[], inParts: boolean, options: ReadOptions) {
  const database = join(dir, `${inParts ? 'parts' : 'whole'}-${++databases}.db`);
  const historyProgress: number[] = [];
  const { result, stored } = await importSalesforce(database, files, {
    skipInvalid: options.skipInvalid,
    parallelFromBytes: inParts ? 0 : Infinity,
    ...(options.threads !== undefined ? { historyThreads: options.threads } : {}),
    onProgress: (file, bytes) => {
      if (file.endsWith('OpportunityHistory.csv')) historyProgress.push(bytes);
    },
  });
  return { result, stored, historyProgress };
}

async function expectSameReads(files: string[], options: ReadOptions = { skipInvalid: true }) {
  const whole = await run(files, false, options);
  const parts = await run(files, true, options);
  const readWhole = (result: ImportResult) => ({
    ...result,
    files: result.files.map((file) => ({ ...file, parts: 1 })),
  });
  expect(readWhole(parts.result)).toEqual(whole.result);
  expect(parts.stored).toEqual(whole.stored);
  // Every file was read (no file stopped the import before its rows).
  expect(whole.result.files.map((file) => file.rowsRead > 0)).toEqual([true, true, true, true]);
  return { whole, parts };
}

describe('a history file read in parts on worker threads', () => {
  it('gives the problems, counts, notes and records that reading it whole gives', async () => {
    const { whole, parts } = await expectSameReads(writeExport(dir));
    // Read in parts (the history only), and its progress reported up to its last byte either way.
    expect(parts.result.files.map((file) => file.parts > 1)).toEqual([false, false, false, true]);
    const bytes = statSync(join(dir, 'OpportunityHistory.csv')).size;
    expect([whole.historyProgress.at(-1), parts.historyProgress.at(-1)]).toEqual([bytes, bytes]);
    const history = whole.result.files[3]!;
    // Every planted defect is found on both sides of the middle (twice each), at its line.
    const lines = whole.result.problems.filter((problem) => problem.file.endsWith('OpportunityHistory.csv'));
    const messages = lines.map((problem) => `${problem.line}:${problem.field}:${problem.message}`);
    expect(messages.filter((message) => message.includes('12.5')).length).toBe(2);
    expect(history.rowsRead).toBe(OPPORTUNITIES * 5 + 2 * 16);
    expect(history.ignored).toEqual([{ reason: 'blank (every cell is empty)', rows: 2 }]);
    expect(whole.result.unknownStages).toEqual([expect.objectContaining({ name: 'Limbo', rows: 2 })]);
  });

  it('gives what reading it whole gives when read in three parts on three threads', async () => {
    const { parts } = await expectSameReads(writeExport(dir), { skipInvalid: true, threads: 4 });
    expect(parts.result.files.map((file) => file.parts)).toEqual([1, 1, 1, 3]);
  });

  it('is read whole on the main thread when one thread is asked for', async () => {
    const { parts } = await expectSameReads(writeExport(dir), { skipInvalid: true, threads: 1 });
    expect(parts.result.files.map((file) => file.parts)).toEqual([1, 1, 1, 1]);
  });

  it('without --skip-invalid, refuses the import with the same report', async () => {
    await expectSameReads(writeExport(dir), { skipInvalid: false });
  });

  it('reads the file whole when a cut falls inside a value that holds line breaks', async () => {
    // A value of many lines from about 2% to 82% of the file, where the cuts fall whatever the cores: the part
    // before a cut does not end between records.
    const files = writeExport(dir, (rows) => {
      const bytes = rows.join('\n').length;
      const lines = Array.from({ length: Math.ceil((4 * bytes) / 10) }, (_, n) => `note ${n}`).join('\n');
      const at = Math.floor(rows.length / 10);
      rows.splice(
        at,
        0,
        historyLine({
          id: lines,
          opportunity: oppId(7),
          at: '2025-12-02T10:00:00.000Z',
          stage: 'Proposal',
          amount: '5.0',
          close: '2026-03-31',
        }),
      );
    });
    const { parts } = await expectSameReads(files);
    expect(parts.result.files[3]!.parts).toBe(1);
  });

  it('reads a stage the opportunities placed by IsWon as they placed it, in parts', async () => {
    // Deal 6 is "Closed - Signed" with IsWon: Closed Won. The history's rows in that stage are read as Closed Won,
    // which the parts cannot know (the opportunities are read meanwhile): they defer the name to the merge.
    const files = writeExport(dir, (rows) => {
      const signedRow = (at: string): HistoryLine => ({
        opportunity: oppId(6),
        at,
        stage: 'Closed - Signed',
        amount: '1006.0',
        close: '2026-03-31',
      });
      const signed = (at: string) => historyLine(signedRow(at));
      rows.splice(Math.floor(rows.length * 0.9), 0, signed('2025-12-20T10:00:00.000Z'));
      rows.splice(
        Math.floor(rows.length * 0.6),
        0,
        // Its category is the stage's; an amount that is none; a stage nothing placed, with and without one.
        historyLine({ ...signedRow('2025-12-21T10:00:00.000Z'), category: '' }),
        historyLine({ ...signedRow('2025-12-22T10:00:00.000Z'), amount: 'twelve' }),
        historyLine({ ...signedRow('2025-12-23T10:00:00.000Z'), stage: 'Limbo', amount: 'twelve' }),
        historyLine({ ...signedRow('2025-12-24T10:00:00.000Z'), stage: 'Limbo', category: '' }),
      );
      rows.splice(Math.floor(rows.length * 0.1), 0, signed('2025-12-19T10:00:00.000Z'));
    });
    const { whole, parts } = await expectSameReads(files);
    expect(parts.result.files[3]!.parts).toBeGreaterThan(1);
    expect(whole.result.problems.filter((problem) => problem.message.includes('Closed - Signed'))).toEqual(
      [],
    );
    // The opportunity and three history rows; not the row whose amount is none, whose stage is not read.
    expect(whole.result.stagesByOutcome).toEqual([{ name: 'Closed - Signed', stage: 'Closed Won', rows: 4 }]);
    const lines = (pattern: string) =>
      whole.result.problems.filter((problem) => problem.message.includes(pattern)).map(({ line }) => line);
    // The defects' two Limbo rows and the new one with an amount; the new row whose amount is none says so only.
    expect(lines('Limbo')).toHaveLength(3);
    expect(lines('"twelve"').filter((line) => lines('Limbo').includes(line))).toEqual([]);
  });

  it('reads the file whole when a part meets more stage names it does not know than it defers', async () => {
    // 33 names, the first met on a row whose amount is none (a whole read does not read its stage), then again.
    const files = writeExport(dir, (rows) => {
      const named = (stage: string, amount: string, day: number) =>
        historyLine({
          opportunity: oppId(7),
          at: `2025-12-${String(day).padStart(2, '0')}T10:00:00.000Z`,
          stage,
          amount,
          close: '2026-03-31',
        });
      const names = Array.from({ length: 33 }, (_, n) => `Stage X${n}`);
      rows.splice(
        Math.floor(rows.length * 0.2),
        0,
        named(names[0]!, 'twelve', 1),
        ...names.map((name, n) => named(name, '10.0', 2 + (n % 20))),
      );
    });
    const { whole, parts } = await expectSameReads(files);
    expect(parts.result.files[3]!.parts).toBe(1);
    expect(whole.result.unknownStages.find((stage) => stage.name === 'Stage X0')?.rows).toBe(1);
  });

  it('stops at a syntax error in an early part, as reading it whole does', async () => {
    const files = writeExport(dir, (rows) => {
      // Past the first 64 KiB, which opening the file reads (to find the header), and before the middle.
      rows.splice(Math.floor(rows.length * 0.4), 0, `"0085e0000000001AAA","${oppId(5)}","unclosed`);
    });
    const { whole, parts } = await expectSameReads(files);
    // Read in parts, the first stopped at the error: the file ends there, as it does read whole.
    expect(parts.result.files[3]!.parts).toBeGreaterThan(1);
    const fatal = whole.result.problems.filter((problem) => problem.fatal);
    expect(fatal.map((problem) => problem.message)).toEqual(['field 3 has text after its closing quote']);
  });
});

describe('part threads started as an import begins', () => {
  it('start for a file large enough to be read in parts, one for each thread but the main one', async () => {
    expect(spareHistoryThreads([10, 20], 32, 3).take()).toBeUndefined();
    const spares = spareHistoryThreads([10, 64], 32, 3);
    const taken = [spares.take(), spares.take(), spares.take()];
    try {
      expect(taken.map((thread) => thread !== undefined)).toEqual([true, true, false]);
    } finally {
      await Promise.all(taken.flatMap((thread) => (thread ? [thread.terminate()] : [])));
    }
  });

  it('are stopped when no part was given to them', async () => {
    const terminate = vi.spyOn(Worker.prototype, 'terminate');
    try {
      const spares = spareHistoryThreads([64], 32, 3);
      await spares.stop();
      expect(terminate).toHaveBeenCalledTimes(2);
      expect(spares.take()).toBeUndefined();
    } finally {
      terminate.mockRestore();
    }
  });
});

describe('the shares of a history file', () => {
  it('give each thread about as much to read, the main thread reading the opportunities first', () => {
    // An opportunities byte costs 3.5 history bytes. 100 MB of opportunities and 751 MB of history: work
    // 350 + 751 = 1,101 over 2 threads, 550.5 each; the main thread's share (550.5 - 350) / 751.
    const [worker, main] = historyShares(751, 100, 2);
    expect(main).toBeCloseTo(200.5 / 751, 6);
    expect(worker! + main!).toBeCloseTo(1, 12);
    // The bench's files (262 MB of opportunities: 917 of work, more than half of 1,668): the thread reads it all.
    expect(historyShares(751, 262, 2)).toEqual([1]);
    // 4 cores: 1,668 / 4 = 417 each, less than the opportunities: the 3 threads read it all.
    expect(historyShares(751, 262, 4)).toEqual([1 / 3, 1 / 3, 1 / 3]);
    // No opportunities read meanwhile: an even split with the main thread; one core: a thread and the main.
    expect(historyShares(100, 0, 2)).toEqual([0.5, 0.5]);
    expect(historyShares(100, 0, 1)).toEqual([0.5, 0.5]);
    // A main-thread share under 5% is left to the thread: 25 * 3.5 = 87.5 of (87.5 + 100) / 2 = 93.75 leaves
    // 6.25%; 27 leaves (97.25 - 94.5) / 100 = 2.75%.
    const [, kept] = historyShares(100, 25, 2);
    expect(kept).toBeCloseTo(0.0625, 12);
    expect(historyShares(100, 27, 2)).toEqual([1]);
  });
});

describe("a history's plain rows", () => {
  /** Rows in forms the plain reader leaves to the values' reading, and some it reads, around the defects. */
  const edgeRows = [
    ['', 'Pipeline'],
    ['NULL', 'Pipeline'],
    ['Best Case', 'Proposal'],
    ['bogus', 'Proposal'],
    ['Omitted', ' Proposal '],
    ['Commit', 'Closed Won'],
  ].flatMap(([category, stage], n) => {
    const row = (opportunity: string, at: string, amount: string, close: string) =>
      q(['0085e0000000001AAA', opportunity, 'x', at, stage!, amount, close, 10, category!, 'false']);
    return [
      row(oppId(20 + n), '2025-12-03T10:00:00.000Z', '10.5', '2026-03-31'),
      row(oppId(20 + n), '2025-12-04T10:00:00+00:00', '11', '3/31/2026'),
      row(oppId(20 + n), '2025-12-05 10:00:00', '1e3', '2026-02-30'),
      row(oppId(20 + n).slice(0, 15), '2025-02-30T10:00:00.000Z', '12.25', '2026-04-30'),
      // Dates outside the plain reader's table of days: before 1970, after 2169, a month 13.
      row(oppId(20 + n), '1969-12-31T10:00:00.000Z', '13.5', '2250-06-30'),
      row(oppId(20 + n), '2025-12-06T10:00:00.000Z', '14.5', '2026-13-01'),
    ];
  });

  it('are read as reading their values reads them, in parts and whole', async () => {
    // The same export twice: as written, where most rows are plain, and with every opportunity id padded by
    // spaces, which the plain reader leaves to the values' reading (which trims them).
    const written = writeExport(dir, (rows) => rows.splice(rows.length >> 1, 0, ...edgeRows));
    const copies = (folder: string, edit: (text: string) => string) => {
      mkdirSync(join(dir, folder));
      return written.map((file) => {
        const copy = join(dir, folder, basename(file));
        writeFileSync(copy, edit(readFileSync(file, 'utf8')));
        return copy;
      });
    };
    const plainFiles = copies('plain', (text) => text);
    const paddedFiles = copies('padded', (text) => text.replaceAll(',"0065', ',"  0065'));
    const unpadded = (result: ImportResult) => ({
      ...result,
      problems: result.problems.map((problem) => ({
        ...problem,
        file: basename(problem.file),
        value: problem.value?.replaceAll('  0065', '0065') ?? null,
      })),
      files: result.files.map((file) => ({ ...file, file: basename(file.file) })),
      unknownStages: result.unknownStages.map((stage) => ({ ...stage, file: basename(stage.file) })),
      warnings: result.warnings.map((warning) => ({
        ...warning,
        examples: warning.examples.map((example) => ({ ...example, file: basename(example.file) })),
      })),
    });
    // Rows read plainly on the main thread (a part's thread is not watched).
    let plainRows = 0;
    const plainReader = HistoryRows.prototype.plainReader;
    vi.spyOn(HistoryRows.prototype, 'plainReader').mockImplementation(function (this: HistoryRows, compiled) {
      const read = plainReader.call(this, compiled);
      return read && ((spans, firstCell, line) => read(spans, firstCell, line) && ++plainRows > 0);
    });
    for (const inParts of [false, true]) {
      plainRows = 0;
      const plain = await run(plainFiles, inParts, { skipInvalid: true });
      const readPlainly = plainRows;
      plainRows = 0;
      const values = await run(paddedFiles, inParts, { skipInvalid: true });
      expect(unpadded(plain.result)).toEqual(unpadded(values.result));
      expect(plain.stored).toEqual(values.stored);
      // Whole, the plain reader read most rows of the plain file (not the defects, the edge rows or the yen
      // amounts with a fraction, which the values' reading refuses) and none of the padded one.
      if (!inParts) {
        expect(readPlainly).toBeGreaterThan(OPPORTUNITIES * 4);
        expect(plainRows).toBe(0);
      }
    }
    vi.restoreAllMocks();
  });
});
