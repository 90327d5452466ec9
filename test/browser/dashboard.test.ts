/**
 * The web dashboard in headless Chromium, served by the real API server over the seeded demo workspace of
 * test/server/api-fixture.ts: a manager and a rep sign in with their tokens, and every figure the pages show is
 * the API's answer for that token, written as the page must write it: each expected text is worked out by hand
 * from the fixture's figures, which the test checks the API gives (whole dollars for pipeline and forecast, cents
 * for pay, percentages to one decimal, multiples to two), never by the page's own functions; a rep
 * sees no colleague's deal; a bad or revoked token, a section outside the role and signing out each say so.
 * The workspace holds one deal more than the demo's: a credit ({@link CREDIT}), for the overview to say it left
 * out. Nothing is fetched from another origin and nothing logs an error. Screenshots go to the temporary folder
 * for people to look at.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isoDate } from '../../src/domain/dates.js';
import { emptyBatch, type Opportunity } from '../../src/domain/entities.js';
import type { MinorUnits } from '../../src/domain/money.js';
import { DASHBOARD_FOLDER } from '../../src/server/dashboard.js';
import { openWorkspace } from '../../src/workspace/workspace.js';
import { apiFixture, AS_OF, COMP_PERIOD, type Login } from '../server/api-fixture.js';
import { browserUnavailable, launchChromium } from './chromium.js';

const WEB = resolve(import.meta.dirname, '../../web');
const LOCALE = 'en-US';
const SHOTS = join(tmpdir(), 'salesops-dashboard');

/** The newest modification time under a folder or of a file. */
function newest(path: string): number {
  if (!statSync(path).isDirectory()) return statSync(path).mtimeMs;
  return Math.max(0, ...readdirSync(path).map((name) => newest(join(path, name))));
}

/**
 * Builds the dashboard when dist/web is missing or older than web/ (a checkout where `npm run build` has not
 * run since web/ changed), so the test never runs on a stale bundle. The server reads the bundle when it starts.
 */
function ensureDashboardBuilt(): void {
  const index = join(DASHBOARD_FOLDER, 'index.html');
  const sources = Math.max(
    newest(join(WEB, 'src')),
    newest(join(WEB, 'index.html')),
    newest(join(WEB, 'public')),
  );
  if (existsSync(index) && statSync(index).mtimeMs >= sources) return;
  execFileSync(
    process.execPath,
    [resolve('node_modules/vite/bin/vite.js'), 'build', WEB, '--logLevel', 'warn'],
    // The production build npm run build makes (vitest sets NODE_ENV=test, which would build React's
    // development bundle: twice the size, every effect run twice, and left in dist/web for `salesops serve`).
    { stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } },
  );
}

/**
 * A credit: a deal won at a negative amount (-$2,400), a refund to a customer of REP-0011 (an ISR of the
 * manager's team) won in FY2027-Q4, the overview's default period. The demo makes none.
 */
const CREDIT: Opportunity = {
  id: 'OPP-0001201',
  name: 'Iron Bay Packaging Holdings - Billing credit',
  accountId: 'ACC-000439',
  currency: 'USD',
  type: 'new',
  source: 'Existing Customer',
  createdDate: isoDate('2026-11-24'),
  listAmount: null,
  competitor: null,
  lossReason: null,
  nextStep: null,
  qualification: { budget: null, authority: null, need: null, timeline: null },
  stage: 'Closed Won',
  amount: -240_000 as MinorUnits,
  closeDate: isoDate('2026-11-24'),
  forecastCategory: 'closed',
  ownerId: 'REP-0011',
};

/** Adds {@link CREDIT} to the workspace, as an import of one deal would: a new data version the server reads. */
async function addCredit(folder: string): Promise<void> {
  const workspace = await openWorkspace(folder);
  try {
    const { id, stage, amount, closeDate, forecastCategory, ownerId } = CREDIT;
    const created = { stage, amount, closeDate, forecastCategory, ownerId };
    const history = [{ opportunityId: id, date: CREDIT.createdDate, sequence: 0, ...created }];
    await workspace.store.write(
      { ...emptyBatch(), opportunities: [CREDIT], opportunityChanges: history },
      { source: 'test', asOf: isoDate(AS_OF) },
    );
  } finally {
    await workspace.close();
  }
}

/** The headline metrics of the overview, in the order it shows them. */
const HEADLINE = [
  'pipeline_value',
  'open_deals',
  'weighted_pipeline',
  'win_rate',
  'avg_deal_size',
  'sales_cycle_days',
  'closed_won',
  'quota',
  'quota_attainment',
  'pipeline_coverage',
];

/**
 * A key figure of the overview: its metric, its label on the page, the fixture's figure as the API gives it and
 * the text the page must show for it, worked out by hand.
 */
type Figure = readonly [metric: string, label: string, api: number, shown: string];

/** The manager's (REP-0019's team's) key figures for FY2027-Q4, the overview's default period. */
const MANAGER_FIGURES: readonly Figure[] = [
  ['pipeline_value', 'Pipeline', 463_284, '$463,284'],
  ['open_deals', 'Open deals', 23, '23'],
  ['weighted_pipeline', 'Weighted (stage probabilities)', 192_251.1, '$192,251'],
  ['win_rate', 'Win rate', 2 / 11, '18.2%'],
  ['avg_deal_size', 'Average deal', 10_441, '$10,441'],
  ['sales_cycle_days', 'Sales cycle', 31, '31 days'],
  ['closed_won', 'Closed won', 39_364, '$39,364'],
  ['quota', 'Quota', 340_000, '$340,000'],
  // 39,364 / 340,000 = 11.58%; 463,284 / (340,000 - 39,364) = 1.541.
  ['quota_attainment', 'Attainment', 39_364 / 340_000, '11.6%'],
  ['pipeline_coverage', 'Coverage', 463_284 / 300_636, '1.54×'],
];

/** The manager's key figures for FY2027-Q3, a closed quarter: nothing open. */
const MANAGER_Q3_FIGURES: readonly Figure[] = [
  ['pipeline_value', 'Pipeline', 0, '$0'],
  ['open_deals', 'Open deals', 0, '0'],
  ['weighted_pipeline', 'Weighted (stage probabilities)', 0, '$0'],
  ['win_rate', 'Win rate', 23 / 73, '31.5%'],
  ['avg_deal_size', 'Average deal', 8_583.57, '$8,584'],
  // 839 days over 23 deals won: 36.48.
  ['sales_cycle_days', 'Sales cycle', 839 / 23, '36.5 days'],
  ['closed_won', 'Closed won', 197_422, '$197,422'],
  ['quota', 'Quota', 329_000, '$329,000'],
  ['quota_attainment', 'Attainment', 197_422 / 329_000, '60.0%'],
  ['pipeline_coverage', 'Coverage', 0, '0.00×'],
];

/** The rep's (REP-0011, Samir Chen's) own key figures for FY2027-Q4. */
const REP_FIGURES: readonly Figure[] = [
  ['pipeline_value', 'Pipeline', 63_340, '$63,340'],
  ['open_deals', 'Open deals', 6, '6'],
  ['weighted_pipeline', 'Weighted (stage probabilities)', 22_232, '$22,232'],
  ['win_rate', 'Win rate', 1 / 6, '16.7%'],
  ['avg_deal_size', 'Average deal', 9_156, '$9,156'],
  ['sales_cycle_days', 'Sales cycle', 70, '70 days'],
  ['closed_won', 'Closed won', 6_756, '$6,756'],
  ['quota', 'Quota', 48_000, '$48,000'],
  // 6,756 / 48,000 = 14.08%; 63,340 / (48,000 - 6,756) = 1.536.
  ['quota_attainment', 'Attainment', 6_756 / 48_000, '14.1%'],
  ['pipeline_coverage', 'Coverage', 63_340 / 41_244, '1.54×'],
];

interface Metrics {
  currency: string;
  period: string;
  metrics: { id: string; name: string; unit: string }[];
  rows: Record<string, string | number | null>[];
  leftOut: { deals: number; amount: number; metrics: string[] } | null;
  creditsLeftOut: { deals: number; amount: number; ids: string[]; metrics: string[] } | null;
}
interface Me {
  role: string;
  rep: string | null;
  reps: 'all' | string[];
}
interface Forecast {
  currency: string;
  currencyExponent: number;
  totalForecast: { total: number; closed: number; weightedPipeline: number; newPipeline: number };
  executiveSummary: { quota: number | null; forecast: number };
  confidence: { level: string; probability: number | null; basis: string };
  distribution: {
    p10: number;
    p50: number;
    p90: number;
    probabilityOfQuota: number | null;
    probabilityOfForecast: number;
  };
  byGroup: {
    rows: {
      group: string;
      id: string | null;
      quota: number | null;
      closed: number;
      pipelineWeighted: number;
      forecast: number;
    }[];
  };
}
interface DealPage {
  total: number;
  items: {
    id: string;
    owner: string | null;
    amountMinor: number | null;
    currency: string | null;
    forecastCategory: string | null;
  }[];
}
interface Adjustments {
  adjustments: Record<string, unknown>[];
}
interface Statement {
  statement: { currency: string; total: number; lines: { trace: { deals: string[] } }[] };
  payee: { name: string };
}

const unavailable = browserUnavailable();
if (unavailable) console.warn(`Skipping the browser test of the web dashboard: ${unavailable}`);

describe.skipIf(unavailable !== null)('web dashboard in headless Chromium', () => {
  beforeAll(ensureDashboardBuilt, 120_000);
  const api = apiFixture();
  let browser: Browser;
  /** Problems the pages reported (console errors, uncaught exceptions) and requests to another origin. */
  const problems: string[] = [];
  const elsewhere: string[] = [];

  // After the fixture's: the server, already running, reads the new data version on its next request.
  beforeAll(() => addCredit(api.folder()));

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  async function openPage(): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: LOCALE });
    const origin = api.server().url;
    page.on('console', (message) => {
      // The browser logs every 4xx answer; the 400, 401, 403 and 409 are the refusals the tests ask for.
      const refusal = /^Failed to load resource: the server responded with a status of 40[0139] /;
      if (message.type() === 'error' && !refusal.test(message.text())) {
        problems.push(`${page.url()}: ${message.text()}`);
      }
    });
    page.on('pageerror', (error) => problems.push(`${page.url()}: ${error.message}`));
    page.on('request', (request) => {
      if (!request.url().startsWith(origin)) elsewhere.push(request.url());
    });
    await page.goto(`${origin}/`);
    return page;
  }

  /** Signs in with the mouse, or with the keyboard alone: the token field has the focus, Enter submits. */
  async function signIn(token: string, by: 'mouse' | 'keyboard' = 'mouse'): Promise<Page> {
    const page = await openPage();
    if (by === 'keyboard') {
      await page.getByLabel('API token').waitFor();
      await page.keyboard.type(token);
      await page.keyboard.press('Enter');
      return page;
    }
    await page.getByLabel('API token').fill(token);
    await page.getByRole('button', { name: 'Sign in' }).click();
    return page;
  }

  /** Goes to a section by its link in the top bar. */
  async function open(page: Page, section: string): Promise<void> {
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: section }).click();
    await page.getByRole('heading', { level: 1, name: section }).waitFor();
  }

  /** The label and value of each key figure in the list labelled `label`, once it has loaded. */
  async function figures(page: Page, label: string): Promise<[string, string][]> {
    await page.locator(`dl[aria-label="${label}"]`).waitFor();
    return page.evaluate<[string, string][]>(
      `[...document.querySelectorAll('dl[aria-label="${label}"] .figure')].map((figure) => [figure.querySelector('dt').textContent, figure.querySelector('dd').textContent])`,
    );
  }

  /** The note under the figure labelled `figure` in the list labelled `label`. */
  async function figureNote(page: Page, label: string, figure: string): Promise<string | null> {
    return page
      .locator(`dl[aria-label="${label}"] .figure`, { has: page.locator('dt', { hasText: figure }) })
      .locator('dd.figure-note')
      .first()
      .textContent();
  }

  /** The label of each key figure in the list labelled `label` with the notes of what it left out. */
  async function leftOutNotes(page: Page, label: string): Promise<[string, string[]][]> {
    await page.locator(`dl[aria-label="${label}"]`).waitFor();
    return page.evaluate<[string, string[]][]>(
      `[...document.querySelectorAll('dl[aria-label="${label}"] .figure')].map((figure) => [figure.querySelector('dt').textContent, [...figure.querySelectorAll('dd.left-out')].map((note) => note.textContent)])`,
    );
  }

  /** The body cells' text of the table whose caption starts with `caption`. */
  async function tableRows(page: Page, caption: string): Promise<string[][]> {
    await page.locator('caption', { hasText: caption }).first().waitFor();
    return page.evaluate<string[][]>(
      `[...[...document.querySelectorAll('table')].find((table) => table.caption.textContent.startsWith(${JSON.stringify(caption)})).tBodies[0].rows].map((row) => [...row.cells].map((cell) => cell.textContent))`,
    );
  }

  /** The owners (CRM ids) of the deals the deals table shows. */
  function dealOwners(page: Page): Promise<string[]> {
    return page.evaluate<string[]>(
      `[...document.querySelectorAll('table.deals td[data-owner]')].map((cell) => cell.dataset.owner)`,
    );
  }

  /** The CRM ids of the deals the deals table shows, in its order. */
  function dealIds(page: Page): Promise<string[]> {
    return page.evaluate<string[]>(
      `[...document.querySelectorAll('table.deals .deal-id')].map((cell) => cell.textContent)`,
    );
  }

  async function dealCount(page: Page): Promise<string> {
    return (await page.locator('table.deals caption .count').textContent()) ?? '';
  }

  async function screenshot(page: Page, name: string): Promise<void> {
    await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
  }

  async function metrics(login: Login, query: string): Promise<Metrics> {
    const answer = await api.call<Metrics>(login, `/api/metrics?${query}`);
    expect(answer.status).toBe(200);
    return answer.body;
  }

  /**
   * The key figures of the overview `page` shows, once checked that the API gives `login` the fixture's figures
   * (for `query`'s period) from which their texts were worked out.
   */
  async function expectFigures(
    page: Page,
    login: Login,
    expected: readonly Figure[],
    query = '',
  ): Promise<void> {
    const answer = await metrics(login, `metric=${HEADLINE.join(',')}${query}`);
    expect(answer.metrics.map((metric) => metric.id)).toEqual(expected.map(([id]) => id));
    for (const [id, , figure] of expected) expect(answer.rows[0]![id]).toBeCloseTo(figure, 9);
    expect(await figures(page, 'Key figures')).toEqual(expected.map(([, label, , shown]) => [label, shown]));
  }

  it('refuses a bad token with a message saying why and what to do', async () => {
    const page = await signIn('so_not-a-real-token');
    await expect
      .poll(() => page.getByRole('alert').textContent())
      .toBe(
        'That token was not accepted: the token is unknown or revoked. Check it was pasted whole, or ask an admin for a new one (salesops `users add` on the server).',
      );
    expect(await page.getByLabel('API token').isVisible()).toBe(true);
    expect(await page.evaluate(`sessionStorage.getItem('salesops.token')`)).toBeNull();
    await screenshot(page, 'sign-in-refused');
    await page.close();
  });

  it("shows a manager their team's overview: the API's figures for their token", async () => {
    const me = (await api.call<Me>('manager', '/api/me')).body;
    const page = await signIn(api.tokens().manager);
    const who = page.locator('.who .role');
    await expect.poll(() => who.textContent()).toBe(`manager · REP-0019 · ${me.reps.length} reps in team`);
    // Pipeline figures in whole dollars, as the CLI writes them.
    await expectFigures(page, 'manager', MANAGER_FIGURES);
    const stages = await metrics('manager', 'metric=open_deals,pipeline_value,weighted_pipeline&by=stage');
    expect(stages.rows).toEqual([
      { stage: 'Qualification', open_deals: 6, pipeline_value: 204_600, weighted_pipeline: 20_460 },
      { stage: 'Discovery', open_deals: 5, pipeline_value: 56_300, weighted_pipeline: 11_260 },
      { stage: 'Proposal', open_deals: 4, pipeline_value: 38_400, weighted_pipeline: 19_200 },
      { stage: 'Negotiation', open_deals: 5, pipeline_value: 62_545, weighted_pipeline: 50_036 },
      { stage: 'Commit', open_deals: 3, pipeline_value: 101_439, weighted_pipeline: 91_295.1 },
    ]);
    expect(await tableRows(page, 'Open deals closing in the period, by stage')).toEqual([
      ['Qualification', '6', '$204,600', '$20,460'],
      ['Discovery', '5', '$56,300', '$11,260'],
      ['Proposal', '4', '$38,400', '$19,200'],
      ['Negotiation', '5', '$62,545', '$50,036'],
      ['Commit', '3', '$101,439', '$91,295'],
    ]);
    const reps = await metrics(
      'manager',
      'metric=closed_won,quota_attainment,pipeline_value,pipeline_coverage,win_rate&by=owner',
    );
    // Closed won, attainment (closed / quota), pipeline, coverage (pipeline / quota left) and win rate; Emeka Tan
    // closed no deal (no win rate).
    const figure = (row: Record<string, string | number | null>) =>
      reps.metrics.map((metric) => row[metric.id] ?? null);
    expect(reps.rows.map((row) => [row.owner, ...figure(row)])).toEqual([
      ['Bianca Patel', 25_245, 0.561, 34_099, 34_099 / (45_000 - 25_245), 2 / 7],
      ['Emeka Tan', 0, 0, 218_739, 218_739 / 82_000, null],
      ['Laila Novak', 0, 0, 41_106, 41_106 / 48_000, 0],
      ['Leo Dubois', 0, 0, 12_500, 12_500 / 39_000, 0],
      ['Samir Chen', 6_756, 6_756 / 48_000, 63_340, 63_340 / (48_000 - 6_756), 1 / 6],
      ['Sara Kim', 0, 0, 38_500, 38_500 / 39_000, 0],
      ['Tariq Dubois', 7_363, 7_363 / 39_000, 55_000, 55_000 / (39_000 - 7_363), 1 / 2],
    ]);
    const repRows = await tableRows(page, "Each rep's figures for the period");
    expect(repRows).toEqual([
      ['Bianca Patel', '$25,245', '56.1%', '$34,099', '1.73×', '28.6%'],
      ['Emeka Tan', '$0', '0.0%', '$218,739', '2.67×', 'n/a'],
      ['Laila Novak', '$0', '0.0%', '$41,106', '0.86×', '0.0%'],
      ['Leo Dubois', '$0', '0.0%', '$12,500', '0.32×', '0.0%'],
      ['Samir Chen', '$6,756', '14.1%', '$63,340', '1.54×', '16.7%'],
      ['Sara Kim', '$0', '0.0%', '$38,500', '0.99×', '0.0%'],
      ['Tariq Dubois', '$7,363', '18.9%', '$55,000', '1.74×', '50.0%'],
    ]);
    // The team's reps only: the company's are more.
    const company = await metrics('admin', 'metric=closed_won&by=owner');
    expect(repRows.length).toBeLessThan(company.rows.length);
    await page.locator('figure.chart svg').first().waitFor();
    await screenshot(page, 'overview-manager');

    // Another period, chosen in the picker, is asked of the API and shown.
    await page.getByLabel('Fiscal period').fill('FY2027-Q3');
    await page.getByRole('button', { name: 'Show' }).click();
    await page.getByText('FY2027-Q3', { exact: true }).waitFor();
    await expectFigures(page, 'manager', MANAGER_Q3_FIGURES, '&period=FY2027-Q3');
    expect(new URL(page.url()).search).toBe('?period=FY2027-Q3');

    // The forecast: its total, range and the rows by rep are the API's for the manager's team, in whole dollars
    // as the CLI writes forecast figures (money in cents from the API).
    await page.goto(`${api.server().url}/forecast`);
    const forecast = (await api.call<Forecast>('manager', '/api/forecast')).body;
    expect(forecast).toMatchObject({
      currency: 'USD',
      currencyExponent: 2,
      totalForecast: {
        total: 20_190_518,
        closed: 3_936_400,
        weightedPipeline: 13_563_924,
        newPipeline: 2_690_194,
      },
      executiveSummary: { quota: 34_000_000, forecast: 20_190_518 },
      confidence: { level: 'red', basis: 'under 70%' },
      distribution: { p10: 12_575_100, p50: 19_256_137, p90: 28_862_679 },
    });
    const { confidence, distribution } = forecast;
    expect(confidence.probability).toBeCloseTo(0.551156, 6);
    expect(distribution.probabilityOfForecast).toBeCloseTo(0.458403, 6);
    expect(distribution.probabilityOfQuota).toBeCloseTo(0.043669, 6);
    // The forecast's confidence is named as such, with its exact probability and band, and the chance of quota
    // apart: a High confidence beside a low chance of quota is no contradiction when each says what it is about.
    // No label means two things: the overview's weighted pipeline is by stage probabilities, this the model's.
    expect(await figures(page, 'Forecast figures')).toEqual([
      ['Forecast', '$201,905'],
      ['Quota', '$340,000'],
      // 20,190,518 / 34,000,000 = 59.38%.
      ['Forecast / quota', '59.4%'],
      ['Closed', '$39,364'],
      ['Weighted (model)', '$135,639'],
      ['New pipeline', '$26,902'],
      ['P10', '$125,751'],
      ['P50', '$192,561'],
      ['P90', '$288,627'],
      ['Chance of quota', '4.4%'],
      ['Forecast confidence', 'Low'],
    ]);
    // The overview's attainment is closed over quota, this table's the forecast over quota.
    expect(await page.locator('th', { hasText: 'Forecast / quota' }).count()).toBe(1);
    expect(await page.locator('th', { hasText: /^Attainment$/ }).count()).toBe(0);
    expect(await figureNote(page, 'Forecast figures', 'Forecast confidence')).toBe(
      '55.1% likely to reach at least 90% of the forecast (Low: under 70%)',
    );
    // The reasons under the range: the risks' own sentences, then the probabilities to one decimal as the figures
    // give them (the reports' whole 55%, 46% and 4% would read as other figures), and money compact: 90% of the
    // forecast is 18,171,466 cents, $181.7K.
    expect(
      await page
        .getByRole('list', { name: 'Why this forecast confidence' })
        .getByRole('listitem')
        .allTextContents(),
    ).toEqual([
      'the 3 largest deals carry 48% of the weighted pipeline',
      '7 reps forecast below 80% of quota: Bianca Patel, Emeka Tan, Laila Novak, Leo Dubois, Samir Chen and 2 more',
      'Enterprise (-26%), Mid-Market (-45%), SMB (-45%) behind quota',
      '1 deal closing in FY2027-Q4 with data-quality findings (amount, stage, category, account or duplicates)',
      'pipeline closing in FY2027-Q4 covers 1.5x the quota still to close (target 3x)',
      '55.1% likely to reach at least $181.7K (90% of the forecast), 45.8% the forecast itself',
      '4.4% likely to reach quota',
      '80% of outcomes between P10 and P90: $125.8K to $288.6K',
    ]);
    // Quota, closed, weighted pipeline and forecast by rep (cents from the API: Bianca Patel's weighted
    // 490,965 is $4,910, her forecast 3,433,456 $34,335, 76.3% of her quota).
    expect(
      forecast.byGroup.rows.map((row) => [
        row.group,
        row.quota,
        row.closed,
        row.pipelineWeighted,
        row.forecast,
      ]),
    ).toEqual([
      ['Bianca Patel', 4_500_000, 2_524_500, 490_965, 3_433_456],
      ['Emeka Tan', 8_200_000, 0, 5_624_785, 6_051_626],
      ['Laila Novak', 4_800_000, 0, 2_377_681, 2_662_939],
      ['Leo Dubois', 3_900_000, 0, 33_338, 206_718],
      ['Samir Chen', 4_800_000, 675_600, 1_650_029, 2_887_264],
      ['Sara Kim', 3_900_000, 0, 1_785_095, 2_342_167],
      ['Tariq Dubois', 3_900_000, 736_300, 1_602_029, 2_606_346],
    ]);
    expect(await tableRows(page, 'Forecast by rep')).toEqual([
      ['Bianca Patel', '$45,000', '$25,245', '$4,910', '$34,335', '76.3%', 'high'],
      ['Emeka Tan', '$82,000', '$0', '$56,248', '$60,516', '73.8%', 'high'],
      ['Laila Novak', '$48,000', '$0', '$23,777', '$26,629', '55.5%', 'high'],
      ['Leo Dubois', '$39,000', '$0', '$333', '$2,067', '5.3%', 'high'],
      ['Samir Chen', '$48,000', '$6,756', '$16,500', '$28,873', '60.2%', 'high'],
      ['Sara Kim', '$39,000', '$0', '$17,851', '$23,422', '60.1%', 'high'],
      ['Tariq Dubois', '$39,000', '$7,363', '$16,020', '$26,063', '66.8%', 'high'],
    ]);
    await page.locator('figure.chart svg').nth(1).waitFor();
    // The distribution is the API's three quantiles, drawn as a range with the forecast and quota, each in its key.
    const rangeKey = await page.evaluate<[string, string][]>(
      `[...document.querySelectorAll('dl[aria-label="Forecast range figures"] > div')].map((entry) => [entry.querySelector('dt').textContent, entry.querySelector('dd').textContent])`,
    );
    expect(rangeKey).toEqual([
      ['P10–P90, 80% of outcomes', '$125,751 to $288,627'],
      ['P50, the median', '$192,561'],
      ['Forecast', '$201,905'],
      ['Quota', '$340,000'],
    ]);
    // The notes' commands are salesops's, to run on the server: the page cannot know how salesops runs there.
    const notes = page.getByRole('region', { name: 'Notes' }).getByRole('listitem');
    expect(await notes.first().textContent()).toBe(
      'no backtest was run: the models’ past accuracy is not shown Fix: run salesops forecast backtest --period ' +
        'FY2027-Q4 --periods 8 on the server',
    );
    expect(await notes.first().locator('code').allTextContents()).toEqual([
      'forecast backtest --period FY2027-Q4 --periods 8',
    ]);
    await screenshot(page, 'forecast-manager');

    // The deals: by default the team's open deals, the next to close first, as the API orders them.
    await open(page, 'Deals');
    const deals = (
      await api.call<DealPage>('manager', '/api/opportunities?state=open&sort=closeDate&pageSize=50')
    ).body;
    // The team's 26 open deals closing in the quarter, each with its amount in cents from the API and in whole
    // dollars on the page, as a sales manager reads deals (pay keeps its cents, below).
    const openDeals: readonly [id: string, minor: number, shown: string][] = [
      ['OPP-0001105', 0, '$0'],
      ['OPP-0001166', 420_000, '$4,200'],
      ['OPP-0001064', 8_103_900, '$81,039'],
      ['OPP-0001152', 1_410_000, '$14,100'],
      ['OPP-0001161', 1_120_000, '$11,200'],
      ['OPP-0001164', 2_230_000, '$22,300'],
      ['OPP-0001194', 240_000, '$2,400'],
      ['OPP-0001189', 660_000, '$6,600'],
      ['OPP-0001188', 2_650_000, '$26,500'],
      ['OPP-0001185', 890_000, '$8,900'],
      ['OPP-0001191', 1_280_000, '$12,800'],
      ['OPP-0001142', 583_900, '$5,839'],
      ['OPP-0001198', 1_250_000, '$12,500'],
      ['OPP-0001167', 3_160_000, '$31,600'],
      ['OPP-0001129', 1_310_100, '$13,101'],
      ['OPP-0001153', 1_500_000, '$15,000'],
      ['OPP-0001134', 2_736_300, '$27,363'],
      ['OPP-0001140', 1_620_000, '$16,200'],
      ['OPP-0001169', 560_000, '$5,600'],
      ['OPP-0001173', 1_374_300, '$13,743'],
      ['OPP-0001181', 290_000, '$2,900'],
      ['OPP-0001199', 12_270_000, '$122,700'],
      ['OPP-0000883', 249_900, '$2,499'],
      ['OPP-0001183', 420_000, '$4,200'],
      ['OPP-0001092', 3_000_000, '$30,000'],
      ['OPP-0001100', 814_500, '$8,145'],
    ];
    expect(deals.total).toBe(26);
    expect(deals.items.map((deal) => [deal.id, deal.amountMinor, deal.currency])).toEqual(
      openDeals.map(([id, minor]) => [id, minor, 'USD']),
    );
    await expect.poll(() => dealCount(page)).toBe('1–26 of 26');
    expect(await page.locator('table.deals caption').textContent()).toMatch(/^Open deals: /);
    expect(await dealIds(page)).toEqual(openDeals.map(([id]) => id));
    const owners = await dealOwners(page);
    expect(owners).toHaveLength(26);
    expect(owners.every((owner) => (me.reps as string[]).includes(owner))).toBe(true);
    const amounts = await page.evaluate<string[]>(
      `[...document.querySelectorAll('table.deals tbody tr')].map((row) => row.cells[5].textContent)`,
    );
    expect(amounts).toEqual(openDeals.map(([, , shown]) => shown));
    // Each deal's forecast category as the report titles it, not the stage model's id (best_case).
    const categoryTitles: Record<string, string> = {
      pipeline: 'Pipeline',
      best_case: 'Best case',
      commit: 'Commit',
    };
    const categories = await page.evaluate<string[]>(
      `[...document.querySelectorAll('table.deals tbody tr')].map((row) => row.cells[4].textContent)`,
    );
    expect(new Set(deals.items.map((deal) => deal.forecastCategory))).toEqual(
      new Set(['pipeline', 'best_case', 'commit']),
    );
    expect(categories).toEqual(deals.items.map((deal) => categoryTitles[deal.forecastCategory ?? '']));
    await screenshot(page, 'deals-open-manager');
    // The owner picker names the team's reps (GET /api/reps).
    await page.getByLabel('Owner').selectOption('REP-0011');
    await expect
      .poll(() => page.getByLabel('Owner').locator('option:checked').textContent())
      .toBe('Samir Chen (REP-0011)');
    await page.getByRole('button', { name: 'Filter' }).click();
    // REP-0011's open deals in the demo (test/server/api.test.ts checks them against its database).
    await expect
      .poll(() => dealIds(page))
      .toEqual([
        'OPP-0001194',
        'OPP-0001189',
        'OPP-0001188',
        'OPP-0001185',
        'OPP-0001142',
        'OPP-0001129',
        'OPP-0001100',
      ]);
    await expect
      .poll(() => page.locator('table.deals caption').textContent())
      .toMatch(/^Open deals of Samir Chen: /);
    expect(new URL(page.url()).search).toBe('?owner=REP-0011');
    // Another state, and another order: the API's won deals of the rep, largest first.
    await page.getByLabel('State').selectOption('won');
    await page.getByLabel('Sort').selectOption('-amount');
    await page.getByRole('button', { name: 'Filter' }).click();
    const won = (
      await api.call<DealPage>(
        'manager',
        '/api/opportunities?owner=REP-0011&state=won&sort=-amount&pageSize=50',
      )
    ).body;
    expect(won.total).toBe(68);
    await expect.poll(() => dealCount(page)).toBe('1–50 of 68');
    expect(await dealIds(page)).toEqual(won.items.map((deal) => deal.id));
    expect(new Set(await dealOwners(page))).toEqual(new Set(['REP-0011']));
    await screenshot(page, 'deals-manager');

    // A statement of a rep of the team.
    await open(page, 'Compensation');
    await page.getByLabel('Payee').selectOption('REP-0011');
    await expect
      .poll(() => page.getByLabel('Payee').locator('option:checked').textContent())
      .toBe('Samir Chen (REP-0011)');
    // The pay period offered is the one stored run's, chosen without typing.
    expect(await page.getByLabel('Pay period').locator('option').allTextContents()).toEqual([COMP_PERIOD]);
    await page.getByRole('button', { name: 'Show statement' }).click();
    const statement = (
      await api.call<Statement>('manager', `/api/comp/statements/REP-0011?period=${COMP_PERIOD}`)
    ).body;
    const statementFigures = new Map(await figures(page, 'Statement figures'));
    expect(statementFigures.get('Payee')).toBe(statement.payee.name);
    // Pay keeps its cents: 926,737 cents.
    expect(statement.statement).toMatchObject({ currency: 'USD', total: 926_737 });
    expect(statementFigures.get('Total')).toBe('$9,267.37');
    expect(await tableRows(page, 'Statement lines')).toHaveLength(statement.statement.lines.length);
    // A line's trace as `salesops comp statement` prints it: its deals space-separated, not a JSON array.
    const tracedDeals = statement.statement.lines[0]!.trace.deals;
    expect(tracedDeals.length).toBeGreaterThan(1);
    await page.locator('details summary', { hasText: 'Trace' }).first().click();
    expect(await page.locator('details pre').first().textContent()).toContain(
      `deals: ${tracedDeals.join(' ')}\n`,
    );
    // The manager's own statement: measures without quota say so, as the CLI's statement does, not "$0.00".
    await page.getByLabel('Payee').selectOption('REP-0019');
    await page.getByRole('button', { name: 'Show statement' }).click();
    const own = (
      await api.call<{ statement: { attainment: unknown[] } }>(
        'manager',
        `/api/comp/statements/REP-0019?period=${COMP_PERIOD}`,
      )
    ).body;
    expect(own.statement.attainment).toEqual([
      { measure: 'bookings', metric: 'bookings', volume: 0, quota: 0 },
      { measure: 'renewals', metric: 'renewals', volume: 0, quota: 0 },
    ]);
    await expect
      .poll(() => tableRows(page, 'Volume against quota'))
      .toEqual([
        ['bookings', 'bookings', '$0.00', 'no quota', 'n/a'],
        ['renewals', 'renewals', '$0.00', 'no quota', 'n/a'],
      ]);
    // The plan's attainment is volume over quota per measure, named so (the overview's is closed over quota).
    expect(await page.locator('th', { hasText: /^Attainment$/ }).count()).toBe(0);
    await screenshot(page, 'compensation-manager');

    // Signing out forgets the token: a reload of a section asks to sign in again.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByText('You have signed out.').waitFor();
    expect(await page.evaluate(`sessionStorage.getItem('salesops.token')`)).toBeNull();
    await page.goto(`${api.server().url}/deals`);
    await page.getByLabel('API token').waitFor();
    await page.close();
  });

  it('says under a figure what it left out, in the words of the CLI, as the API answers', async () => {
    const answer = await metrics('manager', `metric=${HEADLINE.join(',')}`);
    // The team's one open deal at $0 closing in the quarter: not pipeline, and said under each figure that reads
    // the open pipeline (and under the split by stage).
    expect(answer.leftOut).toMatchObject({
      deals: 1,
      amount: 0,
      metrics: ['pipeline_value', 'open_deals', 'weighted_pipeline', 'pipeline_coverage'],
    });
    const pipelineNote =
      'Left out: 1 open deal closing in FY2027-Q4 with a zero, negative or missing amount ($0 in all), a data error, not pipeline';
    // The one credit (CREDIT, of a rep of the team, won in the quarter): not a sale, so left out of the win rate,
    // the average deal and the sales cycle, and said under them; closed won nets it, and says nothing.
    expect(answer.creditsLeftOut).toMatchObject({
      deals: 1,
      amount: -2400,
      ids: [CREDIT.id],
      metrics: ['win_rate', 'avg_deal_size', 'sales_cycle_days'],
    });
    const creditNote =
      'Left out: 1 deal won in FY2027-Q4 at a zero or negative amount (-$2,400 in all: OPP-0001201), a credit or correction, not a sale';
    const page = await signIn(api.tokens().manager);
    expect(await leftOutNotes(page, 'Key figures')).toEqual([
      ['Pipeline', [pipelineNote]],
      ['Open deals', [pipelineNote]],
      ['Weighted (stage probabilities)', [pipelineNote]],
      ['Win rate', [creditNote]],
      ['Average deal', [creditNote]],
      ['Sales cycle', [creditNote]],
      ['Closed won', []],
      ['Quota', []],
      ['Attainment', []],
      ['Coverage', [pipelineNote]],
    ]);
    await page.locator('caption', { hasText: 'Open deals closing in the period, by stage' }).waitFor();
    // Under the split by rep too, which shows the win rate.
    await page.locator('caption', { hasText: "Each rep's figures for the period" }).waitFor();
    expect(await page.locator('p.left-out').allTextContents()).toEqual([
      pipelineNote,
      pipelineNote,
      creditNote,
    ]);
    await screenshot(page, 'overview-left-out');
    await page.close();
  });

  it('says a refused period once for the page, from one call, with its field, message, fix and a way out', async () => {
    const page = await signIn(api.tokens().manager);
    await page.getByLabel('Signed in as').waitFor();
    // The calls for the page's figures of a period, the refused one or the default (GET /api/me signs in again
    // on each load; the overview of the sign-in may still be loading).
    const calls: string[] = [];
    page.on('request', (request) => {
      const { pathname, searchParams } = new URL(request.url());
      if (pathname.startsWith('/api/') && pathname !== '/api/me') {
        calls.push(`${pathname} ${searchParams.get('period') ?? 'default'}`);
      }
    });
    await page.goto(`${api.server().url}/?period=FY2099-Q9`);
    const alert = page.getByRole('alert');
    await expect.poll(() => alert.locator('h3').textContent()).toBe('The fiscal period was refused');
    const refused = await api.call<{ error: { problems: { where: string; fix: string }[] } }>(
      'manager',
      '/api/metrics?metric=pipeline_value&period=FY2099-Q9',
    );
    expect(refused.status).toBe(400);
    const problem = refused.body.error.problems[0]!;
    expect(await alert.locator('.problem-where').first().textContent()).toBe(problem.where);
    expect(await alert.locator('.problem-fix').first().textContent()).toBe(`Fix: ${problem.fix}`);
    // Each on a line of its own: the fix starts below the field.
    const where = (await alert.locator('.problem-where').first().boundingBox())!;
    const fix = (await alert.locator('.problem-fix').first().boundingBox())!;
    expect(fix.y).toBeGreaterThanOrEqual(where.y + where.height);
    // Once, for the page: the sections that share the period say nothing more (and are not shown).
    await page.waitForLoadState('networkidle');
    expect(await page.getByRole('alert').count()).toBe(1);
    expect(await page.getByText('Open pipeline by stage').count()).toBe(0);
    // One call: the splits by stage and rep wait for the headline's answer to check the period.
    expect(calls.filter((call) => call.endsWith('FY2099-Q9'))).toEqual(['/api/metrics FY2099-Q9']);
    await screenshot(page, 'overview-refused-period');
    calls.length = 0;
    // The way out: the server's default period, the splits asked for the period it answered, once it has.
    await page.getByRole('button', { name: 'Show the current quarter' }).click();
    await expectFigures(page, 'manager', MANAGER_FIGURES);
    expect(new URL(page.url()).search).toBe('');
    await page.getByText('Open pipeline by stage').waitFor();
    await page.waitForLoadState('networkidle');
    const current = await metrics('manager', 'metric=pipeline_value');
    expect(calls).toEqual([
      '/api/metrics default',
      `/api/metrics ${current.period}`,
      `/api/metrics ${current.period}`,
    ]);

    // The forecast's refused period: one call, said as such.
    calls.length = 0;
    await page.goto(`${api.server().url}/forecast?period=FY2099-Q9`);
    await expect.poll(() => alert.locator('h3').textContent()).toBe('The fiscal period was refused');
    await page.waitForLoadState('networkidle');
    expect(await page.getByRole('alert').count()).toBe(1);
    expect(calls).toEqual(['/api/forecast FY2099-Q9']);
    await screenshot(page, 'forecast-refused-period');
    await page.close();
  });

  it("shows a rep their own figures and deals, and no colleague's", async () => {
    const page = await signIn(api.tokens().rep, 'keyboard');
    const who = page.locator('.who .role');
    await expect.poll(() => who.textContent()).toBe('rep · REP-0011 · own deals');
    await expectFigures(page, 'rep', REP_FIGURES);
    expect(await page.getByText('By rep').count()).toBe(0);

    // Every state, to page through all their deals.
    await page.goto(`${api.server().url}/deals?pageSize=200&state=all`);
    const all = (await api.call<DealPage>('rep', '/api/opportunities?pageSize=500')).body;
    expect(all.items.every((deal) => deal.owner === 'REP-0011')).toBe(true);
    // REP-0011's 249 deals, 200 a page.
    expect(all.total).toBe(249);
    await expect.poll(() => dealCount(page)).toBe('1–200 of 249');
    expect(await page.getByLabel('Owner').count()).toBe(0);
    const seen = await dealOwners(page);
    await page.getByRole('button', { name: 'Next' }).click();
    await expect.poll(() => dealCount(page)).toBe('201–249 of 249');
    seen.push(...(await dealOwners(page)));
    expect(seen).toHaveLength(all.total);
    expect(new Set(seen)).toEqual(new Set(['REP-0011']));
    await screenshot(page, 'deals-rep');

    // Their own statement only: the payee is fixed to themself; the period, the latest stored run's, untyped.
    await page.goto(`${api.server().url}/compensation`);
    await expect.poll(() => page.getByLabel('Pay period').inputValue()).toBe(COMP_PERIOD);
    expect(await page.getByLabel('Payee').inputValue()).toBe('REP-0011');
    const statement = (
      await api.call<Statement>('rep', `/api/comp/statements/REP-0011?period=${COMP_PERIOD}`)
    ).body;
    expect(statement.statement).toMatchObject({ currency: 'USD', total: 926_737 });
    expect(new Map(await figures(page, 'Statement figures')).get('Total')).toBe('$9,267.37');
    await screenshot(page, 'compensation-rep');
    await page.close();
  });

  it("lets a manager adjust a team rep's forecast as the API stores it, and shows it to the rep", async () => {
    const note = 'PO expected before the 15th';
    const page = await signIn(api.tokens().manager);
    await open(page, 'Forecast');
    const form = page.getByRole('form', { name: 'Adjust a forecast' });
    await form.getByLabel('Rep', { exact: true }).selectOption('REP-0011');
    await expect
      .poll(() => form.getByLabel('Rep', { exact: true }).locator('option:checked').textContent())
      .toBe('Samir Chen (REP-0011)');
    await form.getByLabel('Category').selectOption('commit');
    // The amount replaces the rep's figure: the label says so, with the figure it replaces (the commit model's).
    const commit = (await api.call<Forecast>('manager', '/api/forecast?model=commit&by=owner')).body;
    // Samir Chen's commit is what he has closed, 675,600 cents.
    expect(commit.byGroup.rows.find((row) => row.id === 'REP-0011')!.forecast).toBe(675_600);
    const amount = form.locator('label', { hasText: /^New / });
    await expect.poll(() => amount.textContent()).toBe('New Commit for Samir Chen (USD) (now $6,756)');
    // A rep of the team with no deal in the period (the manager, REP-0019): the commit model has no row for
    // them, and their figure is $0.
    expect(commit.byGroup.rows.map((row) => row.id)).not.toContain('REP-0019');
    await form.getByLabel('Rep', { exact: true }).selectOption('REP-0019');
    await expect.poll(() => amount.textContent()).toBe('New Commit for Ananya Perez (USD) (now $0)');
    await form.getByLabel('Rep', { exact: true }).selectOption('REP-0011');
    // No model reports Pipeline by rep, nor does any other answer of the API: the form says so, and what the
    // figure replaces.
    await form.getByLabel('Category').selectOption('pipeline');
    await expect
      .poll(() => amount.textContent())
      .toBe('New Pipeline for Samir Chen (USD) (now: not reported by rep)');
    expect(await form.locator('p.hint').textContent()).toBe(
      'The API reports no rep’s current Pipeline figure (no forecast model splits Pipeline by rep). The new figure replaces the rep’s Closed + Commit + Best case + Pipeline for the period.',
    );
    await screenshot(page, 'forecast-adjust-pipeline');
    await form.getByLabel('Category').selectOption('commit');
    expect(await form.locator('p.hint').count()).toBe(0);
    await form.getByLabel(/^New Commit for Samir Chen/).fill('12345.67');
    await form.getByLabel('Note').fill(note);
    await form.getByRole('button', { name: 'Save adjustment' }).click();
    const saved = page.getByRole('status').filter({ hasText: 'Saved' });
    await expect
      .poll(() => saved.textContent())
      .toMatch(/^Saved: Samir Chen \(REP-0011\) Commit \$12,345\.67 \(revision \d+\)\.$/);
    const stored = (await api.call<Adjustments>('manager', '/api/forecast/adjustments')).body;
    const adjustment = {
      layer: 'manager',
      by: 'REP-0019',
      rep: 'REP-0011',
      category: 'commit',
      amount: 1234567,
      note,
      madeBy: 'manager',
    };
    expect(stored.adjustments).toContainEqual(expect.objectContaining(adjustment));
    const row = [
      'Samir Chen (REP-0011)',
      // The manager named as reps are, for the rep too (their scope's reps are themself only).
      'manager: Ananya Perez (REP-0019)',
      'Commit',
      '$12,345.67',
      note,
      '2026-11-27 by manager',
    ];
    await expect.poll(() => tableRows(page, 'Adjustments of')).toContainEqual(row);
    await screenshot(page, 'forecast-adjusted-manager');

    // Someone else saves one in between: the form's save is refused (409), said as such, and the table and the
    // sentence on what the model leaves out show the other save.
    const hint = page.locator('p.hint', { hasText: 'The chosen model leaves' });
    await expect.poll(() => hint.textContent()).toMatch(/leaves one adjustment/);
    const current = (
      await api.call<{ period: string; revision: number }>('manager', '/api/forecast/adjustments')
    ).body;
    const other = await api.call('manager', '/api/forecast/adjustments', {
      method: 'POST',
      body: {
        rep: 'REP-0011',
        category: 'best_case',
        // At least the commit saved above: best case may not fall below commit.
        amount: '50000',
        note: 'from another tab',
        period: current.period,
        revision: current.revision,
      },
    });
    expect(other.status).toBe(201);
    await form.getByLabel('Category').selectOption('pipeline');
    // Above any best case: the save is refused for its revision only.
    await form.getByLabel(/^New Pipeline/).fill('10000000');
    await form.getByLabel('Note').fill('stale page');
    await form.getByRole('button', { name: 'Save adjustment' }).click();
    const conflict = page.getByRole('alert');
    await expect
      .poll(() => conflict.locator('h3').textContent())
      .toBe('Someone saved an adjustment since you loaded this page');
    await expect
      .poll(() => tableRows(page, 'Adjustments of'))
      .toContainEqual(expect.arrayContaining(['Best case', '$50,000.00', 'from another tab']));
    await expect.poll(() => hint.textContent()).toMatch(/leaves 2 adjustments/);
    await screenshot(page, 'forecast-adjustment-conflict');
    await page.close();

    // The rep sees the adjustment of their forecast, and no form: reps may not adjust.
    const rep = await signIn(api.tokens().rep);
    await open(rep, 'Forecast');
    await expect.poll(() => tableRows(rep, 'Adjustments of')).toContainEqual(row);
    expect(await rep.getByRole('form', { name: 'Adjust a forecast' }).count()).toBe(0);
    await rep.close();
  });

  it('marks the open deals whose close date is before the as-of day overdue, beside the date', async () => {
    const revops = await signIn(api.tokens().revops);
    await open(revops, 'Deals');
    await expect.poll(() => dealCount(revops)).toBe('1–50 of 51');
    // The company's open deals closing before 2026-11-27 (checked in the demo's database), then the next.
    const closeCells = await revops.evaluate<string[]>(
      `[...document.querySelectorAll('table.deals tbody tr')].slice(0, 5).map((row) => row.cells[7].textContent)`,
    );
    expect(closeCells).toEqual([
      '2026-10-10 overdue',
      '2026-11-21 overdue',
      '2026-11-22 overdue',
      '2026-11-28',
      '2026-11-29',
    ]);
    expect((await dealIds(revops)).slice(0, 3)).toEqual(['OPP-0001011', 'OPP-0001116', 'OPP-0001163']);
    await screenshot(revops, 'deals-overdue-revops');
    await revops.close();
  });

  it('says "not in your role" for a section the API refuses, and signs out a revoked token', async () => {
    const revops = await signIn(api.tokens().revops);
    await revops.getByLabel('Signed in as').waitFor();
    expect(await revops.getByRole('link', { name: 'Compensation' }).count()).toBe(0);
    // Typed in the address bar: said at once, with no call the server would refuse.
    const compCalls: string[] = [];
    revops.on('request', (request) => {
      if (new URL(request.url()).pathname.startsWith('/api/comp')) compCalls.push(request.url());
    });
    await revops.goto(`${api.server().url}/compensation?payee=REP-0011&payPeriod=${COMP_PERIOD}`);
    const refusal = revops.getByRole('alert');
    await expect.poll(() => refusal.locator('h3').textContent()).toBe('Not available to your role');
    expect(await revops.getByRole('form', { name: 'Statement' }).count()).toBe(0);
    expect(compCalls).toEqual([]);
    // The server refuses it too.
    const refused = await api.call('revops', `/api/comp/statements/REP-0011?period=${COMP_PERIOD}`);
    expect(refused.status).toBe(403);
    await screenshot(revops, 'compensation-revops');
    await revops.close();

    const leaver = await signIn(api.tokens().leaver);
    await leaver.getByLabel('Signed in as').waitFor();
    // The overview's calls answered (its split by stage is asked after its key figures), so that the revoked
    // token is refused on the click below rather than on one of them.
    await leaver
      .getByText(/^(Open deals closing in the period, by stage|No open deals close in this period\.)$/)
      .waitFor();
    const revoked = await api.cli('users', 'revoke', 'leaver');
    expect(revoked.code, revoked.stderr).toBe(0);
    await leaver.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Deals' }).click();
    await expect
      .poll(() => leaver.getByRole('alert').textContent())
      .toBe('The server refused the token: the token is unknown or revoked. Sign in with a current token.');
    expect(await leaver.getByLabel('API token').isVisible()).toBe(true);
    await leaver.close();
  });

  it('lists the API users to an admin, and shows the server refusing the list to any other role', async () => {
    const admin = await signIn(api.tokens().admin);
    await open(admin, 'Users');
    const users = (
      await api.call<
        {
          login: string;
          role: string;
          rep: string | null;
          createdOn: string;
          createdBy: string;
          revokedOn: string | null;
          expiresOn: string | null;
        }[]
      >('admin', '/api/users')
    ).body;
    const reps = (await api.call<{ id: string; name: string }[]>('admin', '/api/reps')).body;
    const repName = (id: string) => `${reps.find((rep) => rep.id === id)!.name} (${id})`;
    await expect
      .poll(() => tableRows(admin, 'API users'))
      .toEqual(
        users.map((user) => [
          user.login,
          user.role,
          user.rep === null ? '—' : repName(user.rep),
          `${user.createdOn} by ${user.createdBy}`,
          user.revokedOn === null
            ? user.expiresOn === null
              ? 'does not expire'
              : `refused from ${user.expiresOn}`
            : `revoked on ${user.revokedOn}`,
          user.revokedOn !== null
            ? '—'
            : user.login === 'admin'
              ? 'you: only another admin can revoke you'
              : 'Revoke',
        ]),
      );
    expect(users.map((user) => user.login)).toEqual(expect.arrayContaining(['admin', 'manager', 'rep']));
    await screenshot(admin, 'users-admin');
    await admin.close();

    // Another role: no link to it, and the address typed asks the server, whose 403 the page shows.
    const manager = await signIn(api.tokens().manager);
    await manager.getByLabel('Signed in as').waitFor();
    expect(
      await manager.getByRole('navigation', { name: 'Sections' }).getByRole('link').allTextContents(),
    ).toEqual(['Overview', 'Forecast', 'Deals', 'Compensation']);
    const answers: number[] = [];
    manager.on('response', (response) => {
      if (new URL(response.url()).pathname === '/api/users') answers.push(response.status());
    });
    await manager.goto(`${api.server().url}/users`);
    const refusal = manager.getByRole('alert');
    await expect.poll(() => refusal.locator('h3').textContent()).toBe('Not in your role');
    const refused = await api.call<{ error: { message: string; problems: { fix: string }[] } }>(
      'manager',
      '/api/users',
    );
    expect(refused.status).toBe(403);
    expect(answers).toEqual([403]);
    expect(await refusal.locator('p').first().textContent()).toBe(refused.body.error.message);
    expect(await refusal.locator('.problem-fix').textContent()).toBe(
      `Fix: ${refused.body.error.problems[0]!.fix}`,
    );
    expect(await manager.locator('table').count()).toBe(0);
    await screenshot(manager, 'users-manager-refused');
    await manager.close();
  });

  it('adds a user from the Users page, shows their token once, and revokes them after a confirmation', async () => {
    const admin = await signIn(api.tokens().admin);
    await open(admin, 'Users');
    const form = admin.getByRole('form', { name: 'Add a user' });
    await form.getByLabel('Login').fill('web-kim');
    await form.getByLabel('Role').selectOption('manager');
    await form.getByLabel('Rep they are').selectOption('REP-0019');
    expect(await form.getByLabel('Expires after').inputValue()).toBe('90d');
    await form.getByRole('button', { name: 'Add user' }).click();
    const shown = admin.getByRole('status', { name: 'New token' });
    await shown.waitFor();
    const token = await shown.getByLabel('Token').inputValue();
    expect(token).toMatch(/^so_[\w-]{43}$/);
    expect(await shown.locator('h3').textContent()).toBe('Added web-kim: manager, Ananya Perez (REP-0019)');
    expect(await shown.locator('.warning').textContent()).toContain('It will not be shown again');
    // REP-0019 manages a team and is employed: nothing to warn of.
    expect(await shown.getByRole('list', { name: 'Warnings' }).count()).toBe(0);
    // The token is the new manager's, and the list never holds it.
    const me = await fetch(`${api.server().url}/api/me`, { headers: { authorization: `Bearer ${token}` } });
    expect(await me.json()).toMatchObject({ login: 'web-kim', role: 'manager', rep: 'REP-0019' });
    const row = (state: string, action: string) => [
      'web-kim',
      'manager',
      'Ananya Perez (REP-0019)',
      '2026-11-27 by admin',
      state,
      action,
    ];
    // 90 days after 2026-11-27.
    await expect
      .poll(() => tableRows(admin, 'API users'))
      .toContainEqual(row('refused from 2027-02-25', 'Revoke'));
    await screenshot(admin, 'users-added-token');
    await shown.getByRole('button', { name: /hide the token/ }).click();
    expect(await admin.content()).not.toContain(token);
    await admin.reload();
    await admin.locator('caption', { hasText: 'API users' }).waitFor();
    expect(await admin.content()).not.toContain(token);

    // Revoke asks first; Cancel leaves the user be.
    await admin.getByRole('button', { name: 'Revoke web-kim' }).click();
    await admin.getByRole('button', { name: 'Cancel' }).click();
    expect(await admin.getByRole('button', { name: 'Yes, revoke' }).count()).toBe(0);
    await admin.getByRole('button', { name: 'Revoke web-kim' }).click();
    await admin.getByRole('button', { name: 'Yes, revoke' }).click();
    await expect
      .poll(() => admin.getByRole('status').filter({ hasText: 'Revoked' }).textContent())
      .toBe('Revoked web-kim: their token is refused from the next request on.');
    await expect.poll(() => tableRows(admin, 'API users')).toContainEqual(row('revoked on 2026-11-27', '—'));
    const after = await fetch(`${api.server().url}/api/me`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(after.status).toBe(401);
    await screenshot(admin, 'users-revoked');
    await admin.close();
  });

  it('lists under a new token what the server warns of, and adds the user all the same', async () => {
    const admin = await signIn(api.tokens().admin);
    await open(admin, 'Users');
    const form = admin.getByRole('form', { name: 'Add a user' });
    await form.getByLabel('Login').fill('web-samir');
    await form.getByLabel('Role').selectOption('manager');
    // REP-0011, an ISR of REP-0019's team, manages nobody: as a manager they would see their own deals only.
    await form.getByLabel('Rep they are').selectOption('REP-0011');
    await form.getByRole('button', { name: 'Add user' }).click();
    const shown = admin.getByRole('status', { name: 'New token' });
    await shown.waitFor();
    expect(await shown.locator('h3').textContent()).toBe('Added web-samir: manager, Samir Chen (REP-0011)');
    expect(
      await shown.getByRole('list', { name: 'Warnings' }).getByRole('listitem').allTextContents(),
    ).toEqual(['REP-0011 has no reports: as a manager they see their own data only; did you mean role=rep?']);
    expect(await shown.textContent()).toContain(
      'Check before you hand it over (the user is added all the same):',
    );
    const token = await shown.getByLabel('Token').inputValue();
    const me = await fetch(`${api.server().url}/api/me`, { headers: { authorization: `Bearer ${token}` } });
    expect(await me.json()).toMatchObject({ login: 'web-samir', role: 'manager', rep: 'REP-0011' });
    await screenshot(admin, 'users-added-warning');
    await admin.close();
  });

  it('fetched nothing from another origin and logged no error', () => {
    expect(elsewhere).toEqual([]);
    expect(problems).toEqual([]);
  });
});
