/**
 * `salesops comp` through the CLI on a small seeded demo workspace: check, run (stored), statement in every
 * format (snapshot with a fixed --as-of), close (audited; a closed period is refused, its changes adjust the
 * next), payroll, model and what-if, and the error paths with their exit code 2.
 */
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { fitsTerminal } from '../../src/reports/table.js';
import { AS_OF, compDemo, EXAMPLES } from './comp-command-fixture.js';
import { runCli, unwrappedProblems } from './run-cli.js';

const { cli, inDemo, onAePlan, path } = compDemo();

/** The payee with the most statement lines in the stored run, for the statement tests. */
async function busiestPayee(period: string): Promise<string> {
  const run = await inDemo('comp', 'run', '--period', period, '--plans', 'plans', '--format', 'json');
  expect(run.code).toBe(0);
  const body = JSON.parse(run.stdout) as { payees: { payee: string; role: string; lines: number }[] };
  const ae = body.payees.filter((payee) => payee.role === 'ae').sort((a, b) => b.lines - a.lines);
  return ae[0]?.payee ?? '';
}

describe('salesops comp check', () => {
  it('accepts every shipped example plan and summarises it', async () => {
    for (const plan of ['ae', 'am', 'sdr', 'manager']) {
      const run = await cli('comp', 'check', `plans/${plan}.yaml`);
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toContain(`plans/${plan}.yaml is valid`);
    }
    const ae = await cli('comp', 'check', 'plans/ae.yaml');
    expect(ae.stdout).toContain('payout timing: paid on booking');
    const am = await cli('comp', 'check', 'plans/am.yaml');
    expect(am.stdout).toContain('close date + 30 days');
    // The payout timing on invoice runs past one line: wrapped within 110 columns, continued under a deeper indent.
    expect(fitsTerminal(am.stdout), am.stdout).toBe(true);
    expect(am.stdout).toMatch(
      /\n {2}payout timing: paid on invoice: [^\n]+\n {4}(?! )[^\n]*close date \+ 30 days\)\n$/,
    );
  });

  it('says a file of another kind (a CSV, a YAML list) is not a plan, with a fix, exit code 2', async () => {
    writeFileSync(join(path(), 'leads.csv'), 'id,company\nL-1,Acme\n');
    writeFileSync(join(path(), 'list.yaml'), '- ae\n- am\n');
    for (const file of ['leads.csv', 'list.yaml']) {
      const run = await cli('comp', 'check', file);
      expect(run.code).toBe(2);
      expect(unwrappedProblems(run.stderr)).toBe(
        `error: ${file}: the file is not a plan: a plan is YAML key: value lines (version, name, currency, roles, measures)\n` +
          '  fix: start from an example plan in examples/comp or docs/compensation.md\n',
      );
    }
  });

  it('locates every problem of a bad plan at file:line:column with a fix, exit code 2', async () => {
    writeFileSync(
      join(path(), 'bad.yaml'),
      [
        'version: 1',
        'name: Bad',
        'currency: USD',
        'roles:',
        '  - { name: ae, measures: [bookings] }',
        'measures:',
        '  - name: bookings',
        '    metric: bookings',
        '    quota: "1000"',
        '    rate: "-0.1"',
        '    method: retroactive',
        '    tiers:',
        '      - { from: "0", to: "1", multiplier: "1" }',
        '      - { from: "0.9", multiplier: "2" }',
        '',
      ].join('\n'),
    );
    const run = await cli('comp', 'check', 'bad.yaml');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('bad.yaml:10:5 measures[0].rate: the rate must be positive (got -0.1)');
    expect(run.stderr).toContain(
      'bad.yaml:14:11 measures[0].tiers[1].from: tier 2 starts at 0.9, overlapping tier 1 which ends at 1',
    );
    expect(run.stderr).toContain('fix: start tier 2 at from: "1"');
  });

  it('refuses the shipped AE plan with a negative OTE, located, exit code 2', async () => {
    const ae = readFileSync(join(EXAMPLES, 'ae.yaml'), 'utf8');
    writeFileSync(join(path(), 'bad-ote.yaml'), ae.replace("ote: '180000.00'", 'ote: -5'));
    const run = await cli('comp', 'check', 'bad-ote.yaml');
    expect(run.code).toBe(2);
    expect(run.stdout).not.toContain('is valid');
    expect(run.stderr).toContain('bad-ote.yaml:10:5 roles[0].ote: the OTE must be positive (got -5)');
    expect(run.stderr).toContain('fix: write the on-target earnings per year');
  });

  it('names a missing plan file', async () => {
    const run = await cli('comp', 'check', 'nowhere.yaml');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('the plan file nowhere.yaml does not exist');
  });
});

describe('salesops comp run, statement, close, payroll', () => {
  let payee = '';
  beforeAll(async () => {
    payee = await busiestPayee('FY2027-M03');
  }, 120_000);

  it('stores the run and prints credits, attainment and earnings per payee', async () => {
    const run = await inDemo('comp', 'run', '--period', 'FY2027-M03', '--plans', 'plans');
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^Comp run FY2027-M03 as of 2026-11-27: \d+ payees, total \$/);
    expect(run.stdout).toContain('bookings: $');
    // The next step runs as printed from the same folder: it carries the run's --workspace.
    expect(run.stderr).toContain(
      'Stored comp run FY2027-M03 (revision 2); close it with\n' +
        '  `salesops comp close --period FY2027-M03 --workspace demo`.\n',
    );
  });

  it("shows a manager's override credit beside the pay: the sum of the direct reports' credited bookings", async () => {
    const run = await inDemo('comp', 'run', '--period', 'FY2027-M03', '--plans', 'plans', '--format', 'json');
    expect(run.code, run.stderr).toBe(0);
    const rows = (
      JSON.parse(run.stdout) as { payees: { payee: string; attainment: string; earnings: string }[] }
    ).payees;
    // REP-0017's team, as the override line's rule names it; here all AEs and ISRs paid on booking, like the manager.
    const statement = await inDemo(
      'comp',
      'statement',
      'REP-0017',
      '--period',
      'FY2027-M03',
      '--format',
      'json',
    );
    const lines = (JSON.parse(statement.stdout) as { lines: { trace: { rule: string } }[] }).lines;
    const team = lines[0]?.trace.rule.replace('manager override on bookings of ', '').split(', ') ?? [];
    const credited = rows
      .filter((row) => team.includes(row.payee))
      .map((row) => /^bookings: \$([\d,]+\.\d\d) of/.exec(row.attainment)?.[1] ?? '')
      .map((amount) => Math.round(Number(amount.replaceAll(',', '')) * 100));
    // 137,983 + 242,875 + 32,395 + 20,327 + 25,700 + 30,071 + 61,705 (and three reps at $0.00) = $551,056.00.
    expect(credited.reduce((sum, cents) => sum + cents, 0)).toBe(55_105_600);
    const manager = rows.find((row) => row.payee === 'REP-0017');
    // The manager closed no deal of their own: said once, not as $0.00 of bookings beside an override's pay.
    expect(manager?.attainment).toBe(
      'bookings, renewals: no deals of their own credited; ' +
        'override on bookings: $551,056.00 team credit × 1%; override on renewals: $0.00 team credit × 1%',
    );
    expect(manager?.earnings).toBe('5510.56');
    const table = await inDemo('comp', 'run', '--period', 'FY2027-M03', '--plans', 'plans');
    // In the table the override bases are listed under it, each with its manager, so no row is stretched by them.
    expect(table.stdout).toMatch(
      /\nManager overrides:\n(- .+\n)*- [^\n]+ \(REP-0017\): override on bookings: \$551,056\.00 team credit × 1%\n/,
    );
    const printed = table.stdout.split('\n');
    const managerAt = printed.findIndex((line) => line.startsWith('REP-0017 '));
    expect(printed[managerAt]).toMatch(
      / bookings, renewals: no deals of their own credited\s+\d+\s+\$5,510\.56$/,
    );
    expect(printed[managerAt]).not.toContain('override');
    expect(printed[managerAt + 1]).toMatch(/^REP-/);
    // One measure per line: an AM's renewals beneath its expansion, the other cells left blank there.
    const amAt = printed.findIndex((line) => /^REP-\d+ .* am +expansion: /.test(line));
    expect(printed[amAt + 1]).toMatch(/^ {20,}renewals: \$[\d,]+\.\d\d credited \(no quota\)$/);
    expect(printed[amAt + 1]?.indexOf('renewals')).toBe(printed[amAt]?.indexOf('expansion'));
  });

  it('keeps the run summary within 110 columns: one measure per line, the plans above the table, the rounding wrapped', async () => {
    const table = await inDemo('comp', 'run', '--period', 'FY2027-M03', '--plans', 'plans');
    const lines = table.stdout.split('\n');
    const header = lines.find((line) => line.startsWith('Payee '))!;
    // The widest single measure ("bookings: $xxx,xxx.xx of $xxx,xxx.xx quota = xxx.x%") is about 50 characters;
    // two side by side (an AM's expansion and renewals) made the table over 170 wide, and the Plan column beside
    // it 127: the plans are named above the table, each with the roles it pays.
    expect(fitsTerminal(table.stdout), table.stdout).toBe(true);
    expect(header).not.toMatch(/ Plan /);
    expect(lines[1]).toBe(
      'Plans: AE plan FY2027 (ae, isr); AM plan FY2027 (am); Manager plan FY2027 (manager); SDR plan FY2027 (sdr)',
    );
    const rounding = lines.slice(lines.findIndex((line) => line.startsWith('Rounding: ')));
    expect(rounding.length).toBeGreaterThan(2);
    for (const line of rounding) expect(line.length).toBeLessThanOrEqual(110);
    expect(rounding.join(' ').trim()).toMatch(
      /^Rounding: Each line is computed exactly .* pay uses the exact values\.$/,
    );
  });

  it("counts an AM's deal in the manager's override in the month the AM is credited with it (on invoice)", async () => {
    const run = await inDemo('comp', 'run', '--period', 'FY2027-M03', '--plans', 'plans', '--format', 'json');
    const rows = (JSON.parse(run.stdout) as { payees: { payee: string; role: string; attainment: string }[] })
      .payees;
    // A report's credited volume of a metric, as the run shows it: AEs' and ISRs' bookings, AMs' expansion
    // (bookings) and renewals; SDRs' sourced bookings are overlay credit, in no override.
    const credited = (attainment: string, measures: string) =>
      Math.round(
        Number(
          (
            new RegExp(`(?:^|; )(?:${measures}): \\$([\\d,]+\\.\\d\\d)`).exec(attainment)?.[1] ?? '0'
          ).replaceAll(',', ''),
        ) * 100,
      );
    let renewals = 0;
    for (const manager of rows.filter((row) => row.role === 'manager')) {
      const statement = await inDemo(
        'comp',
        'statement',
        manager.payee,
        '--period',
        'FY2027-M03',
        '--format',
        'json',
      );
      const overrides = (
        JSON.parse(statement.stdout) as { overrides: { metric: string; team: string[]; volume: number }[] }
      ).overrides;
      for (const { metric, team: teamOf, volume } of overrides) {
        const measures = metric === 'renewals' ? 'renewals' : 'bookings|expansion';
        const team = rows.filter((row) => row.role !== 'sdr' && teamOf.includes(row.payee));
        expect(volume, `${manager.payee} ${metric}`).toBe(
          team.reduce((sum, row) => sum + credited(row.attainment, measures), 0),
        );
        if (metric === 'renewals') renewals += volume;
      }
    }
    // The AMs (paid on invoice, 30 days after the close) renewed something in the month: the check had a case.
    expect(renewals).toBeGreaterThan(0);
  });

  it('capitalises the table and Markdown headers of run, model and whatif; CSV and JSON keep their keys', async () => {
    const run = (format: string) =>
      inDemo('comp', 'run', '--period', 'FY2027-M03', '--plans', 'plans', '--format', format);
    // A header row in either format: `Payee     Name` in text, `| Payee | Name |` in Markdown.
    const row = (...headers: string[]) => new RegExp(`^\\|? ?${headers.join(' +\\|? ?')}`, 'm');
    // The terminal table names the plans above it, the Plan column leaving it within 110 columns.
    expect((await run('table')).stdout).toMatch(
      row('Payee', 'Name', 'Role', 'Attainment', 'Lines', 'Earnings'),
    );
    expect((await run('md')).stdout).toMatch(
      row('Payee', 'Name', 'Role', 'Plan', 'Attainment', 'Lines', 'Earnings'),
    );
    for (const format of ['table', 'md']) {
      const model = (await onAePlan('model', '--format', format)).stdout;
      expect(model).toMatch(
        row(
          'Scenario',
          'Role',
          'Payees',
          'Attainment',
          'Variable pay',
          'Base salary',
          'Revenue',
          // The terminal heads it short, under a legend, to keep within 110 columns.
          format === 'table' ? 'Cost %' : 'Comp cost % of revenue',
        ),
      );
      expect(model).toMatch(row('Attainment', 'Pay per payee \\(ae\\)', 'Pay per payee \\(isr\\)'));
      const whatIf = (await onAePlan('whatif', '--set', 'accelerator.multiplier=2', '--format', format))
        .stdout;
      expect(whatIf).toMatch(row('Figure', 'Base plan', 'What-if', 'Change'));
    }
    expect((await run('csv')).stdout).toMatch(/^payee,name,role,plan,attainment,lines,earnings\r\n/);
    const model = JSON.parse((await onAePlan('model', '--format', 'json')).stdout) as {
      scenarios: Record<string, unknown>[];
      payoutCurve: Record<string, unknown>[];
    };
    expect(Object.keys(model.scenarios[0] ?? {})).toContain('comp cost % of revenue');
    expect(Object.keys(model.payoutCurve[0] ?? {})).toEqual([
      'attainment',
      'ae pay per payee',
      'isr pay per payee',
    ]);
  });

  it('prints a statement whose total is the sum of its lines, in every format', async () => {
    const json = await inDemo('comp', 'statement', payee, '--period', 'FY2027-M03', '--format', 'json');
    expect(json.code, json.stderr).toBe(0);
    const statement = JSON.parse(json.stdout) as {
      lines: { amount: string; trace: { formula: string; rule: string } }[];
      total: string;
      rounding: string;
    };
    expect(statement.lines.length).toBeGreaterThan(0);
    const cents = statement.lines.reduce((sum, line) => sum + Math.round(Number(line.amount) * 100), 0);
    expect(Math.round(Number(statement.total) * 100)).toBe(cents);
    for (const line of statement.lines) expect(line.trace.formula).toMatch(/\$[\d,]+\.\d\d/);
    expect(statement.rounding).toContain('half away from zero');
    for (const format of ['table', 'md', 'csv', 'html'] as const) {
      const run = await inDemo('comp', 'statement', payee, '--period', 'FY2027-M03', '--format', format);
      expect(run.code, run.stderr).toBe(0);
      // CSV states the rule as a code on each row and the sentence once, on stderr (as payroll does).
      if (format === 'csv') {
        expect(run.stdout).not.toContain('half away from zero');
        expect(
          run.stdout
            .trim()
            .split('\r\n')
            .slice(1)
            .every((row) => row.endsWith(',half-away-from-zero')),
        ).toBe(true);
        expect(run.stderr).toContain('rounding (half-away-from-zero): Each line is computed exactly');
      } else expect(run.stdout).toContain('half away from zero');
      // Rates and attainment read as percentages, never as raw fractions like `1992920000/6733333%`.
      expect(run.stdout).not.toMatch(/\d\/\d+%/);
      expect(run.stdout).toMatch(/attainment \$[\d,.]+ \/ \$[\d,.]+ = \d+\.\d%/);
      expect(run.stdout).toMatchSnapshot(`statement ${format}`);
    }
  });

  it("wraps a statement's long trace and the rounding rule within 110 columns, the text under its label", async () => {
    const run = await inDemo('comp', 'run', '--period', 'FY2027-M03', '--plans', 'plans', '--format', 'json');
    const managers = (JSON.parse(run.stdout) as { payees: { payee: string; role: string }[] }).payees.filter(
      (payee) => payee.role === 'manager',
    );
    expect(managers.length).toBeGreaterThan(0);
    for (const { payee } of managers) {
      const statement = await inDemo('comp', 'statement', payee, '--period', 'FY2027-M03');
      expect(statement.code, statement.stderr).toBe(0);
      expect(fitsTerminal(statement.stdout), statement.stdout).toBe(true);
      const lines = statement.stdout.split('\n');
      // The rule names every rep of the team; its second line starts under its first word.
      const rule = lines.findIndex((line) => line.startsWith('   rule:    manager override on '));
      if (rule !== -1 && !lines[rule + 1]?.startsWith('   rate:')) {
        expect(lines[rule + 1]).toMatch(/^ {12}\S/);
      }
      const rounding = lines.findIndex((line) => line.startsWith('Rounding: '));
      expect(lines[rounding + 1]).toMatch(/^ {2}\S/);
      expect(
        lines
          .slice(rounding, rounding + 3)
          .join(' ')
          .replace(/\s+/g, ' '),
      ).toContain('totals are sums of lines');
    }
  });

  it('prints a statement without lines with one blank line before its total', async () => {
    const run = await inDemo('comp', 'run', '--period', 'FY2027-M03', '--plans', 'plans', '--format', 'json');
    const idle = (JSON.parse(run.stdout) as { payees: { payee: string; lines: number }[] }).payees.find(
      (payee) => payee.lines === 0,
    );
    expect(idle).toBeDefined();
    const statement = await inDemo('comp', 'statement', idle?.payee ?? '', '--period', 'FY2027-M03');
    expect(statement.code, statement.stderr).toBe(0);
    expect(statement.stdout).toContain('\n(no lines: nothing earned or paid this period)\n\nTotal: $0.00\n');
  });

  it('refuses a payee without a statement and a period without a run', async () => {
    const nobody = await inDemo('comp', 'statement', 'REP-9999', '--period', 'FY2027-M03');
    expect(nobody.code).toBe(2);
    expect(nobody.stderr).toContain('REP-9999 has no statement in the run of FY2027-M03');
    // Listed by payroll, which reads the stored run (comp run would compute and store it again).
    expect(unwrappedProblems(nobody.stderr)).toContain(
      "fix: give a payee's rep id; `salesops comp payroll --period FY2027-M03 --workspace demo` lists them\n",
    );
    // A name with spaces is answered with a command to paste, as the user runs salesops, the folder quoted.
    const named = await runCli(
      [
        'comp',
        'statement',
        'Nobody Here',
        '--period',
        'FY2027-M03',
        '--workspace',
        './demo',
        '--as-of',
        AS_OF,
      ],
      { cwd: path(), program: 'npx salesops' },
    );
    expect(named.code).toBe(2);
    expect(unwrappedProblems(named.stderr)).toBe(
      'error: <payee>: Nobody Here has no statement in the run of FY2027-M03\n' +
        "  fix: give a payee's rep id; `npx salesops comp payroll --period FY2027-M03 --workspace ./demo` lists them\n",
    );
    expect(fitsTerminal(named.stderr)).toBe(true);
    // A period that is no fiscal period is refused as `comp run` would refuse it, not sent there to be refused.
    const malformed =
      'error: --period: "FY2027 M03" is not a fiscal period\n' +
      '  fix: write FY2027 (a fiscal year), FY2027-Q1 (a quarter) or FY2027-M01 (month 1 of the fiscal year)\n';
    const spaced = await inDemo('comp', 'statement', payee, '--period', 'FY2027 M03');
    expect(spaced.code).toBe(2);
    expect(unwrappedProblems(spaced.stderr)).toBe(malformed);
    for (const command of ['close', 'payroll']) {
      const run = await inDemo('comp', command, '--period', 'FY2027 M03');
      expect(run.code, command).toBe(2);
      expect(unwrappedProblems(run.stderr), command).toBe(malformed);
    }
    // A mistyped name (one letter dropped) is answered with the closest payees, by id and name.
    const shown = await inDemo('comp', 'statement', payee, '--period', 'FY2027-M03', '--format', 'json');
    const { name } = JSON.parse(shown.stdout) as { name: string };
    const typo = `${name.slice(0, -2)}${name.slice(-1)}`;
    const misspelt = await inDemo('comp', 'statement', typo, '--period', 'FY2027-M03');
    expect(misspelt.code).toBe(2);
    expect(misspelt.stderr).toContain(`${typo} has no statement in the run of FY2027-M03`);
    expect(misspelt.stderr).toContain(`fix: give a payee's rep id; did you mean ${payee} (${name})`);
    const none = await inDemo('comp', 'statement', payee, '--period', 'FY2027-M07');
    expect(none.code).toBe(2);
    // The run the fix suggests carries the workspace the user gave, from statement, close and payroll alike.
    // Without a comp-plans folder in the workspace, it takes the plans of the workspace's last run, to paste.
    const runFirst =
      'error: --period: there is no comp run for FY2027-M07\n' +
      '  fix: run it first, with the plans of the FY2027-M03 run: ' +
      '`salesops comp run --period FY2027-M07 --plans plans --workspace demo`\n';
    expect(unwrappedProblems(none.stderr)).toBe(runFirst);
    for (const command of ['close', 'payroll']) {
      const run = await inDemo('comp', command, '--period', 'FY2027-M07');
      expect(run.code, command).toBe(2);
      expect(unwrappedProblems(run.stderr), command).toBe(runFirst);
    }
  });

  it('says to run a period without a run as printed when the workspace has its comp-plans folder', async () => {
    expect((await cli('init', 'planned')).code).toBe(0);
    cpSync(join(path(), 'plans'), join(path(), 'planned', 'comp-plans'), { recursive: true });
    const none = await cli('comp', 'payroll', '--period', 'FY2027-M07', '--workspace', 'planned');
    expect(none.code).toBe(2);
    expect(unwrappedProblems(none.stderr)).toBe(
      'error: --period: there is no comp run for FY2027-M07\n' +
        '  fix: run it first: `salesops comp run --period FY2027-M07 --workspace planned`\n',
    );
  });

  it('says to run a period of a workspace never run with the example plans where the folder has them, else in words', async () => {
    expect((await cli('init', 'unrun')).code).toBe(0);
    const none = await cli('comp', 'payroll', '--period', 'FY2027-M07', '--workspace', 'unrun');
    expect(none.code).toBe(2);
    expect(unwrappedProblems(none.stderr)).toBe(
      'error: --period: there is no comp run for FY2027-M07\n' +
        '  fix: run it first: `salesops comp run --period FY2027-M07 --workspace unrun`, adding --plans and ' +
        'the folder of your plan files (the workspace has no comp-plans folder)\n',
    );
    // From a checkout of salesops, which has examples/comp.
    cpSync(join(path(), 'plans'), join(path(), 'examples', 'comp'), { recursive: true });
    const examples = await cli(
      'comp',
      'statement',
      'REP-0001',
      '--period',
      'FY2027-M07',
      '--workspace',
      'unrun',
    );
    expect(unwrappedProblems(examples.stderr)).toBe(
      'error: --period: there is no comp run for FY2027-M07\n' +
        '  fix: run it first, with the example plans (or your own): ' +
        '`salesops comp run --period FY2027-M07 --plans examples/comp --workspace unrun`\n',
    );
    rmSync(join(path(), 'examples'), { recursive: true });
  });

  it('writes the payroll as CSV with exact decimal amounts and the rounding rule as a code', async () => {
    const run = await inDemo('comp', 'payroll', '--period', 'FY2027-M03');
    expect(run.code, run.stderr).toBe(0);
    const [header, ...rows] = run.stdout.trim().split('\r\n');
    expect(header).toBe('payee_id,name,role,plan,period,currency,amount,draw_balance,status,rounding');
    // Every payee of the run, in its order, those paid $0.00 too: payroll accounts for everyone.
    const again = ['run', '--period', 'FY2027-M03', '--plans', 'plans', '--format', 'json'];
    const summary = await inDemo('comp', ...again);
    const payees = (JSON.parse(summary.stdout) as { payees: { payee: string; earnings: string }[] }).payees;
    expect(rows.map((row) => row.split(',')[0])).toEqual(payees.map((row) => row.payee));
    expect(payees.some((row) => row.earnings === '0.00')).toBe(true);
    // One short value per field: the rounding rule as a code, the whole sentence once on stderr.
    for (const row of rows)
      expect(row).toMatch(/,FY2027-M03,USD,-?\d+\.\d\d,\d+\.\d\d,open,half-away-from-zero$/);
    expect(run.stderr).toContain('rounding (half-away-from-zero): Each line is computed exactly');
    // The notes keep within 110 columns, the close command whole and as the user runs salesops.
    expect(unwrappedProblems(run.stderr)).toContain(
      'note: FY2027-M03 is not closed yet; close it with `salesops comp close --period FY2027-M03 --workspace demo`\n',
    );
    expect(fitsTerminal(run.stderr)).toBe(true);
  });

  it('closes a period once, in the audit log, and never recomputes it', async () => {
    const close = await inDemo('comp', 'close', '--period', 'FY2027-M03');
    expect(close.code, close.stderr).toBe(0);
    expect(close.stdout).toMatch(/^Closed FY2027-M03: \d+ statements/);
    const again = await inDemo('comp', 'close', '--period', 'FY2027-M03');
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('already closed (2026-11-27 by finance-lead)');
    const rerun = await inDemo('comp', 'run', '--period', 'FY2027-M03', '--plans', 'plans');
    expect(rerun.code).toBe(2);
    expect(rerun.stderr).toContain(
      'FY2027-M03 is closed (2026-11-27 by finance-lead) and is never recomputed',
    );
    expect(unwrappedProblems(rerun.stderr)).toContain(
      '(`salesops comp run --period FY2027-M04 --plans plans --workspace demo`): any change to FY2027-M03',
    );
    const payroll = await inDemo('comp', 'payroll', '--period', 'FY2027-M03');
    expect(payroll.stdout).toContain(',closed,');
  });

  it('recalculates a closed period into adjustment lines of the next open one', async () => {
    // A richer plan for the closed period's payees: every commission of March is now 10% higher.
    const ae = readFileSync(join(path(), 'plans', 'ae.yaml'), 'utf8');
    mkdirSync(join(path(), 'richer'), { recursive: true });
    cpSync(join(path(), 'plans'), join(path(), 'richer'), { recursive: true });
    writeFileSync(
      join(path(), 'richer', 'ae.yaml'),
      ae
        .replace("multiplier: '1.5' }", "multiplier: '1.65' }")
        .replace("multiplier: '1' }", "multiplier: '1.1' }"),
    );
    const april = await inDemo('comp', 'run', '--period', 'FY2027-M04', '--plans', 'richer');
    expect(april.code, april.stderr).toBe(0);
    const statement = await inDemo('comp', 'statement', payee, '--period', 'FY2027-M04', '--format', 'json');
    const body = JSON.parse(statement.stdout) as {
      lines: { kind: string; trace: { rule: string; linkedTo?: { period: string } } }[];
    };
    const adjustments = body.lines.filter((line) => line.kind === 'adjustment');
    expect(adjustments.length).toBeGreaterThan(0);
    expect(adjustments[0]?.trace.rule).toContain('recalculation of closed period FY2027-M03');
  });
});

describe('salesops comp model and whatif', () => {
  it('models the plan cost per scenario with the payout curve as an SVG chart', async () => {
    const run = await onAePlan('model', '--format', 'json');
    expect(run.code, run.stderr).toBe(0);
    const model = JSON.parse(run.stdout) as {
      scenarios: { scenario: string; role: string }[];
      payoutCurve: Record<string, string>[];
    };
    expect([...new Set(model.scenarios.map((row) => row.scenario))]).toEqual(['p10', 'p50', 'p90']);
    expect(model.scenarios.map((row) => row.role)).toContain('all');
    // At exactly 100% of quota an AE earns the target variable pay of a month, $90,000 / 12: a tier is reached
    // above its from, so the 1.5 accelerator from 100% pays only above quota (it paid $11,250.00 here when a tier
    // was reached at its from). At exactly 50% the decelerator ending there pays half: $7,500 / 2 x 0.5.
    const curve = (attainment: string) =>
      model.payoutCurve.find((point) => point.attainment === attainment)?.['ae pay per payee'];
    expect(curve('1.00')).toBe('7500.00');
    expect(curve('0.50')).toBe('1875.00');
    const html = await onAePlan('model', '--format', 'html');
    expect(html.code).toBe(0);
    expect(html.stdout).toContain('<svg');
    expect(html.stdout).toContain('Payout curve');
  });

  it("wraps the model's and the what-if's scenario notes within 110 columns, each continued two spaces in", async () => {
    const model = await onAePlan('model');
    const whatIf = await onAePlan('whatif', '--set', 'accelerator.multiplier=2');
    for (const run of [model, whatIf]) {
      expect(run.code, run.stderr).toBe(0);
      expect(fitsTerminal(run.stdout), run.stdout).toBe(true);
      const lines = run.stdout.split('\n');
      const scenario = lines.findIndex((line) => line.startsWith('Scenario p10: forecast P10: '));
      // A forecast's source ("Sales Forecast of FY2027-M03 as of ..., <model>") runs past one line.
      expect(lines[scenario + 1]).toMatch(/^ {2}\S/);
      expect(lines.slice(scenario, scenario + 2).join(' ')).toMatch(/for every payee \(Sales Forecast of/);
    }
  });

  it("keeps the cost tables of AM and SDR plans within 110 columns: one measure's attainment a line, Cost %", async () => {
    for (const [plan, measures] of [
      ['am', ['expansion', 'renewals']],
      ['sdr', ['sourced-logos', 'sourced-bookings']],
    ] as const) {
      const args = ['comp', 'model', `plans/${plan}.yaml`, '--period', 'FY2027-M03', '--from', 'history'];
      const run = await inDemo(...args);
      expect(run.code, run.stderr).toBe(0);
      expect(fitsTerminal(run.stdout), run.stdout).toBe(true);
      // The second measure under the first, the row's other cells left blank there.
      const lines = run.stdout.split('\n');
      const first = lines.findIndex((line) => line.startsWith(`p50       ${plan} `));
      expect(lines[first]).toMatch(new RegExp(` ${measures[0]} \\d+\\.\\d% +\\$`));
      expect(lines[first + 1]).toMatch(new RegExp(`^ {20,}${measures[1]} \\d+\\.\\d%$`));
      expect(lines[first + 1]?.indexOf(measures[1])).toBe(lines[first]?.indexOf(measures[0]));
      expect(run.stdout).toMatch(/ Revenue {2}Cost %\n/);
      expect(run.stdout).toContain(
        '\nCost %: comp cost (variable pay + base salary) as a share of revenue.\n',
      );
    }
  });

  it('takes p10, p50 and p90 from the Sales Forecast of the period, other percentiles from history, saying which', async () => {
    type Row = { scenario: string; source: string; role: string; attainment: string };
    const rowsOf = (stdout: string) => (JSON.parse(stdout) as { scenarios: Row[] }).scenarios;
    const auto = await onAePlan('model', '--scenarios', 'p10,p25,p90', '--format', 'json');
    expect(auto.code, auto.stderr).toBe(0);
    const sources = new Map(rowsOf(auto.stdout).map((row) => [row.scenario, row.source]));
    // The forecast's outcome over the company quota, the same attainment for every payee.
    expect(sources.get('p10')).toMatch(
      /^forecast P10: \$[\d,.]+ of a \$[\d,.]+ quota = \d+\.\d% for every payee \(Sales Forecast of FY2027-M03 as of 2026-11-27, /,
    );
    expect(sources.get('p90')).toMatch(/^forecast P90: /);
    expect(sources.get('p25')).toBe(
      "history: each role's p25 of attainment in past periods (not the forecast: the forecast gives p10, p50 and p90 only)",
    );
    // FY2027-M03 (April 2026) is over by the as-of date: its bookings are known, and each forecast source says
    // why P10 and P90 are the same outcome.
    const over = '; FY2027-M03 ended on 2026-04-30: its bookings are known, the same at every percentile';
    expect(sources.get('p10')?.endsWith(over)).toBe(true);
    expect(sources.get('p90')?.replace('P90', 'P10')).toBe(sources.get('p10'));
    // A month still open (December 2026) keeps its spread, and says nothing of an end.
    const args = ['model', 'plans/ae.yaml', '--period', 'FY2027-M11', '--format', 'json'];
    const open = await inDemo('comp', ...args);
    expect(open.code, open.stderr).toBe(0);
    const openSources = rowsOf(open.stdout).map((row) => row.source);
    expect(openSources[0]).toMatch(
      /^forecast P10: .*\(Sales Forecast of FY2027-M11 as of 2026-11-27, [^;]+$/,
    );
    expect(openSources.some((source) => source.includes('ended on'))).toBe(false);
    const shown = /= (\d+\.\d)% for every payee/.exec(sources.get('p90') ?? '')?.[1];
    const ae = rowsOf(auto.stdout).find((row) => row.scenario === 'p90' && row.role === 'ae');
    expect(ae?.attainment).toBe(`bookings ${shown}%`);
    const text = await onAePlan('model', '--scenarios', 'p10,p25');
    expect(text.stdout).toContain('Scenario p10: forecast P10: $');
    expect(text.stdout).toContain("Scenario p25: history: each role's p25");

    const history = await onAePlan('model', '--from', 'history', '--format', 'json');
    expect(rowsOf(history.stdout).every((row) => row.source.startsWith('history: '))).toBe(true);
    const forced = await onAePlan('model', '--from', 'forecast', '--scenarios', 'p25');
    expect(forced.code).toBe(2);
    expect(forced.stderr).toContain(
      '--scenarios: p25 cannot come from the forecast: the forecast gives p10, p50 and p90 only',
    );
    const unknown = await onAePlan('model', '--from', 'crystal-ball');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe(
      'error: --from: "crystal-ball" is not one of auto, forecast, history\n' +
        "  fix: use one of auto, forecast, history (forecast: the Sales Forecast's P10/P50/P90; history: past\n" +
        '    attainment)\n',
    );
    // A slip is matched to the source meant, as other flags' values are.
    const slip = await onAePlan('model', '--from', 'forecst');
    expect(slip.code).toBe(2);
    expect(slip.stderr).toBe(
      'error: --from: "forecst" is not one of auto, forecast, history\n  fix: did you mean --from forecast?\n',
    );
    const whatIf = await onAePlan('whatif', '--set', 'accelerator.multiplier=2');
    expect(whatIf.stdout).toContain('Scenario p50: forecast P50: $');
  });

  it('refuses every scenario that is not a percentile at once, with the one meant where it is close', async () => {
    const run = await onAePlan('model', '--scenarios', 'p10,best,50,p-90');
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      [
        'error: --scenarios: "best" is not a scenario',
        '--scenarios: "50" is not a scenario; did you mean p50?',
        '--scenarios: "p-90" is not a scenario; did you mean p90?',
        '  fix: write percentiles of history from p1 to p99, e.g. p10,p50,p90',
        '',
      ].join('\n'),
    );
  });

  it('shows a changed parameter beside the base plan', async () => {
    const run = await onAePlan('whatif', '--set', 'accelerator.multiplier=1.5', '--format', 'json');
    expect(run.code, run.stderr).toBe(0);
    const body = JSON.parse(run.stdout) as {
      rows: { figure: string; change: string | number | null }[];
      notes: string[];
    };
    // Setting the accelerator to what it is changes nothing, and no tier changed that a note would explain.
    for (const row of body.rows) expect(Number(row.change)).toBe(0);
    expect(body.notes).toEqual([]);
    const richer = await onAePlan('whatif', '--set', 'accelerator.multiplier=3');
    expect(richer.code).toBe(0);
    expect(richer.stdout).toContain('Changes: accelerator.multiplier=3');
  });

  it('gives --help examples of --set that each change the shipped AE plan', async () => {
    const help = [await cli('comp', '--help'), await cli('comp', 'whatif', '--help')];
    const edits = new Set(help.flatMap((run) => run.stdout.match(/\b[a-z]+(?:\.[a-z]+)+=[\d.]+/g) ?? []));
    expect(edits.size).toBeGreaterThan(1);
    for (const edit of edits) {
      const run = await onAePlan('whatif', '--set', edit, '--format', 'json');
      expect(run.code, run.stderr).toBe(0);
      const body = JSON.parse(run.stdout) as { rows: { change: string | number | null }[] };
      expect(
        body.rows.some((row) => Number(row.change) !== 0),
        edit,
      ).toBe(true);
    }
  });

  it('locates a bad --set path and a bad value', async () => {
    const nowhere = await onAePlan('whatif', '--set', 'nothing.rate=1');
    expect(nowhere.code).toBe(2);
    expect(nowhere.stderr).toContain('--set: nothing.rate=1: the plan has no key or item named nothing');
    const value = await onAePlan('whatif', '--set', 'accelerator.multiplier=-2');
    expect(value.code).toBe(2);
    expect(value.stderr).toContain(
      '--set: accelerator.multiplier=-2: measures[0].tiers[2].multiplier: a multiplier must not be negative\n' +
        '    (got -2)\n',
    );
  });

  it('names --set, the key and the keys allowed for a parameter a plan does not have', async () => {
    const top = await onAePlan('whatif', '--set', 'foo=1');
    expect(top.code).toBe(2);
    expect(top.stderr).toContain('--set: foo=1: foo is not a parameter of a plan (unknown key)');
    expect(top.stderr).toContain(
      'fix: the keys allowed here are version, name, currency, period, roles, measures',
    );
    expect(top.stderr).not.toContain('ae.yaml:');
    const typo = await onAePlan('whatif', '--set', 'measures.bookings.ratee=0.1');
    expect(typo.stderr).toContain(
      '--set: measures.bookings.ratee=0.1: measures[0].ratee is not a parameter of a plan (unknown key)',
    );
    expect(typo.stderr).toContain('fix: did you mean rate?');
  });
});

describe('salesops comp run bad input', () => {
  it('refuses credited reps whose role no plan pays, naming the fix, and stores nothing', async () => {
    const run = await inDemo('comp', 'run', '--period', 'FY2027-M05', '--plans', 'plans/ae.yaml');
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /rep REP-\d+ \(role am\) is credited on deal OPP-\d+ but no plan pays role am/,
    );
    expect(run.stderr).toContain('fix: add a role named am to one of the plans');
    const statement = await inDemo('comp', 'statement', 'REP-0001', '--period', 'FY2027-M05');
    expect(statement.stderr).toContain('there is no comp run for FY2027-M05');
  });

  it('refuses two plans paying one role, and a run without plans', async () => {
    const twice = await inDemo(
      'comp',
      'run',
      '--period',
      'FY2027-M05',
      '--plans',
      'plans/ae.yaml,plans/ae.yaml,plans/am.yaml,plans/sdr.yaml,plans/manager.yaml',
    );
    expect(twice.code).toBe(2);
    expect(twice.stderr).toContain('role ae is paid by two plans');
    // A plan file given that is not there is named, not passed over (its roles' deals then refused as unpaid).
    const absent = await inDemo(
      'comp',
      'run',
      '--period',
      'FY2027-M05',
      '--plans',
      'plans/ae.yaml,plans/amm.yaml',
    );
    expect(absent.code).toBe(2);
    expect(absent.stderr).toBe(
      'error: --plans: plans/amm.yaml does not exist\n' +
        '  fix: name plan YAML files or folders of them, separated by commas, e.g. --plans examples/comp\n',
    );
    const none = await inDemo('comp', 'run', '--period', 'FY2027-M05');
    expect(none.code).toBe(2);
    expect(none.stderr).toContain("no plan files in the workspace's comp-plans folder");
  });

  it('refuses --format html where there is no document, and a period of the wrong kind', async () => {
    const html = await inDemo(
      'comp',
      'run',
      '--period',
      'FY2027-M05',
      '--plans',
      'plans',
      '--format',
      'html',
    );
    expect(html.code).toBe(2);
    expect(html.stderr).toContain('has no html output');
    const quarter = await inDemo('comp', 'run', '--period', 'FY2027-Q2', '--plans', 'plans');
    expect(quarter.code).toBe(2);
    expect(quarter.stderr).toContain('FY2027-Q2 is not a period of every plan');
  });
});

describe('salesops comp run: draw balances across fiscal years', () => {
  it("starts a year from the balance the previous year's last closed run left", async () => {
    // FY2026 with a $50,000 recoverable SDR draw every month, which SDRs do not earn: balances build up.
    cpSync(join(path(), 'plans'), join(path(), 'plans-fy26'), { recursive: true });
    const sdr = readFileSync(join(path(), 'plans', 'sdr.yaml'), 'utf8');
    writeFileSync(
      join(path(), 'plans-fy26', 'sdr.yaml'),
      sdr
        .replace("amount: '1500.00'", "amount: '50000.00'")
        .replace('from: FY2027-M01', 'from: FY2026-M01')
        .replace('through: FY2027-M03', 'through: FY2026-M12'),
    );
    expect((await inDemo('comp', 'run', '--period', 'FY2026-M12', '--plans', 'plans-fy26')).code).toBe(0);
    expect((await inDemo('comp', 'close', '--period', 'FY2026-M12')).code).toBe(0);
    const payroll = await inDemo('comp', 'payroll', '--period', 'FY2026-M12');
    const carried = new Map(
      payroll.stdout
        .trim()
        .split('\r\n')
        .slice(1)
        .map((row) => row.split(','))
        .filter((cells) => cells[2] === 'sdr')
        .map((cells) => [cells[0] ?? '', Math.round(Number(cells[7]) * 100)]),
    );
    expect(carried.size).toBeGreaterThan(0);
    for (const balance of carried.values()) expect(balance).toBeGreaterThan(0);

    const january = await inDemo(
      'comp',
      'run',
      '--period',
      'FY2027-M01',
      '--plans',
      'plans',
      '--format',
      'json',
    );
    expect(january.code, january.stderr).toBe(0);
    expect(january.stderr).toContain(
      `Opening draw balances from the closed run of FY2026-M12: ${carried.size} payees with a balance to recover.`,
    );
    // SDRs still employed in FY2027 (one who left is not paid, and keeps the balance in the closed run).
    const paid = new Set(
      (JSON.parse(january.stdout) as { payees: { payee: string }[] }).payees.map((row) => row.payee),
    );
    const staying = [...carried].filter(([payee]) => paid.has(payee));
    expect(staying.length).toBeGreaterThan(1);
    for (const [payee, opening] of staying) {
      const json = await inDemo('comp', 'statement', payee, '--period', 'FY2027-M01', '--format', 'json');
      expect(json.code, json.stderr).toBe(0);
      const statement = JSON.parse(json.stdout) as {
        drawBalance: string;
        lines: { kind: string; amount: string; trace: { formula: string } }[];
      };
      // January's balance is the carried one plus its top-up, less its recovery.
      const moved = statement.lines
        .filter((line) => line.kind === 'drawTopUp' || line.kind === 'drawRecovery')
        .reduce((sum, line) => sum + Math.round(Number(line.amount) * 100), 0);
      expect(Math.round(Number(statement.drawBalance) * 100)).toBe(opening + moved);
      const opened = (opening / 100).toLocaleString('en-US', { minimumFractionDigits: 2 });
      expect(statement.lines.some((line) => line.trace.formula.includes(`balance $${opened}`))).toBe(true);
    }
  });
});
