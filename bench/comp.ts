/**
 * The compensation bench: one monthly run of the payout engine for 5,000 payees over 1M credited deals (target:
 * under 5 s, peak RSS under 1.5 GB), on a plan with retroactive tiers, an accelerator, a cap, a SPIF and a
 * manager override, and the same run on a flat-rate plan. The peer, measured in the same run: the flat-rate
 * payout computed by DuckDB SQL over the same deals (sum per payee, times the rate, rounded once), whose
 * amounts must equal ours to the cent.
 *
 *   npm run bench:comp                       5,000 payees, 1,000,000 deals
 *   npm run bench:comp -- --payees 500 --deals 100000
 * @module
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { type CompDeal } from '../src/comp/crediting.js';
import { runCompensation, type CompInput, type Payee } from '../src/comp/engine.js';
import { validateCompPlan, type CompPlan } from '../src/comp/plan.js';
import { fromDayNumber, isoDate, toDayNumber } from '../src/domain/dates.js';
import { createFiscalCalendar } from '../src/domain/fiscal-calendar.js';
import { type MinorUnits } from '../src/domain/money.js';
import { seededUniform } from '../src/forecast/monte-carlo.js';

const { values } = parseArgs({
  options: {
    payees: { type: 'string', default: '5000' },
    deals: { type: 'string', default: '1000000' },
  },
});
const PAYEES = Number(values.payees);
const DEALS = Number(values.deals);
const TEAM = 10;
const PERIOD = 'FY2027-M01';
const calendar = createFiscalCalendar({ startMonth: 1 });
const JANUARY_1 = toDayNumber(isoDate('2027-01-01'));

function plan(definition: unknown): CompPlan {
  const result = validateCompPlan(definition);
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.plan;
}

const tiered = plan({
  version: 1,
  name: 'bench tiered',
  currency: 'USD',
  roles: [
    { name: 'ae', ote: '180000', baseShare: '0.5', measures: ['bookings'] },
    {
      name: 'manager',
      ote: '200000',
      baseShare: '0.6',
      measures: ['bookings'],
      override: { rate: '0.01', measures: ['bookings'] },
    },
  ],
  measures: [
    {
      name: 'bookings',
      metric: 'bookings',
      quota: '60000',
      rate: 'target',
      method: 'retroactive',
      tiers: [
        { from: '0', to: '0.5', multiplier: '0.5' },
        { from: '0.5', to: '1', multiplier: '1' },
        { name: 'accelerator', from: '1', multiplier: '1.5' },
      ],
      cap: { attainment: '3' },
    },
  ],
  spifs: [
    { name: 'big', measure: 'bookings', dealTypes: ['new'], minAmount: '9000', pay: { amount: '100' } },
  ],
});

const flat = plan({
  version: 1,
  name: 'bench flat',
  currency: 'USD',
  roles: [{ name: 'ae', measures: ['bookings'] }],
  measures: [{ name: 'bookings', metric: 'bookings', rate: '0.08' }],
});

/** Payees: one manager per TEAM reps; deals: seeded owners, amounts $100-$10,000, types, days in January. */
function data(): { payees: Payee[]; reps: Payee[]; deals: CompDeal[] } {
  const random = seededUniform(20270101);
  const payees: Payee[] = [];
  const reps: Payee[] = [];
  for (let i = 0; i < PAYEES; i++) {
    const id = `P${String(i).padStart(5, '0')}`;
    const isManager = i % (TEAM + 1) === 0;
    const payee: Payee = isManager
      ? { id, role: 'manager' }
      : { id, role: 'ae', managerId: `P${String(i - (i % (TEAM + 1))).padStart(5, '0')}` };
    payees.push(payee);
    if (!isManager) reps.push(payee);
  }
  const types = ['new', 'expansion', 'renewal'] as const;
  const deals: CompDeal[] = new Array<CompDeal>(DEALS);
  for (let i = 0; i < DEALS; i++) {
    deals[i] = {
      id: `D${String(i).padStart(7, '0')}`,
      owner: reps[Math.floor(random() * reps.length)]?.id ?? '',
      amount: (10_000 + Math.floor(random() * 990_000)) as MinorUnits,
      bookedOn: fromDayNumber(JANUARY_1 + Math.floor(random() * 31)),
      type: types[Math.floor(random() * 3)] ?? 'new',
    };
  }
  return { payees, reps, deals };
}

/** Wall seconds and CPU seconds (user + system, this process) of some work. */
function timed<T>(work: () => T): { result: T; seconds: number; cpu: number } {
  const start = process.hrtime.bigint();
  const cpuStart = process.cpuUsage();
  const result = work();
  const cpu = process.cpuUsage(cpuStart);
  return {
    result,
    seconds: Number(process.hrtime.bigint() - start) / 1e9,
    cpu: (cpu.user + cpu.system) / 1e6,
  };
}

async function duckdbFlat(
  deals: readonly CompDeal[],
): Promise<{ result: Map<string, number>; seconds: number; cpu: number }> {
  const folder = mkdtempSync(join(tmpdir(), 'salesops-bench-comp-'));
  try {
    const file = join(folder, 'deals.csv');
    const lines = ['owner,amount,type'];
    for (const deal of deals) lines.push(`${deal.owner},${deal.amount},${deal.type}`);
    writeFileSync(file, `${lines.join('\n')}\n`);
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    await connection.run(
      `CREATE TABLE deals AS SELECT * FROM read_csv('${file}', header = true, columns = {'owner': 'VARCHAR', 'amount': 'BIGINT', 'type': 'VARCHAR'})`,
    );
    const start = process.hrtime.bigint();
    const cpuStart = process.cpuUsage();
    // 8% of each payee's bookings (new and expansion), rounded once, half away from zero (DuckDB's ROUND on DECIMAL).
    const reader = await connection.runAndReadAll(
      `SELECT owner, CAST(ROUND(CAST(SUM(amount) AS DECIMAL(38, 0)) * 0.08) AS BIGINT) AS pay
       FROM deals WHERE type <> 'renewal' GROUP BY owner`,
    );
    const rows = reader.getRows();
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    const used = process.cpuUsage(cpuStart);
    connection.closeSync();
    return {
      result: new Map(rows.map((row) => [String(row[0]), Number(row[1])])),
      seconds,
      cpu: (used.user + used.system) / 1e6,
    };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

const loadAverage = loadavg()
  .map((value) => value.toFixed(2))
  .join(' ');
const { payees, reps, deals } = data();
const input = (chosen: CompPlan, who: readonly Payee[]): CompInput => ({
  plan: chosen,
  calendar,
  payees: who,
  deals,
  quotas: [],
});
const tieredRun = timed(() => runCompensation(input(tiered, payees), PERIOD));
const flatRun = timed(() => runCompensation(input(flat, reps), PERIOD));
const peakRss = process.resourceUsage().maxRSS * 1024;
const peer = await duckdbFlat(deals);
for (const statement of flatRun.result) {
  const theirs = peer.result.get(statement.payee) ?? 0;
  if (theirs !== statement.total) {
    throw new Error(`flat payout of ${statement.payee} differs: ours ${statement.total}, DuckDB ${theirs}`);
  }
}
const lines = tieredRun.result.reduce((sum, statement) => sum + statement.lines.length, 0);
console.log(
  [
    `comp bench: ${PAYEES.toLocaleString('en-US')} payees, ${DEALS.toLocaleString('en-US')} credited deals, one month`,
    `  load average at start: ${loadAverage}; at end: ${loadavg()
      .map((value) => value.toFixed(2))
      .join(' ')}`,
    `  ours, tiered plan (target rate, 3 retroactive tiers, cap, SPIF, override): ${tieredRun.seconds.toFixed(2)} s wall, ${tieredRun.cpu.toFixed(2)} s CPU, ${lines.toLocaleString('en-US')} statement lines`,
    `  ours, flat 8% plan:                 ${flatRun.seconds.toFixed(2)} s wall, ${flatRun.cpu.toFixed(2)} s CPU`,
    `  DuckDB SQL, flat 8% (same amounts): ${peer.seconds.toFixed(3)} s wall, ${peer.cpu.toFixed(3)} s CPU (all its threads; loading the table not counted)`,
    `  ratio ours / DuckDB on the flat plan: ${(flatRun.seconds / peer.seconds).toFixed(1)}x wall, ${(flatRun.cpu / peer.cpu).toFixed(1)}x CPU; tiered / DuckDB ${(tieredRun.seconds / peer.seconds).toFixed(1)}x wall, ${(tieredRun.cpu / peer.cpu).toFixed(1)}x CPU`,
    `  peak RSS of our runs: ${(peakRss / 2 ** 30).toFixed(2)} GB (target < 1.5 GB); tiered run target < 5 s: ${tieredRun.seconds < 5 ? 'met' : 'missed'}`,
  ].join('\n'),
);
