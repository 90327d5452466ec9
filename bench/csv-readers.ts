/**
 * Benchmark: CSV parsers on a generated 1M-row, 15-column CRM-like export (quoted values, some holding commas,
 * doubled quotes or line breaks): csv-parse, uDSV, papaparse and salesops' own reader (a hand-written splitter
 * that also counts source lines). Each parser runs in its own child process, so its peak RSS is its own.
 *
 *   npx tsx bench/csv-readers.ts [--rows 1000000] [--rounds 2]
 *
 * Prints rows/s and peak RSS per parser, each also as a ratio to the best, and a checksum (records and total
 * characters of all cells) that must agree across parsers.
 * @module
 */
import { execFileSync } from 'node:child_process';
import { createReadStream, createWriteStream, existsSync, mkdirSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as csvParse } from 'csv-parse';
import Papa from 'papaparse';
import { inferSchema, initParser } from 'udsv';
import { openCsv } from '../src/ingest/readers/csv-reader.js';

const PARSERS = ['csv-parse', 'udsv', 'papaparse', 'salesops'] as const;
type ParserName = (typeof PARSERS)[number];

interface RunResult {
  parser: ParserName;
  records: number;
  characters: number;
  seconds: number;
  peakRssMb: number;
}

/** mulberry32: a small seeded generator, so every run parses the same file. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const STAGES = [
  'Prospecting',
  'Qualification',
  'Needs Analysis',
  'Proposal/Price Quote',
  'Closed Won',
  'Closed Lost',
];
const WORDS = [
  'Acme',
  'Globex',
  'Initech',
  'Umbrella',
  'Stark',
  'Wayne',
  'Hooli',
  'Vandelay',
  'Soylent',
  'Tyrell',
];
const ID_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function quote(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** Writes the benchmark file: a Salesforce-report-like opportunity export. */
async function generate(file: string, rows: number): Promise<void> {
  const random = seededRandom(20260101);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const id = (prefix: string) =>
    prefix + Array.from({ length: 15 }, () => ID_CHARS[Math.floor(random() * ID_CHARS.length)]).join('');
  const out = createWriteStream(file);
  const header = [
    'Opportunity ID',
    'Opportunity Name',
    'Account Name',
    'Amount',
    'Amount Currency',
    'Close Date',
    'Stage',
    'Probability (%)',
    'Type',
    'Lead Source',
    'Opportunity Owner',
    'Created Date',
    'Forecast Category',
    'Next Step',
    'Account ID',
  ];
  let buffer = header.join(',') + '\r\n';
  for (let row = 0; row < rows; row++) {
    const account = `${pick(WORDS)} ${pick(WORDS)}${random() < 0.2 ? ', Inc.' : ''}`;
    const roll = random();
    const nextStep =
      roll < 0.05
        ? 'Call back\nafter "budget" review'
        : roll < 0.15
          ? 'Send proposal, then follow up'
          : roll < 0.5
            ? 'Demo'
            : '';
    const fields = [
      id('006'),
      `${account} - ${Math.floor(random() * 500)} seats`,
      account,
      (Math.floor(random() * 10_000_000) / 100).toFixed(2),
      'USD',
      `${1 + Math.floor(random() * 12)}/${1 + Math.floor(random() * 28)}/2026`,
      pick(STAGES),
      String(Math.floor(random() * 11) * 10),
      pick(['New Business', 'Existing Business', 'Renewal']),
      pick(['Web', 'Partner', 'Outbound', 'Event']),
      `${pick(['Ana', 'Ben', 'Chen', 'Dara'])} ${pick(['Ito', 'Khan', 'Lopez', 'Meyer'])}`,
      `${1 + Math.floor(random() * 12)}/${1 + Math.floor(random() * 28)}/2025`,
      pick(['Pipeline', 'Best Case', 'Commit', 'Closed', 'Omitted']),
      nextStep,
      id('001'),
    ];
    buffer += fields.map(quote).join(',') + '\r\n';
    if (buffer.length > 1 << 20) {
      if (!out.write(buffer)) await once(out, 'drain');
      buffer = '';
    }
  }
  out.end(buffer);
  await once(out, 'finish');
}

async function parseWith(parser: ParserName, file: string): Promise<{ records: number; characters: number }> {
  let records = 0;
  let characters = 0;
  const count = (cells: readonly string[]) => {
    records++;
    for (const cell of cells) characters += cell.length;
  };
  if (parser === 'csv-parse') {
    for await (const record of createReadStream(file).pipe(csvParse({ bom: true })))
      count(record as string[]);
  } else if (parser === 'udsv') {
    let udsv: ReturnType<typeof initParser> | null = null;
    for await (const chunk of createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 })) {
      udsv ??= initParser(inferSchema(chunk as string));
      udsv.chunk<string[]>(chunk as string, udsv.stringArrs, (row) => count(row));
    }
    udsv?.end();
  } else if (parser === 'papaparse') {
    await new Promise<void>((resolve, reject) => {
      Papa.parse<string[]>(createReadStream(file), {
        chunk: (result) => result.data.forEach(count),
        complete: () => resolve(),
        error: reject,
      });
    });
  } else {
    const table = await openCsv(file);
    count(table.headers);
    for await (const batch of table.batches()) batch.records.forEach(count);
  }
  return { records, characters };
}

function runChild(parser: ParserName, file: string): RunResult {
  const script = fileURLToPath(import.meta.url);
  const output = execFileSync(process.execPath, ['--import', 'tsx', script, '--child', parser, file], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  return JSON.parse(output) as RunResult;
}

async function child(parser: ParserName, file: string): Promise<void> {
  const start = process.hrtime.bigint();
  const { records, characters } = await parseWith(parser, file);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  const result: RunResult = { parser, records, characters, seconds, peakRssMb };
  process.stdout.write(JSON.stringify(result));
}

function option(name: string, fallback: number): number {
  const index = process.argv.indexOf(name);
  return index >= 0 ? Number(process.argv[index + 1]) : fallback;
}

async function main(): Promise<void> {
  const rows = option('--rows', 1_000_000);
  const rounds = option('--rounds', 2);
  const folder = join(tmpdir(), 'salesops-bench');
  mkdirSync(folder, { recursive: true });
  const file = join(folder, `crm-${rows}.csv`);
  if (!existsSync(file)) await generate(file, rows);
  console.log(
    `${file}: ${rows} rows + header, ${(statSync(file).size / 1e6).toFixed(1)} MB; best of ${rounds}`,
  );

  const best = new Map<ParserName, RunResult>();
  for (let round = 0; round < rounds; round++) {
    for (const parser of PARSERS) {
      const result = runChild(parser, file);
      const previous = best.get(parser);
      if (!previous || result.seconds < previous.seconds) best.set(parser, result);
    }
  }
  const results = [...best.values()];
  const fastest = Math.max(...results.map((r) => r.records / r.seconds));
  const leanest = Math.min(...results.map((r) => r.peakRssMb));
  console.log('parser      records    characters   rows/s      x fastest  peak RSS  x leanest');
  for (const r of results) {
    const rate = r.records / r.seconds;
    console.log(
      [
        r.parser.padEnd(10),
        String(r.records).padStart(9),
        String(r.characters).padStart(12),
        `${(rate / 1e6).toFixed(2)}M`.padStart(8),
        (rate / fastest).toFixed(2).padStart(10),
        `${r.peakRssMb.toFixed(0)} MB`.padStart(9),
        (r.peakRssMb / leanest).toFixed(2).padStart(10),
      ].join('  '),
    );
  }
}

if (process.argv[2] === '--child') {
  await child(process.argv[3] as ParserName, process.argv[4] ?? '');
} else {
  await main();
}
