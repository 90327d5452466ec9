import { describe, expect, it } from 'vitest';
import {
  attainmentPercent,
  percent,
  probabilityPercent,
  signedPercent,
  wholeMoney,
} from '../../src/reports/sales-forecast/format.js';
import { escapeHtml } from '../../src/reports/sales-forecast/html.js';
import { renderForecastHtml } from '../../src/reports/sales-forecast/html-report.js';
import { renderForecastJson } from '../../src/reports/sales-forecast/json.js';
import { escapeMarkdownProse, renderForecastMarkdown } from '../../src/reports/sales-forecast/markdown.js';
import { axisTicks } from '../../src/reports/sales-forecast/svg-charts.js';
import { renderForecastText } from '../../src/reports/sales-forecast/text.js';
import { HOSTILE_NAME, ROLE_EXAMPLE_FORECAST as forecast } from './sales-forecast-fixture.js';
import type { MinorUnits } from '../../src/domain/money.js';

/** The terminal text with the lines wrapping continued under a two-space hanging indent joined back. */
const unwrapped = (text: string): string => text.replace(/\n {2}(?=\S)/g, ' ');

describe('Sales Forecast formatting', () => {
  it('shows money in whole units of the currency, rounding half away from zero', () => {
    expect(wholeMoney(123_456_750, 'USD')).toBe('$1,234,568');
    expect(wholeMoney(-50, 'USD')).toBe('-$1');
    expect(wholeMoney(1234, 'JPY')).toBe('¥1,234');
    expect(wholeMoney(100_000_00, 'EUR')).toBe('€100,000');
  });

  it('shows fractions as percentages, signed where asked, n/a when undefined', () => {
    expect(percent(0.95)).toBe('95%');
    expect(percent(0.1234, 1)).toBe('12.3%');
    expect(signedPercent(0.05)).toBe('+5%');
    expect(signedPercent(-0.15)).toBe('-15%');
    expect(signedPercent(0)).toBe('0%');
    expect(percent(null)).toBe('n/a');
  });

  it('never shows an attainment as a threshold it is below (80% of quota, 100%)', () => {
    expect(attainmentPercent(0.796)).toBe('79.6%');
    expect(attainmentPercent(0.7999)).toBe('79.9%');
    expect(attainmentPercent(0.9951)).toBe('99.5%');
    expect(attainmentPercent(0.8)).toBe('80%');
    expect(attainmentPercent(0.794)).toBe('79%');
    expect(attainmentPercent(0.804)).toBe('80%');
    expect(attainmentPercent(1.08)).toBe('108%');
    expect(attainmentPercent(null)).toBe('n/a');
  });

  it('never shows a probability as a certainty it is not, nor as a threshold it is below', () => {
    expect(probabilityPercent(0.5)).toBe('50%');
    // 99.6% and 0.4% would round to 100% and 0%; 99.96% and 0.04% to 100.0% and 0.0% even to one decimal.
    expect(probabilityPercent(0.996)).toBe('99.6%');
    expect(probabilityPercent(0.004)).toBe('0.4%');
    expect(probabilityPercent(0.9996)).toBe('over 99.9%');
    expect(probabilityPercent(0.0004)).toBe('under 0.1%');
    expect(probabilityPercent(1)).toBe('100%');
    expect(probabilityPercent(0)).toBe('0%');
    expect(probabilityPercent(null)).toBe('n/a');
    // 69.96% beside "Low: under 70%".
    expect(probabilityPercent(0.6996, [0.7, 0.85])).toBe('69.9%');
    expect(probabilityPercent(0.9996, [0.7, 0.85])).toBe('over 99.9%');
  });

  it('puts round axis ticks up to at least the largest value', () => {
    expect(axisTicks(740_000_000)).toEqual([0, 200_000_000, 400_000_000, 600_000_000, 800_000_000]);
    expect(axisTicks(0)).toEqual([0, 1]);
    expect(axisTicks(5)).toEqual([0, 1, 2, 3, 4, 5]);
  });
});

describe('Sales Forecast renderers', () => {
  it('Markdown has the role document sections and columns with its example numbers', () => {
    const md = renderForecastMarkdown(forecast);
    const headings = md.split('\n').filter((line) => line.startsWith('## '));
    expect(headings).toEqual([
      '## Executive Summary',
      '## Pipeline Snapshot',
      '## Forecast by Rep',
      '## Forecast by Segment',
      '## Risk Factors',
      '## Upside Opportunities',
      '## Recommendations',
      '## Confidence Level',
      '## Forecast Categories and Adjustments',
      '## Largest Open Deals',
      '## Methods',
    ]);
    expect(md).toContain('- **Quota**: $5,000,000');
    expect(md).toContain('- **Forecast**: $4,750,000 (95% of quota)');
    expect(md).toContain('| Stage | Count | Value | Weighted Value (stage-weighted) |');
    expect(md).toContain('| Discovery | 50 | $2,500,000 | $500,000 (20%) |');
    expect(md).toContain('| Total | 100 | $7,400,000 | $3,762,500 |');
    expect(md).toContain('**Closed This Quarter**: $987,500');
    expect(md).toContain('**Total Forecast**: $3,762,500 + $987,500 = $4,750,000 (stage-weighted)');
    expect(md).toContain('| Rep | Quota | Closed | Pipeline (Weighted) | Forecast | Attainment | Risk |');
    expect(md).toContain('| Bob | $1,000,000 | $200,000 | $650,000 | $850,000 | 85% | 🟡 Medium |');
    expect(md).toContain('| Segment | Quota | Forecast | Variance |');
    expect(md).toContain('| Mid-Market | $2,000,000 | $1,800,000 | -$200,000 (-10%) 🟡 |');
    expect(md).toContain('| SMB | $1,000,000 | $850,000 | -$150,000 (-15%) 🔴 |');
    expect(md).toContain('| Risk | Impact | Mitigation |');
    expect(md).toContain(
      '| 3 large enterprise deals may slip to next quarter | $750,000 of the forecast at risk (their weighted value) | Escalate to VP, increase engagement |',
    );
    expect(md).toContain(
      '**🟡 Forecast confidence: 78% likely to reach at least 90% of the forecast (Moderate: 70-85%). It rates ' +
        'the forecast, not the quota (27% likely to be reached).**',
    );
    expect(md).not.toContain('Models Side by Side');
    expect(renderForecastMarkdown(forecast, { allModels: true })).toContain('## Models Side by Side');
  });

  it('names what the confidence is about and gives the chance of quota a line of its own, in text and Markdown', () => {
    // The fixture: quota $5,000,000, forecast $4,750,000, yellow; P(quota) 27%, P(≥ 90% of the forecast) 78%.
    const summary = renderForecastText(forecast).split('\n\nPipeline Snapshot')[0]!.split('─\n')[1];
    expect(summary).toBe(
      [
        '  Quota:               $5,000,000',
        '  Forecast:            $4,750,000 (95% of quota)',
        '  Forecast confidence: 🟡 78% likely to reach at least 90% of the forecast (Moderate: 70-85%)',
        '  Outcome range:       P10 $4,250,000, P50 $4,740,000, P90 $5,260,000',
        '  Chance of quota:     27%',
      ].join('\n'),
    );
    const md = renderForecastMarkdown(forecast);
    expect(md).toContain(
      '- **Forecast confidence**: 🟡 78% likely to reach at least 90% of the forecast (Moderate: 70-85%)\n' +
        '- **Outcome range**: P10 $4,250,000, P50 $4,740,000, P90 $5,260,000\n' +
        '- **Chance of quota**: 27%\n',
    );
    // Without a quota there is no chance of it to give, nor to set the confidence apart from.
    const noQuota = {
      ...forecast,
      executiveSummary: { ...forecast.executiveSummary, quota: null, percentOfQuota: null },
      distribution: { ...forecast.distribution, probabilityOfQuota: null },
    };
    const text = renderForecastText(noQuota);
    expect(text).not.toContain('Chance of quota');
    expect(text).toContain(
      '\n🟡 Forecast confidence: 78% likely to reach at least 90% of the forecast (Moderate: 70-85%).\n',
    );
  });

  it('claims no certainty it does not have: a 99.96% chance of quota, a deal at 0.04%', () => {
    const nearlySure = {
      ...forecast,
      distribution: { ...forecast.distribution, probabilityOfQuota: 0.9996 },
      deals: forecast.deals.map((row) => ({ ...row, probability: 0.0004 })),
    };
    const text = renderForecastText(nearlySure);
    expect(text).toContain('\n  Chance of quota:     over 99.9%\n');
    expect(unwrapped(text)).toContain(
      'It rates the forecast, not the quota (over 99.9% likely to be reached).',
    );
    const md = renderForecastMarkdown(nearlySure);
    expect(md).toContain('- **Chance of quota**: over 99.9%\n');
    expect(md).toContain('| under 0.1% (stage 80%) |');
    const html = renderForecastHtml(nearlySure);
    expect(html).toContain('<div class="label">Chance of quota</div><div class="value">over 99.9%</div>');
    expect(html).toContain('(over 99.9% likely to be reached)');
    expect(html).toContain('<td class="num">under 0.1% (stage 80%)</td>');
  });

  it("claims no certainty for a stage's probability in the Pipeline Snapshot: 99.7% and 0.4%, 100% only when exact", () => {
    const [discovery, proposal, negotiation, commit] = forecast.pipelineSnapshot.stages;
    const edges = {
      ...forecast,
      pipelineSnapshot: {
        ...forecast.pipelineSnapshot,
        stages: [
          { ...discovery!, probability: 0.004, weightedValue: 1_000_000 as MinorUnits },
          proposal!,
          { ...negotiation!, probability: 1, weightedValue: negotiation!.value },
          { ...commit!, probability: 0.997, weightedValue: 62_312_500 as MinorUnits },
        ],
      },
    };
    expect(renderForecastText(edges)).toMatch(/Discovery +50 +\$2,500,000 +\$10,000 \(0\.4%\)\n/);
    const md = renderForecastMarkdown(edges);
    expect(md).toContain('| Commit | 5 | $625,000 | $623,125 (99.7%) |');
    expect(md).toContain('| Negotiation | 15 | $1,875,000 | $1,875,000 (100%) |');
    expect(renderForecastHtml(edges)).toContain('<td class="num">$623,125 (99.7%)</td>');
  });

  it('gives the confidence as the same exact figure in the summary and the Confidence section, level said once', () => {
    // The fixture: yellow at 78%; the section repeats the summary's figure with the band that makes it Moderate.
    const claim = '78% likely to reach at least 90% of the forecast (Moderate: 70-85%)';
    const html = renderForecastHtml(forecast);
    expect(html).toContain(
      '<div class="label">Forecast confidence</div><div class="value"><span class="badge yellow">Moderate</span>' +
        `</div><div class="detail">${claim}</div>`,
    );
    expect(html).toContain(
      '<h2>Confidence Level</h2><p><span class="badge yellow">Moderate</span> <strong>Forecast confidence: ' +
        `${claim}. It rates the forecast, not the quota (27% likely to be reached).</strong></p>`,
    );
    // A period that ended before the data begins claims none: "None claimed" once, in the badge, and why.
    const noData = {
      ...forecast,
      executiveSummary: {
        ...forecast.executiveSummary,
        confidence: 'none' as const,
        confidenceMeaning: 'None claimed: there is no data for this period (it ended before the data begins)',
      },
      confidence: {
        ...forecast.confidence,
        level: 'none' as const,
        probability: null,
        meaning: 'None claimed: there is no data for this period (it ended before the data begins)',
        basis: 'there is no data for this period (it ended before the data begins)',
      },
    };
    const noDataHtml = renderForecastHtml(noData);
    expect(noDataHtml.match(/None claimed/g)).toHaveLength(2);
    expect(noDataHtml).toContain(
      '<span class="badge" style="background: #6b7280">None claimed</span></div><div class="detail">there is ' +
        'no data for this period (it ended before the data begins)</div>',
    );
    expect(noDataHtml).toContain(
      '<span class="badge" style="background: #6b7280">None claimed</span> <strong>Forecast confidence: none, ' +
        'since there is no data for this period (it ended before the data begins).</strong>',
    );
    expect(renderForecastMarkdown(noData)).toContain(
      '- **Forecast confidence**: ⚪ None claimed: there is no data for this period (it ended before the data ' +
        'begins)\n',
    );
    // An extrapolation is Low whatever its probability: the engine's basis says why, not a band, even where
    // the probability is in Low's band too.
    const extrapolated = (probability: number) => ({
      ...forecast,
      confidence: {
        ...forecast.confidence,
        level: 'red' as const,
        probability,
        meaning: 'Low: an extrapolation, with no deal of the period to forecast from',
        basis: 'an extrapolation, with no deal of the period to forecast from',
      },
    });
    for (const [probability, shown] of [
      [0.91, '91%'],
      [0.5, '50%'],
    ] as const) {
      expect(renderForecastMarkdown(extrapolated(probability))).toContain(
        `🔴 ${shown} likely to reach at least 90% of the forecast (Low: an extrapolation, with no deal of the ` +
          'period to forecast from)',
      );
    }
    // Just under a band's edge, the figure does not round up to the edge it is below.
    const underEdge = {
      ...forecast,
      confidence: {
        ...forecast.confidence,
        level: 'red' as const,
        probability: 0.6996,
        meaning: 'Low: under 70% likely to reach at least 90% of the forecast',
        basis: 'under 70%',
      },
    };
    expect(renderForecastMarkdown(underEdge)).toContain(
      '🔴 69.9% likely to reach at least 90% of the forecast (Low: under 70%)',
    );
  });

  it('labels each risk’s money: what the forecast counts of the deals, or the gap to quota', () => {
    const withGap = {
      ...forecast,
      risks: [
        ...forecast.risks,
        {
          kind: 'reps-below-80' as const,
          risk: '1 rep forecast below 80% of quota: Bob',
          groups: [{ name: 'Bob', variancePercent: -0.3 }],
          impact: (150_000 * 100) as MinorUnits,
          mitigation: 'Weekly pipeline reviews',
          deals: [],
        },
      ],
    };
    const text = renderForecastText(withGap).split('\n');
    expect(text).toContain(
      '- 3 large enterprise deals may slip to next quarter: $750,000 of the forecast at risk (their weighted value)',
    );
    expect(text).toContain('- 1 rep forecast below 80% of quota: Bob: $150,000 short of quota');
    expect(renderForecastMarkdown(withGap)).toContain(
      '| 1 rep forecast below 80% of quota: Bob | $150,000 short of quota | Weekly pipeline reviews |',
    );
  });

  it('says, in every format, that stored adjustments are left out of a model other than commit or best case', () => {
    // The fixture's one owner adjustment: R1's commit roll-up $1,500,000 -> $1,620,000, best case unchanged.
    const sentence =
      '1 owner/manager adjustment (net commit +$120,000, best case $0) is in the category layers (Forecast ' +
      'Categories and Adjustments); the stage-weighted forecast does not include it (choose --model commit or ' +
      'best_case to use it)';
    // Wrapped at 110 columns under a two-space hanging indent.
    expect(renderForecastText(forecast)).toContain(
      'Total Forecast: $3,762,500 + $987,500 = $4,750,000 (stage-weighted)\n' +
        'Adjustments: 1 owner/manager adjustment (net commit +$120,000, best case $0) is in the category layers\n' +
        '  (Forecast Categories and Adjustments); the stage-weighted forecast does not include it (choose --model\n' +
        '  commit or best_case to use it)\n',
    );
    // Markdown escapes the underscore (it renders as best_case).
    expect(renderForecastMarkdown(forecast)).toContain(
      `**Adjustments**: ${sentence.replace('best_case', 'best\\_case')}  \n`,
    );
    expect(renderForecastHtml(forecast)).toContain(`<p><strong>Adjustments: </strong>${sentence}</p>`);
    expect(JSON.parse(renderForecastJson(forecast))).toMatchObject({
      totalForecast: {
        adjustments: 0,
        adjustmentsNotIncluded: { count: 1, commit: 12_000_000, bestCase: 0 },
      },
    });
    // Two adjustments under the deal-level model: plural, the model named; none left out: no line.
    const two = {
      ...forecast,
      model: { ...forecast.model, id: 'deal-level' as const },
      totalForecast: {
        ...forecast.totalForecast,
        adjustmentsNotIncluded: { count: 2, commit: -5_000_000, bestCase: 2_500_000 },
      },
    } as typeof forecast;
    expect(unwrapped(renderForecastText(two))).toContain(
      'Adjustments: 2 owner/manager adjustments (net commit -$50,000, best case +$25,000) are in the category ' +
        'layers (Forecast Categories and Adjustments); the deal-level model forecast does not include them ' +
        '(choose --model commit or best_case to use them)\n',
    );
    const included = {
      ...forecast,
      totalForecast: { ...forecast.totalForecast, adjustmentsNotIncluded: null },
    };
    expect(renderForecastText(included)).not.toContain('Adjustments:');
    expect(renderForecastMarkdown(included)).not.toContain('**Adjustments**');
  });

  it('names the weighted value by the model it was weighted with, in every format, in the same column', () => {
    // `salesops metrics weighted_pipeline` weights by stage defaults: the same name would be two figures.
    const dealLevel = { ...forecast, model: { ...forecast.model, id: 'deal-level' as const } };
    const header = 'Weighted Value (deal-level model)';
    expect(renderForecastMarkdown(dealLevel)).toContain(`| Stage | Count | Value | ${header} |`);
    expect(renderForecastText(dealLevel)).toMatch(
      /Stage +Count +Value +Weighted Value \(deal-level model\)\n/,
    );
    const html = renderForecastHtml(dealLevel);
    expect(html).toContain(`<th class="num">Value</th><th class="num">${header}</th></tr>`);
    expect(html).toContain(`>${header}</text>`);
    expect(renderForecastText(forecast)).toContain('Weighted Value (stage-weighted)');
  });

  it('ends a note with a full stop before its fix, and Markdown keeps commands as code', () => {
    const noted = {
      ...forecast,
      notes: [
        {
          kind: 'no-backtest' as const,
          message: 'no backtest was run: the models’ past accuracy is not shown',
          fix: 'run `salesops forecast backtest --periods 8`',
        },
      ],
    };
    const md = renderForecastMarkdown(noted);
    expect(md).toContain('is not shown. Fix: run `salesops forecast backtest --periods 8`');
    expect(renderForecastText(noted)).toContain('is not shown. Fix: run');
    // The forecast's data-quality score is not the audit's workspace score, and says so.
    expect(md).toMatch(
      /Pipeline data quality: [\d.]+ \/ 100, the share of this period's open pipeline without findings/,
    );
    expect(escapeMarkdownProse('a `salesops audit` b_c `<img>`')).toBe(
      'a `salesops audit` b\\_c \\`&lt;img&gt;\\`',
    );
    expect(escapeMarkdownProse('run `npx salesops audit --workspace demo` first')).toBe(
      'run `npx salesops audit --workspace demo` first',
    );
  });

  it('names in Methods the commands as the notes do: the run’s program, --workspace and, for a backtest, --as-of', () => {
    const unbacktested = { ...forecast, methods: { ...forecast.methods, accuracy: null, backtest: null } };
    const commandLine = { program: 'node bin/salesops.js', workspace: "'my ws'", asOf: '2026-11-27' };
    const backtest =
      "`node bin/salesops.js forecast backtest --period FY2026-Q4 --workspace 'my ws' --as-of 2026-11-27`";
    const audit = "`node bin/salesops.js audit --workspace 'my ws'`";
    const text = unwrapped(renderForecastText(unbacktested, { commandLine }));
    expect(text).toContain(`- Backtest: none was run for this report; ${backtest} measures every model.`);
    expect(text).toContain(`(not the workspace score of ${audit})`);
    // Markdown keeps them as code whatever the program.
    const md = renderForecastMarkdown(unbacktested, { commandLine });
    expect(md).toContain(`- Backtest: none was run for this report; ${backtest} measures every model.`);
    expect(md).toContain(`(not the workspace score of ${audit})`);
    // Without a command line, as typed: salesops and the words alone.
    expect(unwrapped(renderForecastText(unbacktested))).toContain(
      'report; `salesops forecast backtest --period FY2026-Q4` measures every model.',
    );
  });

  it('gives each note a paragraph of its own in Markdown and wraps notes in the terminal under a hanging indent', () => {
    const long = `${'word '.repeat(30)}end`;
    const noted = {
      ...forecast,
      notes: [
        { kind: 'no-backtest' as const, message: 'first', fix: null },
        {
          kind: 'no-activities' as const,
          message: long,
          fix: 'run `salesops import activities.csv --workspace acme`',
        },
      ],
    };
    // Adjacent quoted lines would be one paragraph: a blank line between the notes.
    expect(renderForecastMarkdown(noted)).toContain(`> **Note**: first\n\n> **Note**: ${long}. Fix: run`);
    // 'note: ' and 21 words fill 6 + 21 x 4 + 20 = 110 columns (a 22nd would make 115); the hanging indent, 9
    // words and 'end. Fix: run' make 64, and the 52 of the command would pass 110: it starts a line, whole.
    const lines = renderForecastText(noted).split('\n');
    const at = lines.findIndex((line) => line.startsWith('note: word'));
    expect(lines[at]).toBe(`note: ${'word '.repeat(21).trimEnd()}`);
    expect(lines[at + 1]).toBe(`      ${'word '.repeat(9)}end. Fix: run`);
    expect(lines[at + 2]).toBe('      `salesops import activities.csv --workspace acme`');
  });

  it('counts in Methods the open deals left out for a zero or negative amount and the credits won', () => {
    // The fixture's inputs: 100 open and 20 won counted, 1 of them won at a negative amount; 3 open left out
    // for a zero or negative amount, 1 without an amount, 2 overdue.
    expect(unwrapped(renderForecastText(forecast))).toContain(
      '- Counted: 100 open deals closing in the period and 20 won (1 of them at a zero or negative amount, netted ' +
        'into Closed); left out: 3 open with a zero or negative amount, 1 open without an amount, 2 overdue (close ' +
        'date before the period), 0 without a close date.',
    );
  });

  it('escapes CRM names in Markdown and HTML so that no markup from the data survives', () => {
    const md = renderForecastMarkdown(forecast);
    expect(md).not.toContain('<img');
    expect(md).toContain('Carol &lt;img src=x onerror=alert(1)&gt;');
    const html = renderForecastHtml(forecast);
    expect(html).not.toContain(HOSTILE_NAME);
    expect(html).not.toMatch(/<img/i);
    expect(html).toContain(escapeHtml(`Carol ${HOSTILE_NAME}`));
    expect(escapeHtml(`"'&<>`)).toBe('&quot;&#39;&amp;&lt;&gt;');
  });

  it('HTML is self-contained: inline style and three SVG charts, no script or external reference', () => {
    const html = renderForecastHtml(forecast);
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html.match(/<svg /g)).toHaveLength(3);
    expect(html).not.toMatch(/<script|<link|\shref=|\ssrc="|url\(/i);
    expect(html).toContain('Quota $5M');
  });

  it('the terminal table drops control characters and can be cut short', () => {
    const text = renderForecastText(
      { ...forecast, title: 'Sales Forecast: \u001b[31mFY2026-Q4' },
      { groupLimit: 2, compact: true },
    );
    expect(text).not.toContain('\u001b');
    expect(text).toContain('… 1 more (salesops forecast shows them all)');
    expect(text).not.toContain('Methods');
    expect(text).toContain('Model: stage-weighted (amount × stage probability); requested with --model.');
  });

  it('ends the compact terminal report with the model as one sentence: which, what it rests on, and why', () => {
    const model = {
      ...forecast.model,
      id: 'deal-level' as const,
      reason:
        'the default without a backtest; run `salesops forecast backtest --period FY2026-Q4` to compare the models',
    };
    const text = renderForecastText({ ...forecast, model }, { compact: true });
    expect(text.trimEnd().split('\n').slice(-2)).toEqual([
      "Model: deal-level model (learned from this workspace's closed deals); the default without a backtest; run",
      '  `salesops forecast backtest --period FY2026-Q4` to compare the models.',
    ]);
  });

  it('JSON keeps every section with money in minor units and says so', () => {
    const json = JSON.parse(renderForecastJson(forecast)) as Record<string, unknown>;
    expect(json).toMatchObject({
      format: 'salesops.sales-forecast/2',
      moneyUnit: 'minor',
      currencyExponent: 2,
      totalForecast: { total: 475_000_000 },
    });
  });
});
